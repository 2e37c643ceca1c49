"""TSV, CSV, JSON and JSONL: standard library only, streamed row by row, never ANSI.

Cells are cleaned for line-oriented tools: ANSI escape sequences are dropped;
tabs, newlines and other control characters become single spaces.  Missing values are
empty cells in TSV/CSV and ``null`` in JSON; whole floats print as integers
(78.0 -> 78); booleans are ``true``/``false``.
"""
from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Iterable, TextIO

from nettool.models import plain_number

if TYPE_CHECKING:  # pragma: no cover
    from nettool.analyze import Table

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def clean(text: str) -> str:
    """One line of text: ANSI escape sequences dropped, other control characters
    (tab, newline, ...) become one space."""
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    return _CONTROL.sub(" ", text) if _CONTROL.search(text) else text


plain = plain_number  # JSON-ready value: whole floats as ints


def cell(value: Any) -> str:
    """A TSV/CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        value = plain_number(value)
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):  # Figure.why: "value=value.percent; metric=metric.nearest_before:os_words"
        return clean("; ".join(f"{k}={v}" for k, v in value.items()))
    return clean(str(value))


def _plain_deep(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _plain_deep(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain_deep(v) for v in obj]
    return plain_number(obj)


def write_document(document: Any, out: TextIO) -> None:
    """A nested JSON document (e.g. a pooled estimate with its rows), whole floats as ints."""
    out.write(json.dumps(_plain_deep(document), ensure_ascii=False, indent=1) + "\n")


def records(table: "Table") -> Iterable[dict[str, Any]]:
    cols = table.columns
    for row in table.rows:
        yield {c: plain(row.get(c)) for c in cols}


def write_tsv(table: "Table", out: TextIO) -> None:
    out.write("\t".join(table.columns) + "\n")
    for row in table.rows:
        out.write("\t".join(cell(row.get(c)) for c in table.columns) + "\n")


def write_csv(table: "Table", out: TextIO) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([cell(row.get(c)) for c in table.columns])


def write_jsonl(table: "Table", out: TextIO) -> None:
    for rec in records(table):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def write_json(table: "Table", out: TextIO) -> None:
    """A JSON list, streamed: one object per line between the brackets."""
    first = True
    out.write("[")
    for rec in records(table):
        out.write(("\n" if first else ",\n") + json.dumps(rec, ensure_ascii=False))
        first = False
    out.write("]\n" if first else "\n]\n")


WRITERS = {"tsv": write_tsv, "csv": write_csv, "json": write_json, "jsonl": write_jsonl}


def write(table: "Table", fmt: str, out: TextIO) -> None:
    WRITERS[fmt](table, out)
