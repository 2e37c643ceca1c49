"""Hypothesis: the extractor never raises and every surface is the text at its offsets."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import nettool

FRAGMENTS = st.sampled_from([
    "Median overall survival was ", "5-year OS ", "12.5 years", "(95% CI, 10-15)", " vs ", "78%", " of patients with ",
    "HR 0.45", "; P = .01", "no perioperative deaths", "All patients", " had complete relief", "41 of 58 (71%)",
    "Ki-67 < 3%", "respectively", ". ", "\n", "≥ 97%", "two-thirds", " in both groups", "Complete cytoreduction ",
    "morbidity was ", "(", ")", "·", "\u2212", "\u00a0", "after resection", "Thirty-day mortality",
])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_arbitrary_text(text):
    for f in nettool.extract(text):
        assert text[f.start:f.end] == f.surface


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_offsets_on_figure_like_text(text):
    for f in nettool.extract(text):
        assert text[f.start:f.end] == f.surface
        assert f.surface in f.sentence
        assert f.metric in ("os", "dss", "pfs", "dfs", "cc", "relief", "morbidity", "mortality", "recurrence", "followup")
