"""CSV and TSV exports with an abstract column: Scopus, Embase, Web of Science (tab-delimited), Covidence,
Rayyan, Zotero, spreadsheets.

Read with the standard :mod:`csv` module (quoted fields, quoted newlines, doubled
quotes).  The delimiter is the one of tab, ``,`` and ``;`` (Excel in many
locales) that splits the header row into the most known column names; a UTF-8
BOM is dropped by the byte layer.  Columns are found by header name, in any
order and case; the first known name of each field wins.  A file without an
abstract column is one error naming the columns it has; a row without an
abstract is one report naming the row, and the other rows are still read.
"""
from __future__ import annotations

import csv
import io
from typing import Iterator

from nettool.errors import InputError
from nettool.load._common import abstract_lines, abstract_record, clean, clean_doi, missing, split_authors, year_of

# field -> header names (lower case), best first
COLUMNS: dict[str, tuple[str, ...]] = {
    "abstract": ("abstract", "ab", "abstract note", "abstracts", "abstract text"),
    "title": ("title", "article title", "document title", "ti", "primary title", "publication title (article)"),
    "authors": ("authors", "author", "author names", "au", "author full names", "af", "author(s)"),
    "year": ("year", "publication year", "published year", "py", "pub year", "date", "publication date"),
    "journal": ("source title", "journal", "journal title", "so", "source", "publication title", "journal/book",
                "secondary title", "j9", "ji"),
    "pmid": ("pubmed id", "pmid", "pm", "pubmed_id", "medline pmid", "pubmed", "pmid_id"),
    "doi": ("doi", "di", "digital object identifier"),
}
_KNOWN = frozenset(name for names in COLUMNS.values() for name in names)
_DELIMITERS = ("\t", ",", ";")
_HINT = "export the references again as CSV with the abstract column included"


def _key(cell: str) -> str:
    return " ".join(cell.strip().strip('"').lstrip("\ufeff").split()).lower()


def known_columns(header: str, delimiter: str) -> int:
    """How many cells of a header row are known column names."""
    try:
        cells = next(csv.reader([header], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return 0
    return sum(1 for c in cells if _key(c) in _KNOWN)


def delimiter_of(header: str) -> str | None:
    """The delimiter that splits ``header`` into the most known column names (at least two cells)."""
    best, best_n = None, 0
    for d in _DELIMITERS:
        if header.count(d) < 1:
            continue
        n = known_columns(header, d)
        if n > best_n:
            best, best_n = d, n
    return best


def parse(text: str, source: str) -> Iterator[object]:
    """Yield one Record per row with an abstract; a report per row without one."""
    header_line = text.split("\n", 1)[0]
    delimiter = delimiter_of(header_line)
    if delimiter is None:
        raise InputError(source, "is not a CSV/TSV file with known column names", _HINT)
    csv.field_size_limit(1 << 27)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as exc:
        raise InputError(source, f"CSV header could not be read ({exc})", _HINT) from None
    names = [_key(c) for c in header]
    where: dict[str, int] = {}
    for fld, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names:
                where[fld] = names.index(alias)
                break
    if "abstract" not in where:
        shown = ", ".join(" ".join(c.split())[:40] for c in header[:12] if c.strip()) + (
            ", ..." if len(header) > 12 else "")
        raise InputError(source, f"CSV/TSV file has no abstract column (columns: {shown})",
                         "export again with the abstract included (a column named Abstract or AB)")
    index = 0
    row_no = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(source, f"row {row_no + 1} could not be read ({exc}); the rows before it were read",
                             _HINT) from None
        row_no += 1
        if not any(cell.strip() for cell in row):
            continue

        def get(fld: str) -> str | None:
            i = where.get(fld)
            return row[i] if i is not None and i < len(row) and row[i].strip() else None

        abstract = get("abstract")
        title = clean(get("title"))
        if abstract is None or abstract.strip().lower() in ("[no abstract available]", "no abstract available"):
            yield missing(source, row_no - 2, "has no abstract", "the row was skipped", name=_short(title))
            index += 1
            continue
        pmid = (get("pmid") or "").strip()
        text = abstract_lines(abstract)
        yield abstract_record(
            text, source=source, index=index, format="table",
            pmid=pmid if pmid.isdigit() else None,
            doi=clean_doi(get("doi")),
            title=title,
            journal=clean(get("journal")),
            year=year_of(get("year")),
            authors=split_authors(get("authors")),
        )
        index += 1
    if index == 0:
        raise InputError(source, "CSV/TSV file has a header but no rows", _HINT)


def _short(title: str | None) -> str | None:
    if not title:
        return None
    return f'"{title[:60]}..."' if len(title) > 60 else f'"{title}"'


__all__ = ["COLUMNS", "parse", "delimiter_of", "known_columns"]
