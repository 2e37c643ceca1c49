"""Small helpers shared by the format parsers."""
from __future__ import annotations

from typing import Any

import re
from nettool.models import Record

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_DOI = re.compile(r"10\.\d{3,9}/\S+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def year_of(value: str | None) -> int | None:
    """The first plausible 4-digit year in ``value`` ("2024 May", "1998 Dec-1999 Jan", "2023/11/01")."""
    if not value:
        return None
    m = _YEAR.search(value[:200])
    return int(m.group(1)) if m else None


def clean_doi(value: str | None) -> str | None:
    """A bare DOI ("10.x/y") from "doi: 10.x/y.", "https://doi.org/10.x/y" or "10.x/y [doi]"."""
    if not value:
        return None
    value = _DOI_PREFIX.sub("", value.strip()[:500])
    m = _DOI.search(value)
    if not m:
        return None
    doi = m.group(0).rstrip(".,;)]")
    return doi or None


def clean(value: str | None) -> str | None:
    """Collapse whitespace; None for empty."""
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def abstract_record(text: str, **fields: Any) -> Record:
    """A record whose whole text is the abstract (MEDLINE, RIS and PubMed XML carry nothing else)."""
    return Record(text=text, spans=[(0, len(text))] if text else [], **fields)
