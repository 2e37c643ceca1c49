"""CSL-JSON (Zotero "Export > CSL JSON", citeproc-js, pandoc): a list of items.

    [{"type": "article-journal", "title": "...", "author": [{"family": "Chambers", "given": "A. J."}],
      "issued": {"date-parts": [[2008, 10]]}, "container-title": "Surgery", "DOI": "10.1016/...",
      "PMID": "18847650", "abstract": "..."}]

Read with the standard :mod:`json` module; a single item object is accepted too.
An item without an abstract is reported by its id or title and skipped.
"""
from __future__ import annotations

import json
from typing import Any, Iterator

from nettool.errors import InputError
from nettool.load._common import abstract_lines, abstract_record, clean, clean_doi, missing, year_of

_HINT = "export the items again as CSL JSON (in Zotero: File > Export Library > CSL JSON)"


def parse(text: str, source: str) -> Iterator[object]:
    """Yield one Record per CSL item with an abstract; a report per item without one."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(source, f"is not valid JSON ({str(exc)[:100]})", _HINT) from None
    items = [data] if isinstance(data, dict) else data
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise InputError(source, "JSON is not CSL-JSON (a list of items with title, author, abstract...)", _HINT)
    if not any(("title" in i or "abstract" in i) for i in items):
        raise InputError(source, "JSON is not CSL-JSON (no item has a title or an abstract)", _HINT)
    for index, item in enumerate(items):
        name = _text(item.get("id")) or _short(_text(item.get("title")))
        abstract = abstract_lines(_text(item.get("abstract")))
        if not abstract:
            yield missing(source, index, "CSL item has no abstract", "the item was skipped", name=name)
            continue
        pmid = (_text(item.get("PMID")) or "").strip()
        yield abstract_record(
            abstract, source=source, index=index, format="csl",
            pmid=pmid if pmid.isdigit() else None,
            doi=clean_doi(_text(item.get("DOI"))),
            title=clean(_text(item.get("title"))),
            journal=clean(_text(item.get("container-title-short")) or _text(item.get("container-title"))),
            year=_year(item),
            authors=[a for a in (_author(x) for x in item.get("author") or [] if isinstance(x, dict)) if a]
            if isinstance(item.get("author"), list) else [],
        )


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def _short(title: str | None) -> str | None:
    return f'"{title[:60]}"' if title else None


def _author(a: dict[str, Any]) -> str | None:
    family, given = _text(a.get("family")), _text(a.get("given"))
    if family:
        return f"{family}, {given}" if given else family
    return _text(a.get("literal"))


def _year(item: dict[str, Any]) -> int | None:
    for key in ("issued", "published-print", "published-online", "created"):
        issued = item.get(key)
        if isinstance(issued, dict):
            parts = issued.get("date-parts")
            if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
                year = year_of(str(parts[0][0]))
                if year:
                    return year
            year = year_of(_text(issued.get("raw")) or _text(issued.get("literal")))
            if year:
                return year
    return None


__all__ = ["parse"]
