"""The load stage's last step over all records of a run: duplicates merged, study labels assigned.

* Duplicates: the same study read from several inputs (a PubMed export and an
  Embase CSV, a .nbib and a page copy) is kept once.  Two records are the same
  when they share a PMID, or a DOI, or their normalised title and year -- and no
  PMID or DOI of the two contradicts it.  The first record read is kept; it takes
  the abstract of a later copy when it had none, and ``merged`` lists the other
  copies' sources.
* Labels: "Surname Year" from the first author, with a/b/c... on clashes in
  reading order; without an author or a year, "PMID n", then "doi:...", then the
  file name (:attr:`Record.label`).
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from typing import NamedTuple

import re
from nettool.load._common import surname
from nettool.models import Record

_NON_WORD = re.compile(r"[\W_]+")
_MIN_TITLE = 20  # characters of a normalised title worth matching on


def title_key(title: str | None, year: int | None) -> str | None:
    """Title without case, accents, punctuation and spacing, plus the year: "cytoreductionin...|2008"."""
    if not title or not year:
        return None
    text = unicodedata.normalize("NFKD", title.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NON_WORD.sub("", text)
    return f"{text}|{year}" if len(text) >= _MIN_TITLE else None


def _doi_key(doi: str | None) -> str | None:
    return doi.strip().lower() if doi else None


class _Ident(NamedTuple):
    pmid: str | None
    doi: str | None


def _conflict(a: "Record | _Ident", b: Record) -> bool:
    """Different PMIDs or different DOIs: two studies, whatever their titles say."""
    if a.pmid and b.pmid and a.pmid != b.pmid:
        return True
    da, db = _doi_key(a.doi), _doi_key(b.doi)
    return bool(da and db and da != db)


class Merger:
    """Duplicates and labels over a run's records, first a window held whole, then the rest streamed.

    In the window every decision is exact: copies are merged into the first record (its ``merged`` lists their
    sources) and clashing labels all get a letter.  After it records are streamed with bounded memory: a copy of
    a record seen before is dropped (counted, but its source cannot be added to a row already printed) and a
    clashing label gets the next letter while the earlier record keeps its own.
    """

    def __init__(self) -> None:
        self.by_key: dict[str, Record | _Ident] = {}  # a record of the window, or the ids of one handed on
        self.labels: dict[str, int] = defaultdict(int)  # base label -> records that carry it so far
        self.merged = 0

    def window(self, records: list[Record]) -> list[Record]:
        """The records kept from ``records`` (copies merged), labelled; the records are then handed on."""
        kept: list[Record] = []
        for rec in records:
            keys = _keys(rec)
            first = next((self.by_key[k] for k in keys if k in self.by_key
                          and not _conflict(self.by_key[k], rec)), None)
            if first is None:
                kept.append(rec)
            else:
                self.merged += 1
                _merge_into(first, rec)
            for k in keys:
                self.by_key.setdefault(k, first or rec)  # type: ignore[arg-type]
        groups: dict[str, list[Record]] = defaultdict(list)
        for rec in kept:
            base = _base_label(rec)
            rec.study = None
            if base:
                groups[base].append(rec)
        for base, members in groups.items():
            self.labels[base] += len(members)
            if len(members) == 1:
                members[0].study = base
            else:
                for i, rec in enumerate(members):
                    rec.study = base + _suffix(i)
        for k, v in self.by_key.items():  # hand the records on: keep their keys and ids only
            self.by_key[k] = _Ident(v.pmid, v.doi)
        return kept

    def stream(self, rec: Record) -> bool:
        """True when ``rec`` is kept (and labelled); False for a copy of a record seen before."""
        keys = _keys(rec)
        if any(k in self.by_key and not _conflict(self.by_key[k], rec) for k in keys):
            self.merged += 1
            return False
        ident = _Ident(rec.pmid, rec.doi)
        for k in keys:
            self.by_key.setdefault(k, ident)
        base = _base_label(rec)
        rec.study = None
        if base:
            n = self.labels[base]
            self.labels[base] = n + 1
            rec.study = base if n == 0 else base + _suffix(n)
        return True


def _keys(rec: Record) -> list[str]:
    tkey = title_key(rec.title, rec.year)
    return [k for k in (f"pmid:{rec.pmid}" if rec.pmid else None,
                        f"doi:{_doi_key(rec.doi)}" if rec.doi else None,
                        f"title:{tkey}" if tkey else None) if k]


def _base_label(rec: Record) -> str | None:
    family = surname(rec.authors[0]) if rec.authors else None
    return f"{family} {rec.year}" if family and rec.year else None


def dedupe(records: list[Record]) -> tuple[list[Record], int]:
    """(records kept in reading order, number of copies merged into them)."""
    merger = Merger()
    kept = merger.window(records)
    return kept, merger.merged


def _merge_into(first: Record, dup: Record) -> None:
    first.merged.append(_where(dup))
    first.merged.extend(dup.merged)
    if not first.text.strip() and dup.text.strip():  # the copy has the abstract the first lacked
        first.text, first.spans, first.view = dup.text, dup.spans, dup.view
    for name in ("pmid", "doi", "title", "journal", "year"):
        if getattr(first, name) is None and getattr(dup, name) is not None:
            setattr(first, name, getattr(dup, name))
    if not first.authors and dup.authors:
        first.authors = dup.authors


def _where(rec: Record) -> str:
    return f"{rec.source}#{rec.index + 1}" if rec.index else rec.source


def assign_labels(records: list[Record]) -> None:
    """Set ``study`` to "Surname Year" (a/b/... on clashes) where the first author and the year are known."""
    groups: dict[str, list[Record]] = defaultdict(list)
    for rec in records:
        base = _base_label(rec)
        rec.study = None
        if base:
            groups[base].append(rec)
    for base, members in groups.items():
        if len(members) == 1:
            members[0].study = base
        else:
            for i, rec in enumerate(members):
                rec.study = base + _suffix(i)


def _suffix(i: int) -> str:
    """a, b, ..., z, aa, ab, ..."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(97 + r) + out
    return out


def sources_of(rec: Record) -> list[str]:
    """Every source a (merged) record was read from, the kept one first."""
    return [_where(rec)] + rec.merged


__all__ = ["Merger", "dedupe", "assign_labels", "title_key", "sources_of"]
