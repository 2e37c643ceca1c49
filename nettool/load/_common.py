"""Small helpers shared by the format parsers."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import re
from nettool.models import Record

if TYPE_CHECKING:  # pragma: no cover
    from nettool.errors import InputError

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


def missing(source: str, index: int, what: str, hint: str, name: str | None = None) -> "InputError":
    """The one-line, non-fatal report of a record that cannot be used: parsers yield it among their records."""
    from nettool.errors import InputError

    name = " ".join(name.split())[:80] if name else None  # one line, whatever the export put in an id
    which = f"record {index + 1}" + (f" ({name})" if name else "")
    return InputError(source, f"{which}: {what}", hint)


_INITIALS = re.compile(r"^[A-Z](?:[A-Z.\-]{0,7})$")
_AFFIL_MARK = re.compile(r"\s*\(\d{1,3}(?:,\d{1,3})*\)$|\s*\d{1,3}(?:,\s?\d{1,3})*$|\s*\(\d{6,}\)$")


def surname(author: str) -> str | None:
    """The family name in an author as exports print it.

    "Chambers, Alexandra J" / "Chambers AJ" / "Chambers A.J." / "Alexandra J. Chambers" -> "Chambers";
    "de Jong, M" -> "de Jong"; affiliation marks ("Kim J(1)", "Smith B 2") are dropped.
    """
    name = " ".join(_AFFIL_MARK.sub("", author.strip()).split()).strip(" .;")
    if not name:
        return None
    if "," in name:
        family = name.split(",", 1)[0].strip()
        return family or None
    tokens = name.split(" ")
    if len(tokens) == 1:
        return tokens[0]
    if _INITIALS.match(tokens[-1]):  # "Chambers AJ", "van der Berg J.", "Chambers A.J."
        return " ".join(t for t in tokens[:-1] if not _INITIALS.match(t)) or tokens[0]
    # "Alexandra J. Chambers", "Jan van der Berg": particles stay with the family name
    i = len(tokens) - 1
    while i > 1 and tokens[i - 1].lower() in ("van", "von", "de", "der", "den", "del", "della", "da", "di", "le",
                                              "la", "du", "dos", "ter", "ten", "bin", "al"):
        i -= 1
    return " ".join(tokens[i:])


def split_authors(value: str | None) -> list[str]:
    """Authors from one field: "A; B", "A and B" (BibTeX), "A, B, C" when every part is "Surname Initials"."""
    if not value:
        return []
    value = " ".join(value.split())
    if ";" in value:
        parts = value.split(";")
    elif " and " in value:
        parts = value.split(" and ")
    else:
        parts = value.split(",")
        if not all(_looks_surname_initials(p) for p in parts):
            parts = [value]  # "Chambers, Alexandra J": one author
    return [p.strip() for p in parts if p.strip()]


def _looks_surname_initials(part: str) -> bool:
    tokens = _AFFIL_MARK.sub("", part.strip()).split()
    return len(tokens) >= 2 and _INITIALS.match(tokens[-1]) is not None


def abstract_lines(value: str | None) -> str:
    """An abstract field whose line breaks separate sections (CSV cells, CSL-JSON, EndNote XML): spacing collapsed
    inside each line, blank lines dropped, one "\\n" between lines (as the PubMed XML loader joins sections)."""
    if not value:
        return ""
    lines = (" ".join(line.split()) for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)
