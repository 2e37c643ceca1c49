"""The extractor's speed-ups must not change what it finds.

Each fast form is compared with a plain reference form written the obvious way (kept here, in the test, as the
specification): the numeral pattern, the sentence splitter's boundary scan, the trie-factored alternations and the
word guards in front of the value patterns.
"""
from __future__ import annotations

import importlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

import nettool  # noqa: F401
from nettool.extract import numbers, sentences
from nettool.extract.patterns import trie_alternation

engine = importlib.import_module("nettool.extract.engine")
judge = importlib.import_module("nettool.extract.judge")
tag = importlib.import_module("nettool.extract.tag")


def joined(pieces: list[str], max_size: int):
    """Texts made of up to ``max_size`` of the pieces: the phenomena a fast form must agree on, in any order."""
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)

PLAIN_NUM = re.compile(r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+(?:[.\u00b7]\d+)?|[.\u00b7]\d+)")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789.,\u00b7% a-", max_size=16))
def test_numeral_pattern_matches_what_the_plain_form_matches(text):
    fast = re.compile(numbers.NUM)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in PLAIN_NUM.finditer(text)]
    for pos in range(len(text) + 1):
        a, b = fast.match(text, pos), PLAIN_NUM.match(text, pos)
        assert (a and a.span()) == (b and b.span())


# The splitter as first written: a zero-width boundary, then an abbreviation test on the text before it.
_PLAIN_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9\u00C0-\u024F])")
_PLAIN_ABBREV = re.compile(
    r"(?:\b(?:" + "|".join(re.escape(a) for a in sentences._ABBREVIATIONS) + r")\.|\b[A-Z]\.)$", re.IGNORECASE
)


def _plain_boundaries(line: str) -> list[int]:
    out = []
    start = 0
    for m in _PLAIN_BOUNDARY.finditer(line):
        e = m.start()
        if _PLAIN_ABBREV.search(line, max(start, e - 16), e) or sentences._is_decimal_tail(line, e):
            continue
        out.append(e)
        start = m.end()
    return out


def _fast_boundaries(line: str) -> list[int]:
    return [m.start() + 1 for m in sentences._BOUNDARY.finditer(line) if not sentences._is_decimal_tail(line, m.start() + 1)]


LINE_PIECES = [
    "word", " ", ". ", "! ", "? ", "vs. ", "et al. ", "e.g. ", "i.e. ", "Fig. ", "No. ", "J. ", "U.S. ", "5. ",
    "12.3", "(", ")", '"', "A", "The", "median", "3", "\u00c9t\u00e9", "ab.", "n. ", "pts. ", "approx. ", "x",
]


@settings(max_examples=800, deadline=None)
@given(joined(LINE_PIECES, 25))
def test_sentence_boundaries_are_those_of_the_plain_splitter(line):
    assert _fast_boundaries(line) == _plain_boundaries(line)


def test_sentence_boundaries_on_known_cases():
    line = "Survival was 5 vs. 7 years (Smith et al. 2001). Median OS was 42 months. J. Smith wrote it."
    cuts = _fast_boundaries(line)
    assert [line[:c].rsplit(" ", 1)[-1] for c in cuts] == ["2001).", "months."]
    assert cuts == _plain_boundaries(line)


def test_trie_words_with_a_regex_tail():
    rx = re.compile(trie_alternation(["follow", ("follow", r"-?up"), ("control", r"\s+of"), "cc"]))
    assert [m.group() for m in rx.finditer("follow-up; control of; control group; cc")] == [
        "follow-up", "control of", "cc"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcde", min_size=1, max_size=5), min_size=1, max_size=12), st.text(alphabet="abcde ", max_size=30))
def test_trie_alternation_matches_the_same_words(words, text):
    trie = re.compile(trie_alternation(words))
    longest_first = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in longest_first.finditer(text)]


VALUE_PIECES = [
    "Median overall survival was ", "no deaths", "nine of ten", "two-thirds", "all patients", "HR 0.61", "hazard ratio ",
    "5-year ", "at 3 years", "(95% CI 0.4-0.9)", "range 2-9", "P = .01", "NS", "78%", " months", "41/58", " in ", " ",
    "mortality", "died", "half", "IQR 3-5", "confidence interval ", "per cent", "twelve of twenty",
]


def _assert_guards_hold(s: str) -> None:
    low = s.lower()
    for rx, needs in tag._NEEDS.items():
        if not needs(s, low):
            assert rx.search(s) is None, (rx.pattern[:60], s)


@settings(max_examples=400, deadline=None)
@given(joined(VALUE_PIECES, 14))
def test_word_guards_never_skip_a_match(s):
    """A guarded pattern is skipped only when it has nothing to find."""
    _assert_guards_hold(s)


def test_word_guards_on_the_test_corpus():
    from pathlib import Path

    data = Path(__file__).parent / "data"
    n = 0
    for path in sorted((data / "dev").glob("*.*")) + sorted((data / "seeds").glob("*.txt")):
        for _, sentence, _ in sentences.split_sentences(path.read_text(encoding="utf-8")):
            _assert_guards_hold(sentence)
            n += 1
    assert n > 200


SURGICAL_PIECES = [
    "hepatectomy", "ectomy", "Pancreatectomies", " ", "resected", "resect", "cooperation", "surgery", "Surg", "ablation",
    "ablations", "transplant", "excision", "excisions", "ECTOMY", "x", "the", "-", "operat", "operative", "laparotomy",
]


@settings(max_examples=500, deadline=None)
@given(joined(SURGICAL_PIECES, 8))
def test_surgical_test_is_the_plain_regex(text):
    assert judge.is_surgical(text) == (judge._SURGICAL.search(text) is not None)


DIGIT_PIECES = [
    "5", "12.5", "3,412", " ", "-", "\u2013", "%", " per cent", "percent", "years", "Yrs", "months", "mo", "MOS",
    "weeks", "wks", "days", "DAY", "/", " of ", " out of ", "the ", "patients", "mg", "or", "did", "(", ")",
]


@settings(max_examples=800, deadline=None)
@given(joined(DIGIT_PIECES, 10))
def test_digit_value_hint_is_needed_by_every_numeric_value_pattern(s):
    if tag.PERCENT.search(s) or tag.TIME.search(s) or tag.COUNT.search(s):
        assert tag._DIGIT_VALUE.search(s), s


STRUCTURED_PIECES = [
    "RESULTS: ", "CONCLUSIONS: ", "Conclusion. ", "METHODS:", "Background: ", "\n", "\nCONCLUSIONS\n", "\nRESULTS\n",
    "Median OS was 42 months. ", "Surgery helps. ", "It was 5.5 mm. ", "e.g. this. ", "J. Smith said so. ", " ",
    "INTERPRETATION: ", "Summary: ", "ABSTRACT.CONCLUSIONS:", "We conclude that resection is safe",
]


@settings(max_examples=600, deadline=None)
@given(joined(STRUCTURED_PIECES, 16))
def test_section_filter_yields_what_filtering_all_sentences_yields(text):
    wanted = re.compile(r"^(?:conclusions?|interpretation|summary)$").match
    every = [s for s in sentences.split_sentences(text, 7) if wanted(s[2])]
    assert list(sentences.split_sentences(text, 7, sections=wanted)) == every


@settings(max_examples=300, deadline=None)
@given(joined(STRUCTURED_PIECES, 12), joined(STRUCTURED_PIECES, 6))
def test_last_sentence_is_the_last_of_all(a, b):
    chunks = [(0, a), (len(a) + 1, b)]
    every = [s for off, chunk in chunks for _, s, _ in sentences.split_sentences(chunk, off)]
    assert sentences.last_sentence(chunks) == (every[-1] if every else None)


TOTAL_PIECES = [
    "Of 261 patients", "A total of 129 consecutive patients", "Sixty-three patients received", "in 2019 patients",
    " were reviewed. ", "We studied one hundred and twenty women", "the patients", "12 cases", "1,204 participants",
    "among 5 eligible adults", ". ", "; ", "n = 40 ", "patients", "of ", "two ", "men", "specimens", " ",
]


@settings(max_examples=600, deadline=None)
@given(joined(TOTAL_PIECES, 12))
def test_find_total_is_the_first_plausible_match_of_the_plain_scan(text):
    from nettool.extract import arms

    plain = None
    for m in arms._TOTAL.finditer(text):
        v = numbers.number_value((m.group("n") or m.group("n0")).replace(",", ""))
        if v and 2 <= v < 10_000_000 and not (1900 <= v <= 2100):
            plain = int(v)
            break
    assert arms.find_total(text) == plain
