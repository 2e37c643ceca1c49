"""MEDLINE / PubMed ``.nbib`` files: several records, tagged lines, blank-line separated.

A field is ``TAG - value`` (tag padded to 4 characters); continuation lines start
with whitespace and are joined to the value with single spaces, so a figure
wrapped across lines (``P =`` / ``.58``) reads as printed.  ``text`` is the AB
field.  Streaming: lines are consumed one at a time and each record is yielded
as soon as it ends.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from nettool.errors import InputError
from nettool.load._common import abstract_record, clean, clean_doi, year_of
from nettool.models import Record

_TAG = re.compile(r"([A-Z][A-Z0-9]{1,3}) {0,3}-(?: |$)")
_INDENT = (" ", "\t")
_WANTED = frozenset({"PMID", "TI", "BTI", "AB", "LID", "AID", "SO", "TA", "JT", "DP", "PT", "FAU", "AU"})


class _Draft:
    """The fields of one record being read: tag -> values, each value a list of line parts."""

    __slots__ = ("parts", "last")

    def __init__(self) -> None:
        self.parts: dict[str, list[list[str]]] = {}
        self.last: list[str] | None = None

    @property
    def fields(self) -> dict[str, list[list[str]]]:
        return self.parts

    def add(self, tag: str, value: str) -> None:
        self.last = [value] if value else []
        self.parts.setdefault(tag, []).append(self.last)

    def skip(self) -> None:
        """A field the Record does not need: note that the record has content, drop its value."""
        self.parts.setdefault("", [])
        self.last = None

    def extend_last(self, value: str) -> None:
        if self.last is not None:
            self.last.append(value)  # joined with single spaces when the record is built

    def all(self, tag: str) -> list[str]:
        return [" ".join(p) for p in self.parts.get(tag, ())]

    def first(self, tag: str) -> str | None:
        values = self.parts.get(tag)
        return " ".join(values[0]) if values else None


def parse(lines: Iterable[str], source: str) -> Iterator[Record]:
    """Yield one Record per MEDLINE record in ``lines`` (decoded, line ends kept)."""
    draft: _Draft | None = None
    index = 0
    seen_so = 0
    last_line = ""
    for raw in lines:
        last_line = raw
        if raw[:1] in _INDENT:  # continuation line (the common case inside AB)
            value = raw.strip()
            if value:
                if draft is not None:
                    draft.extend_last(value)
                continue
        line = raw.rstrip()
        if not line:
            if draft is not None and draft.fields:
                seen_so += "SO" in draft.fields
                yield _record(draft, source, index)
                index += 1
                draft = None
            continue
        if line[4:6] == "- " or (len(line) == 5 and line[4] == "-"):
            tag, value = line[:4].rstrip(), line[6:]  # the standard layout: "TAG - value", tag padded to 4
        elif (m := _TAG.match(line)) is not None:
            tag, value = m.group(1), line[m.end():]
        else:
            tag = ""
        if tag and tag.isalnum():
            if draft is None:
                draft = _Draft()
            elif tag == "PMID" and "PMID" in draft.fields:
                # a new record without a blank line in between
                seen_so += "SO" in draft.fields
                yield _record(draft, source, index)
                index += 1
                draft = _Draft()
            if tag in _WANTED:
                draft.add(tag, value.strip())
            else:
                draft.skip()
        elif draft is not None:
            draft.extend_last(line.strip())
        # text before the first tag (a stray header) is ignored
    if draft is not None and draft.fields:
        truncated = "SO" not in draft.fields and (seen_so > 0 or not last_line.endswith("\n"))
        pmid = draft.first("PMID")
        if "AB" in draft.fields or "TI" in draft.fields:
            yield _record(draft, source, index)
            index += 1
        if truncated:
            what = f"PMID {pmid}" if pmid else f"record {index + 1}"
            raise InputError(source, f"MEDLINE file ends in the middle of a record ({what}); "
                             "that record may be incomplete",
                             "download the file again from PubMed (Send to > Citation manager)")
    if index == 0:
        raise InputError(source, "no MEDLINE record with a title or an abstract was found",
                         "export the records from PubMed as MEDLINE (.nbib) again")


def _record(draft: _Draft, source: str, index: int) -> Record:
    ab = draft.first("AB")
    text = " ".join(ab.split()) if ab else ""
    doi = None
    for tag in ("LID", "AID"):
        for value in draft.all(tag):
            if value.endswith("[doi]"):
                doi = clean_doi(value[:-5])
                break
        if doi:
            break
    if doi is None and (so := draft.first("SO")) and "doi:" in so:
        doi = clean_doi(so[so.index("doi:") + 4:])
    pmid = draft.first("PMID")
    pmid = pmid.strip() if pmid and pmid.strip().isdigit() else None
    return abstract_record(
        text,
        source=source,
        index=index,
        format="medline",
        pmid=pmid,
        doi=doi,
        title=clean(draft.first("TI") or draft.first("BTI")),
        journal=clean(draft.first("TA") or draft.first("JT")),
        year=year_of(draft.first("DP")),
        publication_types=[v for v in (clean(x) for x in draft.all("PT")) if v],
        authors=[v for v in (clean(x) for x in (draft.all("FAU") or draft.all("AU"))) if v],
    )
