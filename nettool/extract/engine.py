"""Placeholder engine: replaced by the real extractor."""
from __future__ import annotations

from nettool.models import Figure, Record


def extract_record(record: Record) -> list[Figure]:
    return []
