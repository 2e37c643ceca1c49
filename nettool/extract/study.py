"""Study metadata: design, setting, period, size, arms, conclusion (placeholder)."""
from __future__ import annotations

from nettool.extract.engine import extract_record
from nettool.models import Record, Study


def study_of(record: Record) -> Study:
    return Study(record=record, figures=extract_record(record))
