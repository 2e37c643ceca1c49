"""PubMed's "Save > Abstract (text)" export: numbered records, lines wrapped at 80 columns.

    1. Surgery. 2008 Oct;144(4):645-51; discussion 651-3. doi:
    10.1016/j.surg.2008.06.008.

    The palliative benefit of aggressive surgical intervention for both hepatic and
    mesenteric metastases from neuroendocrine tumors.

    Chambers AJ(1), Pasieka JL, Dixon E, Rorstad O.

    Author information:
    (1)Department of Surgery, University of Calgary, ...

    BACKGROUND: Metastatic neuroendocrine tumors (NETs) can present with ...

    © 2008 Elsevier Inc.

    DOI: 10.1016/j.surg.2008.06.008
    PMID: 18847650  [Indexed for MEDLINE]

Records start at a numbered citation line after blank lines.  Inside a record the
blocks are separated by blank lines: citation, (notes such as "Erratum in",
"Comment in", "[Article in German]"), title, authors, "Author information", the
abstract paragraphs, then copyright, "DOI:", "PMCID:", "PMID:" and
"Conflict of interest statement" blocks.  A record's ``text`` is its part of the
file, verbatim; ``spans`` are the abstract paragraphs, read through a reflowed
view of the same length (:mod:`nettool.load._reflow`).  No hand-written parser is
avoided here: no library reads this format.
"""
from __future__ import annotations

from typing import Iterator

import re
from nettool.errors import InputError
from nettool.load._common import clean, clean_doi, split_authors, year_of
from nettool.load._reflow import reflow
from nettool.models import Record

_RECORD_START = re.compile(r"(?:\A|\n\n)(\d{1,6})\. (?=\S)")
# the numbered line of a record: "12. Surgery. 2008 Oct;..." (a journal, then a year)
_CITATION_LINE = re.compile(r"\d{1,6}\. [^\n]{1,300}?\.\s(?:\[[^\]\n]{1,80}\]\s)?(?:1[89]\d\d|20\d\d)\b")
_CITATION = re.compile(r"\d{1,6}\.\s(?P<journal>[^.\n]{1,200}?)\.\s(?P<rest>.*)", re.S)
_NOTE = re.compile(r"(?:Erratum in|Comment in|Comment on|Update of|Update in|Retraction in|Retraction of|"
                   r"Expression of concern in|Republished in|Republished from|Corrected and republished|"
                   r"Reprint in|Reprint of|Summary for patients in|Originally published in)\b|\[Article in ", re.I)
_END = re.compile(r"(?:©|\(c\)\s|Copyright\b|DOI:\s|PMCID:\s|PMID:\s|Conflict of interest statement|"
                  r"Comment in\b|Erratum in\b|Update of\b|Keywords?:)", re.I)
_AUTHOR_INFO = re.compile(r"Author information:", re.I)
_PMID = re.compile(r"^PMID:\s?(\d{1,9})", re.M)
_DOI_LINE = re.compile(r"^DOI:\s?(\S+)", re.M)
_AFFIL = re.compile(r"\(\d{1,3}(?:,\s?\d{1,3})*\)")
_NO_ABSTRACT = re.compile(r"no abstract available", re.I)


def parse(text: str, source: str) -> Iterator[object]:
    """Yield one Record per numbered record of a PubMed "Abstract (text)" export."""
    starts = [m.start(1) for m in _RECORD_START.finditer(text)
              if m.start(1) == 0 or text[max(0, m.start(1) - 3):m.start(1)] == "\n\n\n"
              or _CITATION_LINE.match(text, m.start(1))]  # not a numbered paragraph inside an abstract
    if not starts:
        raise InputError(source, "no numbered PubMed record was found",
                         "export the abstracts from PubMed again (Save > Format: Abstract (text))")
    bounds = list(zip(starts, starts[1:] + [len(text)]))
    for index, (a, b) in enumerate(bounds):
        yield _record(text[a:b].rstrip("\n") + "\n" if b < len(text) else text[a:b], source, index)


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of the blank-line separated blocks of ``text``."""
    out = []
    for m in re.finditer(r"[^\n](?:.|\n(?![ \t]*\n))*", text):
        out.append((m.start(), m.end()))
    return out


def _record(text: str, source: str, index: int) -> Record:
    view = reflow(text, paragraphs=True)
    blocks = _blocks(text)
    rec = Record(source=source, text=text, index=index, format="pubmed-text", view=view)
    if not blocks:
        return rec
    cite = clean(view[blocks[0][0]:blocks[0][1]]) or ""
    m = _CITATION.match(cite)
    if m:
        rec.journal = clean(m.group("journal"))
        rec.year = year_of(m.group("rest"))
        if "doi:" in cite:
            rec.doi = clean_doi(cite[cite.index("doi:") + 4:])
    i = 1
    while i < len(blocks) and _NOTE.match(view[blocks[i][0]:blocks[i][1]].lstrip()):
        i += 1
    if i < len(blocks):
        rec.title = clean(view[blocks[i][0]:blocks[i][1]])
        i += 1
    while i < len(blocks) and _NOTE.match(view[blocks[i][0]:blocks[i][1]].lstrip()):
        i += 1  # "[Article in German]", "Comment in ..." after the title
    # authors: the block before "Author information:", or a short comma list ending in "."
    if i < len(blocks):
        block = clean(view[blocks[i][0]:blocks[i][1]]) or ""
        nxt = view[blocks[i + 1][0]:blocks[i + 1][1]].lstrip() if i + 1 < len(blocks) else ""
        if _AUTHOR_INFO.match(nxt) or (len(block) < 3000 and block.endswith(".") and _looks_authors(block)):
            rec.authors = split_authors(_AFFIL.sub("", block).rstrip("."))
            i += 1
    spans = []
    for a, b in blocks[i:]:
        chunk = view[a:b].lstrip()
        if _AUTHOR_INFO.match(chunk):
            continue
        if _END.match(chunk):
            if spans:  # the abstract is over: only identifiers and furniture follow
                break
            continue
        if _NO_ABSTRACT.fullmatch(chunk.strip(" .[]")):
            continue
        spans.append((a, b))
    rec.spans = spans
    if (p := _PMID.search(text)) is not None:
        rec.pmid = p.group(1)
    if (d := _DOI_LINE.search(text)) is not None:
        rec.doi = clean_doi(d.group(1)) or rec.doi
    return rec


def _looks_authors(block: str) -> bool:
    """"Chambers AJ(1), Pasieka JL, Dixon E." -- names of one to five words, no sentence inside."""
    parts = [p.strip() for p in _AFFIL.sub("", block).rstrip(".").split(",")]
    return bool(parts) and all(0 < len(p.split()) <= 5 and ". " not in p for p in parts)


__all__ = ["parse"]
