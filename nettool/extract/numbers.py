"""Number grammar: numerals, number words, fractions, bounds and p-values.

Every pattern here is a building block for the engine's regexes; each helper
turns a matched surface into a value.  Unicode variants are accepted as printed:
"·" as decimal point, en dash / minus / hyphen in ranges, NBSP as a space,
≥/≤ as bounds.
"""
from __future__ import annotations

from nettool import _re as re

DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"
# A numeral as printed: "3,412", "11.5", "11·5", ".064", "0.9".  Written to start with one character class (the
# first character, then look-behinds tell which alternative it began) so that a pattern starting with a numeral
# lets the regex engine skip ahead to the next digit or point instead of trying every position: the same strings,
# in the same order of preference, as (?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:[.·]\d+)?|[.·]\d+).
NUM = r"(?:[\d.\u00b7](?:(?<=\d)(?:\d{0,2}(?:,\d{3})+(?![\d])|\d*(?:[.\u00b7]\d+)?)|(?<=[.\u00b7])\d+))"
RANGE_SEP = rf"\s*(?:[{DASH}]|to)\s*"

_UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SMALL = "|".join(sorted((k for k in _UNITS if k not in ("no", "a")), key=len, reverse=True))
_TEN = "|".join(_TENS)
NUMBER_WORDS = tuple(k for k in _UNITS if k not in ("no", "a")) + tuple(_TENS) + ("hundred",)
# "forty-two", "Sixty-six", "nineteen", "One hundred and forty-two"
WORD_NUM = (
    rf"(?:(?:{_SMALL}|a)\s+hundred(?:\s+and)?(?:\s+(?:(?:{_TEN})(?:[{DASH}\s](?:{_SMALL}))?|{_SMALL}))?"
    rf"|(?:{_TEN})(?:[{DASH}\s](?:{_SMALL}))?|{_SMALL})"
)
_WORD_RE = re.compile(WORD_NUM, re.IGNORECASE)

FRACTIONS = {
    "half": 50.0, "one half": 50.0, "one-half": 50.0, "a half": 50.0,
    "one third": 33.0, "one-third": 33.0, "a third": 33.0, "two thirds": 67.0, "two-thirds": 67.0,
    "one quarter": 25.0, "one-quarter": 25.0, "a quarter": 25.0, "three quarters": 75.0, "three-quarters": 75.0,
    "one fifth": 20.0, "one-fifth": 20.0, "two-fifths": 40.0, "three-fifths": 60.0, "four-fifths": 80.0,
}
FRACTION = r"(?:(?:one|two|three|four|a)[\s-](?:half|thirds?|quarters?|fifths?)|half)"


def parse_num(surface: str) -> float:
    """'3,412' -> 3412.0, '11·5' -> 11.5, '.064' -> 0.064."""
    s = surface.strip().replace("\u00b7", ".")
    if "," in s:
        s = s.replace(",", "")
    if s.startswith("."):
        s = "0" + s
    return float(s)


def word_to_int(text: str) -> int | None:
    """'Sixty-six' -> 66, 'One hundred and forty-two' -> 142, 'ten' -> 10."""
    t = re.sub(rf"[{DASH}]", " ", text.lower()).replace(" and ", " ").split()
    if not t:
        return None
    total = 0
    current = 0
    for w in t:
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        else:
            return None
    total += current
    return total


def number_value(surface: str) -> float | None:
    """A numeral or a number word as a float (None when it is neither)."""
    s = surface.strip()
    if not s:
        return None
    if s[0].isdigit() or s[0] in ".\u00b7":
        try:
            return parse_num(s)
        except ValueError:
            return None
    if _WORD_RE.fullmatch(s):
        n = word_to_int(s)
        return float(n) if n is not None else None
    return None


def fraction_value(surface: str) -> float | None:
    return FRACTIONS.get(re.sub(r"\s+", " ", surface.lower().replace("-", "-")))


_BOUND_WORDS = [
    (re.compile(r"^(?:≥|⩾|>=|=>|at\s+least|not\s+less\s+than|no\s+less\s+than)$", re.I), ">="),
    (re.compile(r"^(?:≤|⩽|<=|=<|at\s+most|not\s+more\s+than|no\s+more\s+than|up\s+to)$", re.I), "<="),
    (re.compile(r"^(?:>|more\s+than|greater\s+than|over|above|exceeding|in\s+excess\s+of)$", re.I), ">"),
    (re.compile(r"^(?:<|less\s+than|fewer\s+than|under|below|lower\s+than)$", re.I), "<"),
]
BOUND = (
    r"(?:≥|≤|⩾|⩽|>=|=>|<=|=<|>|<|at\s+least|not\s+less\s+than|no\s+less\s+than|at\s+most|not\s+more\s+than|"
    r"no\s+more\s+than|more\s+than|greater\s+than|less\s+than|fewer\s+than|in\s+excess\s+of|over|under|"
    r"above|below|exceeding)"
)


def bound_of(surface: str | None) -> str:
    if not surface:
        return "="
    s = surface.strip()
    for rx, b in _BOUND_WORDS:
        if rx.match(s):
            return b
    return "="


# p-values: "p = 0.002", "P=.064", "p<0.001", "P < 0.00001", "log-rank P < .001", "P = 1.2 x 10-5"
P_VALUE = re.compile(
    r"(?<![A-Za-z])(?:(?:log[\s-]?rank|two[\s-]sided|adjusted|overall|interaction)\s+)?[Pp](?:[\s-]*values?)?"
    r"(?:\s*(?:for\s+(?:trend|interaction)|trend|\(\s*log[\s-]?rank\s*\)))?\s*"
    r"(?P<cmp>=|<|>|≤|≥|<=|>=|=<|=>|≦|≧|\u2009?<\u2009?)\s*"
    r"(?P<num>\d*[.\u00b7]\d+|\d+(?:[.\u00b7]\d+)?)(?:\s*[x×·]\s*10\s*(?:\^|e)?\s*(?P<exp>[{DASH}]?\s*\d+))?"
    .replace("{DASH}", DASH)
)
NS = re.compile(r"(?<![A-Za-z])(?:NS|n\.s\.|not\s+significant|non[\s-]?significant)(?![A-Za-z])")


def p_value_of(m: re.Match[str]) -> float | None:
    """The printed p without its comparator; None for 'p > 0.05'-style non-findings."""
    try:
        value = parse_num(m.group("num"))
    except ValueError:
        return None
    exp = m.group("exp")
    if exp:
        e = re.sub(rf"[{DASH}\s]", "", exp)
        sign = -1 if re.search(rf"[{DASH}]", exp) else 1
        value = value * 10 ** (sign * int(e))
    cmp = m.group("cmp").strip()
    if cmp in (">", "≥", ">=", "=>", "≧") and value >= 0.05:
        return None
    if value > 1:
        return None
    return value
