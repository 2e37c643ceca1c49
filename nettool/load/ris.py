"""RIS files: ``TY  - JOUR`` ... ``ER  - `` entries, several per file.

``text`` is the AB value (else N2); untagged lines continue the previous field.
Streaming: each entry is yielded when its ``ER`` line is read.  Kept hand-written rather than ``rispy``:
it streams entry by entry (rispy builds the whole list), reports a truncated last entry as a typed error
after the entries before it, and keeps continuation lines -- what the tests of this loader hold it to.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from nettool.errors import InputError
from nettool.load._common import abstract_record, clean, clean_doi, year_of
from nettool.models import Record

_TAG = re.compile(r"([A-Z][A-Z0-9])\s{1,2}-(?: |$)")
_INDENT = (" ", "\t")
_PUBMED_URL = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,9})")


def parse(lines: Iterable[str], source: str) -> Iterator[Record]:
    """Yield one Record per RIS entry in ``lines`` (decoded, line ends kept)."""
    fields: dict[str, list[list[str]]] | None = None  # tag -> values, each a list of line parts
    last: list[str] | None = None
    index = 0
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        m = _TAG.match(line) if raw[:1] not in _INDENT else None
        if m:
            tag = m.group(1)
            value = line[m.end():].strip()
            if tag == "TY":
                if fields is not None and _usable(fields):
                    yield _record(fields, source, index)  # entry without ER: keep it
                    index += 1
                fields = {"TY": [[value]]}
                last = None
            elif tag == "ER":
                if fields is not None:
                    yield _record(fields, source, index)
                    index += 1
                fields = None
                last = None
            else:
                if fields is None:
                    fields = {}
                last = [value] if value else []
                fields.setdefault(tag, []).append(last)
        elif last is not None:
            last.append(line)  # an untagged line continues the field before it
    if fields is not None:
        usable = _usable(fields)
        if usable:
            yield _record(fields, source, index)
            index += 1
        raise InputError(source, f"RIS file ends in the middle of entry {index if usable else index + 1} "
                         "(no closing 'ER  -' line); that entry may be incomplete",
                         "export the references again from your reference manager")
    if index == 0:
        raise InputError(source, "no RIS entry (TY ... ER) was found",
                         "export the references again as RIS")


def _usable(fields: dict[str, list[list[str]]]) -> bool:
    return any(t in fields for t in ("AB", "N2", "TI", "T1"))


def _all(fields: dict[str, list[list[str]]], tag: str) -> list[str]:
    return [" ".join(parts) for parts in fields.get(tag, ())]


def _first(fields: dict[str, list[list[str]]], *tags: str) -> str | None:
    for tag in tags:
        for value in _all(fields, tag):
            if value.strip():
                return value
    return None


def _record(fields: dict[str, list[list[str]]], source: str, index: int) -> Record:
    text = " ".join((_first(fields, "AB", "N2") or "").split())
    doi = clean_doi(_first(fields, "DO"))
    pmid = None
    an = _first(fields, "AN")
    if an and an.strip().isdigit():
        pmid = an.strip()
    for url in _all(fields, "UR") + _all(fields, "L2"):
        if doi is None and "doi.org/" in url:
            doi = clean_doi(url)
        if pmid is None and (m := _PUBMED_URL.search(url)):
            pmid = m.group(1)
    return abstract_record(
        text,
        source=source,
        index=index,
        format="ris",
        pmid=pmid,
        doi=doi,
        title=clean(_first(fields, "TI", "T1", "CT")),
        journal=clean(_first(fields, "J2", "JA", "JO", "T2", "JF")),
        year=year_of(_first(fields, "PY", "Y1", "DA")),
        publication_types=[],
        authors=[v for v in (clean(x) for x in (_all(fields, "AU") or _all(fields, "A1"))) if v],
    )
