"""Extraction: a record's text -> figures with provenance, and study metadata.

The engine is imported on first use of ``extract_record`` or ``study_of``, not with the package: commands that
extract nothing (``nettool schema``, ``--help``) and ``import nettool.cli`` do not pay for building it.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from nettool.models import Figure, Record

_LAZY = {"study_of": "nettool.extract.study"}


def extract_record(record: "Record") -> list["Figure"]:
    """Every outcome figure of one record, in text order, with the record's label, year and authors (and, for
    hard-wrapped text, sentence and surface verbatim from the original text: nettool.load._reflow.finish)."""
    from nettool.extract import engine
    from nettool.load._reflow import finish

    figures = engine.extract_record(record)
    finish(record, figures)
    return figures


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["extract_record", "study_of"]
