"""Extraction: a record's text -> figures with provenance, and study metadata.

The engine is imported on first use of ``extract_record`` or ``study_of``, not with the package: commands that
extract nothing (``nettool schema``, ``--help``) and ``import nettool.cli`` do not pay for building it.
"""
from __future__ import annotations

import importlib
from typing import Any

_LAZY = {"extract_record": "nettool.extract.engine", "study_of": "nettool.extract.study"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["extract_record", "study_of"]
