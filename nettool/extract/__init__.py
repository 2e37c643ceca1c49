"""Extraction: a record's text -> figures with provenance, and study metadata."""
from __future__ import annotations

from nettool.extract.engine import extract_record
from nettool.extract.study import study_of

__all__ = ["extract_record", "study_of"]
