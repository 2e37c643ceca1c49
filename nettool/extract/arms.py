"""Study arms and cohort size as the abstract states them.

"211 had isolated liver metastases and 50 had liver and peritoneal metastases",
"44 received CRS plus HIPEC (...) and 82 received CRS alone", "laparoscopic
(n = 61) versus open (n = 85)", "46 LT recipients matched with 46 PH patients",
"Of 261 patients ...", "Sixty-three patients received a graft".
"""
from __future__ import annotations

import re

from nettool.extract.numbers import DASH, NUMBER_WORDS, WORD_NUM, number_value
from nettool.extract.patterns import trie_alternation
from nettool.models import Arm

_N = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{WORD_NUM})"
_VERB = r"(?:had|underwent|received|were\s+treated\s+with|were\s+treated\s+by|met|were|formed|comprised)"
_PAIR = re.compile(
    rf"(?<![\w.,])(?P<n1>\d+)\s+(?:patients\s+|participants\s+)?(?P<v1>{_VERB})\s+(?P<a>(?:[^;.:\d()]|\([^()]*\)){{2,120}}?)\s+(?:and|while|whereas|,)\s+"
    rf"(?P<n2>\d+)\s+(?:patients\s+|participants\s+)?(?:(?P<v2>{_VERB}|did)\s+)?(?P<b>[^,;.]{{1,80}}?)\s*(?=[,;.]|$)",
    re.IGNORECASE,
)
_NOUN_PAIR = re.compile(
    rf"(?<![\w.,])(?P<n1>\d+)\s+(?!(?:in|of|at|on|for|with|to|the|and|or|per|patients)\b)(?P<a>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,3}}?)\s+(?:and|vs\.?|versus|matched\s+(?:1:1\s+)?with|"
    rf"compared\s+with)\s+(?P<n2>\d+)\s+(?P<b>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,3}}?)\s*(?=[,;.:(]|\s+(?:for|by|on|in|with)\b|$)",
    re.IGNORECASE,
)
_N_EQ = re.compile(
    r"\b(?:[A-Z]\w+\s+(?:comprised|included|were|was)\s+)?(?P<a>[A-Za-z][^,;().:]{1,60}?)\s*\(\s*n\s*=\s*(?P<n1>\d+)\s*\)\s*(?:and|vs\.?|versus|or|,)\s*"
    r"(?P<b>[A-Za-z][^,;().:]{1,60}?)\s*\(\s*n\s*=\s*(?P<n2>\d+)\s*\)",
    re.IGNORECASE,
)
_TOTAL = re.compile(
    rf"(?:\b(?:of|among|total\s+of|reviewed|analy[sz]ed|included|studied|enrolled|identified|comprising|involving|including|"
    rf"evaluated|randomi[sz]ed|report(?:ed)?\s+(?:our\s+)?(?:experience\s+)?(?:with\s+\w+\s+)?(?:[\w-]+\s+){{0,4}}in)\s+"
    rf"(?P<n>{_N})|(?:^|(?<=\.\s)|(?<=:\s)|(?<=;\s))(?P<n0>{_N}))\s+(?:(?:consecutive|eligible|adult|evaluable|unselected)\s+)*"
    rf"(?:patients|participants|subjects|recipients|resections|operations|cases|individuals|children|adults|women|men)\b",
    re.IGNORECASE,
)
# "Systematic lymphadenectomy was performed in 126 patients and limited lymphadenectomy in 88"
_DONE_VERB = r"(?:was|were)\s+(?:performed|carried\s+out|done|undertaken|used|chosen)"
_PERFORMED_PAIR = re.compile(
    rf"(?:^|(?<=[.;:]\s))(?P<a>[^.;:,()\d]{{2,60}}?)\s+{_DONE_VERB}\s+in\s+(?P<n1>\d+)(?:\s+(?:patients|cases|participants))?"
    rf"(?:\s*\([^()]*\))?\s*,?\s+(?:and|while|whereas)\s+(?P<b>[^.;:,()\d]{{2,60}}?)(?:\s+{_DONE_VERB})?\s+in\s+(?P<n2>\d+)\b",
    re.IGNORECASE,
)
_CUE_PERFORMED = re.compile(rf"{_DONE_VERB}\s+in\s+\d", re.IGNORECASE)
_PAREN = re.compile(r"\s*\([^()]*\)")
# cheap cues: the expensive patterns run only around them
_ARMS_WINDOW = 6000
_CUE_N_EQ = re.compile(r"\(\s*n\s*=\s*\d+\s*\)\s*(?:and|vs\.?|versus|or|,)", re.IGNORECASE)
_CUE_PAIR = re.compile(rf"\d(?<![\w.,]\d)\d*\s+(?:patients\s+|participants\s+)?{_VERB}\s", re.IGNORECASE)
_CUE_NOUN = re.compile(r"\s(?:and|vs\.?|versus|matched\s+(?:1:1\s+)?with|compared\s+with)\s+\d+\s", re.IGNORECASE)
_ABBR = re.compile(r"\(([A-Z][A-Za-z0-9-]{1,10})\)")
_BAD = re.compile(r"^(?:\d|the\s+(?:first|second)|a\s+median|median|mean|years?|months?)\b", re.IGNORECASE)
_SIZE_CONTEXT = re.compile(
    r"\b(?:age|aged|years|lesions?|cm|mm|mg|ml|kg|µg|Ki-?67|index|%|months|weeks|days|centres|centers|hospitals|studies)\b",
    re.IGNORECASE,
)


def find_arms(text: str) -> list[Arm]:
    """The two (or more) arms the abstract compares, with their sizes, in order of first mention."""
    text = text[:_ARMS_WINDOW]  # arms are named in the abstract, which comes first
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
_TOTAL_NOUN = re.compile(rf"(?:{'|'.join(_TOTAL_NOUNS)})\b", re.IGNORECASE)
_TOTAL_NOUN_LOW = re.compile(rf"{trie_alternation(_TOTAL_NOUNS)}\b")  # the same on lower-cased text, 5x faster
_TOTAL_ADJECTIVES = {"consecutive", "eligible", "adult", "evaluable", "unselected"}
_NUMBER_TAILS = set(NUMBER_WORDS) | {"a"}
_TOTAL_WINDOW = 300  # characters before the noun: longer than any _TOTAL match in practice


def find_total(text: str) -> int | None:
    """The cohort size: 'Of 261 patients', 'A total of 129 patients', 'Sixty-three patients received'.

    The first _TOTAL match of the text with a plausible size, as ``_TOTAL.finditer(text)`` would find it.
    """
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
    g = re.sub(r"^(?:the|a|an)\s+", "", g, flags=re.IGNORECASE)
    g = re.sub(r"\s+(?:patients|participants|subjects|recipients|cases)$", "", g, flags=re.IGNORECASE)
    return g


def _negate(a: str, verb: str) -> str:
    abbr = _ABBR.search(a)
    name = abbr.group(1) if abbr else _clean(a)
    return f"without {name}"
