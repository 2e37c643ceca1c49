"""PubMed XML (``PubmedArticleSet`` from efetch or "Save > PubMed XML"), streamed.

The file is fed to expat chunk by chunk and each ``PubmedArticle`` (or
``PubmedBookArticle``) becomes a Record as soon as its end tag is read, so memory
stays flat however many articles the file holds: no element tree is ever built,
only the few strings a Record needs (this is what ``iterparse`` + ``clear()``
approximates, without the tree).

Hostile XML is refused before any harm:
* any ``<!ENTITY`` declaration (internal or external, general or parameter) stops
  the parse at the declaration, so entity-expansion bombs ("billion laughs") and
  external entities (XXE: local files, URLs) are never expanded or read;
* external DTDs are never fetched (expat does not load them; parameter-entity
  parsing is off); the usual PubMed ``<!DOCTYPE ... "https://dtd.nlm.nih.gov/...">``
  line is accepted and ignored.

``text`` is the AbstractText elements joined with "\\n"; a labelled section is
written "LABEL: text"; entities are decoded and inline markup (``<sup>``,
``<i>``...) is flattened to its text.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from nettool.errors import InputError
from nettool.load._xml import safe_parser, stream
from nettool.load._common import abstract_record, clean, clean_doi, year_of
from nettool.models import Record

_ARTICLE_TAGS = frozenset({"PubmedArticle", "PubmedBookArticle"})
_WANTED = _ARTICLE_TAGS | {
    "AbstractText", "PMID", "ArticleTitle", "BookTitle", "ISOAbbreviation", "Title", "MedlineTA", "Year",
    "MedlineDate", "ELocationID", "ArticleId", "PublicationType", "LastName", "ForeName", "Initials",
    "CollectiveName", "Author",
}
_WS = re.compile(r"\s+")


class _Article:
    __slots__ = ("pmid", "title", "iso", "journal_title", "medline_ta", "year", "medline_date", "doi_eloc",
                 "doi_id", "pubtypes", "sections", "authors", "author")

    def __init__(self) -> None:
        self.pmid: str | None = None
        self.title: str | None = None
        self.iso: str | None = None
        self.journal_title: str | None = None
        self.medline_ta: str | None = None
        self.year: str | None = None
        self.medline_date: str | None = None
        self.doi_eloc: str | None = None
        self.doi_id: str | None = None
        self.pubtypes: list[str] = []
        self.sections: list[tuple[str | None, str]] = []
        self.authors: list[str] = []
        self.author: dict[str, str] = {}


class _Handler:
    """expat callbacks that collect one article at a time into ``done``."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.article: _Article | None = None
        self.done: list[_Article] = []
        self.n_articles = 0
        self.capture: list[str] | None = None  # character data of the field being read
        self.capture_depth = 0
        self.capture_kind: str | None = None
        self.capture_label: str | None = None
        self.capture_doi = False
        self.root: str | None = None

    # -- expat callbacks --------------------------------------------------------------------
    def start(self, name: str, attrs: dict[str, str]) -> None:
        stack = self.stack
        if self.root is None:
            self.root = name
        stack.append(name)
        if self.capture is not None:
            return  # inline markup inside a captured field: its text is kept, the tag dropped
        if name not in _WANTED:
            return
        if name in _ARTICLE_TAGS:
            self.article = _Article()
            return
        art = self.article
        if art is None:
            return
        parent = stack[-2] if len(stack) > 1 else ""
        kind = None
        if name == "Author" and parent == "AuthorList":
            art.author = {}
            return
        if name in ("LastName", "ForeName", "Initials", "CollectiveName") and parent == "Author":
            kind = "author:" + name
        elif name == "AbstractText" and parent == "Abstract":
            kind = "abstract"
            self.capture_label = attrs.get("Label") or None
        elif name == "PMID" and parent in ("MedlineCitation", "BookDocument") and art.pmid is None:
            kind = "pmid"
        elif name == "ArticleTitle" and art.title is None:
            kind = "title"
        elif name == "BookTitle" and parent == "Book" and art.title is None:
            kind = "title"
        elif name == "ISOAbbreviation" and parent == "Journal":
            kind = "iso"
        elif name == "Title" and parent == "Journal":
            kind = "journal_title"
        elif name == "MedlineTA" and parent == "MedlineJournalInfo":
            kind = "medline_ta"
        elif name in ("Year", "MedlineDate") and parent == "PubDate" and art.year is None \
                and art.medline_date is None:
            kind = "year" if name == "Year" else "medline_date"
        elif name == "ELocationID" and attrs.get("EIdType") == "doi" and art.doi_eloc is None:
            kind = "doi_eloc"
        elif name == "ArticleId" and attrs.get("IdType") == "doi" and parent == "ArticleIdList" \
                and len(stack) > 2 and stack[-3] in ("PubmedData", "PubmedBookData") and art.doi_id is None:
            kind = "doi_id"
        elif name == "PublicationType" and parent == "PublicationTypeList":
            kind = "pubtype"
        if kind is not None:
            self.capture = []
            self.capture_depth = len(stack)
            self.capture_kind = kind

    def end(self, name: str) -> None:
        stack = self.stack
        if self.capture is not None and len(stack) == self.capture_depth:
            self._store("".join(self.capture))
            self.capture = None
            self.capture_kind = None
        stack.pop()
        if name == "Author" and self.article is not None and stack and stack[-1] == "AuthorList":
            a = self.article.author
            if a.get("LastName"):
                given = a.get("ForeName") or a.get("Initials")
                self.article.authors.append(f"{a['LastName']}, {given}" if given else a["LastName"])
            elif a.get("CollectiveName"):
                self.article.authors.append(a["CollectiveName"])
            self.article.author = {}
        if name in _ARTICLE_TAGS and self.article is not None:
            self.done.append(self.article)
            self.n_articles += 1
            self.article = None

    def data(self, text: str) -> None:
        if self.capture is not None:
            self.capture.append(text)

    # -- helpers ----------------------------------------------------------------------------
    def _store(self, value: str) -> None:
        art = self.article
        if art is None:
            return
        kind = self.capture_kind
        if kind == "abstract":
            text = _WS.sub(" ", value).strip()
            if text:
                art.sections.append((self.capture_label, text))
            self.capture_label = None
            return
        value = " ".join(value.split())
        if not value:
            return
        if kind == "pubtype":
            art.pubtypes.append(value)
        elif kind is not None and kind.startswith("author:"):
            art.author[kind[7:]] = value
        else:  # every other kind is the name of the _Article field it fills
            setattr(art, kind, value)


def parse(chunks: Iterable[bytes], source: str) -> Iterator[Record]:
    """Yield one Record per article of a PubMed XML document given as byte chunks."""
    handler = _Handler()
    parser = safe_parser(handler.start, handler.end, handler.data)
    yield from stream(parser, handler.done, chunks, source, lambda art, i: _record(art, source, i),
                      again="export the records from PubMed again as XML",
                      malformed_advice="download the file again from PubMed (efetch or Save > PubMed XML)",
                      unit="article", count_when_none=False)
    if handler.n_articles == 0:
        root = handler.root or "?"
        raise InputError(source, f"XML file has no PubmedArticle element (root element <{root}>)",
                         "pass PubMed XML (PubmedArticleSet), or export the abstracts as MEDLINE or text")


def _record(art: _Article, source: str, index: int) -> Record:
    parts = [f"{label}: {text}" if label else text for label, text in art.sections]
    text = "\n".join(parts)
    return abstract_record(
        text,
        source=source,
        index=index,
        format="xml",
        pmid=art.pmid if art.pmid and art.pmid.isdigit() else None,
        doi=clean_doi(art.doi_eloc or art.doi_id),
        title=clean(art.title),
        journal=clean(art.iso or art.journal_title or art.medline_ta),
        year=year_of(art.year or art.medline_date),
        publication_types=art.pubtypes,
        authors=art.authors,
    )
