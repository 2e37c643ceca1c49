"""Renderers: rows -> text.  Machine formats (TSV, CSV, JSON, JSONL) use the
standard library only and never write ANSI codes; human formats (rich table,
Markdown via tabulate, summary text) import their libraries lazily.

Nothing here decides *where* output goes: every function writes to the text
stream it is given.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # pragma: no cover
    from nettool.analyze import Table

MACHINE_FORMATS: tuple[str, ...] = ("tsv", "csv", "json", "jsonl")
HUMAN_FORMATS: tuple[str, ...] = ("table", "markdown")
# Every table format, in the order --help lists them: the one definition the CLI's Format enum is built from.
TABLE_FORMATS: tuple[str, ...] = ("table", "tsv", "csv", "json", "jsonl", "markdown")


def render_table(table: "Table", fmt: str, out: TextIO, *, terminal: bool = False, width: int | None = None) -> None:
    """Write ``table`` to ``out`` in ``fmt``.

    ``terminal`` allows colour and terminal-width layout (rich table only);
    ``width`` fixes the width of a rich table when not on a terminal.
    """
    if fmt == "json" and table.document is not None:
        from nettool.render import machine

        machine.write_document(table.document, out)
    elif fmt in MACHINE_FORMATS:
        from nettool.render import machine

        machine.write(table, fmt, out)
    elif fmt == "table":
        from nettool.render import human

        human.write_rich_table(table, out, terminal=terminal, width=width)
    elif fmt == "markdown":
        from nettool.render import human

        human.write_markdown(table, out)
    else:  # pragma: no cover - the CLI validates formats
        raise ValueError(f"unknown format {fmt!r}")


__all__ = ["MACHINE_FORMATS", "HUMAN_FORMATS", "TABLE_FORMATS", "render_table"]
