"""The figure extractor: a record's text -> outcome figures with provenance.

Per sentence (see docs/extraction.md):
1. find the pieces: metric mentions (lexicon), timepoints, values (percent,
   time, hazard ratio, "no deaths", "all patients", counts), CIs and ranges,
   p-values, and the group phrase that follows each value;
2. attach each value to the metric it belongs to (nearest compatible mention,
   a quantity noun such as "age" or "stay" in between blocks it);
3. assign timepoints (lists map in order), arms (own phrase, a shared phrase,
   "respectively" over arms named earlier, "in both groups") and p-values (a
   p goes to the figures of its comparison, printed before it).
"""
from __future__ import annotations

from nettool import _re as re
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

from nettool.extract import lexicon
from nettool.extract.numbers import (
    BOUND, DASH, FRACTION, NS, NUM, NUMBER_WORDS, P_VALUE, RANGE_SEP, WORD_NUM, bound_of, fraction_value, number_value,
    p_value_of, parse_num,
)
from nettool.extract.patterns import trie_alternation
from nettool.extract.sentences import split_sentences
from nettool.extract.arms import find_arms
from nettool.models import Arm, Figure, Record

TIME_METRICS = {"os", "dss", "pfs", "dfs", "followup"}
SURVIVAL = {"os", "dss", "pfs", "dfs"}
RATE_METRICS = {"cc", "relief", "morbidity", "mortality", "recurrence", "os", "dss", "pfs", "dfs"}

# ---------------------------------------------------------------------------------------------------------------
# compiled vocabulary
_TERM_KIND: dict[str, str] = {}
_TERM_ID: dict[str, str] = {}
_parts = []
for _i, (_id, _kind, _pat, _ex) in enumerate(lexicon.TERMS):  # order matters: specific terms come first
    _TERM_KIND[f"t{_i}"] = _kind
    _TERM_ID[f"t{_i}"] = _id
    _parts.append(f"(?P<t{_i}>{_pat})")
TERM_RE = re.compile("|".join(_parts), re.IGNORECASE)
_CUE = "|".join(
    [trie_alternation([w[0].upper() + w[1:] for w in lexicon.CUE_STEMS] + list(lexicon.CUE_STEMS)
                      + list(lexicon.CUE_ABBREVIATIONS))] + list(lexicon.CUE_PATTERNS))
# the vocabulary, tried only at a word boundary where a cue starts (one scan in C, no Python loop over cue hits);
# every cue starts with a word character or "/", and testing that first skips the boundaries at word ends
MENTION_RE = re.compile(rf"\b(?=[\w/])(?=(?-i:{_CUE}))(?:{TERM_RE.pattern})", re.IGNORECASE)
SYMPTOM_RE = [(re.compile(p, re.IGNORECASE), name) for p, name in lexicon.SYMPTOMS]

_D = f"[{DASH}]"
_UNIT_WORD = r"(?:years?|yrs?|months?|mos?|weeks?|wks?|days?)"
_TP_NUM = rf"(?:\d+(?:\.\d+)?|{WORD_NUM})"
# "5-year", "five-year", "10-yr", "30-day", "1-, 3- and 5-year", "5- and 10-year"
TP_ADJ = re.compile(
    rf"(?<![\w.]){_TP_NUM}(?:{_D}|\s+)?(?:,\s*{_TP_NUM}{_D}?)*(?:,?\s*(?:and|or|&)\s*{_TP_NUM}{_D}?)?\s*{_D}?\s*"
    rf"(?P<u>year|yr|month|mo|week|day)(?:s(?=\s+(?-i:(?:PFS|OS|DFS|RFS|DSS|CSS)\b)|\s+(?:overall|progression|disease|recurrence|relapse|survival)))?"
    rf"(?![\w])(?!\s+(?:old|of\s+age|later|earlier|ago|after|before|period|history))",
    re.IGNORECASE,
)
TP_NUM_IN = re.compile(_TP_NUM, re.IGNORECASE)
# "at 5 years", "within 90 days", "by 3 years"
# "at 5 years", "within 90 days", "at 1, 3 and 5 years"
TP_PREP = re.compile(
    rf"\b(?:at|within|by|after)\s+(?P<n>{_TP_NUM}(?:\s*,\s*{_TP_NUM})*(?:\s*,?\s*(?:and|or|&)\s*{_TP_NUM})?)\s*"
    rf"(?P<u>years?|months?|days?|weeks?)\b",
    re.IGNORECASE,
)

# "at day 90", "by day 28": a day count as a timepoint
TP_DAY = re.compile(r"\b(?:at|on|by|until|through|to)\s+day\s+(?P<n>\d{1,3})\b", re.IGNORECASE)

PERCENT = re.compile(rf"(?P<n>{NUM})\s*(?:%|\s?per\s?cent\b|\s?percent\b)", re.IGNORECASE)
TIME = re.compile(
    rf"(?P<n>{NUM})(?:\s*|{_D})(?P<u>years?|yrs?|months?|mo\b|mos\b|weeks?|wks?|days?)\b", re.IGNORECASE
)
BOUND_BEFORE = re.compile(rf"(?P<b>{BOUND})\s*$", re.IGNORECASE)


def _bounded(s: str, m: re.Match[str]) -> tuple[int, str]:
    """The start of a value with its bound word, and the bound: '≥ 97%', 'more than 90%'."""
    a = m.start("n")
    bm = BOUND_BEFORE.search(s, max(0, a - 24), a)
    if bm and (bm.start() == 0 or not s[bm.start() - 1].isalnum() or not bm.group("b")[0].isalpha()):
        return bm.start(), bound_of(bm.group("b"))
    return a, "="
HR = re.compile(
    rf"\b(?:(?:adjusted|pooled|overall|summary|multivariable|multivariate)\s+)?(?:hazard\s+ratios?|(?-i:a?HRs?))"
    rf"(?:\s*[(\[](?-i:a?HR)[)\]])?(?:\s+(?:for|of)\s+(?:death|mortality|survival|recurrence|progression|os|dss|pfs|dfs|rfs)\b)?"
    rf"\s*(?:[:=,]|was|of|is)?\s*(?P<n>{NUM})(?!\s*%)",
    re.IGNORECASE,
)
CI = re.compile(
    rf"(?:95\s*%|95\s+per\s?cent)\s*(?:CI|confidence\s+intervals?|C\.I\.)(?:\s*[\[(]CI[\])])?\s*(?:[:,=]|was|of)?\s*"
    rf"\[?\(?\s*(?P<lo>[{DASH}]?{NUM})\s*(?:%|{_UNIT_WORD}\b)?{RANGE_SEP.replace('to)', 'to|,|and)')}(?P<hi>[{DASH}]?{NUM})\s*(?:%|{_UNIT_WORD}\b)?"
    rf"|(?:CI|confidence\s+interval)\s*(?:95\s*%)?\s*[:,]?\s*(?P<lo2>{NUM})\s*%?{RANGE_SEP}(?P<hi2>{NUM})\s*%?",
    re.IGNORECASE,
)
RANGE = re.compile(
    rf"(?:\b(?P<k>range|IQR|interquartile\s+range|ranging\s+(?:from|between))\b\s*(?:[:,=]|of|was)?\s*(?P<lo>{NUM})\s*{_UNIT_WORD}?(?:{RANGE_SEP}|\s+and\s+)"
    rf"(?P<hi>{NUM}))",
    re.IGNORECASE,
)
# "41 of 58", "43/49", "26 of 32 symptomatic patients"
COUNT = re.compile(rf"(?P<e>\d(?<![\w.,/\-\u2013]\d)\d*)\s*(?:/|\s+of\s+(?:the\s+)?|\s+out\s+of\s+)(?P<t>\d+)(?![\d/%]|[.,]\d)")
ZERO_DEATH = re.compile(
    rf"\b(?:no|zero|nil|none\s+of\s+the)\s+(?:patients?\s+|one\s+)?(?:(?:peri-?operative|post-?operative|operative|in-?hospital|"
    rf"hospital|surgical|early|procedure[-\s]related|treatment[-\s]related|(?:\d+|{WORD_NUM}){_D}?day)\s+)*"
    rf"(?:deaths?|mortality|died)\b"
    rf"|\bno\s+(?:patients?|one)\s+died\b|\bwithout\s+(?:any\s+)?(?:peri-?operative\s+|post-?operative\s+)?mortality\b"
    rf"|\bmortality\s+(?:rate\s+)?(?:was|of)\s+(?:nil|zero|none)\b",
    re.IGNORECASE,
)
ALL_PATIENTS = re.compile(
    r"\ball\s+(?:of\s+(?:them|these|those|the)\b(?:\s+patients)?|(?:the\s+)?(?:patients|cases|subjects|recipients))\b",
    re.IGNORECASE,
)
WORD_FRACTION = re.compile(rf"\b{FRACTION}\b", re.IGNORECASE)
# a zero as the second item of a list after a percent: "2.0% (1/49) after gastrectomy and nil after local excision"
_PERCENT_BEFORE = re.compile(r"\d\s*%[^;%]*$")
NIL_IN_LIST = re.compile(
    r"\b(?:and|but|whereas|while|versus|vs\.?|compared\s+with)\s+(?P<z>nil|none|zero)\b"
    r"(?!\s+(?:of|had|has|have|were|was|is|are|patients?|deaths?|died|mortality|cases?))",
    re.IGNORECASE,
)
WORD_OF = re.compile(rf"\b(?P<e>{WORD_NUM})\s+(?:of|in|out\s+of)\s+(?P<t>{WORD_NUM})\b", re.IGNORECASE)
BOTH_GROUPS = re.compile(r"^\s*(?:in|for)\s+(?:both|all|each\s+of\s+the)\s+(?:groups|arms|cohorts|subgroups)\b", re.I)
PAREN = re.compile(r"\s*\([^()]*\)")
_CLOSE = re.compile(r"\s*[)\]](?=\s+[a-z])")
COND_PREFIX = re.compile(
    r"^(?P<c>(?:After|Following|Among|In|For|With|Without|Within)\s+[^,;:]{3,160}?),\s+", re.IGNORECASE
)
# a threshold or definition around a percent: "debulking of > 90%", "Ki-67 < 3%", "(>= 90%) cytoreduction"
THRESH_BEFORE = re.compile(
    r"(?:Ki[-\u2010\u2013 ]?67(?:\s+(?:index|labell?ing\s+index|LI|proliferation\s+index))?|threshold|target|cut[-\s]?off|"
    r"grade|G\d|index|score|ratio|exceeding|weight\s+loss)\s*(?:of|was|is|[:=])?\s*(?:\(?\s*)?(?:%s\s*)?$"
    r"|(?:debulking|cytoreduction|removal|resection|reduction|involvement|replacement|burden|decrease|fell|dropped|"
    r"declined|increase|increased|decreased|loss|change)\s+(?:of|by|in)\s+(?:%s\s*)?$" % (BOUND, BOUND),
    re.IGNORECASE,
)
_DEFINED = re.compile(r"\b(?:defin\w*\s+(?:as|by)|dichotomi[sz]\w*|categori[sz]\w*|stratified)\b[^;.]*$|\bcut[-\s]?off\b[^;.]*$", re.IGNORECASE)
_BOUND_START = re.compile(BOUND, re.IGNORECASE)
_CI_LEVEL = re.compile(r"\s*(?:CI|C\.I\.|Cl\b|credible|confiden\w*\s+(?:interval|limit)|uncertainty\s+interval)", re.IGNORECASE)
_BOUNDED_LIST = re.compile(rf"^\s*,\s*(?:≥|⩾|≤|⩽|>|<|>=|<=)\s*{NUM}\s*%")
_SD_BEFORE = re.compile(r"(?:±|\+/-|\+-|\bSD\s*[:=]?|\bSE\s*[:=]?|\bstandard\s+deviation\s+(?:of\s+)?)\s*$", re.IGNORECASE)
THRESH_AFTER = re.compile(
    r"^\s*(?:of\s+(?:the\s+)?(?:hepatic|liver|tumou?r|disease|metasta\w*|volume|burden|lesions?|parenchyma|"
    r"the\s+liver|visible)|threshold|cut[-\s]?off|debulking|cytoreduction|or\s+(?:more|less|higher|lower|greater|above|below)|"
    r"(?:\)\s*)?(?:cytoreduction|debulking)|in\s+(?:tumou?r\s+)?(?:size|volume)|"
    r"(?:of\s+(?:it|the\s+\w+)\s+)?(?:was|were|is|are)\s+(?:removed|resected|excised|debulked|cytoreduced|ablated))",
    re.IGNORECASE,
)
EVENT_DENOM = re.compile(
    r"^\s*of\s+(?:the\s+)?(?:those|patients|recipients|cases)\s+(?:who|that|with)\s+(?:had\s+)?"
    r"(?:relapsed|recurred|died|progressed|recurrence|relapse|progression|death)"
    r"|^\s*of\s+(?:all\s+)?(?:the\s+)?(?:recurrences|relapses|deaths|failures|complications|events)"
    r"|^\s*of\s+(?:the\s+|our\s+|all\s+)?(?:whole\s+|entire\s+|study\s+)?(?:cohort|sample|population|participants|respondents)\s*\)",
    re.IGNORECASE,
)

_GROUP_LEAD = re.compile(
    r"^\s*(?:of\s+(?:all\s+)?(?:the\s+)?(?P<pop>patients|those|cases|subjects|recipients|individuals|operations|resections|survivors)\s*"
    r"|(?:deaths?|events?|participants|patients|subjects|cases|women|men|children)\s+(?=in\s+the\b|among\s|from\s+the\b)"
    r"|(?:occurred|were\s+(?:seen|observed|recorded|reported|noted)|was\s+(?:seen|observed|recorded|reported|noted))\s+(?=in\s+the\b))?"
    r"(?P<prep>from(?=\s+the\b)|with(?:out)?|after|following|for|among|in(?:\s+the)?(?:\s+(?:patients|those|cases))?(?:\s+(?:with|who|that|undergoing|receiving|after|treated))?|"
    r"who\s+(?:had\s+)?(?:underwent|received|had|were|met|did)|that\s+(?:underwent|received|had)|undergoing|receiving|treated\s+(?:with|by)|"
    r"when|within|outside|of)\s+",
    re.IGNORECASE,
)
_GROUP_STOP = re.compile(
    r"\s*(?:[,;:()\[\]]|\.(?:\s|$)|\b(?:vs|versus|compared|whereas|while|but|than|respectively|was|were|had|has|"
    r"is|are|did|corresponding)\b|\band\s+(?:in|for|after|with|of|among|to|all|both)\s|\b(?:and\s+(?:in\s+|for\s+|after\s+|with\s+|of\s+|among\s+|to\s+)?(?:those|the\s+|patients|\d|[≥≤<>]|\.\d)|"
    r"at\s+(?:\d|one|two|three|four|five|ten)|within\s+\d|(?-i:[Pp])\s*[=<>≤]|in\s+(?:both|all|each)|"
    r"(?:which|who|that)\s+(?:was|were)|during|on\s+multivariable|on\s+multivariate|(?-i:HR)|hazard|for\s+the|"
    r"to\s+(?:\d|[≥≤<>])|in\s+(?:the\s+)?(?:\w+\s+)?(?:studies|trials|series)\b|accounting|reflecting|suggesting|indicating|(?:later\s+|subsequently\s+|also\s+)?(?:required|needed|underwent|received|"
    r"developed|occurred|experienced|achieved|died|survived|presented|remained|showed|reported|improved|lived)\b))|$",
    re.IGNORECASE,
)
_GENERIC_GROUP = re.compile(
    r"^(?:patients?|those|them|all|all\s+patients|the\s+whole\s+cohort|the\s+entire\s+cohort|whole\s+cohort|"
    r"entire\s+cohort|the\s+cohort|cohort|overall|the\s+study\s+population|the\s+series|total|surgery|the\s+operation|"
    r"operation|the\s+procedure|this\s+group|the\s+group|survivors|the\s+study|patients\s+overall|"
    r"this\s+cohort|our\s+cohort|the\s+series\s+overall|(?:the\s+)?(?:entire|whole|overall)(?:\s+(?:cohort|series|group|population))?|"
    r"(?:all\s+)?(?:operations|procedures|resections|cases|lesions|ablated\s+lesions|\d+\s+ablated\s+lesions|episodes|"
    r"admissions)|(?:the\s+|all\s+|both\s+|each\s+of\s+the\s+)?(?:two|three|four|five|\d+)?\s*(?:groups|arms|cohorts|subgroups))$",
    re.IGNORECASE,
)
_TRIM_LEAD = re.compile(
    r"^(?:(?:the|a|an|all|both|patients|those|cases|subjects)\s+)*(?:(?:with|who\s+(?:had\s+)?(?:underwent|received|had|were)|"
    r"that\s+(?:underwent|received|had)|undergoing|receiving|treated\s+with|in|for|after|following|among)\s+)?(?:(?:the|a|an)\b\s*)?",
    re.IGNORECASE,
)
_TRIM_TAIL = re.compile(
    r"\s+(?:patients|recipients|cases|subjects|group|arm|cohort|subgroup|participants|alone\s+group)$", re.IGNORECASE
)
_VS = re.compile(r"\b(?:vs\.?|versus|compared\s+with|compared\s+to|as\s+against)\s", re.IGNORECASE)
_PAREN_VS = re.compile(
    r"\(\s*(?P<a>[A-Za-z][^();,]{0,40}?)\s+(?:vs\.?|versus)\s+(?P<b>[A-Za-z][^();,]{0,40}?)\s*[;,)]", re.IGNORECASE
)
_RESPECTIVELY = re.compile(r"\brespectively\b|\bcorresponding\b", re.IGNORECASE)
_HR_SUBJ_VERB = re.compile(
    r"\b(?:was|were|remained|is|are)\s+(?:(?:also|still|an?|the)\s+)?(?:independently\s+|significantly\s+|strongly\s+)?"
    r"(?:associated|protective|predictive|prognostic|linked|related|an\s+independent|independent)|"
    r"\b(?:predicted|had|showed|conferred|reduced|increased|improved|decreased|prolonged|carried|doubled)\b",
    re.IGNORECASE,
)
_BAD_SUBJECT = re.compile(
    r"^(?:it|this|that|there|the\s+difference|the\s+benefit|the\s+effect|the\s+risk|survival|the\s+association|"
    r"the\s+hazard|which|multivariable|multivariate|on\s+multivariable|median|mean)\b",
    re.IGNORECASE,
)
_AGE_NEAR = re.compile(r"\b(?:aged?|age\s+(?:of|was|at))\s*(?:≥|>=|<|>|≤|over|under|above|below)?\s*$", re.IGNORECASE)
# an age or a cut-off, not a time: "patients over 75 compared with 11.6 years", "aged 70 or younger"
_AGE_OR_BOUND_BEFORE = re.compile(
    rf"(?:\b(?:aged?|over|under|above|below|older\s+than|younger\s+than)|{BOUND})\s*$", re.IGNORECASE)
_PCT_LIST_TAIL = re.compile(rf"(?<![\w,/])(?<!\d\.)(?P<n>{NUM})\s*(?:vs\.?|versus)\s*$", re.IGNORECASE)
_NUM_LIST_TAIL = re.compile(rf"(?:(?P<n>{NUM})\s*(?:,\s*and|,|and|or|vs\.?|versus|to|compared\s+with)\s*)$", re.IGNORECASE)


@dataclass(slots=True)
class Mention:
    kind: str  # metric name or "block"
    start: int
    end: int
    text: str
    term: str = ""  # the lexicon TERM id that matched


@dataclass(slots=True)
class TP:
    start: int
    end: int
    values: list[str]


@dataclass(slots=True)
class Value:
    kind: str  # percent | time | hr | zero | all
    start: int
    end: int
    value: float
    surface_start: int
    surface_end: int
    bound: str = "="
    unit: str = "percent"
    low: float | None = None
    high: float | None = None
    events: int | None = None
    total: int | None = None
    group: str | None = None
    group_span: tuple[int, int] | None = None
    metric: str | None = None
    mention: Mention | None = None
    timepoint: str | None = None
    measure: str = "rate"
    p_value: float | None = None
    p_set: bool = False
    both: bool = False
    tp_index: int = -1
    symptom: str | None = None
    condition: str | None = None
    dead: bool = False
    derived: bool = False
    sd: bool = False  # a mean printed with its SD
    why: dict[str, str] = field(default_factory=dict)  # slot -> id of the rule that filled it (Figure.why)


@dataclass
class Context:
    """What a record's earlier sentences established: arms named, the last HR's group."""

    arms: list[str] = field(default_factory=list)
    study_arms: list[Arm] = field(default_factory=list)
    surgical: bool = True  # the abstract describes an operation
    randomised: bool = False  # the abstract reports a randomised trial
    last_hr_group: str | None = None
    last_hr_metric: str | None = None  # the endpoint of the HRs of the last sentence with figures, if it had any


# ---------------------------------------------------------------------------------------------------------------
def extract_record(record: Record) -> list[Figure]:
    """Every outcome figure of one record, in text order."""
    return figures_and_arms(record)[0]


def figures_and_arms(record: Record) -> tuple[list[Figure], list[Arm]]:
    """Every outcome figure of one record, and the study arms the extractor found for them."""
    figures: list[Figure] = []
    body = record.body()
    joined = " ".join(chunk for _, chunk in body)
    ctx = Context(study_arms=find_arms(joined), surgical=_is_surgical(joined[:8000]),
                  randomised=_RANDOMISED.search(joined[:8000]) is not None)
    for offset, chunk in body:
        for start, sentence, section in split_sentences(chunk, offset, keep=_may_hold_figure):
            if _BACKGROUND.match(section) or _quotes_literature(sentence):
                continue
            for v in _sentence_values(sentence, ctx):
                _arm_size(v, ctx)
                figures.append(_to_figure(record, sentence, start, v))
    return figures, ctx.study_arms


_RANDOMISED = re.compile(
    r"\b(?:(?:were|was|been|being)\s+(?:\w+\s+)?randomi[sz]ed|randomly\s+(?:assigned|allocated|divided)|randomi[sz]ation\b|"
    r"randomi[sz]ed,?\s+(?:\w+[-\s,]+){0,3}?(?:controlled|clinical|phase|double|open|multi-?cent\w*|placebo|prospective|"
    r"non-?inferiority)\b)", re.I)


def _why(v: Value, slot: str, rule: str, mention: Mention | None = None) -> None:
    """Record the rule that filled a slot of a value (and, for the metric, the lexicon term it linked to)."""
    v.why[slot] = f"{rule}:{mention.term}" if mention is not None and mention.term else rule


def _arm_size(v: Value, ctx: Context) -> None:
    """A percent of a named arm with a stated size gives derived events/total."""
    if v.unit != "percent" or v.total is not None or not v.group:
        return
    t = _tokens(v.group)
    hits = [a for a in ctx.study_arms if a.n and t and (t <= _tokens(a.name) or _tokens(a.name) <= t)]
    if len(hits) == 1 and v.group.lower().startswith("without") == hits[0].name.lower().startswith("without"):
        n = hits[0].n or 0
        events = v.value * n / 100.0
        if v.bound == "=" and abs(events - round(events)) <= 0.5 * n / 100.0 + 1e-9:
            v.total = n
            v.events = round(events) if v.events is None else v.events
            v.derived = True


def _to_figure(record: Record, sentence: str, start: int, v: Value) -> Figure:
    return Figure(
        metric=v.metric or "",
        measure=v.measure,
        value=v.value,
        unit=v.unit,
        surface=sentence[v.surface_start:v.surface_end],
        start=start + v.surface_start,
        end=start + v.surface_end,
        sentence=sentence,
        timepoint=v.timepoint,
        bound=v.bound,
        low=v.low,
        high=v.high,
        events=v.events,
        total=v.total,
        group=v.group,
        condition=v.condition,
        symptom=v.symptom,
        p_value=v.p_value,
        source=record.source,
        pmid=record.pmid,
        doi=record.doi,
        counts_derived=v.derived,
        why=dict(v.why),
    )


# figures quoted from earlier work are not this study's results
_BACKGROUND = re.compile(r"^(?:background|introduction|context|rationale|importance|summary\s+background\s+data)\b")
_LITERATURE = re.compile(
    r"\b(?:ha(?:ve|s)\s+(?:been\s+)?reported|(?:previously|literature)\s+reported|reported\s+(?:in\s+the\s+literature|"
    r"previously|elsewhere)|rates?\s+of\s+up\s+to|previous\s+(?:studies|series|reports)|"
    r"registry\s+series|(?:earlier|prior|other)\s+(?:studies|series|reports)\s+(?:have|had|showed|reported)|"
    r"(?:reports|studies|series|authors|investigators|trials)\s+have\s+(?:described|shown|reported|suggested|found|"
    r"demonstrated)|as\s+high\s+as\s+\S+\s+(?:was|were|has\s+been|have\s+been)\s+reported|"
    r"(?:survival|mortality|morbidity|recurrence)\s+(?:rates?\s+)?of\s+up\s+to|"
    r"(?:in|from)\s+(?:most\s+|many\s+|several\s+|other\s+)?published\s+(?:series|studies|reports|data|literature))\b",
    re.IGNORECASE,
)
def _quotes_literature(sentence: str) -> bool:
    return next(_scan(_LITERATURE, sentence, sentence.lower()), None) is not None


# A cheap gate for a line or sentence: a metric word stem (in lower, Capitalized or UPPER case) or a metric
# abbreviation as printed, as one prefix-factored regex; a stem given with a tail ("control" + " of") is as narrow as
# the vocabulary's own pattern for it, so that common words ("control group", "following", "completed") do not pass.  tests/test_extract_lexicon.py checks that no line
# or sentence the engine reads a figure from is rejected.
_KEY_STEMS = (
    "surviv", "lived", "optimal", "relie", "palliat", "resol", "controlled", "disappear", "allevia", "ameliora", "subsid",
    "ceased", "morbid", "complication", "mortal", "death", "died", "recurr", "relaps", "progress", "free", "visible",
    "symptomatic", "improved", "improvement", "abolished", "abolition", "followed", ("follow", rf"[{DASH}\s]?ups?\b"),
    ("control", r"\s+of\b"), ("complete", r"\s|\s*\("), ("symptom", r"\s+(?:control|response)\b"),
    ("all", r"\s+(?:visible|macroscopic|gross)\b"), ("hazard", r"\s+ratio"),
)
# A hazard ratio needs a survival or death mention, which has its own key, or the endpoint of the HRs just before it.
_KEY_ABBREVIATIONS = ("R0", "DSS", "CSS", "PFS", "TTP", "DFS", "RFS", "OS", ("CC", rf"[{DASH}\s]?0"), ("HR", r"s?\b"))


def _cased(word: str | tuple[str, str]) -> list[str | tuple[str, str]]:
    """lower, Capitalized and UPPER forms of a key (its regex tail, if any, is matched ignoring case)."""
    lit, tail = (word, "") if isinstance(word, str) else word
    forms = {lit, lit[0].upper() + lit[1:], lit.upper()}
    return [f if not tail else (f, f"(?i:{tail})") for f in sorted(forms)]


_KEY_RE = re.compile(trie_alternation([v for w in _KEY_STEMS for v in _cased(w)] + list(_KEY_ABBREVIATIONS)))


# Every value the engine reads needs one of these (see `_values`): a digit followed by "%", "per cent", the start of
# a time unit (y, mo, we/wk, da), "/", "of" or "out" (percents, times, counts); or what a word-led value pattern
# needs (its entry in `_NEEDS`: all patients, no deaths, a hazard ratio, a fraction, a number word followed by of/in).
_DIGIT_VALUE = re.compile(rf"\d[{DASH}\s]*(?:%|/|[Pp][Ee][Rr]|[Yy]|[Mm][Oo]|[Ww][EeKk]|[Dd][Aa]|of\s|out\s)")
_ALL_HINT = re.compile(r"\ball\s+(?:of\s|the\s|patients|cases|subjects|recipients)")
_ZERO_HINT = re.compile(r"\b(?:no|zero|nil|none|without)\b")
_ANY_DIGIT = re.compile(r"\d")
_WORD_COUNT = re.compile(
    rf"(?:{trie_alternation(NUMBER_WORDS)}|hundred\s+and)\s+(?:of|in|out)\s")


def _may_hold_figure(text: str) -> bool:
    """A metric word stem and something a value can be read from; most lines and sentences fail here cheaply."""
    if _KEY_RE.search(text) is None:
        return False
    if _DIGIT_VALUE.search(text) is not None:
        return True
    low = text.lower()
    return any(_NEEDS[rx](text, low) for rx in _WORD_LED_VALUES)


_COMPARATOR = re.compile("[=<>\u2264\u2265\u2266\u2267]")


_LITERATURE_HINT = re.compile(
    r"report|previous|registry|studies|series|authors|investigators|trials|published|up\s+to")


def _has(*words: str):
    return lambda s, low: any(w in low for w in words)


# What each pattern needs before it can match (s: the sentence, low: it lower-cased).  Word-led patterns scan slowly
# (case-insensitive alternations tried at every position); the test in front costs a few substring searches.
# tests/test_extract_fastpaths.py checks that a pattern is never skipped where it would have matched.
_NEEDS: dict[re.Pattern[str], Callable[[str, str], bool]] = {
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
    _LITERATURE: lambda s, low: _LITERATURE_HINT.search(low) is not None,
}


# the value patterns that start with a word, not a digit: the gate asks for what one of them needs
_WORD_LED_VALUES = (HR, ALL_PATIENTS, ZERO_DEATH, WORD_FRACTION, WORD_OF)


def _scan(rx: re.Pattern[str], s: str, low: str) -> Iterator[re.Match[str]]:
    """rx.finditer(s), skipped when a word rx needs is missing."""
    return rx.finditer(s) if _NEEDS[rx](s, low) else iter(())


def _sentence_values(s: str, ctx: Context) -> list[Value]:
    mentions = _mentions(s)
    carry = None  # "The association was present for small-intestinal primaries (HR 0.49 ...)": the last HR's endpoint
    if not any(m.kind != "block" for m in mentions):
        if not ctx.last_hr_metric or not _HR_WORD.search(s) or not _BACK_REFERENCE.match(s):
            return []
        carry = ctx.last_hr_metric
    masked: list[tuple[int, int]] = []
    condition, lead_group = _lead_phrase(s, masked)
    mentions = [m for m in mentions if not _inside(m.start, masked)]
    # CIs, ranges, p-values
    low = s.lower()
    cis = [(m.start(), m.end(), _lo_hi(m)) for m in _scan(CI, s, low)]
    ranges = [(m.start(), m.end(), (parse_num(m.group("lo")), parse_num(m.group("hi")))) for m in _scan(RANGE, s, low)]
    ps = [(m.start(), m.end(), p_value_of(m)) for m in _scan(P_VALUE, s, low)]
    ps += [(m.start(), m.end(), None) for m in _scan(NS, s, low)]
    ps.sort()
    for a, b, _ in cis + ranges + ps:
        masked.append((a, b))
    mentions = [m for m in mentions if not _inside(m.start, masked)]  # "95% confidence interval": no block
    tps = _timepoints(s, low, masked)
    values = _values(s, low, masked, tps)
    if not values:
        return []
    _attach_ci(s, values, cis, ranges)
    _own_groups(s, values, ctx)
    group_spans = [v.group_span for v in values if v.group_span]
    mentions = [m for m in mentions if not any(a <= m.start < b for a, b in group_spans)]
    _attach_metrics(s, values, mentions, carry, {t for a in ctx.arms + [x.name for x in ctx.study_arms] for t in _tokens(a)})
    _pair_metric_list(s, values, mentions)
    values = [v for v in values if v.metric and not v.dead]
    if not values:
        return []
    _attach_timepoints(s, values, tps)
    values = [v for v in values if _complete(s, v) and _plausible(s, v, ctx.surgical) and not _complication_type(s, v, ctx)
              and not _statistic_or_difference(s, v)]
    if not values:
        return []
    _attach_groups(s, values, ctx, lead_group)
    _attach_p(s, values, ps)
    _attach_symptoms(s, values)
    out: list[Value] = []
    for v in values:
        if v.condition is None and condition:
            v.condition = condition
        if v.both:
            arms = _arms_for(values, ctx, 2)
            if arms:
                for a in arms:
                    c = replace(v, why=dict(v.why))
                    c.group = a
                    _why(c, "group", "group.both_arms")
                    out.append(c)
                continue
        out.append(v)
    _remember(out, ctx)
    return out


_LEAD_VERB = re.compile(
    r"\b(?:was|were|is|are|had|has|have|did|occurred|developed|died|achieved|underwent|received|showed|reached|improved)\b",
    re.IGNORECASE,
)


_DISCOURSE = re.compile(
    r"^(?:In|For|With)\s+(?:addition|contrast|conclusion|summary|particular|total|general|comparison|brief|short|sum|"
    r"fact|practice|turn|(?:this|the\s+present|the\s+current|our|the)\s+(?:\w+\s+)?(?:study|trial|series|analysis|cohort|"
    r"population|report))\b",
    re.IGNORECASE)


def _lead_phrase(s: str, masked: list[tuple[int, int]]) -> tuple[str | None, str | None]:
    """'After complete cytoreduction, median OS ...' -> condition; 'In the subgroup with X, ...' -> group X.

    The lead phrase is masked: its numbers are thresholds or definitions, never figures.
    """
    cm = COND_PREFIX.match(s)
    if not cm:
        return None, None
    lead = cm.group("c")
    if _VS.search(lead) or _LEAD_VERB.search(lead) or TIME.search(lead):
        return None, None
    if _DISCOURSE.match(lead):  # "In addition, ...", "In this trial, ...": no condition
        return None, None
    for m in PERCENT.finditer(lead):
        if not _is_threshold(lead, m.start(), m.end()) and not _is_range_part(lead, m.start("n"), m.end()):
            return None, None
    masked.append((0, cm.end()))
    g = re.match(r"^(?:In|Among|For)\s+(?:the\s+)?(?:\d+\s+)?(?:subgroup|patients|those|subset|group)\s+(?P<w>with|without|who\s+had|of)\s+(.+)$", lead, re.I)
    if g:
        name = _clean_group(g.group(2))
        return None, (f"without {name}" if name and g.group("w").lower() == "without" else name)
    return lead, None


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < y and x < b for x, y in spans)


def _lo_hi(m: re.Match[str]) -> tuple[float, float] | None:
    lo, hi = m.group("lo") or m.group("lo2"), m.group("hi") or m.group("hi2")
    try:
        return parse_num(lo.replace("\u2212", "-").replace("\u2013", "-")), parse_num(hi.replace("\u2212", "-"))
    except ValueError:
        return None


def _mentions(s: str) -> list[Mention]:
    """Metric and quantity-noun mentions, left to right, never overlapping."""
    return [Mention(_TERM_KIND[m.lastgroup or ""], m.start(), m.end(), m.group(), _TERM_ID[m.lastgroup or ""])
            for m in MENTION_RE.finditer(s)]


_TP_UNIT = re.compile(r"(?:day|mo(?:nth)?|week|y(?:ear|r))s?(?!\w)")  # on lower-cased text: TP_ADJ needs one


def _timepoints(s: str, low: str, masked: list[tuple[int, int]]) -> list[TP]:
    out = []
    for m in _scan(TP_ADJ, s, low):
        if _inside(m.start(), masked):
            continue
        unit = m.group("u").lower()[0]
        nums = [x.group() for x in TP_NUM_IN.finditer(s, m.start(), m.start("u"))]
        vals = [_tp_string(n, unit) for n in nums]
        vals = [x for x in vals if x]
        if vals:
            out.append(TP(m.start(), m.end(), vals))
    for m in _scan(TP_PREP, s, low):
        if _inside(m.start(), masked):
            continue
        unit = m.group("u").lower()[0]
        vals = [_tp_string(x.group(), unit) for x in TP_NUM_IN.finditer(s, m.start("n"), m.end("n"))]
        vals = [x for x in vals if x]
        if vals:
            out.append(TP(m.start(), m.end(), vals))
    for m in _scan(TP_DAY, s, low):
        if not _inside(m.start(), masked):
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


def _values(s: str, low: str, masked: list[tuple[int, int]], tps: list[TP]) -> list[Value]:
    """Every value of the sentence ``s`` (``low`` is it lower-cased: a word-led pattern is run only when a word it
    needs is there)."""
    vals: list[Value] = []
    taken: list[tuple[int, int]] = list(masked)
    tp_spans = [(t.start, t.end) for t in tps]
    # zero mortality phrases
    for m in _scan(ZERO_DEATH, s, low):
        if _overlaps(m.start(), m.end(), taken):
            continue
        v = Value("zero", m.start(), m.end(), 0.0, m.start(), m.end(), why={"value": "value.zero_death"})
        v.metric = "mortality"
        vals.append(v)
        taken.append((m.start(), m.end()))
    # hazard ratios
    for m in _scan(HR, s, low):
        if _inside(m.start("n"), taken):
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
        if _overlaps(m.start("n"), m.end("n"), taken):
            continue
        if (_is_range_part(s, m.start("n"), b) or _is_threshold(s, a, b) or _SD_BEFORE.search(s, max(0, a - 25), a)
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
            if not lm or _overlaps(lm.start("n"), lm.end("n"), taken) or parse_num(lm.group("n")) > 100:
                break
            w = Value("percent", lm.start("n"), lm.end("n"), parse_num(lm.group("n")), lm.start("n"), lm.end("n"),
                      why={"value": "value.percent_list"})
            vals.append(w)
            taken.append((lm.start("n"), lm.end("n")))
            pos = lm.start("n")
    # times
    for m in TIME.finditer(s):
        a, bnd = _bounded(s, m)
        b = m.end()
        if _overlaps(a, b, taken) or _overlaps(a, b, tp_spans):
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
                if not _overlaps(na, nb, taken):
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
            if not lm or _overlaps(lm.start("n"), lm.end("n"), taken) or _AGE_OR_BOUND_BEFORE.search(
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
        if _overlaps(m.start(), m.end(), taken):
            continue
        e, t = int(m.group("e")), int(m.group("t"))
        if not (0 < t and e <= t) or _near_percent(s, m.end()) or re.search(rf"{NUM}\s*%[^()]{{0,30}}[(,;]\s*$", s[max(0, m.start() - 45):m.start()]):
            continue
        v = Value("percent", m.start(), m.end(), round(100.0 * e / t), m.start(), m.end(), events=e, total=t,
                  why={"value": "value.count"})
        vals.append(v)
        taken.append((m.start(), m.end()))
    for m in _scan(WORD_OF, s, low):
        if _overlaps(m.start(), m.end(), taken):
            continue
        e, t = number_value(m.group("e")), number_value(m.group("t"))
        if e is None or not t or e > t or _near_percent(s, m.end()):
            continue
        v = Value("percent", m.start(), m.end(), round(100.0 * e / t), m.start(), m.end(), why={"value": "value.word_count"})
        vals.append(v)
        taken.append((m.start(), m.end()))
    for m in _scan(WORD_FRACTION, s, low):
        if _overlaps(m.start(), m.end(), taken):
            continue
        if _near_percent(s, m.end(), 30):
            continue
        fv = fraction_value(m.group())
        if fv is None:
            continue
        vals.append(Value("percent", m.start(), m.end(), fv, m.start(), m.end(), why={"value": "value.fraction"}))
        taken.append((m.start(), m.end()))
    for m in _scan(ALL_PATIENTS, s, low):
        if _overlaps(m.start(), m.end(), taken) or _near_percent(s, m.end(), 25):
            continue
        vals.append(Value("all", m.start(), m.end(), 100.0, m.start(), m.end(), why={"value": "value.all_patients"}))
        taken.append((m.start(), m.end()))
    for m in _scan(NIL_IN_LIST, s, low):
        if not _overlaps(m.start("z"), m.end("z"), taken) and _PERCENT_BEFORE.search(s, max(0, m.start() - 90), m.start()):
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


def _is_range_part(s: str, a: int, b: int) -> bool:
    before = s[max(0, a - 14):a]
    if (re.search(rf"(?:{NUM}\s*%\s*(?:[{DASH}]|to)|(?<![\d.])\d{{1,3}}(?:[.\u00b7]\d+)?\s*[{DASH}])\s*$", before)
            and not re.search(r"\bCI\b", s[max(0, a - 30):a])):
        return True
    after = s[b:b + 12]
    return bool(re.match(rf"^\s*(?:[{DASH}]|to)\s*{NUM}\s*%", after))


def _is_threshold(s: str, a: int, b: int) -> bool:
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


def _attach_ci(s: str, values: list[Value], cis: list, ranges: list) -> None:
    for a, b, lohi in cis + ranges:
        if lohi is None:
            continue
        prev = [v for v in values if v.end <= a]
        if not prev:
            continue
        v = max(prev, key=lambda x: x.end)
        gap = s[v.end:a]
        if len(gap) > 40 or re.search(r"[.]\s|\b(?:vs|versus|and|compared)\b", gap):
            continue
        if v.low is None:
            v.low, v.high = lohi
            v.end = max(v.end, b)


# a sentence that refers back to the previous one's comparison: "The association was present for ..."
_BACK_REFERENCE = re.compile(
    r"^(?:(?:However|Moreover|Furthermore|Similarly|In\s+addition|Likewise),?\s+)?(?:the|this|that|such|these|a\s+similar)\s+"
    r"(?:association|effect|benefit|advantage|difference|relationship|relation|survival\s+benefit)s?\b",
    re.IGNORECASE,
)
_HR_WORD = re.compile(r"\bHRs?\b|\bhazard\s+ratios?\b", re.IGNORECASE)
_SPECIFIC_BEFORE = re.compile(r"\b(?:disease|cancer|tumou?r|NET|NEN)[-\s](?:specific|related)\s*$", re.IGNORECASE)


def _attach_metrics(s: str, values: list[Value], mentions: list[Mention], carry: str | None = None,
                    arms: set[str] | None = None) -> None:
    clauses = _clause_bounds(s)
    for v in values:
        if v.kind == "zero":
            v.mention = next((m for m in mentions if m.kind == "mortality" and m.start >= v.start and m.end <= v.end), None)
            _why(v, "metric", "metric.zero_death", v.mention)
            continue
        if v.kind == "hr":
            surv = [m for m in mentions if m.kind in SURVIVAL or m.kind == "mortality"]
            before = [m for m in surv if m.end <= v.start]
            after = [m for m in surv if m.start >= v.end]
            pick = before[-1] if before else (after[0] if after else None)
            if pick is None:
                if carry:  # a sentence with no endpoint at all, right after one whose HRs had one
                    v.metric = carry
                    _why(v, "metric", "metric.hr_previous_sentence")
                else:
                    v.dead = True
                continue
            v.mention = pick
            if pick.kind == "mortality":  # "HR for death": OS; "disease-specific death": DSS
                v.metric = "dss" if _SPECIFIC_BEFORE.search(s, max(0, pick.start - 30), pick.start) else "os"
                _why(v, "metric", "metric.hr_of_death", pick)
            else:
                v.metric = pick.kind
                _why(v, "metric", "metric.hr_endpoint_before" if pick.end <= v.start else "metric.hr_endpoint_after", pick)
            continue
        lo, hi = _clause_of(v.start, clauses)
        pick = None
        stated = v.events is not None and v.total is not None
        # "70% of patients had died": the value is the subject's share, the outcome follows it
        nxt = next((m for m in mentions if m.start >= v.end), None)
        if (nxt is not None and nxt.kind != "block" and _compatible(v, nxt.kind)
                and not any(v.end <= x.start < nxt.start for x in values) and _SHARE_HAD.fullmatch(s, v.end, nxt.start)):
            v.mention, v.metric = nxt, nxt.kind
            _why(v, "metric", "metric.share_then_outcome", nxt)
            continue
        preceding = sorted((m for m in mentions if m.end <= v.start), key=lambda m: -m.end)
        for m in preceding:
            if m.kind == "block" and stated:
                continue
            if m.kind == "relief" and m.text.lower().endswith("ed") and any(
                    x.kind in SURVIVAL and 0 <= m.start - x.end <= 60 for x in mentions):
                continue  # "Progression-free survival at 3 years was improved from 38%": the survival improved
            if m.kind != "block" and _WEAK.search(s, max(0, m.start - 20), m.start) and any(
                    x.kind != "block" and _compatible(v, x.kind) and x.start >= lo for x in preceding if x.start < m.start):
                continue  # "survival measured from recurrence": the object of a preposition is not the outcome
            if m.kind == "block":
                if m.end > lo or v.start - m.end < 25:
                    pick = m
                    break
                continue
            if _compatible(v, m.kind):
                pick = m
                break
        if pick is None:
            for m in (m for m in mentions if m.start >= v.end and m.start < hi and m.start - v.end <= 80
                      and not re.search(r"[,;]|\band\s+(?:is|was|are|were)\b", s[v.end:m.start])
                      and not any(v.end <= x.start < m.start for x in values)):  # a nearer value owns it
                if m.kind == "block":
                    break
                if _compatible(v, m.kind):
                    pick = m
                    break
        if pick is None or pick.kind == "block":
            v.dead = True
            continue
        if pick.end <= v.start and _other_outcome_between(s, pick, v, arms):
            v.dead = True
            continue
        v.mention = pick
        v.metric = pick.kind
        _why(v, "metric", "metric.nearest_before" if pick.end <= v.start else "metric.nearest_after", pick)
        if v.sd:
            continue
        if v.kind == "time":
            window = s[max(0, pick.start - 40):v.start].lower()
            v.measure = "mean" if re.search(r"\bmean\b|\baverage\b", window) and "median" not in window[window.rfind("mean"):] else "median"


_SHARE_HAD = re.compile(
    r"\s*(?:\([^()]*\)\s*)?(?:of\s+(?:the\s+|all\s+|these\s+)?)?(?:patients|participants|subjects|cases|women|men|children)\s+"
    r"(?:had\s+|have\s+|has\s+|were\s+|was\s+)?(?:(?:already|subsequently|later|eventually|also)\s+)?", re.IGNORECASE)
_OTHER_OUTCOME = re.compile(
    r"\)\s*,?\s*(?:and|or|,)\s+(?:the\s+|an?\s+)?(?P<np>[A-Za-z][\w-]*(?:\s+(?!was\b|were\b|of\b)[A-Za-z][\w-]*){0,4})\s*\(\s*$")


_POPULATION_NP = re.compile(
    r"^(?:those|patients|subjects|participants|women|men|children|cases|in|among|for)\b|\b(?:with|without|who|aged)\b", re.I)


def _other_outcome_between(s: str, m: Mention, v: Value, arms: set[str] | None = None) -> bool:
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
    if om is None or any(x.kind != "block" for x in _mentions(om.group("np"))):
        return False
    if _POPULATION_NP.search(om.group("np")):
        return False  # "... or those with wild-type EGFR (0.9 vs. 2.0 months)": a subgroup, not an outcome
    return not (arms and _tokens(om.group("np")) and _tokens(om.group("np")) <= arms)


_WEAK = re.compile(r"\b(?:from|since|until|before|after|of|at)\s+(?:the\s+|first\s+|a\s+)?$", re.IGNORECASE)


_LIST_JOIN = re.compile(r"^\s*(?:,|and|or|,\s*and|&)\s*(?:(?:the\s+)?(?:median|mean)\s+)?$", re.IGNORECASE)


def _pair_metric_list(s: str, values: list[Value], mentions: list[Mention]) -> None:
    """'median PFS and OS were 2.8 and 13.2 months, respectively': k metrics, k values, paired in order."""
    if not _RESPECTIVELY.search(s):
        return
    i = 0
    while i < len(mentions):
        run = [mentions[i]]
        while i + len(run) < len(mentions) and _LIST_JOIN.match(s[run[-1].end:mentions[i + len(run)].start]):
            run.append(mentions[i + len(run)])
        if len(run) >= 2:
            nxt = mentions[i + len(run)].start if i + len(run) < len(mentions) else len(s)
            after = [v for v in values if run[-1].end <= v.start < nxt and v.kind != "zero"]
            k = len(after) // len(run) if after and len(after) % len(run) == 0 else 0
            # k values a metric: "PFS and OS for A vs. B were 72% vs. 47%, and 88% vs. 67%, respectively"
            if k == 1 or (k >= 2 and _chunks_joined(s, after, k)):
                for j, v in enumerate(after):
                    m = run[j // k]
                    if m.kind == "block" or not _compatible(v, m.kind):
                        v.dead = True
                    else:
                        v.mention, v.metric, v.dead = m, m.kind, False
                        _why(v, "metric", "metric.list_respectively", m)
        i += len(run)


def _chunks_joined(s: str, vals: list[Value], k: int) -> bool:
    """Within a chunk the values are compared ('vs', 'and'); between chunks a comma or semicolon separates them."""
    inner = [s[vals[i - 1].end:vals[i].start] for i in range(1, len(vals)) if i % k]
    all_vs = all(re.search(r"\b(?:vs\.?|versus)(?!\w)", g) for g in inner)
    for i in range(1, len(vals)):
        gap = s[vals[i - 1].end:vals[i].start]
        if i % k == 0:
            if not (re.search(r"[,;]", gap) or (all_vs and re.search(r"\band\b", gap))):
                return False
        elif re.search(r"[,;]", gap) or not re.search(r"\b(?:vs\.?|versus|and|to)(?!\w)|:", gap):
            return False
    return True


def _compatible(v: Value, kind: str) -> bool:
    if v.kind == "time":
        return kind in TIME_METRICS
    return kind in RATE_METRICS


_CLAUSE_CHARS = re.compile(r"[()\[\];]")


def _clause_bounds(s: str) -> list[int]:
    """Where the sentence's clauses start: after each semicolon outside brackets."""
    bounds = [0]
    if ";" in s:
        depth = 0
        for m in _CLAUSE_CHARS.finditer(s):
            ch = m.group()
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth = max(0, depth - 1)
            elif depth == 0:
                bounds.append(m.end())
    bounds.append(len(s) + 1)
    return bounds


def _clause_of(pos: int, bounds: list[int]) -> tuple[int, int]:
    for a, b in zip(bounds, bounds[1:]):
        if a <= pos < b:
            return a, b
    return 0, bounds[-1]


def _attach_timepoints(s: str, values: list[Value], tps: list[TP]) -> None:
    # values that share a metric mention form a series; a list of timepoints maps onto it in order
    series: dict[int, list[Value]] = {}
    for v in values:
        if v.mention is not None:
            series.setdefault(id(v.mention), []).append(v)
    for vs in series.values():
        for i, v in enumerate(vs):
            if v.kind == "hr" or v.unit != "percent":
                continue
            m = v.mention
            assert m is not None
            # right after the value: "84% at 5 years", "82% at 3 years"
            after = [t for t in tps if t.start >= v.end and len(t.values) == 1
                     and (t.start - v.end <= 4 or _OF_PATIENTS.fullmatch(s, v.end, t.start))
                     and s[t.start:t.start + 6].lower().startswith(("at", "withi", "by"))]
            if after:
                v.timepoint = after[0].values[0]
                _why(v, "timepoint", "timepoint.after_value")
                continue
            if v.kind == "zero":
                inner = [t for t in tps if v.start <= t.start and t.start - v.end <= 4]
                if inner:
                    v.timepoint = inner[0].values[0]
                    _why(v, "timepoint", "timepoint.inside_zero_phrase")
                continue
            # the metric's own timepoint: "5-year OS", "OS at 5 years", "Thirty-day mortality", "(5-year, 83% vs 57%)"
            cands = [t for t in tps if _tp_belongs(s, t, m, v)]
            rule = "timepoint.of_metric"
            if not cands and m.kind in SURVIVAL:
                # "... and the corresponding PFS rates were 78%, 39% and 21%": the sentence's earlier list
                earlier = [t for t in tps if t.end <= v.start]
                if earlier and (len(earlier[-1].values) == 1 or len(vs) % len(earlier[-1].values) == 0):
                    cands = earlier[-1:]
                    rule = "timepoint.earlier_list"
            if not cands:
                continue
            t = cands[-1]
            if len(t.values) == 1:
                v.timepoint = t.values[0]
                _why(v, "timepoint", rule)
            else:
                k = len(t.values)
                same = [x for x in vs if x.unit == "percent" and x.start > t.start]
                idx = same.index(v) if v in same else i
                v.timepoint = t.values[idx % k]
                v.tp_index = idx // k
                _why(v, "timepoint", rule if rule == "timepoint.earlier_list" else "timepoint.list_in_order")
    for v in values:
        if v.metric == "morbidity" and v.timepoint and not v.timepoint.endswith("d"):
            v.timepoint = None
            v.why.pop("timepoint", None)


# "72% of patients at 5 years": the population between a value and its timepoint
_OF_PATIENTS = re.compile(
    r"\s*of\s+(?:the\s+|all\s+)?(?:\w+\s+)?(?:patients|cases|subjects|participants|recipients)\s*", re.IGNORECASE)


def _tp_belongs(s: str, t: TP, m: Mention, v: Value) -> bool:
    if v.end <= m.start and m.end <= t.start and t.start - m.end <= 4:  # "75% ... were alive and disease-free at 5 years"
        return True
    if t.end <= m.start + 2:  # before the metric: adjectival, nothing in between
        gap = s[t.end:m.start]
        return m.start - t.end <= 30 and not re.search(r"[;,]", gap) and not TERM_RE.search(gap)
    if m.start <= t.start and t.end <= v.start + 1:  # between the metric and its value
        return ";" not in s[m.end:t.start]
    return False


_MORT_QUAL = re.compile(
    r"\b(?:peri-?operative(?:ly)?|post-?operative(?:ly)?|operative|intra-?operative|in-?hospital|hospital|surgical|"
    r"procedure[-\s]related|treatment[-\s]related|early|\d+[-\s]?day|(?:thirty|sixty|ninety)[-\s]day|within\s+\d+\s+days|"
    r"surgery|operation|operations|resections?|hepatectom\w*|cytoreduct\w*|transplant\w*|laparotom\w*|\w+ectom\w*|"
    r"debulking|ablation|procedures?)\b",
    re.IGNORECASE,
)
_SURGICAL = re.compile(
    r"\b(?:surg\w+|operat\w+|resect\w+|\w+ectom\w+|cytoreduct\w+|debulking|transplant\w*|laparotom\w+|"
    r"anastomos\w+|hepatectom\w+|excision|ablation)\b", re.IGNORECASE)
# The same test, fast: "-ectomy" words found by their literal middle (a word character before it and after), the other
# stems only when one of them is in the text.
_ECTOMY = re.compile(r"ectom(?<=\wectom)\w")
_SURGICAL_STEMS = ("surg", "operat", "resect", "cytoreduct", "debulking", "transplant", "laparotom", "anastomos",
                   "excision", "ablation")


def _is_surgical(text: str) -> bool:
    """Does the text describe an operation (_SURGICAL.search, without scanning every word for '-ectomy')?"""
    low = text.lower()
    if _ECTOMY.search(low):
        return True
    return any(w in low for w in _SURGICAL_STEMS) and _SURGICAL.search(text) is not None
_COMPOSITE = re.compile(r"(?:\bor\b|\band\b|/|,)\s*(?:\w+\s+){0,2}$")
_COMPOSITE_AFTER = re.compile(r"^\s*(?:or|and|/|,)\s*(?!\d)\w", re.IGNORECASE)
_FU_MEASURE = re.compile(r"\b(?:median|mean|average)\b", re.IGNORECASE)
_FU_SCHEDULE = re.compile(
    r"\b(?:at|period\s+of|for\s+the\s+first|at\s+least|obligatory|planned|scheduled|every|after|up\s+to|visits?|until)\s*$",
    re.IGNORECASE,
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
_RELATIVE_AFTER = re.compile(
    r"\s*(?:(?:relative|absolute|lower|higher|greater|smaller|fewer|more|less|reduction|reduced|increase|increased|decrease|"
    r"decreased|improvement|excess|difference|risk\s+reduction|point)\b)", re.IGNORECASE)


_RELATIVE_BEFORE = re.compile(
    r"\b(?:by|(?:difference|reduction|increase|benefit|gain|improvement)(?:\s+(?:of|was|in\s+\w+(?:\s+\w+)?\s+of|[:=]))?|"
    r"(?:absolute|relative)\s+(?:\w+\s+)?(?:difference|reduction|increase|benefit)\w*\s*(?:of|was|[:=,])?|"
    r"difference\s+between\s+(?:the\s+)?(?:[\w-]+\s+){1,4}?(?:of\s+|was\s+|[:=,]\s*)?)\s*$", re.IGNORECASE)


def _plausible(s: str, v: Value, surgical: bool = True) -> bool:
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
_ITEM_BEFORE = re.compile(r"(?P<w>[A-Za-z][\w-]*)\s*(?:\(\s*(?:n\s*=\s*\d+\s*[,;]\s*)?|\s+in\s+\d+\s*\(\s*)$")
_NOT_ITEM = {
    "patients", "participants", "cases", "subjects", "group", "groups", "arm", "arms", "occurred", "developed", "observed",
    "seen", "noted", "reported", "found", "was", "were", "had", "experienced", "in", "of", "total", "overall", "rate",
    "rates", "complications", "complication", "morbidity", "events", "women", "men", "children", "respectively", "vs",
    "versus", "and", "or", "cohort", "alone", "controls", "control", "placebo", "both", "all", "similar", "comparable",
    "higher", "lower", "significant", "different", "reduced", "increased", "frequent", "common", "rare", "low", "high",
}


_LIST_INTRO = re.compile(r":|\b(?:were|was|included|including|such\s+as|namely|comprised|consisted\s+of|mainly|mostly)\s", re.I)


def _complication_type(s: str, v: Value, ctx: Context) -> bool:
    m = v.mention
    if v.metric != "morbidity" or m is None or m.end > v.start:
        return False
    im = _ITEM_BEFORE.search(s, max(m.end, v.surface_start - 60), v.surface_start)
    if im is None:
        return False
    w = im.group("w").lower()
    if w in _NOT_ITEM or w in _MORB_QUALIFIERS or w.isdigit() or not _LIST_INTRO.search(s, m.end, im.start()):
        return False
    arms = {t for a in ctx.arms + [x.name for x in ctx.study_arms] for t in _tokens(a)}
    return w not in arms


_HETEROGENEITY_BEFORE = re.compile(r"(?:\bI\s*[²2]|\bheterogeneity)\s*(?:statistic\s*)?(?:[=:]|was|of)?\s*$", re.IGNORECASE)
_RELATIVE_METRICS = SURVIVAL | {"mortality", "morbidity", "recurrence"}


def _statistic_or_difference(s: str, v: Value) -> bool:
    """'I² = 48%' is heterogeneity; 'a 12% higher overall survival', 'reduced by 30%' are differences between arms."""
    if v.unit != "percent":
        return False
    if _HETEROGENEITY_BEFORE.search(s, max(0, v.surface_start - 25), v.surface_start):
        return True
    return v.metric in _RELATIVE_METRICS and v.kind == "percent" and (
        _RELATIVE_AFTER.match(s, v.surface_end) is not None
        or _RELATIVE_BEFORE.search(s, max(0, v.surface_start - 60), v.surface_start) is not None)


_EVENTS_AFTER = re.compile(r"\s*(?:events?|curves?|benefit|advantage|analys[ie]s|data|difference)\b", re.IGNORECASE)


def _complete(s: str, v: Value) -> bool:
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
_PROCEDURE_SHARE = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:also\s+|later\s+|subsequently\s+)?(?:required|requiring|needed|underwent|received|were\s+given|"
    r"had\s+(?:a|an|previously|prior)\b|was\s+performed|were\s+performed|were\s+treated|were\s+operated|were\s+excluded|"
    r"were\s+included|were\s+male|were\s+female|were\s+men|were\s+women|presented|had\s+received|were\s+converted|"
    r"needed)\b",
    re.IGNORECASE,
)


# "87.6% (control) and 92% (intervention)": an arm's name in brackets right after its value
_PAREN_NAME = re.compile(r"\s*\(\s*(?P<g>[A-Za-z][A-Za-z+/\-]*(?:\s+[A-Za-z+/\-]+){0,3})\s*\)")
# "in the study group (24%) as compared to the control group (49%)": the arm right before its bracketed value
_GROUP_BEFORE_PAREN = re.compile(
    r"\b(?:in|for|among|with|within|to|versus|vs\.?)\s+(?:the\s+)?"
    r"(?P<g>[A-Za-z](?:(?!\b(?:in|for|among|with|within|was|were|is|are|had|has|than|to)\b)[^,;()\d]){0,50}?)"
    r"\s*[(\[]\s*(?:\d+\s*[,;]\s*)?$", re.IGNORECASE)


def _bracket_groups(s: str, values: list[Value], ctx: Context) -> None:
    named = []
    for v in values:
        if v.kind == "hr":
            continue
        m = _PAREN_NAME.match(s, v.end)
        if m and not TERM_RE.fullmatch(m.group("g")) and not _GENERIC_GROUP.match(m.group("g")):
            named.append((v, m))
    known = {t for a in ctx.arms + [x.name for x in ctx.study_arms] for t in _tokens(a)}
    if len(named) >= 2 or any(_tokens(m.group("g")) & known for _, m in named):
        for v, m in named:
            v.group = m.group("g")
            v.group_span = (m.start("g"), m.end("g"))
            _why(v, "group", "group.bracket_name_after_value")
    for v in values:
        if v.group or v.kind == "hr" or not re.match(r"\s*[)\]]", s[v.surface_end:v.surface_end + 3]):
            continue
        prev_end = max([x.end for x in values if x.end <= v.start] + [max(0, v.surface_start - 70)])
        m = _GROUP_BEFORE_PAREN.search(s, prev_end, v.surface_start)
        if m and not re.search(rf"\b(?:and|or|vs\.?|versus)\b|^(?:{WORD_NUM})\b", m.group("g"), re.IGNORECASE):
            name = _clean_group(m.group("g"))
            if name and not _GENERIC_GROUP.match(name) and not any(x.kind != "block" for x in _mentions(name)):
                v.group = name
                _why(v, "group", "group.named_before_bracket")


def _own_groups(s: str, values: list[Value], ctx: Context) -> None:
    """The arm phrase printed right after each value: '78% of patients with isolated liver metastases'."""
    _bracket_groups(s, values, ctx)
    spans = [(v.start, v.end) for v in values]
    for v in values:
        if v.kind == "hr":
            continue
        rest_start = v.end
        while True:
            pm = PAREN.match(s, rest_start) or _CLOSE.match(s, rest_start)
            if not pm:
                break
            rest_start = pm.end()
        rest = s[rest_start:]
        if BOTH_GROUPS.match(rest):
            v.both = True
            continue
        if EVENT_DENOM.match(rest):
            v.dead = True
            continue
        g = _group_after(rest) if not v.group else None
        if g:
            text, a, b = g
            if not _overlaps(rest_start + a, rest_start + b, [x for x in spans if x != (v.start, v.end)]):
                v.group = text
                v.group_span = (rest_start + a, rest_start + b)
                _why(v, "group", "group.phrase_after_value")
                rest = s[rest_start + b:]
        if v.kind in ("percent", "all") and _PROCEDURE_SHARE.match(rest):
            v.dead = True
            continue
        if v.kind == "percent" and not v.group and v.total:
            m = re.search(r"\b\d+\s+of\s+(?:the\s+)?\d+\s+(?:patients\s+)?(?:with|who\s+had)\s+([^()]{2,60}?)\s*\(\s*$", s[max(0, v.start - 90):v.start])
            if m:
                v.group = _clean_group(m.group(1))
                _why(v, "group", "group.count_with_phrase")
                continue
            # "in 12 of 15 elderly patients (80%)": an adjective naming a known arm
            m = re.search(r"\bof\s+\d+\s+([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:patients|cases|recipients)\s*\(\s*$", s[max(0, v.start - 60):v.start])
            if m and _known_arm(m.group(1), ctx, []):
                v.group = m.group(1)
                _why(v, "group", "group.count_adjective")
    spans_g = [v.group_span for v in values if v.group_span]
    values[:] = [v for v in values if not v.dead and not any(a <= v.start < b for a, b in spans_g)]


def _attach_groups(s: str, values: list[Value], ctx: Context, lead_group: str | None = None) -> None:
    # a trailing phrase shared by a sub-series: "88% and 77% after LT compared with 74% and 45% after PH"
    subs = _sub_series(s, values)
    for sub in subs:
        last = None
        nxt: Value | None = None
        for v in reversed(sub):
            if v.group:
                last = v.group
            elif last and nxt is not None and v.unit == nxt.unit and _PLAIN_LIST.match(s[v.end:nxt.start]):
                v.group = last
                _why(v, "group", "group.shared_trailing_phrase")
            else:
                last = None
            nxt = v
    # a group named between the metric and its value: "Thirty-day mortality after PTR was 1.2%"
    between_arms: dict[int, list[str]] = {}
    for v in values:
        if v.group or v.mention is None or v.kind == "hr":
            continue
        between = s[v.mention.end:v.start]
        m = re.match(r"^\s*(?:rates?\s+)?(?:of\s+[^,;()]{2,40}?\s+)?(?:in|after|following|with|among|for)\s+([^,;()]{2,60}?)\s+(?:was|were|of|reached|:)", between, re.I)
        if m:
            name = _clean_group(m.group(1))
            pair = re.split(r"\s+(?:vs\.?|versus)\s+", name) if name else []
            if len(pair) == 2 and all(pair):
                v.condition = None  # "PFS and OS for A vs. B were ...": the arms, not a condition
                between_arms.setdefault(id(v.mention), pair)
            elif name and _known_arm(name, ctx, values):
                v.group = name
                _why(v, "group", "group.between_metric_and_value")
            elif name:
                v.condition = m.group(0).strip().rstrip(":").rsplit(" ", 1)[0]
    for v in values:
        if v.group or v.kind == "hr":
            continue
        prev_end = max([x.end for x in values if x.end <= v.start] + [0])
        gm = _GROUP_RIGHT_BEFORE.search(s, prev_end, v.start)
        if gm:
            name = _clean_group(gm.group("g"))
            if name and (re.search(r"\b(?:group|arm)\b", gm.group("g"), re.I) or _known_arm(name, ctx, values)):
                v.group = name
                _why(v, "group", "group.named_right_before")
    # "Symptom relief was more frequent after A than after B (97% vs 63%)"
    comp = _compare_arms(s)
    listed = _listed_arms(s)  # "in the A, B, and C groups"
    # comparisons with unnamed arms: "(within vs outside criteria; P = .004)", "respectively", earlier arms
    by_mention: dict[int, list[Value]] = {}
    for v in values:
        if v.kind != "hr":
            by_mention.setdefault(id(v.mention), []).append(v)
    for vs in by_mention.values():
        unnamed = [v for v in vs if not v.group and not v.both]
        if len(vs) < 2 or len(unnamed) < 2:
            continue
        has_tp_list = any(v.tp_index >= 0 for v in vs)
        n_arms = max(v.tp_index for v in vs) + 1 if has_tp_list else len(vs)
        if n_arms < 2:
            continue  # "5- and 10-year OS rates were 85% and 66%": timepoints, not arms
        arms, source = _paren_arms(s, vs[-1].end), "group.bracketed_a_vs_b"
        if not arms:
            arms, source = _between_pair(vs, between_arms, values), "group.a_vs_b_before_values"
        if not arms and comp and n_arms == 2:
            arms, source = comp, "group.comparison_in_sentence"
        if not arms and listed and len(listed) == n_arms:
            arms, source = listed, "group.arms_listed_in_sentence"
        if not arms:
            arms, source = _arms_for(values, ctx, n_arms, exclude=vs), "group.arms_in_order"
            if arms and len(arms) == 2 and n_arms == 2 and not has_tp_list:
                arms = _experimental_first(s, arms)
        if not arms and not has_tp_list and len(vs) % 2 == 0 and len(vs) > 2 and _vs_pairs(s, vs):
            # "(prior chemotherapy: 11.0 vs 3.2 months; ...) (chemonaive: 11.4 vs 5.4 months; ...)": a pair per stratum
            pair = _arms_for(values, ctx, 2, exclude=vs)
            if pair:
                pair = _experimental_first(s, pair)
                for i, v in enumerate(vs):
                    if not v.group:
                        v.group = pair[i % 2]
                        _why(v, "group", "group.vs_pairs_study_arms")
            continue
        if not arms or len(arms) != n_arms:
            continue
        for i, v in enumerate(vs):
            if v.group:
                continue
            k = v.tp_index if v.tp_index >= 0 else i
            if k < len(arms):
                v.group = arms[k]
                _why(v, "group", source)
    if lead_group is None:
        sm = _SUBJECT_GROUP.match(s)
        if sm and not _SUBJ_COMPARE.match(s):
            lead_group = _clean_group(sm.group("g"))
    if lead_group is None:
        lm = _LEAD_THERE.match(s)
        if lm and _known_arm(lm.group("g"), ctx, values):
            lead_group = _clean_group(lm.group("g"))
    if lead_group:
        for v in values:
            if not v.group and v.kind != "hr":
                v.group = lead_group
                _why(v, "group", "group.sentence_lead")
    # "76 months without": the arm is the negation of its sibling
    for i, v in enumerate(values):
        if v.group == "without":
            sib = next((u.group for u in reversed(values[:i]) if u.group and u.group != "without"
                        and not u.group.lower().startswith("without")), None)
            v.group = f"without {sib}" if sib else None
            if v.group:
                _why(v, "group", "group.negated_sibling")
            else:
                v.why.pop("group", None)
    _canonical_arms(values, ctx)
    # hazard ratios: the exposure the ratio describes
    for v in values:
        if v.kind == "hr":
            v.group = _hr_group(s, v, values, ctx)
            if v.group:
                _why(v, "group", "group.hr_exposure")


_GROUP_RIGHT_BEFORE = re.compile(
    r"\b(?:in|for|among|with)\s+(?:the\s+)?(?P<g>[A-Za-z](?:(?!\b(?:in|for|among|with|was|were|and)\b)[^,;()\d]){0,40}?)\s+"
    r"(?:was|were|is|are|of|reached|:)\s*$", re.IGNORECASE)
_SUBJECT_GROUP = re.compile(
    r"^(?:Patients|Those|Recipients)\s+(?:with|who\s+had)\s+(?:an?\s+|the\s+)?(?P<g>[^,;()]{2,60}?)\s+"
    r"(?:survived|lived|had|showed|experienced|achieved|developed)\b", re.IGNORECASE)
_PLAIN_LIST = re.compile(r"^\s*(?:,|and|or|,\s*and)?\s*$", re.IGNORECASE)
_LEAD_THERE = re.compile(r"^(?:After|Following|In|Among)\s+(?P<g>[^,;]{2,60}?)\s+there\s+(?:was|were)\b", re.IGNORECASE)
_SUBJ_COMPARE = re.compile(
    r"^(?:(?:In\s+contrast|However|Moreover|In\s+addition|Similarly|Conversely),?\s+)?"
    r"(?:patients|those|subjects|cases|women|men|children|participants|individuals)\s+(?:with|who\s+had|who\s+received|who\s+underwent|treated\s+with)\s+(?:an?\s+|the\s+)?"
    r"(?P<a>[^,;()]{2,80}?)\s+(?:had|showed|experienced|achieved|lived)\s+(?:a\s+|an\s+)?(?:significantly\s+)?"
    r"(?:longer|shorter|better|worse|higher|lower|improved|poorer|superior|inferior)\b[^,;()]{0,40}?\s+than\s+"
    r"(?:(?:those|patients|subjects|women|men|children|participants)\s+)?(?:(?P<neg>without)|with|who\s+had)?\s*(?P<b>[^,;()]{2,80}?)\s*(?=[(,;]|$)",
    re.IGNORECASE,
)
_GROUP_VS_GROUP = re.compile(
    r"\b(?:in|with|for|among)\s+(?:the\s+)?(?P<a>[^,;()]{2,60}?)\s+(?:group|arm|cohort)\s+(?:than|compared\s+(?:with|to)|"
    r"versus|vs\.?|and)\s+(?:in\s+|with\s+|for\s+)?(?:the\s+)?(?P<b>[^,;()]{2,60}?)\s+(?:group|arm|cohort)s?\b",
    re.IGNORECASE,
)
_CMP_WORD = re.compile(r"\s*(?:≥|≤|>=|<=|>|<|above|below|over|under|of\s+at\s+least|or\s+more|or\s+less)\s*", re.IGNORECASE)


_CONTROL_ARM = re.compile(
    r"\b(?:placebo|control|controls|standard|usual|conventional|observation|SOC|sham|no\s+\w+|best\s+supportive)\b", re.I)


def _experimental_first(s: str, arms: list[str]) -> list[str]:
    """Two arms for an unnamed 'x versus y': the arm the sentence is about first ('ELAD was associated with higher
    OS (68.6% versus 53.6%)'); otherwise the experimental arm first, the control arm (placebo, standard of care, ...)
    second, as trials report them."""
    a, b = arms

    def subject(arm: str) -> bool:  # the sentence (after a lead clause) starts with the arm's name
        return re.match(rf"^(?:[^,]{{0,80}},\s*)?(?:the\s+)?{re.escape(arm)}\b", s, re.IGNORECASE) is not None

    subj_a, subj_b = subject(a), subject(b)
    if subj_b and not subj_a:
        return [b, a]
    if subj_a and not subj_b:
        return [a, b]
    if _CONTROL_ARM.search(a) and not _CONTROL_ARM.search(b):
        return [b, a]
    return [a, b]


def _vs_pairs(s: str, vs: list[Value]) -> bool:
    """Values two by two, 'x vs y' inside a pair, a clause or bracket boundary between pairs."""
    for i in range(1, len(vs)):
        gap = s[vs[i - 1].end:vs[i].start]
        if i % 2 and not re.fullmatch(r"\s*(?:vs\.?|versus)\s*", gap):
            return False
        if not i % 2 and not re.search(r"[;)]", gap):
            return False
    return True


def _between_pair(vs: list[Value], between_arms: dict[int, list[str]], values: list[Value]) -> list[str] | None:
    """The 'A vs. B' named between a metric list and its values serves every metric of the list."""
    for v in vs:
        if id(v.mention) in between_arms:
            return between_arms[id(v.mention)]
    if len(between_arms) == 1:
        return next(iter(between_arms.values()))
    return None


_ARM_LIST = re.compile(
    r"\b(?:in|between|among|for)\s+the\s+(?P<l>[A-Za-z][^;()]{2,120}?(?:,\s*(?:and|or)\s+|\s+(?:and|or)\s+)[^;(),]{1,40}?)\s+"
    r"(?:groups|arms|cohorts)\b", re.IGNORECASE)


_LABEL_LIST = re.compile(
    r"\b(?:in|between|among|for)\s+(?:the\s+)?(?P<l>(?:group|arm)\s+\w{1,3}(?:\s*,\s*(?:group|arm)\s+\w{1,3})*\s*,?\s+(?:and|or)\s+"
    r"(?:group|arm)\s+\w{1,3})\b", re.IGNORECASE)


def _listed_arms(s: str) -> list[str] | None:
    """'Morbidity in the total laparoscopic, hand-assisted laparoscopic, and open groups', 'in group 1 and group 2':
    the arms, in order."""
    lm = _LABEL_LIST.search(s)
    if lm is not None:
        return [x.strip() for x in re.split(r",\s*(?:and|or)\s+|,\s*|\s+(?:and|or)\s+", lm.group("l")) if x.strip()]
    m = _ARM_LIST.search(s)
    if m is None:
        return None
    names = [x.strip() for x in re.split(r",\s*(?:and|or)\s+|,\s*|\s+(?:and|or)\s+", m.group("l")) if x.strip()]
    if len(names) < 2 or any(len(x) > 40 or any(ch.isdigit() for ch in x) for x in names):
        return None
    return names


def _compare_arms(s: str) -> list[str] | None:
    """'Patients with a Ki-67 index ≥ 5% had shorter PFS than those below 5%' -> the two arms."""
    m = _SUBJ_COMPARE.match(s)
    if m:
        a, b = m.group("a").strip(), m.group("b").strip()
        if m.group("neg"):
            b = f"without {b}"
        cm = _CMP_WORD.search(a)
        if cm and _CMP_WORD.match(b):  # "those below 5%": the variable comes from the first arm
            b = f"{a[:cm.start()].strip()} {b}"
        return [a, b]
    g = _GROUP_VS_GROUP.search(s)
    if g:
        return [g.group("a").strip(), g.group("b").strip()]
    c = _COMPARATIVE.search(s)
    if c:
        return [_clean_group(c.group("a")) or c.group("a"), _clean_group(c.group("b")) or c.group("b")]
    b = _BETWEEN.search(s)
    if b and not any(ch.isdigit() for ch in b.group("a") + b.group("b")):
        return [_clean_group(b.group("a")) or b.group("a"), _clean_group(b.group("b")) or b.group("b")]
    return None


# "Five-year survival did not differ between bioprosthetic and mechanical valves (54% vs 48%; P = 0.62)"
_BETWEEN = re.compile(
    r"\b(?:differ\w*|similar|compar\w+|difference)\s+between\s+(?:the\s+)?(?P<a>[^,;()]{2,60}?)\s+and\s+(?:the\s+)?"
    r"(?P<b>[^,;()]{2,60}?)\s*(?=[(,;]|$)",
    re.IGNORECASE,
)


def _stem(t: str) -> str:
    for suf in ("ions", "ion", "ed", "ing", "s"):
        if len(t) > len(suf) + 3 and t.endswith(suf):
            return t[: -len(suf)]
    return t


def _canonical_arms(values: list[Value], ctx: Context) -> None:
    """One name per arm across the abstract: 'resection-only group' -> 'resection alone' named earlier."""
    known = list(ctx.arms)  # arms already named beside figures; study-level names are often longer
    if len(known) < 2:
        return
    stems = [{_stem(t) for t in _tokens(k)} for k in known]
    for v in values:
        if not v.group or v.group.lower().startswith(("without", "no ")):
            continue
        mine = {_stem(t) for t in _tokens(v.group)}
        if not mine or any(_tokens(v.group) == _tokens(k) for k in known):
            continue
        hits = [k for k, st in zip(known, stems) if mine & st]
        if len(hits) == 1:
            v.group = hits[0]
            _why(v, "group", "group.canonical_arm_name")


_COMPARATIVE = re.compile(
    r"\b(?:more|less|higher|lower|longer|shorter|better|worse|greater|smaller)\s+(?:frequent|common|likely|often)?\s*"
    r"(?:after|in|with|for|among|following)\s+(?P<a>[^,;()]{2,80}?)\s+than\s+(?:after|in|with|for|among|following|those|"
    r"patients)?\s*(?P<b>[^,;()]{2,80}?)\s*(?=[(,;]|$)",
    re.IGNORECASE,
)


def _sub_series(s: str, values: list[Value]) -> list[list[Value]]:
    out: list[list[Value]] = []
    cur: list[Value] = []
    prev: Value | None = None
    for v in values:
        if v.kind == "hr":
            continue
        if prev is not None:
            gap = s[prev.end:v.start]
            if (_VS.search(gap) or re.search(r"[;:]|\bwhereas\b|\bwhile\b", gap) or prev.mention is not v.mention
                    or (prev.group and re.search(r"\band\b|,", gap))):
                out.append(cur)
                cur = []
        cur.append(v)
        prev = v
    if cur:
        out.append(cur)
    return out


def _group_after(rest: str) -> tuple[str, int, int] | None:
    m = _GROUP_LEAD.match(rest)
    if not m:
        # "of LT recipients", "in the elderly"
        return None
    start = m.end()
    prep = m.group("prep").lower()
    stop = _GROUP_STOP.search(rest, start)
    end = stop.start() if stop else len(rest)
    if end <= start and prep.startswith("without"):
        return "without", m.start("prep"), m.end("prep")  # "76 months without": named by its sibling arm
    if end - start > 90 or end <= start:
        return None
    raw = rest[start:end].strip()
    if prep in ("within", "outside"):
        raw = f"{prep} {raw}"
    if prep.startswith("without") and raw:
        raw = f"without {raw}"
    if re.match(rf"^(?:at|within)\s+(?:\d|{WORD_NUM}\b)", raw, re.I):
        return None
    if re.match(r"^(?:the\s+)?(?:\w+\s+)?(?:studies|trials|series|reports|centres|centers)\b", raw, re.I):
        return None
    name = _clean_group(raw)
    if not name or _GENERIC_GROUP.match(name) or re.fullmatch(r"[\d\s.%]+", name):
        return None
    if m.group("pop") and m.group("pop").lower() == "survivors":
        return None
    return name, start, start + len(rest[start:end].rstrip())


def _clean_group(raw: str) -> str | None:
    g = raw.strip().strip(",.;: ")
    keep_without = g.lower().startswith("without ")
    g = _TRIM_LEAD.sub("", g, count=1) if not keep_without else g
    whole = g
    g = _TRIM_TAIL.sub("", g).strip()
    if g.lower() in ("overall", "whole cohort", "entire cohort", "total", ""):
        return None
    if len(g) < 2:  # "the D group", "arm B": a letter names the arm only with its noun
        return whole if re.fullmatch(r"[A-Z]\s+(?:group|arm|cohort)|(?:group|arm|cohort)\s+[A-Z]", whole) else None
    return g


def _paren_arms(s: str, end: int) -> list[str] | None:
    m = _PAREN_VS.search(s, max(0, end - 2), min(len(s), end + 80))
    if not m or m.start() - end > 3:
        return None
    a, b = m.group("a").strip(), m.group("b").strip()
    # "within vs outside criteria" -> the shared noun goes to both
    if " " not in a and " " in b:
        a = f"{a} {b.split(' ', 1)[1]}"
    return [a, b]


def _arms_for(values: list[Value], ctx: Context, n: int, exclude: list[Value] | None = None) -> list[str] | None:
    exclude = exclude or []
    named: list[str] = []
    for v in values:
        if v in exclude or not v.group or v.kind == "hr":
            continue
        if not any(_same_group(v.group, x) for x in named):
            named.append(v.group)
    if len(named) == n:
        return named
    if len(ctx.arms) == n:
        if len(ctx.study_arms) == n:  # the arms named beside figures, in the order the study allocated them
            order = [next((i for i, a in enumerate(ctx.study_arms) if _tokens(a.name) & _tokens(g)), -1) for g in ctx.arms]
            if sorted(order) == list(range(n)):
                return [g for _, g in sorted(zip(order, ctx.arms))]
        return list(ctx.arms)
    if len(ctx.study_arms) == n:
        return [a.name for a in ctx.study_arms]
    return None


def _same_group(a: str, b: str) -> bool:
    return _tokens(a) == _tokens(b)


_STOP = set("the of with and or in for to a an those patients patient group groups arm cohort who were was had by on at after "
            "underwent undergoing receiving received treated".split())


def _tokens(s: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", s.lower()) if t not in _STOP}


def _known_arm(name: str, ctx: Context, values: list[Value]) -> bool:
    t = _tokens(name)
    if not t:
        return False
    for a in list(ctx.arms) + [a.name for a in ctx.study_arms] + [v.group for v in values if v.group]:
        if a and t & _tokens(a):
            return True
    return False


# "a pancreatic primary (HR 1.64; ...), Ki-67 3-20% (HR 2.05; ...) and R2 resection (HR 2.48; ...) were associated
# with ...": a covariate list, each HR in brackets right after its own covariate
_COVARIATE_START = re.compile(
    r"^\s*(?:(?:In\s+(?:the\s+)?(?:multivariable|multivariate|univariable|univariate|adjusted)\s+(?:Cox\s+)?(?:analys[ie]s|models?)|Conversely|However|"
    r"Moreover|Additionally|In\s+addition|In\s+contrast|Similarly|Furthermore|Likewise|Also)\s*,?\s*|[\s,;]*(?:and|or)?\s*)",
    re.IGNORECASE,
)
_COVARIATE_VERB = re.compile(
    r"\b(?:was|were|is|are|had|has|have|did|showed|predicted|remained|associated|reduced|increased|improved|"
    r"decreased|prolonged|conferred|carried|doubled|lived|survived|died|developed|underwent|received|adjusted)\b",
    re.IGNORECASE,
)


def _covariate_before(s: str, v: Value) -> str | None:
    """The noun phrase right before '(HR ...' when it is one item of a covariate list: everything since the
    sentence start or the previous closing bracket, with no verb in it."""
    head = s[:v.start].rstrip()
    if not head.endswith("("):
        return None
    segment = head[head.rfind(")") + 1:-1]
    segment = segment[_COVARIATE_START.match(segment).end():].strip(" ,;")
    phrase = re.sub(r"^(?:the|a|an)\s+", "", segment, flags=re.IGNORECASE)
    words = phrase.split()
    if (not 1 <= len(words) <= 6 or len(phrase) > 60 or _COVARIATE_VERB.search(phrase) or _BAD_SUBJECT.match(phrase)
            or _NOT_COVARIATE.match(phrase) or any(m.kind != "block" for m in _mentions(phrase))):
        return None
    return phrase


_NOT_COVARIATE = re.compile(r"(?:but|not|than|vs\.?|versus|whereas|while|as|by|in\s+favou?r)\b", re.IGNORECASE)


def _hr_group(s: str, v: Value, values: list[Value], ctx: Context) -> str | None:
    if ctx.last_hr_group and _BACK_REFERENCE.match(s):  # "The association was present for ...": the same exposure
        return ctx.last_hr_group
    covariate = _covariate_before(s, v)
    if covariate and sum(1 for x in values if x.kind == "hr") >= 2:
        return covariate
    # the subject of the clause that holds the HR: "a Ki-67 index of 10% or more predicted shorter RFS (HR ...)"
    clause_start = 0
    for m in re.finditer(r";\s|,\s+(?:and|but|whereas)\s+|\bCompared\s+with\s+[^,]+,\s*|^\s*In\s+(?:multivariable|multivariate|adjusted)\s+analys[ie]s,\s*|\bafter\s+adjust\w*[^,]*,\s*", s[:v.start], re.I):
        clause_start = m.end()
    head = s[clause_start:v.start]
    vm = _HR_SUBJ_VERB.search(head)
    if vm:
        subj = head[:vm.start()].strip(" ,")
        subj = re.sub(r"^(?:and|but|whereas|however|in\s+(?:multivariable|multivariate)\s+analysis)\s*,?\s*", "", subj, flags=re.I)
        subj = re.sub(r"^(?:patients|those)\s+(?:with|who\s+(?:had|underwent|received))\s+", "", subj, flags=re.I)
        subj = re.sub(r"^(?:the|a|an)\s+(?:presence\s+of\s+(?:an?\s+)?)?", "", subj, flags=re.I)
        if (subj and len(subj) <= 80 and not _BAD_SUBJECT.match(subj)
                and not any(m.kind in SURVIVAL for m in _mentions(subj))):
            if ctx.randomised and _names_an_arm(subj, ctx, values):
                return None  # "A improved OS (HR ...)" in a trial: A against the other arm, the main HR
            ctx.last_hr_group = subj
            return subj
    arms = [x.group for x in values if x.group and x.kind != "hr" and x.start < v.start]
    if len(arms) >= 2 and ctx.randomised:
        return None  # the trial's arms compared: the main between-arm HR
    if len(arms) >= 2:
        pick = _exposure(arms, s)
        ctx.last_hr_group = pick
        return pick
    if ctx.last_hr_group and re.search(r"\b(?:attenuated|adjust\w*|the\s+benefit|the\s+effect)\b", s[:v.start], re.I):
        return ctx.last_hr_group
    if ctx.randomised:  # a trial's main between-arm HR compares the arms: it has no group of its own
        return None
    for arms in (ctx.arms, [a.name for a in ctx.study_arms]):
        if len(arms) >= 2:
            pick = _exposure(arms, s)
            ctx.last_hr_group = pick
            return pick
    return None


def _names_an_arm(text: str, ctx: Context, values: list[Value]) -> bool:
    t = _tokens(text)
    arms = [a.name for a in ctx.study_arms] + [v.group for v in values if v.group and v.kind != "hr"]
    return bool(t) and any(_tokens(a) and (_tokens(a) <= t or t <= _tokens(a)) for a in arms)


_WITH = re.compile(r"\bwith\s+")


def _exposure(arms: list[str], s: str) -> str:
    """Of two arms, the one an HR describes: not the 'without'/'no' arm; a 'with X' arm first."""
    for a in arms:
        named_with = any(s.startswith(a, m.end()) for m in _WITH.finditer(s))  # "with <arm>" in the sentence
        if named_with and not a.lower().startswith(("without", "no ", "non")):
            return a
    for a in arms:
        if not re.match(r"^(?:without|no|non)\b", a, re.I):
            return re.sub(r"^with\s+", "", a)
    return arms[0]


# ---------------------------------------------------------------------------------------------------------------
def _attach_p(s: str, values: list[Value], ps: list[tuple[int, int, float | None]]) -> None:
    prev_end = 0
    clauses = _clause_bounds(s)
    for a, b, p in ps:
        lo, _ = _clause_of(a, clauses)
        # a clause boundary inside parentheses does not cut a comparison: "(HR 0.45; 95% CI ...; P < .001)"
        depth_lo = lo
        if s.count("(", 0, a) > s.count(")", 0, a):
            depth_lo = s.rfind("(", 0, a)
            depth_lo = _clause_of(depth_lo, clauses)[0]
        group = [v for v in values if max(prev_end, depth_lo) <= v.start < a and not v.p_set]
        if any(v.group for v in group):
            group = [v for v in group if v.group or v.kind == "hr"]
        for v in group:
            v.p_value = p
            v.p_set = True
            if p is not None:
                _why(v, "p", "p.after_its_comparison")
        prev_end = b
    # one p in the sentence is the p of its one comparison: the arms' figures printed after it share it
    # ("a lower risk of death (HR 0.75, p = 0.047) ... with 86 (9.9%) deaths in A and 111 (12.9%) in B")
    printed = {p for _, _, p in ps if p is not None}
    if len(ps) == 1 and len(printed) == 1:
        after = [v for v in values if not v.p_set and v.start > ps[0][1] and v.group and v.kind != "hr"]
        if len(after) >= 2 and any(v.p_set for v in values):
            for v in after:
                v.p_value = ps[0][2]
                v.p_set = True
                _why(v, "p", "p.one_p_of_the_sentence")


def _attach_symptoms(s: str, values: list[Value]) -> None:
    found: list[tuple[str, list[int]]] | None = None
    for v in values:
        if v.metric != "relief":
            continue
        if found is None:  # the symptom names of the sentence, looked up once
            found = [(name, [m.start() for m in rx.finditer(s)]) for rx, name in SYMPTOM_RE]
        best = None
        anchor = v.mention.start if v.mention else v.start
        for name, starts in found:
            if name == "symptoms" and best is not None:
                break  # the generic word only when no named symptom is there
            for start in starts:
                d = abs(start - anchor)
                if best is None or d < best[0] - 3:
                    best = (d, name)
        if best is None:
            v.dead = True
        else:
            v.symptom = best[1]
    values[:] = [v for v in values if not v.dead]



def _remember(values: list[Value], ctx: Context) -> None:
    hrs = [v.metric for v in values if v.kind == "hr"]
    ctx.last_hr_metric = hrs[-1] if hrs else None  # only the next sentence with figures may carry it on
    groups: list[str] = []
    for v in values:
        if v.group and v.kind != "hr" and not any(_same_group(v.group, g) for g in groups):
            groups.append(v.group)
    if len(groups) >= 2:
        ctx.arms = groups
