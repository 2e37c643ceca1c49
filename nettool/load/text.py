"""Plain-text abstracts: PubMed web-page copies, journal-style copies, bare paragraphs, PMC dumps.

The whole decoded file is the record's ``text``; the loader's job here is to find
the abstract BODY inside it (``spans``) and keep page furniture out: the title
(often printed twice), ``- PMID:``/``- DOI:`` lines, the citation line, the
"Abstract" heading, and everything under furniture headings (Similar articles,
Cited by, References, MeSH terms, Publication types, LinkOut, Keywords,
copyright lines, ...).  A furniture heading ends the body until the next real
body paragraph.

Two layouts are recognised by content:

* "pmc": a ``TITLE:``/``TITLE.`` first line then ``ABSTRACT.<SECTION>.`` /
  ``BODY.<SECTION>.`` heading lines (the PMC open-access dumps).  The body is
  every section but TITLE and non-scientific back matter (competing interests,
  author contributions, ...); heading lines are excluded.
* "page": everything else, classified line by line.

Several records in one text (``cat a.txt b.txt``) are split where a boundary is
visible: a form feed, or -- once a record's body has been read -- a title line
followed by ``PMID:``/``DOI:`` lines or a citation line.  Hard-wrapped text is
read through a reflowed view of the same length (:mod:`nettool.load._reflow`).
A PMC full-text article gives its abstract only, unless ``full_text``.

Every regex is anchored or bounded, so a 50 MB single-line file is processed in
linear time.
"""
from __future__ import annotations

import re

from typing import Iterator

from nettool.load._common import clean, clean_doi, year_of
from nettool.load._reflow import looks_wrapped, reflow
from nettool.models import Record

# --- line patterns (all anchored at the start of a stripped line) --------------------------

# "- PMID: 123", "PMID: 123", "- DOI: 10...", "DOI: 10...", "PMCID: PMC123"
_META = re.compile(r"-?\s?(PMID|DOI|PMCID)\s?:\s?(\S{1,200})", re.I)

# A citation line: "[1. ]Journal. 2008 Oct[ 3];144(4):645-51; ... doi: ..." or "Journal. 2023;11(2):e0457".
_CITATION = re.compile(
    r"(?:\d{1,4}\.\s)?"
    r"(?P<journal>[A-Z][A-Za-z0-9 &'(),/\-]{0,120}?)\.\s"
    r"(?P<year>1[89]\d\d|20\d\d)"
    r"(?:\s[A-Z][a-z]{2}(?:-[A-Z][a-z]{2})?(?:\s\d{1,2})?|\s(?:Spring|Summer|Autumn|Fall|Winter))?"
    r"\s?[;.:]"
)
_CITATION_EVIDENCE = re.compile(r"\d+(?:\(\w{1,20}\))?:\s?[A-Za-z]?\d+|\bdoi\b|\bPMID\b|Epub|ahead of print",
                                re.I)
_CITE_PMID = re.compile(r"\bPMID:\s?(\d{1,9})")
_CITE_DOI = re.compile(r"\bdoi:\s?(10\.\S{1,200})", re.I)

_ABSTRACT_HEADING = re.compile(r"(?:abstract|summary)\s?:?", re.I)

# Section labels that open an abstract (so a first line "Background: ..." is not a title).
_SECTION_LABEL = re.compile(
    r"(?:background|objectives?|purpose|aims?|introduction|context|importance|rationale|"
    r"methods?|results?|conclusions?|design|setting|patients|summary|abstract)\b\s?[:.]",
    re.I,
)

# Furniture headings (a whole line, compared in lower case, trailing ':' dropped).
_FURNITURE_HEADINGS = frozenset({
    "similar articles", "cited by", "references", "mesh terms", "mesh", "publication types",
    "publication type", "linkout - more resources", "linkout", "full text sources", "full text links",
    "grant support", "grants and funding", "comment in", "comment on", "conflict of interest statement",
    "conflict of interest", "conflicts of interest", "declaration of competing interest",
    "competing interests", "related information", "substances", "associated data",
    "supplementary info", "supplementary information", "supplementary material", "figures",
    "erratum in", "update of", "update in", "retraction in", "expression of concern in",
    "other literature sources", "research materials", "medical", "miscellaneous",
    "molecular biology databases", "clinical trials", "actions", "share", "page navigation",
    "author information", "affiliations", "keywords", "key words", "funding", "acknowledgements",
    "acknowledgments", "disclosure", "disclosures", "abbreviations", "authors", "author contributions",
    "authors' contributions", "data availability", "footnotes", "publication history",
})
# Furniture lines known by their start (the rest of the line is furniture too).
_FURNITURE_PREFIX = re.compile(
    r"(?:keywords?|key\s?words|mesh terms|conflicts? of interest|comment in|comment on|erratum in|"
    r"author information|grant support|funding|copyright\b|\(c\)\s?\d|©|publication types|"
    r"similar articles|cited by)",
    re.I,
)
_LIST_ITEM = re.compile(r"(?:[-•*·▪‣◦]|\d{1,4}[.)]\s|\[\d{1,4}\])")
_REFERENCE_SHAPE = re.compile(r"(?:1[89]|20)\d\d\s?[;:]\s?\d+(?:\(\w{1,20}\))?:\s?[A-Za-z]?\d+")
_SENTENCE_END = re.compile(r"[.;!?]\s[A-Z(]")

# PMC dump headings: "TITLE:", "ABSTRACT.RESULTS:", "BODY.METHODS.STATISTICS."
_PMC_HEADING = re.compile(r"(TITLE|ABSTRACT|BODY)(?:[.:]([^\n]{0,300}))?")
_PMC_BACK_MATTER = re.compile(
    r"(?:COMPETING INTEREST|CONFLICTS? OF INTEREST|AUTHORS?['’]? CONTRIBUTION|AUTHOR CONTRIBUTION|CONTRIBUTORS|"
    r"PRE-PUBLICATION HISTORY|ACKNOWLEDG|FUNDING|ABBREVIATIONS|SUPPLEMENTARY MATERIAL|"
    r"ELECTRONIC SUPPLEMENTARY MATERIAL|SUPPORTING INFORMATION|DISCLOSURE|DECLARATION|CITATION|REFERENCES)",
)

_TITLE_MAX = 400
_PARAGRAPH_MIN = 200


def parse_all(text: str, source: str, *, full_text: bool = False) -> Iterator[object]:
    """Every record of a decoded text file (one per visible boundary), and a Notice for each full-text
    article whose body was left out."""
    from nettool.load import Notice

    pmc = text.lstrip()[:6].startswith("TITLE")  # a PMC dump is one article, form feeds and all
    view = reflow(text) if not pmc and looks_wrapped(text) else None
    bounds = [(0, len(text))] if pmc else _segments(view if view is not None else text)
    for index, (a, b) in enumerate(bounds):
        record, skipped = _parse(text[a:b] if len(bounds) > 1 else text, source, index,
                                 (view[a:b] if len(bounds) > 1 else view) if view is not None else None,
                                 full_text)
        yield record
        if skipped:
            yield Notice("full-text", source)


def parse(text: str, source: str, index: int = 0, *, full_text: bool = True) -> Record:
    """One plain-text record: the decoded text, its body spans and what metadata it prints."""
    return _parse(text, source, index, None, full_text)[0]


def _parse(text: str, source: str, index: int, view: str | None, full_text: bool) -> tuple[Record, bool]:
    record = Record(source=source, text=text, index=index, format="text", view=view)
    lines = _lines(view if view is not None else text)
    first = next((i for i, (_, _, s) in enumerate(lines) if s), None)
    if first is None:
        return record, False
    skipped = False
    if _PMC_HEADING.fullmatch(lines[first][2]) and lines[first][2].startswith("TITLE"):
        skipped = _parse_pmc(record, lines, first, full_text)
    else:
        _parse_page(record, lines, first)
    return record, skipped


def _segments(text: str) -> list[tuple[int, int]]:
    """(start, end) of each record in a text that may hold several (see the module docstring)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for part in text.split("\x0c"):
        end = pos + len(part)
        if part.strip():
            out.extend(_page_segments(part, pos))
        pos = end + 1
    return out or [(0, len(text))]


def _page_segments(text: str, base: int) -> list[tuple[int, int]]:
    lines = _lines(text)
    nonempty = [i for i, (_, _, s) in enumerate(lines) if s]
    cuts = [0]
    body_seen = False
    after_ids = False  # the line before held the record's PMID/DOI, or a list section (MeSH terms...) is open
    for k, i in enumerate(nonempty):
        s = lines[i][2]
        if body_seen:
            following = [lines[j][2] for j in nonempty[k + 1:k + 3]]
            glued = _glued_title(text[lines[i][0]:lines[i][1]], following)
            if glued is not None:  # `cat a.txt b.txt` where a.txt has no final newline
                cuts.append(lines[i][0] + glued)
                body_seen = False
                continue
            if _starts_record(s, following) or (after_ids and _title_then_body(s, following)):
                cuts.append(lines[i][0])
                body_seen = after_ids = False
                continue
            low = s.lower()
            if _is_furniture_heading(s) and s.rstrip(":").strip().lower() in _LIST_SECTIONS:
                after_ids = True
            elif "pmid:" in low or low.startswith(("doi:", "- doi:")):
                after_ids = True
            elif not (_LIST_ITEM.match(s) or s == "-" or _is_furniture_heading(s)):
                after_ids = False
        if not body_seen and (_is_real_paragraph(s) or (_SECTION_LABEL.match(s) and len(s) >= 80)):
            body_seen = True
    cuts.append(len(text))
    return [(base + a, base + b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


_LIST_SECTIONS = frozenset({"mesh terms", "publication types", "similar articles", "cited by", "references",
                            "linkout - more resources", "full text sources", "medical", "substances",
                            "grants and funding", "research materials", "miscellaneous"})


def _title_then_body(s: str, following: list[str]) -> bool:
    """A title line right before an abstract paragraph (a record printed title-first, no identifiers)."""
    if len(s) < 20 or not _title_like(s) or _is_furniture_heading(s) or _LIST_ITEM.match(s) or s[0] in "-[(":
        return False
    if _is_real_paragraph(s) or _is_citation(s) or not following:
        return False
    nxt = following[0]
    return _is_real_paragraph(nxt) or _is_citation(nxt) is not None or (
        _META.match(nxt) is not None and nxt.startswith("-"))


_GLUE = re.compile(r"(?<=[a-z)\].])(?=[A-Z][a-z])")


def _glued_title(raw: str, following: list[str]) -> int | None:
    """Offset in ``raw`` where a new record's title starts right after a last furniture line ("MedicalThe ...",
    "• Time FactorsValue of ...") when the next lines are that record's identifiers or citation."""
    if len(raw) > 600 or not following:
        return None
    for m in _GLUE.finditer(raw):
        head, tail = raw[:m.start()].strip(), raw[m.start():].strip()
        if not (_is_furniture_heading(head) or _LIST_ITEM.match(head) or head == "-"):
            continue
        if _starts_record(tail, following) or _title_then_body(tail, following):
            return m.start()
        return None
    return None


def _starts_record(s: str, following: list[str]) -> bool:
    """A title line with the identifier lines or the citation of a new record right after it."""
    if not following or len(s) < 20 or not _title_like(s) or _is_furniture_heading(s) or _LIST_ITEM.match(s):
        return False
    if _is_real_paragraph(s) or _is_citation(s) or s[0] in "-[(":
        return False
    nxt = following[0]
    m = _META.match(nxt)
    if m is not None and m.group(1).upper() in ("PMID", "DOI") and nxt.startswith("-"):
        return True
    return _is_citation(nxt) is not None


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped text) of every line; end excludes the newline."""
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        out.append((pos, end, line.strip()))
        pos = end + 1
    return out


def _is_citation(s: str) -> re.Match[str] | None:
    if len(s) > 600:
        return None
    m = _CITATION.match(s)
    if m and _CITATION_EVIDENCE.search(s, m.end() - 1):
        return m
    return None


def _is_furniture_heading(s: str) -> bool:
    if len(s) > 200:
        return False
    key = s.rstrip(":").strip().lower()
    if key in _FURNITURE_HEADINGS:
        return True
    return _FURNITURE_PREFIX.match(s) is not None and (len(s) < 40 or ":" in s[:40]
                                                        or s[0] in "©(" or s[:9].lower() == "copyright")


def _is_real_paragraph(s: str) -> bool:
    """A line that reads as running prose, not a list entry, reference or citation."""
    if len(s) < _PARAGRAPH_MIN or _LIST_ITEM.match(s):
        return False
    low = s.lower()
    if "pmid:" in low or "doi:" in low or "- pubmed" in low or "pmcid" in low:
        return False
    if _REFERENCE_SHAPE.search(s):
        return False
    return _SENTENCE_END.search(s) is not None


def _title_like(s: str) -> bool:
    return (len(s) <= _TITLE_MAX and not _SECTION_LABEL.match(s) and not _ABSTRACT_HEADING.fullmatch(s)
            and _META.match(s) is None)


def _parse_page(record: Record, lines: list[tuple[int, int, str]], first: int) -> None:
    n = len(lines)
    nonempty = [i for i in range(first, n) if lines[i][2]]
    title_idx = None
    cand = first
    if _is_citation(lines[cand][2]) and len(nonempty) > 1:
        cand = nonempty[1]  # PubMed "Abstract" export: citation first, then the title
    if len(nonempty) > 1 and cand != nonempty[-1] and _title_like(lines[cand][2]):
        title_idx = cand
        record.title = clean(lines[cand][2])
    title = lines[title_idx][2] if title_idx is not None else None

    # An "Abstract" heading near the top: what precedes it (authors, affiliations, ids) is not body.
    start_idx = first
    for i in nonempty[:80]:
        if _ABSTRACT_HEADING.fullmatch(lines[i][2]):
            start_idx = i + 1
            break

    spans = _Spans()
    mode = "body"  # or "furniture" / "pubtypes"
    cite_seen = False
    hard_list = False
    for i in range(first, n):
        start, end, s = lines[i]
        if not s:
            continue
        body = False
        if i == title_idx or (title is not None and s == title):
            pass
        elif (m := _META.match(s)) is not None and len(s) < 300:
            key = m.group(1).upper()
            if key == "PMID" and record.pmid is None and m.group(2).rstrip(".").isdigit():
                record.pmid = m.group(2).rstrip(".")
            elif key == "DOI" and record.doi is None:
                record.doi = clean_doi(m.group(2))
        elif _ABSTRACT_HEADING.fullmatch(s):
            mode = "body"
        elif (m := _is_citation(s)) is not None:
            if not cite_seen and not hard_list:
                cite_seen = True
                _citation_meta(record, s, m)
        elif _is_furniture_heading(s):
            key = s.rstrip(":").strip().lower()
            if record.year is None and (s[0] in "©(" or key.startswith("copyright")):
                record.year = year_of(s)  # "© 2024. The Authors." when no citation line gave the year
            mode = "pubtypes" if key.startswith("publication type") else "furniture"
            hard_list = hard_list or key in _FURNITURE_HEADINGS
        elif mode != "body":
            if _is_real_paragraph(s):
                mode = "body"
                body = i >= start_idx
            elif mode == "pubtypes":
                item = clean(s.lstrip("-•*·▪‣◦ \t"))
                if item and len(item) < 120:
                    record.publication_types.append(item)
        else:
            body = i >= start_idx
        spans.add(start, end, body)
    record.spans = spans.done()


class _Spans:
    """Body lines in, merged (start, end) regions out: consecutive body lines form one span."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []
        self._start = self._end = -1

    def add(self, start: int, end: int, body: bool) -> None:
        if body:
            if self._start < 0:
                self._start = start
            self._end = end
        elif self._start >= 0:
            self.spans.append((self._start, self._end))
            self._start = -1

    def done(self) -> list[tuple[int, int]]:
        if self._start >= 0:
            self.spans.append((self._start, self._end))
            self._start = -1
        return self.spans


def _citation_meta(record: Record, s: str, m: re.Match[str]) -> None:
    record.journal = record.journal or clean(m.group("journal"))
    record.year = record.year or int(m.group("year"))
    if record.pmid is None and (p := _CITE_PMID.search(s)):
        record.pmid = p.group(1)
    if record.doi is None and (d := _CITE_DOI.search(s)):
        record.doi = clean_doi(d.group(1))


def _parse_pmc(record: Record, lines: list[tuple[int, int, str]], first: int, full_text: bool) -> bool:
    """PMC dump; True when a body was left out (``full_text`` off)."""
    spans = _Spans()
    skipped = False
    section = "TITLE"
    for i in range(first, len(lines)):
        start, end, s = lines[i]
        if not s:
            if section == "TITLE" and record.title is not None:
                section = "ABSTRACT"  # text after the title block with no heading of its own
            continue
        body = False
        m = _PMC_HEADING.fullmatch(s) if s[0] in "TAB" else None
        if m is not None and (m.group(2) is None or m.group(2).strip() == "" or m.group(2).upper() == m.group(2)):
            section = m.group(1)
            rest = (m.group(2) or "").strip()
            if section == "TITLE":
                if rest and record.title is None:
                    record.title = clean(rest)
            elif any(_PMC_BACK_MATTER.match(part.strip()) for part in rest.split(".")):
                section = "BACK"
        elif section == "TITLE":
            if record.title is None:
                record.title = clean(s)
        elif section == "BODY" and not full_text:
            skipped = True
        elif section != "BACK":
            body = True
        spans.add(start, end, body)
    record.spans = spans.done()
    return skipped


__all__ = ["parse", "parse_all"]
