"""Golden files of human output (tests/golden/): compare, or refresh with NETTOOL_UPDATE_GOLDEN=1."""
from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("NETTOOL_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with NETTOOL_UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs; NETTOOL_UPDATE_GOLDEN=1 to accept"
