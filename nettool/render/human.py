"""Human tables: a rich table (terminal) and a Markdown pipe table (tabulate).

rich and tabulate are imported here only, and this module is imported only
when a human format is asked for.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from nettool.render.machine import cell

if TYPE_CHECKING:  # pragma: no cover
    from nettool.analyze import Table

# Width of a rich table written to a file or a pipe: fixed so output does not
# depend on $COLUMNS of whoever runs it.
FILE_WIDTH = 160


def _human_rows(table: "Table") -> tuple[list[str], list[list[str]]]:
    spec = table.human or tuple((c, c) for c in table.columns)
    headers = [h for h, _ in spec]
    rows = [[cell(row.get(key)) for _, key in spec] for row in table.rows]
    return headers, rows


def make_console(out: TextIO, *, terminal: bool, width: int | None = None) -> Any:
    """A rich console on ``out``: colour and terminal width only when ``terminal``."""
    from rich.console import Console

    if terminal:
        return Console(file=out, highlight=False)
    return Console(file=out, width=width or FILE_WIDTH, force_terminal=False, no_color=True,
                   color_system=None, highlight=False, emoji=False, legacy_windows=False)


def write_rich_table(table: "Table", out: TextIO, *, terminal: bool, width: int | None = None) -> None:
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    headers, rows = _human_rows(table)
    rt = RichTable(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold" if terminal else None,
                   pad_edge=False)
    for h in headers:
        rt.add_column(h, overflow="fold", justify="right" if h in ("n", "Year", "Figures", "p") else "left")
    for r in rows:
        rt.add_row(*(Text(c) for c in r))  # Text: no markup in cell values
    console = make_console(out, terminal=terminal, width=width)
    console.print(rt, markup=False)
    if not rows:
        console.print("(no rows)", markup=False, style="dim" if terminal else None)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def write_markdown(table: "Table", out: TextIO) -> None:
    from tabulate import tabulate

    headers, rows = _human_rows(table)
    rows = [[_md_escape(c) for c in r] for r in rows]
    out.write(tabulate(rows, headers=headers, tablefmt="pipe", disable_numparse=True) + "\n")
