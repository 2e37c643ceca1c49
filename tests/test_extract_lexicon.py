"""The metric vocabulary is data: every term matches its example and resolves to its kind."""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import nettool  # noqa: F401
from nettool.extract import lexicon

engine = importlib.import_module("nettool.extract.engine")
spans = importlib.import_module("nettool.extract.spans")
tag = importlib.import_module("nettool.extract.tag")
DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("term", lexicon.TERMS, ids=lambda t: t[0])
def test_term_matches_its_example(term):
    tid, kind, pattern, example = term
    assert re.search(pattern, example, re.IGNORECASE), f"{tid} does not match {example!r}"
    kinds = {m.kind for m in tag.find_mentions(example)}
    assert kind in kinds, f"{tid}: {example!r} resolved to {kinds}"


def test_term_ids_are_unique():
    ids = [t[0] for t in lexicon.TERMS]
    assert len(ids) == len(set(ids))


def test_specific_terms_win_over_generic_ones():
    kinds = [m.kind for m in tag.find_mentions("Median progression-free survival and recurrence-free survival and OS")]
    assert kinds == ["pfs", "dfs", "os"]


def test_cue_scan_finds_what_a_full_scan_finds():
    """The fast path (vocabulary tried only where a cue starts a word) must not lose mentions."""
    for path in sorted((DATA / "dev").glob("*.*")) + sorted((DATA / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        full = [(m.start(), m.end()) for m in tag.TERM_RE.finditer(text)]
        fast = [(m.start, m.end) for m in tag.find_mentions(text)]
        assert fast == full, path.name


def test_gate_passes_every_line_and_sentence_that_yields_a_figure():
    """The cheap line/sentence gate must never reject text from which the engine reads a figure."""
    from nettool.extract.sentences import split_sentences

    checked = 0
    for path in sorted((DATA / "dev").glob("*.*")) + sorted((DATA / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for _, sentence, _ in split_sentences(line):
                if engine._sentence_values(sentence, spans.Context(study_arms=[], surgical=True)):
                    checked += 1
                    assert tag.may_hold_figure(line), line
                    assert tag.may_hold_figure(sentence), sentence
    assert checked > 100


@pytest.mark.parametrize("text, kept", [
    ("Median overall survival was 42 months.", True),
    ("Complete cytoreduction was achieved in nine of ten patients.", True),
    ("There were no perioperative deaths.", True),
    ("The hazard ratio for death was 0.61.", True),
    ("Survival was analysed with the Kaplan-Meier method.", False),  # a metric word, nothing to read a value from
    ("Patients were enrolled in 12 centres.", False),  # a number, no metric word
    ("The control group had 40 patients aged 61 years.", False),  # "control", but not "control of"
    ("Following surgery, 40% of patients completed the questionnaire.", False),  # not "follow-up", not "complete "
    ("Symptom control was achieved in 80%.", True),
    ("All macroscopic disease was resected in 12 of 14 patients.", True),
    ("Median follow up was 5.2 years.", True),
    ("CC-0 was reached in 31 of 40.", True),
])
def test_gate_needs_a_metric_word_and_a_value(text, kept):
    assert tag.may_hold_figure(text) is kept


@pytest.mark.parametrize("term", [t for t in lexicon.TERMS if t[1] != "block"], ids=lambda t: t[0])
def test_gate_knows_every_metric_term(term):
    """A metric term's example passes the gate's key test: a new phrasing cannot be silently gated away."""
    tid, kind, pattern, example = term
    m = re.search(pattern, example, re.IGNORECASE)
    assert tag._KEY_RE.search(m.group()), f"{tid}: {m.group()!r} has no stem of tag._KEY_STEMS"
