"""Extraction: a record's text -> figures with provenance, and study metadata."""
from __future__ import annotations

from nettool.extract import engine
from nettool.extract.study import study_of
from nettool.load._reflow import finish
from nettool.models import Figure, Record


def extract_record(record: Record) -> list[Figure]:
    """Every outcome figure of one record, in text order, with the record's label, year and authors."""
    figures = engine.extract_record(record)
    finish(record, figures)
    return figures


__all__ = ["extract_record", "study_of"]
