"""Test helpers shared by the analysis tests."""
from __future__ import annotations

from nettool.extract.engine import own_n
from nettool.models import Study


def with_n(study: Study) -> Study:
    """Give hand-built figures the ``n`` the extractor would give them (its own rule, ``own_n``)."""
    for f in study.figures:
        if f.n is None:
            f.n = own_n(f, study.arms, study.n_total)
    return study
