"""Number grammar: numerals, number words, fractions, bounds and p-values.

Every pattern here is a building block for the engine's regexes; each helper
turns a matched surface into a value.  Unicode variants are accepted as printed:
"·" as decimal point, en dash / minus / hyphen in ranges, NBSP as a space,
≥/≤ as bounds.  Each pattern is a rule (``nettool.extract.rules``) with its
examples; the string building blocks (``NUM``, ``WORD_NUM``, ``FRACTION``,
``BOUND``, ``RANGE_SEP``) are those rules' pattern sources.
"""
from __future__ import annotations

import re

from nettool.extract.rules import Rule, Table

DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"
# A numeral as printed: "3,412", "11.5", "11·5", ".064", "0.9".  Written to start with one character class (the
# first character, then look-behinds tell which alternative it began) so that a pattern starting with a numeral
# lets the regex engine skip ahead to the next digit or point instead of trying every position: the same strings,
# in the same order of preference, as (?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:[.·]\d+)?|[.·]\d+).
NUM_RULE = Rule(
    "number.num", r"(?:[\d.\u00b7](?:(?<=\d)(?:\d{0,2}(?:,\d{3})+(?![\d])|\d*(?:[.\u00b7]\d+)?)|(?<=[.\u00b7])\d+))",
    examples=[("in 3,412 patients", "3,412"), ("11\u00b75 months", "11\u00b75"), ("P = .064", ".064"),
              ("a typo 1,2345", "1"), ("12,34 mm", "12"), ("0.9", "0.9")],
    not_examples=["no digit here", "a lone . point"],
    note="a building block: thousands groups first, then a decimal, then a leading point",
)
NUM = NUM_RULE.pattern
RANGE_SEP_RULE = Rule(
    "number.range_sep", rf"\s*(?:[{DASH}]|to)\s*",
    examples=[("12 to 18", " to "), ("4.2\u20138.0", "\u2013"), ("3 - 5", " - ")],
    not_examples=["12 and 18"], note="a building block: what stands between the two ends of a range",
)
RANGE_SEP = RANGE_SEP_RULE.pattern

_UNITS = Table("number.units", {
    "zero": 0, "no": 0, "one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}, examples=[("no", 0), ("a", 1), ("twelve", 12), ("nineteen", 19)], not_examples=["twenty", "hundred"],
    note="number words below twenty; 'no' and 'a' count ('no deaths', 'a hundred') but are not number words "
         "on their own (NUMBER_WORDS, WORD_NUM leave them out)").entries
_TENS = Table("number.tens", {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}, examples=[("forty", 40), ("ninety", 90)], not_examples=["fourty"]).entries
_SMALL = "|".join(sorted((k for k in _UNITS if k not in ("no", "a")), key=len, reverse=True))
_TEN = "|".join(_TENS)
NUMBER_WORDS = tuple(k for k in _UNITS if k not in ("no", "a")) + tuple(_TENS) + ("hundred",)
# "forty-two", "Sixty-six", "nineteen", "One hundred and forty-two"
_WORD_RE = Rule(
    "number.word_num",
    rf"(?:(?:{_SMALL}|a)\s+hundred(?:\s+and)?(?:\s+(?:(?:{_TEN})(?:[{DASH}\s](?:{_SMALL}))?|{_SMALL}))?"
    rf"|(?:{_TEN})(?:[{DASH}\s](?:{_SMALL}))?|{_SMALL})",
    flags=re.IGNORECASE,
    examples=[("Sixty-six patients", "Sixty-six"), ("one hundred and forty-two", "one hundred and forty-two"),
              ("in nineteen", "nineteen"), ("seventy four cases", "seventy four"), ("a hundred", "a hundred")],
    not_examples=["12 patients", "hundreds"],
    note="a building block without word boundaries of its own: the patterns that use it add them",
)
WORD_NUM = _WORD_RE.pattern

FRACTIONS = Table("number.fractions", {
    "half": 50.0, "one half": 50.0, "one-half": 50.0, "a half": 50.0,
    "one third": 33.0, "one-third": 33.0, "a third": 33.0, "two thirds": 67.0, "two-thirds": 67.0,
    "one quarter": 25.0, "one-quarter": 25.0, "a quarter": 25.0, "three quarters": 75.0, "three-quarters": 75.0,
    "one fifth": 20.0, "one-fifth": 20.0, "two-fifths": 40.0, "three-fifths": 60.0, "four-fifths": 80.0,
}, examples=[("two-thirds", 67.0), ("a quarter", 25.0), ("half", 50.0)], not_examples=["a fifth"],
    note="a fraction that FRACTION matches and this table lacks has no value").entries
FRACTION_RULE = Rule(
    "number.fraction", r"(?:(?:one|two|three|four|a)[\s-](?:half|thirds?|quarters?|fifths?)|half)",
    flags=re.IGNORECASE,
    examples=[("two-thirds of patients", "two-thirds"), ("Half of them", "Half"), ("in a quarter", "a quarter")],
    not_examples=["three fourths"], note="a building block",
)
FRACTION = FRACTION_RULE.pattern


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


# the bound a printed comparator means (bound_of): the whole surface, one rule per bound
_BOUND_WORDS = [
    (Rule("number.bound_ge", r"^(?:≥|⩾|>=|=>|at\s+least|not\s+less\s+than|no\s+less\s+than)$", flags=re.I,
          examples=["≥", "At least", "no less than"], not_examples=["at least 5", ">"]), ">="),
    (Rule("number.bound_le", r"^(?:≤|⩽|<=|=<|at\s+most|not\s+more\s+than|no\s+more\s+than|up\s+to)$", flags=re.I,
          examples=["≤", "up to", "not more than"], not_examples=["more than"]), "<="),
    (Rule("number.bound_gt", r"^(?:>|more\s+than|greater\s+than|over|above|exceeding|in\s+excess\s+of)$", flags=re.I,
          examples=[">", "Greater than", "in excess of"], not_examples=["overall", ">="]), ">"),
    (Rule("number.bound_lt", r"^(?:<|less\s+than|fewer\s+than|under|below|lower\s+than)$", flags=re.I,
          examples=["<", "fewer than", "below"], not_examples=["underwent", "<="]), "<"),
]
BOUND_RULE = Rule(
    "number.bound",
    r"(?:≥|≤|⩾|⩽|>=|=>|<=|=<|>|<|at\s+least|not\s+less\s+than|no\s+less\s+than|at\s+most|not\s+more\s+than|"
    r"no\s+more\s+than|more\s+than|greater\s+than|less\s+than|fewer\s+than|in\s+excess\s+of|over|under|"
    r"above|below|exceeding)",
    examples=[("in more than 90%", "more than"), ("\u2265 97%", "\u2265"), (">= 5 cm", ">="), ("at most 3", "at most")],
    not_examples=["in 90% of patients"],
    note="a building block in front of a value; the patterns that use it set the case and the boundaries",
)
BOUND = BOUND_RULE.pattern


def bound_of(surface: str | None) -> str:
    if not surface:
        return "="
    s = surface.strip()
    for rx, b in _BOUND_WORDS:
        if rx.match(s):
            return b
    return "="


# p-values: "p = 0.002", "P=.064", "p<0.001", "P < 0.00001", "log-rank P < .001", "P = 1.2 x 10-5"
P_VALUE = Rule(
    "number.p_value",
    r"(?<![A-Za-z])(?:(?:log[\s-]?rank|two[\s-]sided|adjusted|overall|interaction)\s+)?[Pp](?:[\s-]*values?)?"
    r"(?:\s*(?:for\s+(?:trend|interaction)|trend|\(\s*log[\s-]?rank\s*\)))?\s*"
    r"(?P<cmp>=|<|>|≤|≥|<=|>=|=<|=>|≦|≧|\u2009?<\u2009?)\s*"
    r"(?P<num>\d*[.\u00b7]\d+|\d+(?:[.\u00b7]\d+)?)(?:\s*[x×·]\s*10\s*(?:\^|e)?\s*(?P<exp>[{DASH}]?\s*\d+))?"
    .replace("{DASH}", DASH),
    examples=[("(p = 0.002)", {"cmp": "=", "num": "0.002", "exp": None}), ("log-rank P < .001", "log-rank P < .001"),
              ("P = 1.2 x 10-5", {"num": "1.2", "exp": "-5"}), ("p value for trend = 0.03", {"num": "0.03"}),
              ("P\u2264.05", {"cmp": "\u2264", "num": ".05"})],
    not_examples=["p53 was positive in 40%", "PFS = 12 months", "step < 2"],
    needs_cased=("=", "<", ">", "\u2264", "\u2265", "\u2266", "\u2267"),
    note="the printed number and its comparator; p_value_of() gives no value for 'p > 0.05'",
)
NS = Rule(
    "number.not_significant", r"(?<![A-Za-z])(?:NS|n\.s\.|not\s+significant|non[\s-]?significant)(?![A-Za-z])",
    examples=[("(NS)", "NS"), ("was not significant", "not significant"), ("a non-significant trend", "non-significant")],
    not_examples=["NSAID use", "ns", "insignificant"], needs_cased=("NS", "n.s."), needs=("significant",),
)


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
