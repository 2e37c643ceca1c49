"""Web of Science plain-text ("Other file formats > Plain text") tagged export.

    FN Clarivate Analytics Web of Science
    VR 1.0
    PT J
    AU Chambers, AJ
       Pasieka, JL
    TI The palliative benefit of aggressive surgical intervention ...
       continued title
    SO SURGERY
    AB Background: ...
    DI 10.1016/j.surg.2008.06.008
    PM 18847650
    PY 2008
    ER

    EF

A field is a two-character tag, a space and its value; continuation lines start
with three spaces (each AU/AF line is one author, other fields are joined with
single spaces).  Streaming: each record is yielded at its ``ER`` line.  A record
cut off before its ``ER`` (a truncated file) is reported with what it lacks;
the records before it are kept.  Kept hand-written: no maintained library reads
this format (``rispy`` reads RIS only), and it is ten lines of tag handling.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from nettool.errors import InputError
from nettool.load._common import abstract_record, clean, clean_doi, missing, year_of

_LIST_TAGS = frozenset({"AU", "AF"})


def parse(lines: Iterable[str], source: str) -> Iterator[object]:
    """Yield one Record per ``PT ... ER`` record."""
    fields: dict[str, list[str]] | None = None
    last: str | None = None
    index = 0
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        tag = line[:2]
        if line[:1] in (" ", "\t"):
            if fields is not None and last is not None:  # continuation line
                value = line.strip()
                if last in _LIST_TAGS:
                    fields[last].append(value)
                elif fields[last]:
                    fields[last][-1] += " " + value
                else:
                    fields[last].append(value)
            continue
        value = line[3:].strip()
        if tag in ("FN", "VR"):
            continue
        if tag == "EF":
            break
        if tag == "ER":
            if fields is not None:
                yield from _finish(fields, source, index)
                index += 1
            fields, last = None, None
            continue
        if tag == "PT" and fields is not None:  # a new record without the ER of the one before
            yield _truncated(fields, source, index)
            index += 1
            fields = None
        if fields is None:
            fields = {}
        fields.setdefault(tag, []).append(value)
        last = tag
    if fields is not None:
        yield _truncated(fields, source, index)
        index += 1
    if index == 0:
        raise InputError(source, "no Web of Science record (PT ... ER) was found",
                         "export the records from Web of Science again as Plain text, Full Record")


def _truncated(fields: dict[str, list[str]], source: str, index: int) -> InputError:
    lacks = [name for tag, name in (("AB", "abstract"), ("PY", "year"), ("ER", "closing ER line"))
             if tag not in fields or tag == "ER"]
    return missing(source, index, f"Web of Science record is truncated (no {', no '.join(lacks)})",
                   "export the records from Web of Science again", name=_name(fields))


def _name(fields: dict[str, list[str]]) -> str | None:
    if fields.get("PM"):
        return f"PMID {fields['PM'][0]}"
    title = clean(" ".join(fields.get("TI", [])))
    return f'"{title[:60]}"' if title else None


def _finish(fields: dict[str, list[str]], source: str, index: int) -> Iterator[object]:
    abstract = " ".join(" ".join(fields.get("AB", [])).split())
    if not abstract:
        yield missing(source, index, "has no abstract (AB field)", "the record was skipped", name=_name(fields))
        return
    pmid = (fields.get("PM") or [""])[0].strip()
    yield abstract_record(
        abstract, source=source, index=index, format="wos",
        pmid=pmid if pmid.isdigit() else None,
        doi=clean_doi((fields.get("DI") or [None])[0]),
        title=clean(" ".join(fields.get("TI", []))),
        journal=clean((fields.get("SO") or fields.get("J9") or [None])[0]),
        year=year_of((fields.get("PY") or fields.get("EA") or [None])[0]),
        authors=fields.get("AU") or fields.get("AF") or [],
        publication_types=[],
    )


__all__ = ["parse"]
