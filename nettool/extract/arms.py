"""Study arms and cohort size as the abstract states them.

"211 had isolated liver metastases and 50 had liver and peritoneal metastases",
"44 received CRS plus HIPEC (...) and 82 received CRS alone", "laparoscopic
(n = 61) versus open (n = 85)", "46 LT recipients matched with 46 PH patients",
"Of 261 patients ...", "Sixty-three patients received a graft".
"""
from __future__ import annotations

import re

from nettool.extract.abbreviations import find_abbreviations
from nettool.extract.numbers import DASH, NUMBER_WORDS, WORD_NUM, number_value
from nettool.extract.patterns import trie_alternation
from nettool.models import Arm
from nettool.extract.rules import Rule

_N = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{WORD_NUM})"
_VERB = r"(?:had|underwent|received|were\s+treated\s+with|were\s+treated\s+by|met|were|formed|comprised)"
_PAIR = Rule(
    "arms.pair", rf"(?<![\w.,])(?P<n1>\d+)\s+(?:patients\s+|participants\s+)?(?P<v1>{_VERB})\s+(?P<a>(?:[^;.:\d()]|\([^()]*\)){{2,120}}?)\s+(?:and|while|whereas|,)\s+"
    rf"(?P<n2>\d+)\s+(?:patients\s+|participants\s+)?(?:(?P<v2>{_VERB}|did)\s+)?(?P<b>[^,;.]{{1,80}}?)\s*(?=[,;.]|$)",
    flags=re.IGNORECASE,
    examples=[('12 patients had surgery and 10 received chemotherapy.', {'n1': '12', 'a': 'surgery', 'n2': '10', 'b': 'chemotherapy'})],
    not_examples=['12 patients had surgery.'],
    note="two arms with their sizes: '12 had A and 10 (received) B'",
)
_NOUN_PAIR = Rule(
    "arms.noun_pair", rf"(?<![\w.,])(?P<n1>\d+)\s+(?!(?:in|of|at|on|for|with|to|the|and|or|per|patients)\b)(?P<a>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,3}}?)\s+(?:and|vs\.?|versus|matched\s+(?:1:1\s+)?with|"
    rf"compared\s+with)\s+(?P<n2>\d+)\s+(?P<b>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,3}}?)\s*(?=[,;.:(]|\s+(?:for|by|on|in|with)\b|$)",
    flags=re.IGNORECASE,
    examples=[('30 resections and 20 ablations, in', {'n1': '30', 'a': 'resections', 'n2': '20', 'b': 'ablations'})],
    not_examples=['30 of the patients'],
    note="two arms as counted nouns: '30 resections and 20 ablations'",
)
_N_EQ = Rule(
    "arms.n_eq", r"\b(?:[A-Z]\w+\s+(?:comprised|included|were|was)\s+)?(?P<a>[A-Za-z][^,;().:]{1,60}?)\s*\(\s*n\s*=\s*(?P<n1>\d+)\s*\)\s*(?:and|vs\.?|versus|or|,)\s*"
    r"(?P<b>[A-Za-z][^,;().:]{1,60}?)\s*\(\s*n\s*=\s*(?P<n2>\d+)\s*\)",
    flags=re.IGNORECASE,
    examples=[('surgery (n = 30) and chemotherapy (n = 20)', {'a': 'surgery', 'n1': '30', 'b': 'chemotherapy', 'n2': '20'})],
    not_examples=['surgery (n = 30)'],
    note="two arms with '(n = N)' sizes",
)
_TOTAL = Rule(
    "arms.total", rf"(?:\b(?:of|among|total\s+of|reviewed|analy[sz]ed|included|studied|enrolled|identified|comprising|involving|including|"
    rf"evaluated|randomi[sz]ed|report(?:ed)?\s+(?:our\s+)?(?:experience\s+)?(?:with\s+\w+\s+)?(?:[\w-]+\s+){{0,4}}in)\s+"
    rf"(?P<n>{_N})|(?:^|(?<=\.\s)|(?<=:\s)|(?<=;\s))(?P<n0>{_N}))\s+(?:(?:consecutive|eligible|adult|evaluable|unselected)\s+)*"
    rf"(?:patients|participants|subjects|recipients|resections|operations|cases|individuals|children|adults|women|men)\b",
    flags=re.IGNORECASE,
    examples=[('We reviewed 120 consecutive patients', {'n': '120'}), ('A total of 45 patients', {'n': '45'})],
    not_examples=['120 mg'],
    note="the cohort size: 'a total of N patients', 'we studied N patients'",
)
# "Systematic lymphadenectomy was performed in 126 patients and limited lymphadenectomy in 88"
_DONE_VERB = r"(?:was|were)\s+(?:performed|carried\s+out|done|undertaken|used|chosen)"
_PERFORMED_PAIR = Rule(
    "arms.performed_pair", rf"(?:^|(?<=[.;:]\s))(?P<a>[^.;:,()\d]{{2,60}}?)\s+{_DONE_VERB}\s+in\s+(?P<n1>\d+)(?:\s+(?:patients|cases|participants))?"
    rf"(?:\s*\([^()]*\))?\s*,?\s+(?:and|while|whereas)\s+(?P<b>[^.;:,()\d]{{2,60}}?)(?:\s+{_DONE_VERB})?\s+in\s+(?P<n2>\d+)\b",
    flags=re.IGNORECASE,
    examples=[('Resection was performed in 30 patients and ablation in 20', {'a': 'Resection', 'n1': '30', 'b': 'ablation', 'n2': '20'})],
    not_examples=['Resection was performed.'],
    note="two arms as 'A was performed in N and B in M'",
)
_CUE_PERFORMED = Rule("arms.cue_performed", rf"{_DONE_VERB}\s+in\s+\d", flags=re.IGNORECASE,
    examples=[('was performed in 30', 'was performed in 3')],
    not_examples=['was performed'],
    note='what _PERFORMED_PAIR needs',
)
_PAREN = Rule("arms.paren", r"\s*\([^()]*\)",
    examples=[('surgery (open) and', ' (open)')],
    not_examples=['no brackets'],
    note='a bracketed aside with the spaces before it',
)
# cheap cues: the expensive patterns run only around them
_ARMS_WINDOW = 6000
_CUE_N_EQ = Rule("arms.cue_n_eq", r"\(\s*n\s*=\s*\d+\s*\)\s*(?:and|vs\.?|versus|or|,)", flags=re.IGNORECASE,
    examples=[('(n = 30) and', '(n = 30) and')],
    not_examples=['(n = 30).'],
    note='what _N_EQ needs',
)
_CUE_PAIR = Rule("arms.cue_pair", rf"\d(?<![\w.,]\d)\d*\s+(?:patients\s+|participants\s+)?{_VERB}\s", flags=re.IGNORECASE,
    examples=[('12 patients had surgery', '12 patients had ')],
    not_examples=['12 mg had'],
    note='what _PAIR needs',
)
_CUE_NOUN = Rule("arms.cue_noun", r"\s(?:and|vs\.?|versus|matched\s+(?:1:1\s+)?with|compared\s+with)\s+\d+\s", flags=re.IGNORECASE,
    examples=[('30 resections and 20 ablations', ' and 20 ')],
    not_examples=['and twenty'],
    note='what _NOUN_PAIR needs',
)
_ABBR = Rule("arms.abbr", r"\(([A-Z][A-Za-z0-9-]{1,10})\)",
    examples=[('liver transplantation (LT)', '(LT)')],
    not_examples=['(lt)'],
    note='an abbreviation in brackets after an arm name',
)
_BAD = Rule("arms.bad", r"^(?:\d|the\s+(?:first|second)|a\s+median|median|mean|years?|months?)\b", flags=re.IGNORECASE,
    examples=[('median 40', 'median'), ('the first', 'the first')],
    not_examples=['surgery'],
    note='what cannot start an arm name',
)
_SIZE_CONTEXT = Rule(
    "arms.size_context", r"\b(?:age|aged|years|lesions?|cm|mm|mg|ml|kg|µg|Ki-?67|index|%|months|weeks|days|centres|centers|hospitals|studies)\b",
    flags=re.IGNORECASE,
    examples=[('aged 60 years', 'aged'), ('12 mm', 'mm')],
    not_examples=['12 patients'],
    note='words near a number that make it no arm size',
)


# Randomised trials name their arms where patients are allocated:
# "Sixty-two patients were randomised to GDT and 60 patients to control treatment",
# "we randomly assigned 350 patients to receive erlotinib and 320 to receive placebo",
# "were randomly assigned (1:1) to everolimus 10 mg/d (n = 207) or placebo (n = 203)",
# "were randomized to receive standard of care only or ELAD plus standard of care".
_ALLOC = r"(?:randomi[sz]ed|randomly\s+(?:assigned|allocated|divided)|allocated|assigned)"
_ARM_NAME = r"[^,;.:]{2,80}?"
_ARM_END = r"(?=\s*[,;.:]|\s+(?:for|at|during|after|before|every|until|within|based|according|from|over|to\s+(?:attain|achieve|reach|maintain|keep|obtain))\b|$)"
_RAND_N_PAIR = Rule(
    "arms.rand_n_pair", rf"(?<![\w.,])(?P<n1>{_N})\s+(?:[\w-]+\s+){{0,2}}?(?:were\s+|was\s+)?{_ALLOC}\s+to\s+(?:receive\s+)?(?P<a>{_ARM_NAME})"
    rf"(?:\s*\([^()]*\))?\s*,?\s+(?:and|while|whereas)\s+(?P<n2>{_N})\s+(?:[\w-]+\s+)?(?:were\s+)?(?:to\s+(?:receive\s+)?|received\s+|in\s+the\s+)"
    rf"(?P<b>{_ARM_NAME}){_ARM_END}"
    rf"|{_ALLOC}\s+(?P<n3>{_N})\s+(?:[\w-]+\s+){{0,2}}?to\s+(?:receive\s+)?(?P<c>{_ARM_NAME})\s*,?\s+and\s+(?P<n4>{_N})\s+"
    rf"(?:[\w-]+\s+)?to\s+(?:receive\s+)?(?P<d>{_ARM_NAME}){_ARM_END}",
    flags=re.IGNORECASE,
    examples=[('30 patients were randomized to surgery and 28 to chemotherapy.', {'n1': '30', 'n2': '28'})],
    not_examples=['30 patients were treated.'],
    note='two randomised arms with their sizes',
)
_RAND_TO = Rule(
    "arms.rand_to", rf"{_ALLOC}(?:\s*\([^()]*\))?\s+(?:to|into|between)\s+(?:receive\s+|either\s+|the\s+)?(?P<a>{_ARM_NAME})"
    rf"(?:\s*\(\s*n\s*=\s*(?P<n1>\d+)\s*\))?\s*,?\s+(?:or|versus|vs\.?|and)\s+(?:to\s+)?(?:receive\s+)?(?P<b>{_ARM_NAME})"
    rf"(?:\s*\(\s*n\s*=\s*(?P<n2>\d+)\s*\))?{_ARM_END}",
    flags=re.IGNORECASE,
    examples=['were randomly assigned to everolimus or placebo.'],
    not_examples=['were treated with everolimus.'],
    note="two randomised arms: 'randomised to A or B'",
)
_CUE_ALLOC = Rule("arms.cue_alloc", r"randomi[sz]ed|randomly|allocated|assigned",
    examples=['randomized', 'allocated'],
    not_examples=['treated'],
    note='what the randomisation patterns need (lower-cased text)',
)  # on lower-cased text
_NUMBER_NEAR = Rule("arms.number_near", rf"\d|\b{WORD_NUM}\b", flags=re.IGNORECASE,
    examples=[('in 30', '3'), ('twenty patients', 'twenty')],
    not_examples=['no count'],
    note='a numeral or a number word near an allocation',
)
_DOSE_TAIL = Rule("arms.dose_tail", r"\s+\d[\d.,]*\s*(?:mg|g|µg|mcg|ml|mL|IU|U|Gy|mg/m2|mg/kg)\b.*$|\s*\([^()]*\d[^()]*\)\s*$",
    examples=[('everolimus 10 mg daily', ' 10 mg daily'), ('octreotide (30 mg)', ' (30 mg)')],
    not_examples=['everolimus'],
    note='a dose cut off the end of an arm name',
)
_NOT_ARM = Rule("arms.not_arm", r"^(?:\d|one|two|three|four|the\s+(?:two|three|four)|either|each|both|groups?|arms?|treatment\s+groups?|a\s+ratio)\b",
                      flags=re.IGNORECASE,
    examples=[('both groups', 'both'), ('two arms', 'two')],
    not_examples=['everolimus'],
    note='what cannot be an arm name',
)


_VERBISH = Rule("arms.verbish", r"\b(?:were|was|is|are|been|had|has|received|underwent|conducted|performed)\b", flags=re.IGNORECASE,
    examples=[('patients were', 'were')],
    not_examples=['everolimus'],
    note='a verb: no arm name holds one',
)


def _trial_arm(raw: str) -> str:
    """An allocation phrase as an arm name: without its dose, its article, an unbalanced bracket."""
    g = _clean(raw)
    g = _DOSE_TAIL.sub("", g).strip(" ,;:")
    g = re.sub(rf"^\d+(?:\s*[{DASH}]\s*\d+)?\s*(?:days?|weeks?|months?|cycles?|sessions?|doses?)\s+of\s+", "", g, flags=re.I)
    if g.count("(") != g.count(")"):
        g = g[:g.index("(")].strip() if "(" in g else g.replace(")", "").strip()
    g = re.sub(r"^(?:the\s+|a\s+|an\s+)", "", g, flags=re.IGNORECASE)
    return "" if _VERBISH.search(g) else g


# arms labelled in brackets where patients are allocated: "(350 mg per day, RT-5-FU arm)", "(C group, 20 patients)",
# "(ModHT group, n = 10, 28°C)", "(group B, n = 30)"
_INNER = Rule("arms.inner", r"\(([^()]*)\)",
    examples=[('surgery (open)', '(open)')],
    not_examples=['surgery'],
    note='the text inside brackets',
)
_LABEL = Rule(
    "arms.label", r"(?:^|[,;]\s*)(?:(?P<a>[A-Za-z0-9][\w+\-/]*(?:\s+[\w+\-/]+){0,2}?)\s+(?:arm|group)|(?:arm|group)\s+(?P<b>[A-Z0-9]{1,3}))\b"
    r"(?:[^,;]*[,;]\s*(?:n\s*=\s*(?P<n>\d+)|(?P<n2>\d+)\s+(?:patients|participants|subjects)))?", flags=re.IGNORECASE,
    examples=[('surgery arm, n = 30', {'a': 'surgery', 'n': '30'}), ('group A', {'b': 'A'})],
    not_examples=['surgery'],
    note="an arm label with its size: 'the surgery arm (n = 30)', 'group A'",
)
_SENTENCE_END = Rule("arms.sentence_end", r"\.(?:\s+(?=[A-Z])|$)",
    examples=[('was done. Then', '. ')],
    not_examples=['e.g. the'],
    note='the end of a sentence',
)


def _labelled_arms(text: str, cues: list) -> list[Arm]:
    for c in cues:
        end = _SENTENCE_END.search(text, c.end())
        sentence = text[c.start():end.start() if end else len(text)]
        arms: list[Arm] = []
        for inner in _INNER.finditer(sentence):
            lm = _LABEL.search(inner.group(1))
            if lm is None:
                continue
            name = lm.group("a") or f"group {lm.group('b')}"
            n = lm.group("n") or lm.group("n2")
            if name.lower() not in {a.name.lower() for a in arms} and not _NOT_ARM.match(name):
                arms.append(Arm(name, int(n) if n else None))
        if len(arms) >= 2:
            return arms
    return []


def _allocated_arms(text: str) -> list[Arm]:
    low = text.lower()
    if "random" not in low and "allocat" not in low and "assign" not in low:
        return []
    cues = list(_CUE_ALLOC.finditer(low))[:12]
    labelled = _labelled_arms(text, cues)
    if labelled:
        return labelled
    for rx in (_RAND_N_PAIR, _RAND_TO):  # an allocation with its sizes first
        for c in cues:
            if rx is _RAND_N_PAIR and not _NUMBER_NEAR.search(text, max(0, c.start() - 80), min(len(text), c.end() + 40)):
                continue  # sizes need a number near the allocation word
            window = text[max(0, c.start() - 80):min(len(text), c.end() + 300)]
            m = rx.search(window)
            if m is None:
                continue
            if m.groupdict().get("c"):
                a, b, n1, n2 = m.group("c"), m.group("d"), m.group("n3"), m.group("n4")
            else:
                a, b, n1, n2 = m.group("a"), m.group("b"), m.group("n1"), m.group("n2")
            a, b = _trial_arm(a), _trial_arm(b)
            if not a or not b or _NOT_ARM.match(a) or _NOT_ARM.match(b) or a.lower() == b.lower():
                continue
            sizes = [number_value(x) if x else None for x in (n1, n2)]
            return [Arm(a, int(sizes[0]) if sizes[0] else None), Arm(b, int(sizes[1]) if sizes[1] else None)]
    return []


def find_arms(text: str) -> list[Arm]:
    """The two (or more) arms the abstract compares, with their sizes and aliases, in order of first mention."""
    text = text[:_ARMS_WINDOW]  # arms are named in the abstract, which comes first
    arms = _named_arms(text)
    if arms:
        abbreviations = find_abbreviations(text)
        arms = [Arm(a.name, a.n, _aliases(a.name, abbreviations)) for a in arms]
    return arms


def _aliases(name: str, abbreviations: dict[str, str]) -> tuple[str, ...]:
    """'isolated liver metastases' <-> 'ILM' as the abstract defines it; 'enucleation (EN)' -> 'enucleation', 'EN'."""
    out: list[str] = []
    inner = _ABBR.search(name)
    if inner:
        out += [inner.group(1), _PAREN.sub("", name).strip()]
    low = name.lower()
    for short, long in abbreviations.items():
        if short == name or low == long.lower():
            out.append(long if short == name else short)
    return tuple(dict.fromkeys(x for x in out if x and x != name))


# -- one way to tell which arm a name is ---------------------------------------------------------------------------
_ARM_STOP = frozenset(
    "the of with and or in for to a an those patients patient group groups arm arms cohort who were was had by on at after "
    "underwent undergoing receiving received treated".split())


def arm_tokens(name: str) -> frozenset[str]:
    """The words that identify an arm's name: lower case, without articles, 'patients', 'group', 'arm', ..."""
    return frozenset(t for t in re.findall(r"[a-z0-9]+", name.lower()) if t not in _ARM_STOP)


def same_arm(a: str, b: str) -> bool:
    """Two names of one arm as printed alike ('the GDT group' and 'GDT')."""
    return arm_tokens(a) == arm_tokens(b)


def _names(arm: Arm) -> list[frozenset[str]]:
    return [t for t in (arm_tokens(x) for x in (arm.name, *arm.aliases)) if t]


def match_arm(name: str | None, arms: list[Arm]) -> Arm | None:
    """The arm of ``arms`` that ``name`` names: the same words (under any alias) first, else the one arm whose words
    contain or are contained in the name's; None when no arm or more than one fits.  A negated name ('without X',
    'outside X', 'non-X', 'no X') never matches an 'X' arm, nor the other way round.  The one matcher of arm names: extraction, analysis, checks and
    pooling all ask it."""
    if not name:
        return None
    t = arm_tokens(name) - _NEGATION_WORDS
    if not t:
        return None
    negated = bool(_NEGATED.match(name.strip()))
    fits = [a for a in arms if bool(_NEGATED.match(a.name.strip())) == negated]
    exact = [a for a in fits if any(t == n - _NEGATION_WORDS for n in _names(a))]
    if len(exact) == 1:
        return exact[0]
    loose = [a for a in fits if any(t <= n - _NEGATION_WORDS or n - _NEGATION_WORDS <= t for n in _names(a))]
    return loose[0] if len(loose) == 1 else None


_NEGATED = Rule("arms.negated", r"^(?:without|outside|non[-\s]?|not\b|no\b)", flags=re.I,
    examples=[('without surgery', 'without'), ('non-surgical', 'non-')],
    not_examples=['surgery'],
    note='an arm named by what it lacks',
)
_NEGATION_WORDS = frozenset({"without", "outside", "non", "not", "no"})


def shares_words(name: str, arms: list[Arm]) -> bool:
    """Does the name share a word with any arm's name or alias ('elderly' with 'elderly patients (>= 75 years)')?"""
    t = arm_tokens(name)
    return bool(t) and any(t & n for a in arms for n in _names(a))


def arm_words(arms: list[Arm]) -> frozenset[str]:
    """Every word of the arms' names and aliases."""
    return frozenset(w for a in arms for n in _names(a) for w in n)


def _named_arms(text: str) -> list[Arm]:
    allocated = _allocated_arms(text)
    if allocated:
        return allocated
    for rx, cue in ((_N_EQ, _CUE_N_EQ), (_PAIR, _CUE_PAIR), (_NOUN_PAIR, _CUE_NOUN), (_PERFORMED_PAIR, _CUE_PERFORMED)):
        for c in cue.finditer(text):
            m = rx.search(text, max(0, c.start() - 70), min(len(text), c.end() + 200))
            if m is None:
                continue
            a = _clean(m.group("a"))
            b_raw = m.group("b")
            if rx is _PAIR and (m.group("v2") or "").lower() == "did":
                b = _negate(m.group("a"), m.group("v1"))
            else:
                b = _clean(b_raw)
            if not a or not b or _BAD.match(a) or _BAD.match(b):
                continue
            if _SIZE_CONTEXT.search(a) or _SIZE_CONTEXT.search(b):
                continue
            n1, n2 = int(m.group("n1")), int(m.group("n2"))
            return [Arm(a, n1), Arm(b, n2)]
    return []


# Every _TOTAL match ends with one of these nouns, right after a number and optional adjectives; the noun is found
# by a fast literal scan and _TOTAL is tried only in the window before a noun that follows a number.
_TOTAL_NOUNS = ("patients", "participants", "subjects", "recipients", "resections", "operations", "cases",
                "individuals", "children", "adults", "women", "men")
_TOTAL_NOUN = Rule("arms.total_noun", rf"(?:{'|'.join(_TOTAL_NOUNS)})\b", flags=re.IGNORECASE,
    examples=[('120 Patients', 'Patients')],
    not_examples=['120 mg'],
    note='what _TOTAL needs after a number',
)
_TOTAL_NOUN_LOW = Rule("arms.total_noun_low", rf"{trie_alternation(_TOTAL_NOUNS)}\b",
    examples=[('120 patients', 'patients')],
    not_examples=['120 mg'],
    note='the same as _TOTAL_NOUN on lower-cased text',
)  # the same on lower-cased text, 5x faster
_TOTAL_ADJECTIVES = {"consecutive", "eligible", "adult", "evaluable", "unselected"}
_NUMBER_TAILS = set(NUMBER_WORDS) | {"a"}
_TOTAL_WINDOW = 300  # characters before the noun: longer than any _TOTAL match in practice


_TOTAL_TEXT = 8000


def find_total(text: str) -> int | None:
    """The cohort size: 'Of 261 patients', 'A total of 129 patients', 'Sixty-three patients received'.

    The first _TOTAL match of the text's first 8,000 characters (where the abstract states it) with a plausible
    size, as ``_TOTAL.finditer(text)`` would find it.
    """
    text = text[:_TOTAL_TEXT]
    pos = 0
    low = text.lower()
    nouns = _TOTAL_NOUN_LOW.finditer(low) if len(low) == len(text) else _TOTAL_NOUN.finditer(text)
    for noun in nouns:
        if noun.start() < pos or not _number_before(text, noun.start()):
            continue
        for m in _TOTAL.finditer(text, max(pos, noun.start() - _TOTAL_WINDOW), min(len(text), noun.end() + 1)):
            if m.end() != noun.end():
                continue
            raw = m.group("n") or m.group("n0")
            v = number_value(raw.replace(",", ""))
            if v and 2 <= v < 10_000_000 and not (1900 <= v <= 2100):
                return int(v)
            pos = m.end()
    return None


def _number_before(text: str, end: int) -> bool:
    """Does a numeral or number word (then only _TOTAL's adjectives) end just before ``end``?"""
    words = text[max(0, end - 80):end].split()
    while words and words[-1].lower() in _TOTAL_ADJECTIVES:
        words.pop()
    if not words or not text[end - 1:end].isspace():
        return False
    last = words[-1].lower()
    if last.replace(",", "").isdigit():
        return True
    if last == "and":  # "one hundred and patients" would still be a WORD_NUM followed by its noun
        return len(words) > 1 and words[-2].lower() == "hundred"
    return re.split(f"[{DASH}]", last)[-1] in _NUMBER_TAILS


def _clean(raw: str) -> str:
    g = _PAREN.sub(lambda m: m.group() if _ABBR.fullmatch(m.group().strip()) else "", raw).strip(" ,;:.")
    g = re.sub(r"^(?:(?:women|men|patients|participants|subjects|those)\s+)?in\s+the\s+", "", g, flags=re.IGNORECASE)
    g = re.sub(r"^(?:the|a|an)\s+", "", g, flags=re.IGNORECASE)
    g = re.sub(r"\s+(?:patients|participants|subjects|recipients|cases)$", "", g, flags=re.IGNORECASE)
    return g


def _negate(a: str, verb: str) -> str:
    abbr = _ABBR.search(a)
    name = abbr.group(1) if abbr else _clean(a)
    return f"without {name}"
