"""Stage 1, tag: the spans of a sentence -- metric mentions (the lexicon's Terms), timepoints, values (percent, time,
hazard ratio, "no deaths", "all patients", counts, fractions), CIs and ranges, and the cheap gate that lets a sentence
through only when a metric word and something a value can be read from are there.

Thresholds, SDs, CI levels and range ends are recognised here and never become values.
"""
from __future__ import annotations

import re
from typing import Callable, Iterator

from nettool.extract import lexicon
from nettool.extract.numbers import (
    p_value_of,
    BOUND, DASH, FRACTION, NS, NUM, NUMBER_WORDS, P_VALUE, RANGE_SEP, WORD_NUM, bound_of, fraction_value,
    number_value, parse_num,
)
from nettool.extract.patterns import trie_alternation
from nettool.extract.rules import Rule, cased
from nettool.extract.spans import Mention, TP, Value, inside_any, overlaps

# ---------------------------------------------------------------------------------------------------------------
# compiled vocabulary
_TERM_KIND: dict[str, str] = {}


_TERM_ID: dict[str, str] = {}


_parts = []


for _i, (_id, _kind, _pat, _ex) in enumerate(lexicon.TERMS):  # order matters: specific terms come first
    _TERM_KIND[f"t{_i}"] = _kind
    _TERM_ID[f"t{_i}"] = _id
    _parts.append(f"(?P<t{_i}>{_pat})")


TERM_RE = Rule("tag.term_re", "|".join(_parts), flags=re.IGNORECASE,
    examples=['overall survival was 40 months', ('Median OS was 20 months', 'OS')],
    not_examples=['the weather was fine'],
    note="the whole vocabulary as one alternation of named groups t0, t1, ... (first term wins); its source is MENTION_RE's body",
)


_CUE = "|".join(
    [trie_alternation([w[0].upper() + w[1:] for w in lexicon.CUE_STEMS] + list(lexicon.CUE_STEMS)
                      + list(lexicon.CUE_ABBREVIATIONS))] + list(lexicon.CUE_PATTERNS))


# the vocabulary, tried only at a word boundary where a cue starts (one scan in C, no Python loop over cue hits);
# every cue starts with a word character or "/", and testing that first skips the boundaries at word ends
MENTION_RE = Rule("tag.mention_re", rf"\b(?=[\w/])(?=(?-i:{_CUE}))(?:{TERM_RE.pattern})", flags=re.IGNORECASE,
    examples=[('median overall survival was 40 months', 'overall survival'), ('the 5-year PFS', 'PFS')],
    not_examples=['the weather was fine'],
    note="the vocabulary tried only at a word boundary where one of the terms' cues starts",
)


# the lexicon's symptom rules themselves (each compiles on first use)
SYMPTOM_RE = [(r, r.name) for r in lexicon.SYMPTOM_RULES]


_D = f"[{DASH}]"


_UNIT_WORD = r"(?:years?|yrs?|months?|mos?|weeks?|wks?|days?)"


_TP_NUM = rf"(?:\d+(?:\.\d+)?|{WORD_NUM})"


# "5-year", "five-year", "10-yr", "30-day", "1-, 3- and 5-year", "5- and 10-year"
TP_ADJ = Rule(
    "tag.tp_adj", rf"(?<![\w.])(?=[\dotfsen])(?:{_TP_NUM})(?:{_D}|\s+)?(?:,\s*{_TP_NUM}{_D}?)*(?:,?\s*(?:and|or|&)\s*{_TP_NUM}{_D}?)?\s*{_D}?\s*"
    rf"(?P<u>year|yr|month|mo|week|day)(?:s(?=\s+(?-i:(?:PFS|OS|DFS|RFS|DSS|CSS)\b)|\s+(?:overall|progression|disease|recurrence|relapse|survival)))?"
    rf"(?![\w])(?!\s+(?:old|of\s+age|later|earlier|ago|after|before|period|history))",
    flags=re.IGNORECASE,
    examples=[('5-year overall survival', '5-year'), ('1-, 3- and 5-year rates', '1-, 3- and 5-year'), ('thirty-day mortality', 'thirty-day')],
    not_examples=['a 10 year history of pain', 'followed for 5 years later'],
    note="an adjectival timepoint or list of them ('5-year', '1-, 3- and 5-year'); not '5 years later' or 'a 10 year history'. "
         "Quirk kept: the '65-year' of '65-year-old' matches (the look-ahead only stops 'old' after a space)",
)


TP_NUM_IN = Rule("tag.tp_num_in", _TP_NUM, flags=re.IGNORECASE,
    examples=[('1-, 3- and 5-year', '1'), ('five-year', 'five')],
    not_examples=['abc xyz'],
    note="the numbers inside a matched timepoint (read within TP_ADJ's or TP_PREP's span)",
)


# "at 5 years", "within 90 days", "by 3 years"
# "at 5 years", "within 90 days", "at 1, 3 and 5 years"
TP_PREP = Rule(
    "tag.tp_prep", rf"\b(?:at|within|by|after)\s+(?P<n>{_TP_NUM}(?:\s*,\s*{_TP_NUM})*(?:\s*,?\s*(?:and|or|&)\s*{_TP_NUM})?)\s*"
    rf"(?P<u>years?|months?|days?|weeks?)\b",
    flags=re.IGNORECASE,
    examples=[('OS at 5 years was', {'n': '5', 'u': 'years'}), ('at 1, 3 and 5 years', {'n': '1, 3 and 5'}), ('within 90 days', {'n': '90'})],
    not_examples=['for 5 years'],
    note="a timepoint after a preposition: 'at 5 years', 'within 90 days', 'at 1, 3 and 5 years'",
)


# "at day 90", "by day 28": a day count as a timepoint
TP_DAY = Rule("tag.tp_day", r"\b(?:at|on|by|until|through|to)\s+day\s+(?P<n>\d{1,3})\b", flags=re.IGNORECASE,
    examples=[('mortality at day 90', {'n': '90'})],
    not_examples=['on the day of surgery'],
    note="a day count as a timepoint: 'at day 90', 'by day 28'",
)


PERCENT = Rule("tag.percent", rf"(?P<n>{NUM})\s*(?:%|\s?per\s?cent\b|\s?percent\b)", flags=re.IGNORECASE,
    examples=[('78% of patients', '78%'), ('in 12 percent', '12 percent'), ('5 per cent', '5 per cent')],
    not_examples=['78 patients'],
    note="a percent value ('%', 'percent', 'per cent')",
)


TIME = Rule(
    "tag.time", rf"(?P<n>{NUM})(?:\s*|{_D})(?P<u>years?|yrs?|months?|mo\b|mos\b|weeks?|wks?|days?)\b", flags=re.IGNORECASE,
    examples=[('OS was 11.5 years', {'n': '11.5', 'u': 'years'}), ('134 months', '134 months'), ('a 6-week course', '6-week')],
    not_examples=['12 mg daily'],
    note='a time value: a numeral with a unit of years, months, weeks or days',
)


BOUND_BEFORE = Rule("tag.bound_before", rf"(?P<b>{BOUND})\s*$", flags=re.IGNORECASE,
    examples=[('survival of more than ', 'more than '), ('rate ≥ ', '≥ ')],
    not_examples=['survival of '],
    note='a bound word right before a value (searched in the 24 characters before it)',
)


def _bounded(s: str, m: re.Match[str]) -> tuple[int, str]:
    """The start of a value with its bound word, and the bound: '≥ 97%', 'more than 90%'."""
    a = m.start("n")
    bm = BOUND_BEFORE.search(s, max(0, a - 24), a)
    if bm and (bm.start() == 0 or not s[bm.start() - 1].isalnum() or not bm.group("b")[0].isalpha()):
        return bm.start(), bound_of(bm.group("b"))
    return a, "="


HR = Rule(
    "tag.hr", rf"\b(?:(?:adjusted|pooled|overall|summary|multivariable|multivariate)\s+)?(?:hazard\s+ratios?|(?-i:a?HRs?))"
    rf"(?:\s*[(\[](?-i:a?HR)[)\]])?(?:\s+(?:for|of)\s+(?:death|mortality|survival|recurrence|progression|os|dss|pfs|dfs|rfs)\b)?"
    rf"\s*(?:[:=,]|was|of|is)?\s*(?P<n>{NUM})(?!\s*%)",
    flags=re.IGNORECASE,
    examples=[('HR 0.45', {'n': '0.45'}), ('pooled hazard ratio of 1.72', {'n': '1.72'}), ('HR for death 0.6', {'n': '0.6'})],
    not_examples=['hazard of death'],
    note="a hazard ratio value with its optional qualifier and endpoint. Quirk kept: in 'HR 45%' the numeral backtracks "
         "and 'HR 4' matches (the (?!\\s*%) guard only looks after the shortened numeral)",
)


CI = Rule(
    "tag.ci", rf"(?:(?:9[0590]|80|99)(?:\.\d)?\s*%|95\s+per\s?cent)\s*(?:CI|confidence\s+intervals?|C\.I\.)(?:\s*[\[(]CI[\])])?\s*(?:[:,=]|was|of)?\s*"
    rf"\[?\(?\s*(?P<lo>[{DASH}+]?{NUM})\s*(?:%|{_UNIT_WORD}\b)?{RANGE_SEP.replace('to)', 'to|,|and)')}(?P<hi>[{DASH}+]?{NUM})\s*(?:%|{_UNIT_WORD}\b)?"
    rf"|(?:CI|confidence\s+interval)\s*(?:95\s*%)?\s*[:,]?\s*(?P<lo2>{NUM})\s*%?{RANGE_SEP}(?P<hi2>{NUM})\s*%?",
    flags=re.IGNORECASE,
    examples=[('(95% CI, 98-170)', {'lo': '98', 'hi': '170'}), ('95% CI 0.28 to 0.72', {'lo': '0.28', 'hi': '0.72'}), ('CI 95%: 1.2-3.4', {'lo2': '1.2', 'hi2': '3.4'})],
    not_examples=['95% of patients'],
    note='a 95% confidence interval attached to the value before it',
)


RANGE = Rule(
    "tag.range", rf"(?:\b(?P<k>range|IQR|interquartile\s+range|ranging\s+(?:from|between))\b\s*(?:[:,=]|of|was)?\s*(?P<lo>{NUM})\s*{_UNIT_WORD}?(?:{RANGE_SEP}|\s+and\s+)"
    rf"(?P<hi>{NUM}))",
    flags=re.IGNORECASE,
    examples=[('(range, 0.5-17)', {'k': 'range', 'lo': '0.5', 'hi': '17'}), ('IQR 2.3–6.8', {'k': 'IQR', 'lo': '2.3', 'hi': '6.8'}), ('ranging from 3 to 12', {'lo': '3', 'hi': '12'})],
    not_examples=['range of motion'],
    note='a range or interquartile range attached to the value before it',
)


# "41 of 58", "43/49", "26 of 32 symptomatic patients"
_GRADE_BEFORE = Rule("tag.grade_before", r"\b(?:grades?|stages?|class|type|NYHA|WHO)\s*$", flags=re.IGNORECASE,
                     examples=["grade ", "WHO "], not_examples=["in 3/4"],
                     note="a grade or class label right before 'N/M': 'grade 3/4' is no count")
COUNT = Rule("tag.count", rf"(?P<e>\d(?<![\w.,/\-\u2013]\d)\d*)\s*(?:/|\s+of\s+(?:the\s+)?|\s+out\s+of\s+)(?P<t>\d+)(?![\d/%]|[.,]\d)",
    examples=[('41 of 58 patients', {'e': '41', 't': '58'}), ('in 43/49', {'e': '43', 't': '49'}), ('12 out of 20', {'e': '12', 't': '20'})],
    not_examples=['10/20%', '3.5/10'],
    note="a count events/total: '41 of 58', '43/49'; not a part of a decimal, a date or a percent",
)


ZERO_DEATH = Rule(
    "tag.zero_death", rf"\b(?:no|zero|nil|none\s+of\s+the)\s+(?:patients?\s+|one\s+)?(?:(?:peri-?operative|post-?operative|operative|in-?hospital|"
    rf"hospital|surgical|early|procedure[-\s]related|treatment[-\s]related|(?:\d+|{WORD_NUM}){_D}?day)\s+)*"
    rf"(?:deaths?|mortality|died)\b"
    rf"|\bno\s+(?:patients?|one)\s+died\b|\bwithout\s+(?:any\s+)?(?:peri-?operative\s+|post-?operative\s+)?mortality\b"
    rf"|\bmortality\s+(?:rate\s+)?(?:was|of)\s+(?:nil|zero|none)\b",
    flags=re.IGNORECASE,
    examples=[('There were no perioperative deaths', 'no perioperative deaths'), ('no patients died', 'no patients died'), ('mortality was nil', 'mortality was nil')],
    not_examples=['two deaths occurred'],
    note="a zero mortality said in words: 'no deaths', 'no patient died', 'mortality was nil'",
)


ALL_PATIENTS = Rule(
    "tag.all_patients", r"\ball\s+(?:of\s+(?:them|these|those|the)\b(?:\s+patients)?|(?:the\s+)?(?:patients|cases|subjects|recipients))\b",
    flags=re.IGNORECASE,
    examples=[('all patients had relief', 'all patients'), ('all of them', 'all of them')],
    not_examples=['overall survival of patients'],
    note="'all patients' read as 100%",
)


WORD_FRACTION = Rule("tag.word_fraction", rf"\b{FRACTION}\b", flags=re.IGNORECASE,
    examples=[('two-thirds of patients', 'two-thirds'), ('Half of them', 'Half')],
    not_examples=['a thirty-day course'],
    note="a fraction in words read as a percent ('two-thirds' -> 67)",
)


# a zero as the second item of a list after a percent: "2.0% (1/49) after gastrectomy and nil after local excision"
_PERCENT_BEFORE = Rule("tag.percent_before", r"\d\s*%[^;%]*$",
    examples=['2.0% (1/49) after gastrectomy and '],
    not_examples=['12 patients and '],
    note="a percent earlier in the list, before a zero said in words ('... and nil after ...')",
)


NIL_IN_LIST = Rule(
    "tag.nil_in_list", r"\b(?:and|but|whereas|while|versus|vs\.?|compared\s+with)\s+(?P<z>nil|none|zero)\b"
    r"(?!\s+(?:of|had|has|have|were|was|is|are|patients?|deaths?|died|mortality|cases?))",
    flags=re.IGNORECASE,
    examples=[('2% after A and nil after B', {'z': 'nil'})],
    not_examples=['and none of the patients'],
    note='a zero in words as a later item of a list of values',
)


WORD_OF = Rule("tag.word_of", rf"\b(?P<e>{WORD_NUM})\s+(?:of|in|out\s+of)\s+(?P<t>{WORD_NUM})\b", flags=re.IGNORECASE,
    examples=[('nine of ten patients', {'e': 'nine', 't': 'ten'})],
    not_examples=['one of the patients'],
    note="a count in words: 'nine of ten'",
)


# a threshold or definition around a percent: "debulking of > 90%", "Ki-67 < 3%", "(>= 90%) cytoreduction"
THRESH_BEFORE = Rule(
    "tag.thresh_before", r"(?:Ki[-\u2010\u2013 ]?67(?:\s+(?:index|labell?ing\s+index|LI|proliferation\s+index))?|threshold|target|cut[-\s]?off|"
    r"grade|G\d|index|score|ratio|exceeding|weight\s+loss)\s*(?:of|was|is|[:=])?\s*(?:\(?\s*)?(?:%s\s*)?$"
    r"|(?:debulking|cytoreduction|removal|resection|reduction|involvement|replacement|burden|decrease|fell|dropped|"
    r"declined|increase|increased|decreased|loss|change)\s+(?:of|by|in)\s+(?:%s\s*)?$" % (BOUND, BOUND),
    flags=re.IGNORECASE,
    examples=['debulking of > ', 'a Ki-67 index of '],
    not_examples=['overall survival was '],
    note="a threshold or definition right before a percent ('debulking of > 90%', 'Ki-67 < 3%'): not a value",
)


_DEFINED = Rule("tag.defined", r"\b(?:defin\w*\s+(?:as|by)|dichotomi[sz]\w*|categori[sz]\w*|stratified)\b[^;.]*$|\bcut[-\s]?off\b[^;.]*$", flags=re.IGNORECASE,
    examples=['response was defined as a decrease in size of ', 'a cut-off of '],
    not_examples=['the patients were treated '],
    note='a definition or cut-off earlier in the clause: the percent after it is a threshold',
)


_BOUND_START = Rule("tag.bound_start", BOUND, flags=re.IGNORECASE,
    examples=[('≥ 90%', '≥'), ('more than 90%', 'more than')],
    not_examples=['90%'],
    note="a bound word where a value's text starts",
)


_CI_LEVEL = Rule("tag.ci_level", r"\s*(?:CI|C\.I\.|Cl\b|credible|confiden\w*\s+(?:interval|limit)|uncertainty\s+interval)", flags=re.IGNORECASE,
    examples=[(' CI 0.3-0.7', ' CI'), (' confidence interval', ' confidence interval')],
    not_examples=['the rate was high'],
    note="what follows a CI level ('95% CI'): that percent is not a value",
)


_BOUNDED_LIST = Rule("tag.bounded_list", rf"^\s*,\s*(?:≥|⩾|≤|⩽|>|<|>=|<=)\s*{NUM}\s*%",
    examples=[(', ≥ 50%', ', ≥ 50%')],
    not_examples=['and 50%'],
    note='a bounded percent after a comma: the bound belongs to a list of thresholds',
)


_SD_BEFORE = Rule("tag.sd_before", r"(?:±|\+/-|\+-|\bSD\s*[:=]?|\bSE\s*[:=]?|\bstandard\s+deviation\s+(?:of\s+)?)\s*$", flags=re.IGNORECASE,
    examples=[('40 ± ', '± '), ('mean (SD ', 'SD ')],
    not_examples=['SD was 4'],
    note='an SD or SE right before a number: not a value',
)


THRESH_AFTER = Rule(
    "tag.thresh_after", r"^\s*(?:of\s+(?:the\s+)?(?:hepatic|liver|tumou?r|disease|metasta\w*|volume|burden|lesions?|parenchyma|"
    r"the\s+liver|visible)|threshold|cut[-\s]?off|debulking|cytoreduction|or\s+(?:more|less|higher|lower|greater|above|below)|"
    r"(?:\)\s*)?(?:cytoreduction|debulking)|in\s+(?:tumou?r\s+)?(?:size|volume)|"
    r"(?:of\s+(?:it|the\s+\w+)\s+)?(?:was|were|is|are)\s+(?:removed|resected|excised|debulked|cytoreduced|ablated))",
    flags=re.IGNORECASE,
    examples=[(' of the liver volume', ' of the liver'), (' or more', ' or more'), (' cytoreduction', ' cytoreduction')],
    not_examples=['of patients'],
    note="what after a percent makes it a threshold ('90% of the liver', '> 90% cytoreduction')",
)


_AGE_NEAR = Rule("tag.age_near", r"\b(?:aged?|age\s+(?:of|was|at))\s*(?:≥|>=|<|>|≤|over|under|above|below)?\s*$", flags=re.IGNORECASE,
    examples=['patients aged ', 'age at '],
    not_examples=['the stage was '],
    note='an age right before a number: not a time value',
)


# an age or a cut-off, not a time: "patients over 75 compared with 11.6 years", "aged 70 or younger"
_AGE_OR_BOUND_BEFORE = Rule(
    "tag.age_or_bound_before", rf"(?:\b(?:aged?|over|under|above|below|older\s+than|younger\s+than)|{BOUND})\s*$", flags=re.IGNORECASE,
    examples=['patients over ', 'younger than '],
    not_examples=['patients had '],
    note='an age or cut-off before an earlier list item: the list is no time list',
)


_PCT_LIST_TAIL = Rule(
    "tag.pct_list_tail", rf"(?<![\w,/])(?<!\d\.)(?P<n>{NUM})\s*(?:vs\.?|versus)\s*$"
    rf"|(?:\b(?:were|was|of)\s+|[:(]\s*)(?P<n2>{NUM})\s*(?:,\s*and|,|and)\s*$", flags=re.IGNORECASE,
    examples=[('rates were 40, and ', {'n2': '40'}), ('12 vs ', {'n': '12'})],
    not_examples=['12 patients'],
    note="a bare number as an earlier item of a list of percents ('40, and 50%', '12 vs 15%')",
)


_NUM_LIST_TAIL = Rule("tag.num_list_tail", rf"(?:(?P<n>{NUM})\s*(?:,\s*and|,|and|or|vs\.?|versus|to|compared\s+with)\s*)$", flags=re.IGNORECASE,
    examples=[('2.9, 1.8 and ', {'n': '1.8'})],
    not_examples=['2.9 years'],
    note='a bare number as an earlier item of a list of times sharing one unit',
)


# figures quoted from earlier work are not this study's results
BACKGROUND_SECTION = Rule("tag.background_section", r"^(?:background|introduction|context|rationale|importance|summary\s+background\s+data)\b",
    examples=['background', 'introduction and aims'],
    not_examples=['methods'],
    note="section labels (lower-cased) whose figures are not this study's",
)


LITERATURE = Rule(
    "tag.literature", r"\b(?:ha(?:ve|s)\s+(?:been\s+)?reported|(?:previously|literature)\s+reported|reported\s+(?:in\s+the\s+literature|"
    r"previously|elsewhere)|rates?\s+of\s+up\s+to|previous\s+(?:studies|series|reports)|"
    r"registry\s+series|(?:earlier|prior|other)\s+(?:studies|series|reports)\s+(?:have|had|showed|reported)|"
    r"(?:reports|studies|series|authors|investigators|trials)\s+have\s+(?:described|shown|reported|suggested|found|"
    r"demonstrated)|as\s+high\s+as\s+\S+\s+(?:was|were|has\s+been|have\s+been)\s+reported|"
    r"(?:survival|mortality|morbidity|recurrence)\s+(?:rates?\s+)?of\s+up\s+to|"
    r"(?:in|from)\s+(?:most\s+|many\s+|several\s+|other\s+)?published\s+(?:series|studies|reports|data|literature))\b",
    flags=re.IGNORECASE,
    examples=['rates of up to 40% have been reported', 'previous series showed'],
    not_examples=['we report 40 patients'],
    note="a sentence that quotes earlier work: its figures are not this study's",
)


# A cheap gate for a line or sentence: a metric word stem (in lower, Capitalized or UPPER case) or a metric
# abbreviation as printed, as one prefix-factored regex; a stem given with a tail ("control" + " of") is as narrow as
# the vocabulary's own pattern for it, so that common words ("control group", "following", "completed") do not pass.  tests/test_extract_lexicon.py checks that no line
# or sentence the engine reads a figure from is rejected.
# The gate's keys are derived from the lexicon's Terms (their `keys`/`key_abbreviations`, plus the gate cues):
# lexicon.gate_tables(), one definition.
_KEY_STEMS, _KEY_ABBREVIATIONS = lexicon.gate_tables()


_KEY_RE = Rule("tag.key_re", trie_alternation([v for w in _KEY_STEMS for v in cased(w)] + list(_KEY_ABBREVIATIONS)),
    examples=['overall survival', ('the OS', 'OS'), ('Follow-up', 'Follow-up')],
    not_examples=['the weather'],
    note="the line gate's metric keys (cased stems and abbreviations as one trie)",
)


# Every value the engine reads needs one of these (see `find_values`): a digit followed by "%", "per cent", the start of
# a time unit (y, mo, we/wk, da), "/", "of" or "out" (percents, times, counts); or what a word-led value pattern
# needs (its entry in `_NEEDS`: all patients, no deaths, a hazard ratio, a fraction, a number word followed by of/in).
_DIGIT_VALUE = Rule("tag.digit_value", rf"\d[{DASH}\s]*(?:%|/|[Pp][Ee][Rr]|[Yy]|[Mm][Oo]|[Ww][EeKk]|[Dd][Aa]|of\s|out\s)",
    examples=['78%', '5 years', '12 of 20'],
    not_examples=['grade 3 toxicity'],
    note="the gate's digit hint: a digit before %, a time unit, /, of or out",
)


_ALL_HINT = Rule("tag.all_hint", r"\ball\s+(?:of\s|the\s|patients|cases|subjects|recipients)",
    examples=['all patients', 'all of them'],
    not_examples=['overall survival'],
    note='what ALL_PATIENTS needs (lower-cased text)',
)


_ZERO_HINT = Rule("tag.zero_hint", r"\b(?:no|zero|nil|none|without)\b",
    examples=['no deaths', 'without mortality'],
    not_examples=['nothing known'],
    note='what ZERO_DEATH needs besides a death word (lower-cased text)',
)


_ANY_DIGIT = Rule("tag.any_digit", r"\d",
    examples=[('grade 3', '3')],
    not_examples=['none'],
    note='any digit: the hazard-ratio guard',
)


_WORD_COUNT = Rule(
    "tag.word_count", rf"(?:{trie_alternation(NUMBER_WORDS)}|hundred\s+and)\s+(?:of|in|out)\s",
    examples=['nine of ten', 'seven in twelve'],
    not_examples=['one patient'],
    note='what WORD_OF needs: a number word before of/in/out (lower-cased text)',
)


def may_hold_figure(text: str) -> bool:
    """A metric word stem and something a value can be read from; most lines and sentences fail here cheaply."""
    if _KEY_RE.search(text) is None:
        return False
    if _DIGIT_VALUE.search(text) is not None:
        return True
    low = text.lower()
    return any(_NEEDS[rx](text, low) for rx in _WORD_LED_VALUES)


_COMPARATOR = Rule("tag.comparator", "[=<>\u2264\u2265\u2266\u2267]",
    examples=['p = 0.01', 'p<0.05'],
    not_examples=['p 0.01'],
    note='what a p-value needs: a comparator',
)


_LITERATURE_HINT = Rule(
    "tag.literature_hint", r"report|previous|registry|studies|series|authors|investigators|trials|published|up\s+to",
    examples=['previously reported', 'up to 40%'],
    not_examples=['we treated 40'],
    note='what LITERATURE needs (lower-cased text)',
)


def _has(*words: str):
    return lambda s, low: any(w in low for w in words)


# What each pattern needs before it can match (s: the sentence, low: it lower-cased).  Word-led patterns scan slowly
# (case-insensitive alternations tried at every position); the test in front costs a few substring searches.
# tests/test_extract_fastpaths.py checks that a pattern is never skipped where it would have matched.
_NEEDS: dict[Rule, Callable[[str, str], bool]] = {
    ZERO_DEATH: lambda s, low: (("death" in low or "died" in low or "mortality" in low)
                                and _ZERO_HINT.search(low) is not None),
    HR: lambda s, low: "HR" in s or ("hazard" in low and _ANY_DIGIT.search(low) is not None),
    WORD_OF: lambda s, low: _WORD_COUNT.search(low) is not None,
    WORD_FRACTION: _has("half", "third", "quarter", "fifth"),
    ALL_PATIENTS: lambda s, low: "all" in low and _ALL_HINT.search(low) is not None,
    NIL_IN_LIST: _has("nil", "none", "zero"),
    TP_ADJ: lambda s, low: _TP_UNIT.search(low) is not None,
    TP_PREP: _has("year", "month", "day", "week"),
    TP_DAY: _has("day"),
    CI: _has("ci", "confidence", "c.i."),
    RANGE: _has("rang", "iqr"),
    P_VALUE: lambda s, low: _COMPARATOR.search(s) is not None,
    NS: lambda s, low: "NS" in s or "n.s." in s or "significant" in low,
    LITERATURE: lambda s, low: _LITERATURE_HINT.search(low) is not None,
}


# the value patterns that start with a word, not a digit: the gate asks for what one of them needs
_WORD_LED_VALUES = (HR, ALL_PATIENTS, ZERO_DEATH, WORD_FRACTION, WORD_OF)


def scan_if_needed(rx: Rule, s: str, low: str) -> Iterator[re.Match[str]]:
    """rx.finditer(s), skipped when a word rx needs is missing."""
    return rx.finditer(s) if _NEEDS[rx](s, low) else iter(())


def lo_hi(m: re.Match[str]) -> tuple[float, float] | None:
    lo, hi = m.group("lo") or m.group("lo2"), m.group("hi") or m.group("hi2")
    try:
        return parse_num(lo.replace("\u2212", "-").replace("\u2013", "-")), parse_num(hi.replace("\u2212", "-"))
    except ValueError:
        return None


def find_mentions(s: str) -> list[Mention]:
    """Metric and quantity-noun mentions, left to right, never overlapping."""
    return [Mention(_TERM_KIND[m.lastgroup or ""], m.start(), m.end(), m.group(), _TERM_ID[m.lastgroup or ""])
            for m in MENTION_RE.finditer(s)]


_TP_UNIT = Rule("tag.tp_unit", r"(?:day|mo(?:nth)?|week|y(?:ear|r))s?(?!\w)",
    examples=[('5-year', 'year'), ('30 days', 'days')],
    not_examples=['yearly', 'monthly'],
    note='what TP_ADJ needs: a time unit word (lower-cased text)',
)  # on lower-cased text: TP_ADJ needs one


def find_timepoints(s: str, low: str, masked: list[tuple[int, int]]) -> list[TP]:
    out = []
    for m in scan_if_needed(TP_ADJ, s, low):
        if inside_any(m.start(), masked):
            continue
        unit = m.group("u").lower()[0]
        nums = [x.group() for x in TP_NUM_IN.finditer(s, m.start(), m.start("u"))]
        vals = [_tp_string(n, unit) for n in nums]
        vals = [x for x in vals if x]
        if vals:
            out.append(TP(m.start(), m.end(), vals))
    for m in scan_if_needed(TP_PREP, s, low):
        if inside_any(m.start(), masked):
            continue
        unit = m.group("u").lower()[0]
        vals = [_tp_string(x.group(), unit) for x in TP_NUM_IN.finditer(s, m.start("n"), m.end("n"))]
        vals = [x for x in vals if x]
        if vals:
            out.append(TP(m.start(), m.end(), vals))
    for m in scan_if_needed(TP_DAY, s, low):
        if not inside_any(m.start(), masked):
            tp = _tp_string(m.group("n"), "d")
            if tp:
                out.append(TP(m.start(), m.end(), [tp]))
    out.sort(key=lambda t: t.start)
    return out


def _tp_string(num: str, unit: str) -> str | None:
    v = number_value(num)
    if v is None or v <= 0 or v > 100 * (365 if unit == "d" else 1):
        return None
    n = f"{v:g}"
    if unit == "y":
        return f"{n}y"
    if unit == "d":
        return f"{n}d"
    if unit == "m":
        return f"{v / 12:g}y" if v % 12 == 0 else f"{n}m"
    if unit == "w":
        return f"{n}w"
    return None


def find_values(s: str, low: str, masked: list[tuple[int, int]], tps: list[TP]) -> list[Value]:
    """Every value of the sentence ``s`` (``low`` is it lower-cased: a word-led pattern is run only when a word it
    needs is there)."""
    vals: list[Value] = []
    taken: list[tuple[int, int]] = list(masked)
    tp_spans = [(t.start, t.end) for t in tps]
    # zero mortality phrases
    for m in scan_if_needed(ZERO_DEATH, s, low):
        if overlaps(m.start(), m.end(), taken):
            continue
        v = Value("zero", m.start(), m.end(), 0.0, m.start(), m.end(), why={"value": "value.zero_death"})
        v.metric = "mortality"
        vals.append(v)
        taken.append((m.start(), m.end()))
    # hazard ratios
    for m in scan_if_needed(HR, s, low):
        if inside_any(m.start("n"), taken):
            continue
        v = Value("hr", m.start(), m.end(), parse_num(m.group("n")), m.start("n"), m.end("n"), unit="ratio",
                  why={"value": "value.hazard_ratio"})
        v.measure = "hr"
        vals.append(v)
        taken.append((m.start(), m.end()))
    # percents
    for m in PERCENT.finditer(s):
        a, bnd = _bounded(s, m)
        b = m.end()
        if overlaps(m.start("n"), m.end("n"), taken):
            continue
        if (is_range_part(s, m.start("n"), b) or is_threshold(s, a, b) or _SD_BEFORE.search(s, max(0, a - 25), a)
                or _CI_LEVEL.match(s, b)):
            taken.append((a, b))
            continue
        v = Value("percent", a, b, parse_num(m.group("n")), a, b, bound=bnd, why={"value": "value.percent"})
        if v.value > 100:
            continue
        _counts_around(s, v)
        vals.append(v)
        taken.append((a, b))
        # bare numbers compared before it share its unit: "29 vs. 20 vs. 23 percent"
        pos = a
        while True:
            lm = _PCT_LIST_TAIL.search(s, max(0, pos - 20), pos)
            g = ("n" if lm.group("n") else "n2") if lm else "n"
            if not lm or overlaps(lm.start(g), lm.end(g), taken) or parse_num(lm.group(g)) > 100:
                break
            w = Value("percent", lm.start(g), lm.end(g), parse_num(lm.group(g)), lm.start(g), lm.end(g),
                      why={"value": "value.percent_list"})
            vals.append(w)
            taken.append((lm.start(g), lm.end(g)))
            pos = lm.start(g)
    # times
    for m in TIME.finditer(s):
        a, bnd = _bounded(s, m)
        b = m.end()
        if overlaps(a, b, taken) or overlaps(a, b, tp_spans):
            continue
        if _AGE_NEAR.search(s, max(0, a - 30), a) or re.match(r"\s*(?:old|of\s+age|ago|earlier|before)\b", s[b:]):
            continue
        if _SD_BEFORE.search(s, max(0, a - 25), a):
            taken.append((a, b))
            # "mean 32.1 ± 12.3 months": the mean is the number before ±, in the unit after the SD
            mm = re.search(rf"(?P<n>{NUM})\s*(?:±|\+/-|\+-)\s*$", s[max(0, a - 30):a])
            if mm:
                na = max(0, a - 30) + mm.start("n")
                nb = max(0, a - 30) + mm.end("n")
                if not overlaps(na, nb, taken):
                    w = Value("time", na, nb, parse_num(mm.group("n")), na, nb, unit=_unit(m.group("u")),
                              why={"value": "value.mean_sd"})
                    w.measure = "mean"
                    w.sd = True
                    vals.append(w)
                    taken.append((na, nb))
            continue
        unit = _unit(m.group("u"))
        v = Value("time", a, b, parse_num(m.group("n")), a, b, bound=bnd, unit=unit, why={"value": "value.time"})
        v.measure = "median"
        vals.append(v)
        taken.append((a, b))
        # bare numbers listed before it share its unit: "2.9, 1.8 and 0.9 years", "8.3 vs 3.9 years"
        pos = a
        while True:
            lm = _NUM_LIST_TAIL.search(s, max(0, pos - 40), pos)
            if not lm or overlaps(lm.start("n"), lm.end("n"), taken) or _AGE_OR_BOUND_BEFORE.search(
                    s, max(0, lm.start("n") - 30), lm.start("n")):
                break
            w = Value("time", lm.start("n"), lm.end("n"), parse_num(lm.group("n")), lm.start("n"), lm.end("n"), unit=unit,
                      why={"value": "value.time_list"})
            w.measure = "median"
            vals.append(w)
            taken.append((lm.start("n"), lm.end("n")))
            pos = lm.start("n")
    # the same time in a second unit: "141 months (11.8 years)"
    times = [v for v in vals if v.kind == "time"]
    for a_, b_ in zip(times, times[1:]):
        if re.fullmatch(r"\s*[(\[]\s*", s[a_.end:b_.start]) and a_.unit != b_.unit and _same_time(a_, b_):
            b_.dead = True
    vals = [v for v in vals if not v.dead]
    # derived percents: "in 23/25", "nine of ten", "two-thirds of patients", "all patients"
    for m in COUNT.finditer(s):
        if overlaps(m.start(), m.end(), taken):
            continue
        e, t = int(m.group("e")), int(m.group("t"))
        if _GRADE_BEFORE.search(s, max(0, m.start() - 12), m.start()):
            continue  # "grade 3/4 toxicities": a grade label, not a count
        if not (0 < t and e <= t) or _near_percent(s, m.end()) or re.search(rf"{NUM}\s*%[^()]{{0,30}}[(,;]\s*$", s[max(0, m.start() - 45):m.start()]):
            continue
        v = Value("percent", m.start(), m.end(), round(100.0 * e / t), m.start(), m.end(), events=e, total=t,
                  why={"value": "value.count"})
        vals.append(v)
        taken.append((m.start(), m.end()))
    for m in scan_if_needed(WORD_OF, s, low):
        if overlaps(m.start(), m.end(), taken):
            continue
        e, t = number_value(m.group("e")), number_value(m.group("t"))
        if e is None or not t or e > t or _near_percent(s, m.end()):
            continue
        v = Value("percent", m.start(), m.end(), round(100.0 * e / t), m.start(), m.end(), why={"value": "value.word_count"})
        vals.append(v)
        taken.append((m.start(), m.end()))
    for m in scan_if_needed(WORD_FRACTION, s, low):
        if overlaps(m.start(), m.end(), taken):
            continue
        if _near_percent(s, m.end(), 30):
            continue
        fv = fraction_value(m.group())
        if fv is None:
            continue
        vals.append(Value("percent", m.start(), m.end(), fv, m.start(), m.end(), why={"value": "value.fraction"}))
        taken.append((m.start(), m.end()))
    for m in scan_if_needed(ALL_PATIENTS, s, low):
        if overlaps(m.start(), m.end(), taken) or _near_percent(s, m.end(), 25):
            continue
        vals.append(Value("all", m.start(), m.end(), 100.0, m.start(), m.end(), why={"value": "value.all_patients"}))
        taken.append((m.start(), m.end()))
    for m in scan_if_needed(NIL_IN_LIST, s, low):
        if not overlaps(m.start("z"), m.end("z"), taken) and _PERCENT_BEFORE.search(s, max(0, m.start() - 90), m.start()):
            vals.append(Value("percent", m.start("z"), m.end("z"), 0.0, m.start("z"), m.end("z"), why={"value": "value.nil_in_list"}))
            taken.append((m.start("z"), m.end("z")))
    _drop_restated_counts(s, vals)
    vals.sort(key=lambda v: v.start)
    return vals


def _drop_restated_counts(s: str, vals: list[Value]) -> None:
    """'in 50 of 52 ... and in 30 of 36 ... (96% vs 83%)', 'in two-thirds (8/12, 67%)': a percent derived from a
    count or a fraction that the sentence also prints is one figure: the count or fraction, which stands beside its
    group, unless the printed percent has decimals the count cannot give ("48.9% ... (22/45)")."""
    def printed(v: Value) -> bool:
        surface = s[v.surface_start:v.surface_end]
        return v.kind == "percent" and ("%" in surface or "cent" in surface)

    # counts ("50 of 52"), word counts ("nine of ten") and fractions ("two-thirds"), not "all patients" (kind "all")
    counts = [v for v in vals if v.kind == "percent" and not printed(v) and v.value > 0]
    for p in [v for v in vals if printed(v)]:
        same = [d for d in counts if abs(p.value - d.value) < 0.6]
        if len(same) != 1:
            continue
        d = same[0]
        counts.remove(d)
        if p.value != round(p.value):  # "48.9% ... (22/45)": the printed decimals are the figure
            if d.total is not None:
                p.events, p.total = d.events, d.total
            vals.remove(d)
        else:  # "in 50 of 52 patients after PD ... (96% vs 83%)": the count stands beside its group
            if d.total is None and p.total is not None:
                d.events, d.total = p.events, p.total
            vals.remove(p)


_MONTHS = {"years": 12.0, "months": 1.0, "weeks": 12 / 52.1775, "days": 1 / 30.4369}


def _same_time(a: Value, b: Value) -> bool:
    x, y = a.value * _MONTHS[a.unit], b.value * _MONTHS[b.unit]
    return abs(x - y) <= 0.03 * max(x, y)


def _unit(u: str) -> str:
    u = u.lower()
    if u.startswith("y"):
        return "years"
    if u.startswith("mo"):
        return "months"
    if u.startswith("w"):
        return "weeks"
    return "days"


def _near_percent(s: str, end: int, width: int = 12) -> bool:
    """A printed percentage right after the count wins over a derived one."""
    return bool(re.match(rf"^(?:\s*[A-Za-z-]+){{0,4}}\s*[(,]?\s*(?:\d+\s*/\s*\d+\s*[,;]\s*)?{NUM}\s*%", s[end:end + width + 40]))


def is_range_part(s: str, a: int, b: int) -> bool:
    before = s[max(0, a - 14):a]
    if (re.search(rf"(?:{NUM}\s*%\s*(?:[{DASH}]|to)|(?<![\d.])\d{{1,3}}(?:[.\u00b7]\d+)?\s*[{DASH}])\s*$", before)
            and not re.search(r"\bCI\b", s[max(0, a - 30):a])):
        return True
    after = s[b:b + 12]
    return bool(re.match(rf"^\s*(?:[{DASH}]|to)\s*{NUM}\s*%", after))


def is_threshold(s: str, a: int, b: int) -> bool:
    before = s[max(0, a - 45):a]
    if THRESH_BEFORE.search(before) or _DEFINED.search(s, max(0, a - 60), a):
        return True
    if re.search(r"\(\s*$", before) and re.match(r"\s*\)", s[b:b + 3]) and _BOUND_START.match(s, a):
        return True
    if _BOUND_START.match(s, a) and (_BOUNDED_LIST.match(s[b:b + 16]) or re.search(rf"(?:≥|⩾|≤|⩽|>|<)\s*{NUM}\s*%\s*,\s*$", before)):
        return True  # "(⩾15%, ⩾30%, ⩾50%)": a list of cut-offs  # "(≥ 90%)": a bounded percent alone in parentheses defines something
    return bool(THRESH_AFTER.match(s[b:b + 40]))


def _counts_around(s: str, v: Value) -> None:
    """'41 of 58 patients (71%)', '71% (41/58)', 'in 42 (88%)' -> events/total."""
    after = s[v.end:v.end + 30]
    m = re.match(r"^\s*\(\s*(\d+)\s*(?:/|of)\s*(\d+)\s*\)", after)
    if m:
        v.events, v.total = int(m.group(1)), int(m.group(2))
        return
    before = s[max(0, v.start - 60):v.start]
    m = re.search(r"(?<![\d.])(\d+)\s*(?:/|of|out\s+of)\s*(?:the\s+)?(\d+)(?:\s+[A-Za-z-]+){0,4}\s*[(,]\s*$", before)
    if m and int(m.group(1)) <= int(m.group(2)):
        v.events, v.total = int(m.group(1)), int(m.group(2))
        return
    m = re.search(r"(?<![\d.,])(\d+)(?:\s+[A-Za-z-]+){0,2}\s*\(\s*$", before)
    if m:
        v.events = int(m.group(1))


# -- p-values and intervals as printed (Figure.p_bound, p_text, interval, interval_text) ------------------------
class PValue(float):
    """A parsed p that remembers its comparator and how it was printed ("p<0.001")."""

    bound: str = "="
    text: str = ""


class Interval(tuple):
    """(low, high) as parsed, with its kind (ci, range, iqr) and how it was printed ("4.2-8.0")."""

    kind: str = "ci"
    text: str = ""


_P_CMP = {"≤": "<=", "=<": "<=", "≦": "<=", "≥": ">=", "=>": ">=", "≧": ">="}


def p_of(m: re.Match[str]) -> PValue | None:
    """p_value_of with the comparator and the printed number kept: 'P < .001' -> 0.001, '<', 'p<0.001'."""
    value = p_value_of(m)
    if value is None:
        return None
    cmp = m.group("cmp").replace("\u2009", "").strip()
    cmp = _P_CMP.get(cmp, cmp)
    num = m.group("num").replace("\u00b7", ".")
    num = "0" + num if num.startswith(".") else num
    exp = m.group("exp")
    if exp:
        num += "×10^" + re.sub(r"\s", "", exp).replace("\u2212", "-").replace("\u2013", "-")
    p = PValue(value)
    p.bound, p.text = cmp, f"p{cmp}{num}"
    return p


def interval_of(lo: str, hi: str, kind: str, lohi: tuple[float, float] | None) -> Interval | None:
    if lohi is None:
        return None
    out = Interval(lohi)
    lo, hi = (x.replace("\u2212", "-").replace("\u2013", "-").replace("\u00b7", ".").strip() for x in (lo, hi))
    out.kind = kind
    out.text = f"{lo} to {hi}" if lo.startswith("-") or hi.startswith("-") else f"{lo}-{hi}"
    return out
