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


# Columns left out first when a terminal is too narrow for every column at its longest word
# (the table says which, under it); the others keep their place.
DROP_ORDER = ("year", "events", "measure", "n", "counts", "weight", "high", "low", "journal", "period", "setting",
              "figures", "condition", "symptom", "arms", "design", "kind", "timepoint")
PAIRS = (("low", "high"),)  # shown together or not at all


def _widths(spec: list[tuple[str, str]], rows: list[list[str]],
            available: int) -> tuple[list[int | None], list[int]]:
    """Column widths that fit ``available`` characters (None: natural) and the columns kept.

    A cell may wrap only at a space, never inside a word: a number, a p, an identifier like
    "doi:10.1016/j.surg.2008.06.008" or a year stays whole.  Every column is at least its longest
    word; the short columns (numbers, labels) then get their whole value, the prose columns
    (group, condition, title, ...) share what is left.  When even the longest words do not fit,
    columns are left out in ``DROP_ORDER`` (then from the right) and the caller says which.
    """
    keep = list(range(len(spec)))
    natural = [max([len(h)] + [len(r[i]) for r in rows]) for i, (h, _) in enumerate(spec)]
    word = [max([2] + [len(w) for r in rows for w in r[i].split()]) for i in range(len(spec))]

    def gaps(n: int) -> int:
        return n - 1  # one space between columns

    if sum(natural) + gaps(len(spec)) <= available:
        return [None] * len(spec), keep
    drop = [i for key in DROP_ORDER for i, (_, k) in enumerate(spec) if k == key]
    # then the other short columns from the right, the prose columns (which wrap) last, the first column never
    drop += [i for i in reversed(range(1, len(spec))) if i not in drop and spec[i][1] not in WRAPPING]
    drop += [i for i in reversed(range(1, len(spec))) if i not in drop]
    while len(keep) > 1 and sum(word[i] for i in keep) + gaps(len(keep)) > available:
        victim = next(i for i in drop if i in keep)
        keep.remove(victim)
    for pair in PAIRS:
        idx = [i for i, (_, k) in enumerate(spec) if k in pair]
        if len(idx) == 2 and sum(i in keep for i in idx) == 1:
            keep = [i for i in keep if i not in idx]
    widths = {i: word[i] for i in keep}
    left = available - gaps(len(keep)) - sum(widths.values())
    # short columns first get their whole value (a header may fold), then the prose columns share the rest
    for i in keep:
        if spec[i][1] not in WRAPPING and left > 0:
            extra = min(left, max(0, natural[i] - widths[i]))
            widths[i] += extra
            left -= extra
    prose = sorted((i for i in keep if spec[i][1] in WRAPPING), key=lambda i: natural[i])
    for k, i in enumerate(prose):
        share = left // (len(prose) - k)
        extra = min(max(0, natural[i] - widths[i]), max(0, share))
        widths[i] += extra
        left -= extra
    return [widths.get(i) for i in range(len(spec))], keep


def write_rich_table(table: "Table", out: TextIO, *, terminal: bool, width: int | None = None) -> None:
    """A rich table.  Columns empty in every row are left out; in a narrow terminal cells wrap at
    spaces (never inside a number or an identifier), and when even that does not fit, the least
    needed columns are left out and named under the table."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    spec = _spec(table)
    headers, rows = _human_rows(table)
    keep = [i for i in range(len(spec)) if any(r[i] for r in rows)] if rows else list(range(len(spec)))
    spec = [spec[i] for i in keep]
    rows = [[r[i] for i in keep] for r in rows]
    console = make_console(out, terminal=terminal, width=width)
    widths, shown = _widths(spec, rows, console.width)
    dropped = [spec[i][0] for i in range(len(spec)) if i not in shown]
    spec = [spec[i] for i in shown]
    widths = [widths[i] for i in shown]
    rows = [[r[i] for i in shown] for r in rows]
    rt = RichTable(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold" if terminal else None,
                   pad_edge=False, padding=(0, 0), collapse_padding=True)
    for (header, key), w in zip(spec, widths):
        rt.add_column(header, overflow="fold", width=w, justify="right" if key in NUMERIC else "left")
    for r in rows:
        rt.add_row(*(Text(c) for c in r))  # Text: no markup in cell values
    console.print(rt, markup=False)
    if not rows:
        console.print("(no rows)", markup=False, style="dim" if terminal else None)
    if dropped:
        console.print(f"(not shown at {console.width} columns: {', '.join(dropped)}; widen the terminal or use "
                      "--format tsv)", markup=False, style="dim" if terminal else None)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def write_markdown(table: "Table", out: TextIO) -> None:
    from tabulate import tabulate

    headers, rows = _human_rows(table)
    rows = [[_md_escape(c) for c in r] for r in rows]
    out.write(tabulate(rows, headers=headers, tablefmt="pipe", disable_numparse=True) + "\n")
