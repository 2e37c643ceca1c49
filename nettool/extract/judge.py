"""Stage 4, judge: named vetoes that keep a candidate figure out -- thresholds and definitions are handled by
tag; here: quoted literature, non-operative or composite deaths, one named complication type, heterogeneity
statistics, differences between arms, other outcomes' values, schedules, procedure shares, incomplete figures.
"""
from __future__ import annotations

import re

from nettool.extract.spans import Context, Mention, SURVIVAL, Value
from nettool.extract.tag import LITERATURE, find_mentions, scan_if_needed
from nettool.extract.arms import arm_tokens
from nettool.extract.context import known_words
from nettool.extract.rules import Rule

EVENT_DENOM = Rule(
    "judge.event_denom", r"^\s*of\s+(?:the\s+)?(?:those|patients|recipients|cases)\s+(?:who|that|with)\s+(?:had\s+)?"
    r"(?:relapsed|recurred|died|progressed|recurrence|relapse|progression|death)"
    r"|^\s*of\s+(?:all\s+)?(?:the\s+)?(?:recurrences|relapses|deaths|failures|complications|events)"
    r"|^\s*of\s+(?:the\s+|our\s+|all\s+)?(?:whole\s+|entire\s+|study\s+)?(?:cohort|sample|population|participants|respondents)\s*\)",
    flags=re.IGNORECASE,
    examples=[(' of those who relapsed', ' of those who relapsed'), (' of all deaths', ' of all deaths'), (' of the whole cohort)', ' of the whole cohort)')],
    not_examples=['of patients with pain'],
    note="a share of the events or of the whole sample ('40% of those who relapsed', '5% of all deaths'): not an outcome rate",
)


def quotes_literature(sentence: str) -> bool:
    return next(scan_if_needed(LITERATURE, sentence, sentence.lower()), None) is not None


_OTHER_OUTCOME = Rule(
    "judge.other_outcome", r"\)\s*,?\s*(?:and|or|,)\s+(?:the\s+|an?\s+)?(?P<np>[A-Za-z][\w-]*(?:\s+(?!was\b|were\b|of\b)[A-Za-z][\w-]*){0,4})\s*\(\s*$",
    examples=[('(12%), and bile leak (', {'np': 'bile leak'})],
    not_examples=['(12%) ('],
    note="another outcome named between a value and the next bracket ('(12%), and bile leak (3%)')",
)


_POPULATION_NP = Rule(
    "judge.population_np", r"^(?:those|patients|subjects|participants|women|men|children|cases|in|among|for)\b|\b(?:with|without|who|aged)\b", flags=re.I,
    examples=[('patients with cirrhosis', 'patients'), ('those aged 70', 'those')],
    not_examples=['bile leak'],
    note='a noun phrase that is a population, not an outcome',
)


def other_outcome_between(s: str, m: Mention, v: Value, arms: set[str] | None = None) -> bool:
    """'Median OS (15.3 vs. 24.6 months; ...) and objective response rates (11 vs. 16%; ...)': a bracketed value after
    another coordinated noun phrase belongs to that phrase, not to the metric before it (an arm's name is no outcome:
    'the A (6/20; 30%) and B (8/20; 40%) groups')."""
    head = s[:v.surface_start]
    depth, opening = 0, -1
    for i in range(len(head) - 1, m.end - 1, -1):  # the bracket the value stands in
        ch = head[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                opening = i
                break
            depth -= 1
    if opening < 0:
        return False
    om = _OTHER_OUTCOME.search(s, m.end, opening + 1)
    if om is None or any(x.kind != "block" for x in find_mentions(om.group("np"))):
        return False
    if _POPULATION_NP.search(om.group("np")):
        return False  # "... or those with wild-type EGFR (0.9 vs. 2.0 months)": a subgroup, not an outcome
    return not (arms and arm_tokens(om.group("np")) and arm_tokens(om.group("np")) <= arms)


_MORT_QUAL = Rule(
    "judge.mort_qual", r"\b(?:peri-?operative(?:ly)?|post-?operative(?:ly)?|operative|intra-?operative|in-?hospital|hospital|surgical|"
    r"procedure[-\s]related|treatment[-\s]related|early|\d+[-\s]?day|(?:thirty|sixty|ninety)[-\s]day|within\s+\d+\s+days|"
    r"surgery|operation|operations|resections?|hepatectom\w*|cytoreduct\w*|transplant\w*|laparotom\w*|\w+ectom\w*|"
    r"debulking|ablation|procedures?)\b",
    flags=re.IGNORECASE,
    examples=[('perioperative mortality', 'perioperative'), ('30-day mortality', '30-day'), ('mortality after hepatectomy', 'hepatectomy')],
    not_examples=['mortality was 5%'],
    note='what makes a mortality surgical or early (operative, in-hospital, 30-day, after a resection)',
)


_SURGICAL = Rule(
    "judge.surgical", r"\b(?:surg\w+|operat\w+|resect\w+|\w+ectom\w+|cytoreduct\w+|debulking|transplant\w*|laparotom\w+|"
    r"anastomos\w+|hepatectom\w+|excision|ablation)\b", flags=re.IGNORECASE,
    examples=[('after surgery', 'surgery'), ('liver resection', 'resection'), ('after pancreatectomy', 'pancreatectomy')],
    not_examples=['after chemotherapy'],
    note='the words of a surgical abstract',
)


# The same test, fast: "-ectomy" words found by their literal middle (a word character before it and after), the other
# stems only when one of them is in the text.
_ECTOMY = Rule("judge.ectomy", r"ectom(?<=\wectom)\w",
    examples=[('pancreatectomy', 'ectomy')],
    not_examples=['ectomy alone'],
    note="'-ectomy' inside a word, found by its literal middle",
)


_SURGICAL_STEMS = ("surg", "operat", "resect", "cytoreduct", "debulking", "transplant", "laparotom", "anastomos",
                   "excision", "ablation")


def is_surgical(text: str) -> bool:
    """Does the text describe an operation (_SURGICAL.search, without scanning every word for '-ectomy')?"""
    low = text.lower()
    if _ECTOMY.search(low):
        return True
    return any(w in low for w in _SURGICAL_STEMS) and _SURGICAL.search(text) is not None


_COMPOSITE = Rule("judge.composite", r"(?:\bor\b|\band\b|/|,)\s*(?:\w+\s+){0,2}$",
    examples=[('recurrence or ', 'or '), ('death and local ', 'and local ')],
    not_examples=['overall '],
    note="'or'/'and' right before a mention: the mention is part of a composite",
)


_COMPOSITE_AFTER = Rule("judge.composite_after", r"^\s*(?:or|and|/|,)\s*(?!\d)\w", flags=re.IGNORECASE,
    examples=[(' or death', ' or d'), ('/relapse', '/r')],
    not_examples=[' or 5'],
    note="'or'/'and' right after a mention: the mention is part of a composite",
)


_FU_MEASURE = Rule("judge.fu_measure", r"\b(?:median|mean|average)\b", flags=re.IGNORECASE,
    examples=[('median follow-up', 'median'), ('a mean of', 'mean')],
    not_examples=['follow-up visits'],
    note='a follow-up value needs a median or mean',
)


_FU_SCHEDULE = Rule(
    "judge.fu_schedule", r"\b(?:at|period\s+of|for\s+the\s+first|at\s+least|obligatory|planned|scheduled|every|after|up\s+to|visits?|until)\s*$",
    flags=re.IGNORECASE,
    examples=[('follow-up visits every ', 'every '), ('follow-up at ', 'at ')],
    not_examples=['median follow-up of '],
    note="a schedule before a follow-up time ('every 3 months'): not a follow-up figure",
)


_MORB_QUALIFIERS = {
    "overall", "any", "all", "major", "minor", "postoperative", "post-operative", "perioperative", "peri-operative",
    "total", "severe", "serious", "surgical", "early", "late", "pooled", "the", "a", "and", "of", "with", "no", "grade",
    "had", "in-hospital", "operative", "procedure-related", "treatment-related", "high-grade", "clavien-dindo", "dindo",
    "clavien", "day", "30-day", "90-day", "thirty-day", "ninety-day", "significant", "their", "its", "these", "where",
    "were", "was", "that", "which", "or", "cumulative", "combined", "general", "medical", "short-term", "long-term",
    "in", "after", "following", "without", "developed", "experienced", "occurred", "related", "important",
    "higher", "greater", "more", "worse", "above", "beyond",
}


# a percent that is a difference or a relative change: "a 25% lower relative risk of death", "a 30% reduction in"
_RELATIVE_AFTER = Rule(
    "judge.relative_after", r"\s*(?:(?:relative|absolute|lower|higher|greater|smaller|fewer|more|less|reduction|reduced|increase|increased|decrease|"
    r"decreased|improvement|excess|difference|risk\s+reduction|point)\b)", flags=re.IGNORECASE,
    examples=[(' lower in the', ' lower'), (' relative reduction', ' relative')],
    not_examples=[' of patients'],
    note="a difference between arms right after a percent ('15% lower')",
)


_RELATIVE_BEFORE = Rule(
    "judge.relative_before", r"\b(?:by|(?:difference|reduction|increase|benefit|gain|improvement)(?:\s+(?:of|was|in\s+\w+(?:\s+\w+)?\s+of|[:=]))?|"
    r"(?:absolute|relative)\s+(?:\w+\s+)?(?:difference|reduction|increase|benefit)\w*\s*(?:of|was|[:=,])?|"
    r"difference\s+between\s+(?:the\s+)?(?:[\w-]+\s+){1,4}?(?:of\s+|was\s+|[:=,]\s*)?)\s*$", flags=re.IGNORECASE,
    examples=[('survival improved by ', 'by '), ('an absolute difference of ', 'absolute difference of ')],
    not_examples=['survival was '],
    note="a difference between arms right before a percent ('improved by 15%')",
)


def is_plausible(s: str, v: Value, surgical: bool = True) -> bool:
    """Guards for the metrics whose words are common outside surgical outcomes (docs/accuracy.md, round 1)."""
    m = v.mention
    if v.metric == "mortality":
        # operative mortality: a qualifier or a day count, or a surgical sentence; "2-year mortality" is 1 - survival
        if v.timepoint and not v.timepoint.endswith("d"):
            return False
        if v.kind != "zero" and m is not None and m.text.lower().startswith(("death", "died")):
            if _COMPOSITE.search(s, max(0, m.start - 30), m.start) or _COMPOSITE_AFTER.match(s[m.end:m.end + 12]):
                return False  # "MI, stroke or death": a composite endpoint
        if v.kind == "zero":  # "no deaths" in a safety report is no operative mortality
            return bool(_MORT_QUAL.search(s)) or (bool(v.timepoint) and surgical)
        if _RELATIVE_AFTER.match(s, v.surface_end) or _RELATIVE_BEFORE.search(s, max(0, v.surface_start - 60), v.surface_start):
            return False  # "a 25% lower risk of death", "reduced by 32%": a difference between arms, not a rate
        return True
    if v.metric == "morbidity" and m is not None and v.kind != "zero":
        prev = re.search(r"([A-Za-z][\w-]*)\s+$", s[max(0, m.start - 25):m.start])
        if prev and prev.group(1).lower() not in _MORB_QUALIFIERS and not re.fullmatch(r"[ivx]+[ab]?|[IVX]+[ab]?", prev.group(1)):
            return False  # "wound complications", "bleeding complications": one named type, not the morbidity rate
    if v.metric == "followup" and v.kind == "time":
        window = s[max(0, (m.start if m else v.start) - 40):v.start]
        if not _FU_MEASURE.search(window) and not re.match(r"\s*\((?:range|IQR|interquartile)", s[v.end:v.end + 20], re.I):
            return False
        if _FU_SCHEDULE.search(s, max(0, v.start - 25), v.start):
            return False
    if v.metric == "os" and v.measure == "hr" and m is not None and m.text.lower().startswith(("death", "died")):
        if _COMPOSITE.search(s, max(0, m.start - 30), m.start) or _COMPOSITE_AFTER.match(s[m.end:m.end + 12]):
            return False
    return True


# "migration (n=6, 20%), pain (n=4, 13.3%)", "...: pancreatitis in 6 (3.4%)": a value printed beside the name of one
# complication type, after the morbidity word, is that type's rate, not the morbidity rate
_ITEM_BEFORE = Rule("judge.item_before", r"(?P<w>[A-Za-z][\w-]*)\s*(?:\(\s*(?:n\s*=\s*\d+\s*[,;]\s*)?|\s+in\s+\d+\s*\(\s*)$",
    examples=[('bile leak (', {'w': 'leak'}), ('abscess in 3 (', {'w': 'abscess'})],
    not_examples=['was 12% ('],
    note="a list item right before its count in brackets ('bile leak (n = 3, 5%)')",
)


_NOT_ITEM = {
    "patients", "participants", "cases", "subjects", "group", "groups", "arm", "arms", "occurred", "developed", "observed",
    "seen", "noted", "reported", "found", "was", "were", "had", "experienced", "in", "of", "total", "overall", "rate",
    "rates", "complications", "complication", "morbidity", "events", "women", "men", "children", "respectively", "vs",
    "versus", "and", "or", "cohort", "alone", "controls", "control", "placebo", "both", "all", "similar", "comparable",
    "higher", "lower", "significant", "different", "reduced", "increased", "frequent", "common", "rare", "low", "high",
}


_LIST_INTRO = Rule("judge.list_intro", r":|\b(?:were|was|included|including|such\s+as|namely|comprised|consisted\s+of|mainly|mostly)\s", flags=re.I,
    examples=[('complications were bile leaks', 'were '), ('complications: ', ':')],
    not_examples=['bile leak'],
    note='what introduces a list of complication types',
)


def complication_type(s: str, v: Value, ctx: Context) -> bool:
    m = v.mention
    if v.metric != "morbidity" or m is None or m.end > v.start:
        return False
    im = _ITEM_BEFORE.search(s, max(m.end, v.surface_start - 60), v.surface_start)
    if im is None:
        return False
    w = im.group("w").lower()
    if w in _NOT_ITEM or w in _MORB_QUALIFIERS or w.isdigit() or not _LIST_INTRO.search(s, m.end, im.start()):
        return False
    arms = known_words(ctx)
    return w not in arms


_HETEROGENEITY_BEFORE = Rule("judge.heterogeneity_before", r"(?:\bI\s*[²2]|\bheterogeneity)\s*(?:statistic\s*)?(?:[=:]|was|of)?\s*$", flags=re.IGNORECASE,
    examples=[('I2 = ', 'I2 = '), ('heterogeneity was ', 'heterogeneity was ')],
    not_examples=['survival was '],
    note='a heterogeneity statistic right before a percent: not a value',
)


_RELATIVE_METRICS = SURVIVAL | {"mortality", "morbidity", "recurrence"}


# a sample-size or design assumption: "powered to detect a hazard ratio of 0.71", "assuming a 5-year survival of 60%"
_ASSUMED = Rule(
    "judge.assumed", r"\b(?:detect(?:ing)?|powered|power\s+(?:to|of)|sample\s+size|assum\w+|hypothesi[sz]\w*|anticipat\w+|"
    r"expected\s+(?:to|a|an|that)|non-?inferiority\s+margin|margin\s+of|to\s+show\s+(?:a|an))\b", flags=re.IGNORECASE,
    examples=[('powered to detect', 'powered'), ('assuming a', 'assuming')],
    not_examples=['survival was 40%'],
    note='a design assumption (power calculation, expected rate): its percents are no results',
)


_DIFFERENCE_IN = Rule(
    "judge.difference_in",
    r"\b(?<!\bno\s)(?<!\bnot\s)(?:(?:absolute|relative)\s+)?(?:increase|decrease|reduction|difference|improvement|gain|benefit)s?\s+"
    r"(?:in|of)\s+(?:the\s+)?(?:rates?\s+of\s+)?(?:[\w-]+\s+){0,2}$", flags=re.IGNORECASE,
    examples=["The absolute increase in rate of ", "a reduction in "], not_examples=["no difference in "],
    note="a change or difference between arms in front of the metric: the value after it is that difference")
# the value is what "the increase in X" amounted to: "... in 3-year PFS was 7.3%"
_PREDICATE_GAP = Rule(
    "judge.predicate_gap", r"[^()%]{0,40}?\b(?:was|were|of|by|amounted\s+to|reached)\s*", flags=re.IGNORECASE,
    examples=[" at 3 years was "], not_examples=[" (seven patients ("],
    note="between a metric and its value: a plain predicate, no bracketed values")
_FORMULATION = (r"gel|cream|ointment|solution|spray|patch|lotion|rinse|mouthwash|drops|foam|suspension|emulsion|paste|"
                r"varnish|saline|glucose|dextrose|lidocaine|lignocaine|bupivacaine|chlorhexidine|povidone|ethanol|alcohol")
_FORMULATION_AROUND = Rule(
    "judge.formulation_around", rf"\b(?:{_FORMULATION})\s*[(\[]\s*$", flags=re.IGNORECASE,
    examples=["a lidocaine gel ("], not_examples=["relief ("],
    note="a percent in brackets after a formulation is its concentration")
_FORMULATION_AFTER = Rule(
    "judge.formulation_after", rf"\s*(?:w/v\s+|w/w\s+|topical\s+)?(?:{_FORMULATION})\b", flags=re.IGNORECASE,
    examples=[" chlorhexidine mouthwash", " w/v saline"], not_examples=[" of patients"],
    note="a percent before a formulation ('2% lidocaine') is its concentration")
# "29 (3%) receiving home care withdrew": the value's own clause ends on another event
_OTHER_EVENT_AFTER = Rule(
    "judge.other_event_after",
    r"[^,;.()]{0,60}?\b(?:withdrew|were\s+withdrawn|discontinued|dropped\s+out|were\s+lost\s+to\s+follow|"
    r"crossed\s+over|declined|refused|were\s+excluded)\b", flags=re.IGNORECASE,
    examples=[") receiving drug A withdrew", " of patients discontinued"], not_examples=[") died in hospital"],
    note="the value's own clause names another event than its metric")
# "over 80% of patients reported no morbidity": the share without it
_NONE_OF_IT_AFTER = Rule(
    "judge.none_of_it_after",
    r"\s*(?:\([^()]*\)\s*)?of\s+(?:the\s+|all\s+)?(?:patients|participants|subjects|cases)\s+(?:\w+\s+){0,2}?"
    r"(?:no|without|free\s+of|free\s+from)\s", flags=re.IGNORECASE,
    examples=[" of patients reported no complications"], not_examples=[" of patients had complications"],
    note="the share of patients without the outcome is the complement of its rate")
_ASSUMED_HINT = Rule("judge.assumed_hint", r"etect|ower|ample|ssum|ypothes|nticipat|xpected|argin|show",
    examples=['powered to detect', 'sample size'],
    not_examples=['we treated 40'],
    note='what _ASSUMED needs (a cheap literal test first)',
)


def statistic_or_difference(s: str, v: Value) -> bool:
    """'I² = 48%' is heterogeneity; 'a 12% higher overall survival', 'reduced by 30%', 'the absolute increase in
    3-year PFS was 7.3%' are differences between arms; 'to detect a hazard ratio of 0.71' is a sample-size
    assumption; 'a lidocaine gel (2%)' a concentration; '29 (3%) ... withdrew' another event's count; 'over 80% of
    patients reported no complications' the complement of the rate."""
    if _ASSUMED_HINT.search(s, 0, v.surface_start) and _ASSUMED.search(s, 0, v.surface_start):
        return True
    if v.unit != "percent":
        return False
    m = v.mention
    if (m is not None and m.end <= v.start and _DIFFERENCE_IN.search(s, max(0, m.start - 60), m.start)
            and _PREDICATE_GAP.fullmatch(s, m.end, v.surface_start)):
        return True
    if _FORMULATION_AROUND.search(s, max(0, v.surface_start - 30), v.surface_start) or _FORMULATION_AFTER.match(
            s, v.surface_end):
        return True
    if m is not None and m.end <= v.start and _OTHER_EVENT_AFTER.match(s, v.end):
        return True
    if _NONE_OF_IT_AFTER.match(s, v.end) and m is not None and m.start > v.end:
        return True
    if _HETEROGENEITY_BEFORE.search(s, max(0, v.surface_start - 25), v.surface_start):
        return True
    return v.metric in _RELATIVE_METRICS and v.kind == "percent" and (
        _RELATIVE_AFTER.match(s, v.surface_end) is not None
        or _RELATIVE_BEFORE.search(s, max(0, v.surface_start - 60), v.surface_start) is not None)


_EVENTS_AFTER = Rule("judge.events_after", r"\s*(?:events?|curves?|benefit|advantage|analys[ie]s|data|difference)\b", flags=re.IGNORECASE,
    examples=[(' events were', ' events'), (' curves', ' curves')],
    not_examples=[' was 40%'],
    note="a survival word followed by 'events', 'curves', 'benefit', ...: no survival figure",
)


def is_complete(s: str, v: Value) -> bool:
    if v.metric in SURVIVAL and v.unit == "percent":
        if v.timepoint is None:  # "OS was 51.0% versus 49.5%": a rate at the trial's own time, when plainly stated
            return v.bound == "=" and v.mention is not None and v.mention.end <= v.start and not _EVENTS_AFTER.match(s, v.mention.end)
        return v.timepoint[-1] in "ymwd"
    if v.metric == "followup" and v.unit == "percent":
        return False
    if v.metric in ("mortality",) and v.kind == "all":
        return False
    if v.kind == "all" and v.metric not in ("relief", "cc"):
        return False
    return True


# ---------------------------------------------------------------------------------------------------------------
# arms
PROCEDURE_SHARE = Rule(
    "judge.procedure_share", r"^\s*(?:\w+\s+){0,3}?(?:also\s+|later\s+|subsequently\s+)?(?:required|requiring|needed|underwent|received|were\s+given|"
    r"had\s+(?:a|an|previously|prior)\b|was\s+performed|were\s+performed|were\s+treated|were\s+operated|were\s+excluded|"
    r"were\s+included|were\s+male|were\s+female|were\s+men|were\s+women|presented|had\s+received|were\s+converted|"
    r"needed)\b",
    flags=re.IGNORECASE,
    examples=[(' required reoperation', ' required'), (' of them underwent surgery', ' of them underwent')],
    not_examples=['died'],
    note="a percent of patients who had a procedure or trait ('12% required ...'): not an outcome rate",
)
