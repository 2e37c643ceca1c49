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


# Columns of prose that may wrap in a narrow terminal -- at spaces only, never inside a word; every other
# column keeps its values on one line (a number, a p, an identifier like "PMID 38689169" or
# "doi:10.1016/j.surg.2008.06.008", a year must not break).
WRAPPING = {"group", "condition", "title", "sentence", "text", "arms", "journal", "setting", "symptom", "design",
            "message", "note", "source"}
NUMERIC = {"n", "year", "figures", "p_value", "value", "low", "high", "events", "total", "start", "end", "weight",
           "percent"}


def _human_rows(table: "Table") -> tuple[list[str], list[list[str]]]:
    spec = _spec(table)
    headers = [h for h, _ in spec]
    rows = [[cell(row.get(key)) for _, key in spec] for row in table.rows]
    return headers, rows


def _spec(table: "Table") -> tuple[tuple[str, str], ...]:
    return table.human or tuple((c, c) for c in table.columns)


def make_console(out: TextIO, *, terminal: bool, width: int | None = None) -> Any:
    """A rich console on ``out``: colour and terminal width only when ``terminal``."""
    from rich.console import Console

    if terminal:
        return Console(file=out, highlight=False)
    return Console(file=out, width=width or FILE_WIDTH, force_terminal=False, no_color=True,
                   color_system=None, highlight=False, emoji=False, legacy_windows=False)


def _widths(spec: list[tuple[str, str]], rows: list[list[str]], available: int) -> tuple[list[int | None], int]:
    """Column widths that fit ``available`` characters (None: natural), and the table width.

    Short columns (labels, numbers, identifiers) keep their longest value; headers may fold.
    Prose columns (group, condition, title, ...) share what is left, never narrower than their
    longest word, so they wrap at spaces.  When even that does not fit, the table is wider than
    ``available`` rather than break a number or an identifier.
    """
    natural = [max([len(h)] + [len(r[i]) for r in rows]) for i, (h, _) in enumerate(spec)]
    gaps = 2 * (len(spec) - 1)  # a column separator and one padding space between columns
    if sum(natural) + gaps <= available:
        return [None] * len(spec), available
    prose = [i for i, (_, key) in enumerate(spec) if key in WRAPPING]
    content = [max([0] + [len(r[i]) for r in rows]) for i in range(len(spec))]
    word = [max([1] + [len(w) for r in rows for w in r[i].split()]) for i in range(len(spec))]
    # short columns keep value and header on one line if the prose still gets 8+ each; else headers fold
    fixed = {i: natural[i] for i in range(len(spec)) if i not in prose}
    if available - gaps - sum(fixed.values()) < sum(max(8, word[i]) for i in prose):
        fixed = {i: max(2, content[i], max((len(w) for w in spec[i][0].split()), default=1)) for i in fixed}
    left = available - gaps - sum(fixed.values())
    widths: list[int | None] = [fixed.get(i) for i in range(len(spec))]
    if prose:
        # each prose column: its natural width if small, else a fair share, never below its longest word
        order = sorted(prose, key=lambda i: natural[i])
        for k, i in enumerate(order):
            share = max(8, word[i], left // (len(order) - k))
            widths[i] = min(natural[i], share)
            left -= widths[i]
    total = sum(w or 0 for w in widths) + gaps
    return widths, max(available, total)


def write_rich_table(table: "Table", out: TextIO, *, terminal: bool, width: int | None = None) -> None:
    """A rich table.  Columns empty in every row are left out; in a narrow terminal
    the prose columns wrap first, so cells wrap instead of columns disappearing."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    spec = _spec(table)
    headers, rows = _human_rows(table)
    keep = [i for i in range(len(spec)) if any(r[i] for r in rows)] if rows else list(range(len(spec)))
    spec = [spec[i] for i in keep]
    rows = [[r[i] for i in keep] for r in rows]
    console = make_console(out, terminal=terminal, width=width)
    widths, needed = _widths(spec, rows, console.width)
    if needed > console.width:  # wider than the terminal rather than break a number or an identifier
        console = make_console(out, terminal=terminal, width=needed)
        if terminal:
            console.width = needed
    rt = RichTable(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold" if terminal else None,
                   pad_edge=False, padding=(0, 1), collapse_padding=True)
    for i, ((header, key), w) in enumerate(zip(spec, widths)):
        rt.add_column(header, overflow="fold", width=w, justify="right" if key in NUMERIC else "left",
                      min_width=w if key not in WRAPPING else None)
    for r in rows:
        rt.add_row(*(Text(c) for c in r))  # Text: no markup in cell values
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
