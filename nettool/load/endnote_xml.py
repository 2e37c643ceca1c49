"""EndNote XML ("File > Export > XML"): ``<xml><records><record>...</record></records></xml>``.

Every field's text may sit in ``<style>`` runs; they are joined.  Fields used:
``titles/title``, ``contributors/authors/author``, ``periodical/full-title`` (or
``secondary-title``), ``dates/year``, ``abstract``, ``electronic-resource-num``
(DOI), ``accession-num`` (PMID when numeric).  Streamed with expat under the same
rules as the PubMed XML loader: entity declarations and external entities are
refused, DTDs never fetched (:mod:`nettool.load.pubmed_xml`).  A record without
an abstract is reported and skipped.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from nettool.errors import InputError
from nettool.load._common import abstract_lines, abstract_record, clean, clean_doi, missing, year_of
from nettool.load._xml import safe_parser, stream

_FIELDS = {  # (parent, tag) -> field
    ("titles", "title"): "title",
    ("authors", "author"): "author",
    ("periodical", "full-title"): "journal",
    ("titles", "secondary-title"): "journal2",
    ("dates", "year"): "year",
    ("record", "abstract"): "abstract",
    ("record", "electronic-resource-num"): "doi",
    ("record", "accession-num"): "pmid",
}


class _Handler:
    def __init__(self) -> None:
        self.stack: list[str] = []
        self.rec: dict[str, list[str]] | None = None
        self.done: list[dict[str, list[str]]] = []
        self.capture: list[str] | None = None
        self.field: str | None = None
        self.depth = 0
        self.root: str | None = None
        self.n = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.root is None:
            self.root = name
        self.stack.append(name)
        if self.capture is not None:
            return
        if name == "record":
            self.rec = {}
            return
        if self.rec is not None and len(self.stack) > 1:
            fld = _FIELDS.get((self.stack[-2], name))
            if fld is not None:
                self.capture, self.field, self.depth = [], fld, len(self.stack)

    def end(self, name: str) -> None:
        if self.capture is not None and len(self.stack) == self.depth:
            raw = "".join(self.capture)
            value = raw.strip() if self.field == "abstract" else " ".join(raw.split())
            if value and self.rec is not None and self.field is not None:
                self.rec.setdefault(self.field, []).append(value)
            self.capture = self.field = None
        self.stack.pop()
        if name == "record" and self.rec is not None:
            self.done.append(self.rec)
            self.n += 1
            self.rec = None

    def data(self, text: str) -> None:
        if self.capture is not None:
            self.capture.append(text)



def parse(chunks: Iterable[bytes], source: str) -> Iterator[object]:
    """Yield one Record per EndNote record with an abstract; a report per record without one."""
    h = _Handler()
    p = safe_parser(h.start, h.end, h.data)
    yield from stream(p, h.done, chunks, source, lambda rec, i: _record(rec, source, i),
                      again="export the library from EndNote again as XML",
                      malformed_advice="export the library from EndNote again as XML",
                      unit="record", count_when_none=True)
    if h.n == 0:
        raise InputError(source, f"XML file has no EndNote <record> element (root element <{h.root or '?'}>)",
                         "pass EndNote XML, PubMed XML, or another export of the abstracts")


def _first(rec: dict[str, list[str]], name: str) -> str | None:
    values = rec.get(name)
    return values[0] if values else None


def _record(rec: dict[str, list[str]], source: str, index: int) -> object:
    title = clean(_first(rec, "title"))
    abstract = abstract_lines("\n".join(rec.get("abstract", [])))
    if not abstract:
        return missing(source, index, "EndNote record has no abstract", "the record was skipped",
                       name=f'"{title[:60]}"' if title else None)
    pmid = (_first(rec, "pmid") or "").strip()
    return abstract_record(
        abstract, source=source, index=index, format="endnote",
        pmid=pmid if pmid.isdigit() else None,
        doi=clean_doi(_first(rec, "doi")),
        title=title,
        journal=clean(_first(rec, "journal") or _first(rec, "journal2")),
        year=year_of(_first(rec, "year")),
        authors=rec.get("author", []),
    )


__all__ = ["parse"]
