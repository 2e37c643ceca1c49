"""Study design and record kind from the study's own sentences (nettool.extract.study)."""
from __future__ import annotations

import pytest

from nettool.extract.study import design_and_kind
from nettool.models import Record


def rec(text, title=None, types=()):
    return Record(source="x.txt", text=text, title=title, publication_types=list(types))


@pytest.mark.parametrize("text,design", [
    # a conclusion that asks for a trial is not a trial (dev 05)
    ("Methods: Retrospective cohort study based on a regional cancer registry, 2002-2018.\n"
     "Conclusions: Residual confounding cannot be excluded, and a randomised trial is warranted.", "retrospective"),
    # a prospectively maintained database is a retrospective analysis (dev 03)
    ("Methods: Prospectively maintained databases at two units were searched for patients who underwent "
     "resection.\nResults: 97 patients were included.", "retrospective"),
    ("Methods: After propensity-matched analysis, 55 pairs were compared.", "retrospective"),
    ("Methods: Patients were randomly assigned to resection or observation.", "randomized"),
    ("Methods: This prospective study enrolled 40 patients.", "prospective"),
    ("Background: Randomized trials have shown a benefit.\nMethods: Charts were reviewed for 50 patients.",
     "retrospective"),
    ("We performed a systematic review and meta-analysis of 12 studies.", "meta-analysis"),
    ("Methods: We systematically searched MEDLINE and included 20 series.", "systematic review"),
    # a meta-analysis the background cites is not this study's design (pmc-rct full texts)
    ("Background: A recent meta-analysis found a benefit [12].\nMethods: Patients were randomly assigned to A or B.",
     "randomized"),
    ("Background: In meta-analyses supplementation appears to reduce fractures.\nMethods: This prospective trial "
     "enrolled 40 patients.", "prospective"),
])
def test_design_from_methods_not_conclusions(text, design):
    assert design_and_kind(rec(text))[0] == design


def test_kinds():
    assert design_and_kind(rec("We performed a meta-analysis of 12 studies."))[1] == "meta-analysis"
    assert design_and_kind(rec("Methods: This systematic review includes 9 series."))[1] == "review"
    assert design_and_kind(rec("Text.", title="Resection of the primary: a systematic review"))[1] == "review"
    assert design_and_kind(rec("Methods: Charts were reviewed.", title="A post hoc analysis of the X trial"))[1] \
        == "subgroup analysis"
    assert design_and_kind(rec("Methods: Charts were reviewed."))[1] == "study"
    assert design_and_kind(rec("Text.", types=["Review"]))[1] == "review"
    assert design_and_kind(rec("Text.", types=["Randomized Controlled Trial"])) == ("randomized", "study")
