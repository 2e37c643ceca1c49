"""Geometry of the report's plots, from the rows `pool`/`plot` compute (no matplotlib).

:func:`plot_of` turns a :class:`~nettool.analyze.pool.PoolResult` (forest plot: one row per
pooled study/arm with its Wilson 95% CI, square sized by weight, the random-effects diamond
and, when the fit provides it, the prediction interval) or a
:class:`~nettool.analyze.pool.MedianSummary` (dot-and-interval plot of reported medians or
k-year rates, the n-weighted median as a dashed line) into a :class:`Plot`: pixel
coordinates and the text of every cell. The template ``plot.svg.j2`` draws it; all text
goes through Jinja2's autoescape there.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from nettool.analyze import METRIC_LABELS

ROW_H = 22
TOP = 46  # y of the first row


@dataclass(frozen=True)
class Layout:
    """Where things go: ``wide`` for a screen or paper, ``narrow`` for a phone (one number column)."""

    width: int
    x0: float  # the plot area
    x1: float
    label_chars: int
    columns: tuple[float, ...]  # x of each text column; the last one is right-aligned when wide


WIDE = Layout(width=760, x0=262, x1=512, label_chars=36, columns=(522, 590, 754))
NARROW = Layout(width=380, x0=150, x1=262, label_chars=21, columns=(270,))
WIDTH = WIDE.width


@dataclass
class PlotRow:
    y: float
    label: str
    full_label: str
    cells: list[str]
    x: float | None = None
    x1: float | None = None
    x2: float | None = None
    size: float = 4.0  # half the side of the square / radius of the dot
    fig: Any = None  # FigureRef or None
    sentence: str = ""


@dataclass
class Plot:
    kind: str  # "forest" | "interval"
    title: str
    xlabel: str
    height: float
    columns: list[tuple[float, str, str]]  # (x, anchor, header)
    rows: list[PlotRow]
    ticks: list[tuple[float, str]]
    axis_y: float
    width: int = WIDTH
    x0: float = WIDE.x0
    x1: float = WIDE.x1
    diamond: str | None = None  # SVG points
    diamond_y: float | None = None
    diamond_cells: list[str] = field(default_factory=list)
    prediction: tuple[float, float, float] | None = None  # x1, x2, y
    prediction_text: str = ""
    ref_x: float | None = None  # dashed vertical line (pooled estimate or weighted median)
    caption: str = ""


def _truncate(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _label(study: str, group: str | None, extra: str | None, ref: Any = None) -> str:
    """ "PMID 1 (2020) — arm (condition)": the year from the figure's record when the label lacks it."""
    year = getattr(ref, "year", None)
    if year and str(year) not in study:
        study = f"{study} ({year})"
    label = study if not group else f"{study} — {group}"
    return f"{label} ({extra})" if extra else label


def prediction_interval(pooled: dict[str, Any]) -> tuple[float, float] | None:
    """The 95% prediction interval (proportion scale) when the pooled result provides one."""
    for lo, hi in (("pi_low", "pi_high"), ("pred_low", "pred_high"), ("prediction_low", "prediction_high")):
        low, high = pooled.get(lo), pooled.get(hi)
        if low is not None and high is not None and not (math.isnan(low) or math.isnan(high)):
            return float(low), float(high)
    return None


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def _fmt_p(p: float | None) -> str:
    if p is None:
        return "n/a"
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


def summary_lines(result: Any) -> list[str]:
    """The pooled estimate with heterogeneity (and prediction interval), or the median summary, in words."""
    from nettool.analyze.pool import PoolResult

    if isinstance(result, PoolResult):
        if result.fit is None:
            return ["Not pooled: no figure of this metric has events/total (see the rows left out below)."]
        p = result.pooled()
        i2 = "n/a" if p["i2"] is None else f"{p['i2']:.1f}%"
        lines = [f"Pooled proportion (random effects, logit, {result.method.upper()}): {_pct(p['estimate'])}% "
                 f"(95% CI {_pct(p['low'])}–{_pct(p['high'])}); {_n(p['k'], 'arm')}, "
                 f"{p['studies']} stud{'y' if p['studies'] == 1 else 'ies'}, {_n(p['patients'], 'patient')}.",
                 f"Heterogeneity: I² = {i2}, τ² = {p['tau2']:.4f}, Q = {p['q']:.2f} (df {p['q_df']}, "
                 f"p {_fmt_p(p['q_p'])})."]
        pi = prediction_interval(p)
        if pi is not None:
            lines.append(f"95% prediction interval: {_pct(pi[0])}–{_pct(pi[1])}% "
                         "(where a new study's proportion is expected to fall).")
        left = len(result.excluded)
        if left:
            lines.append(f"{left} figure{'s' if left != 1 else ''} left out of the pooling, each with the reason "
                         "(table below).")
        return lines
    if not result.included:
        return ["No reported values to summarise."]
    unit = "%" if result.unit == "percent" else " months"
    weighted = ("no arm states its size: no weighted median" if result.weighted_median is None else
                f"{result.label}: {result.weighted_median:.1f}{unit} over {_n(result.patients, 'patient')}")
    return [f"Not pooled (time to event): {_n(len(result.included), 'arm')}; range {result.minimum:.1f}–"
            f"{result.maximum:.1f}{unit}; {weighted}; unweighted median {result.median:.1f}{unit}."]


def _ticks(lo: float, hi: float) -> list[float]:
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / 5
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=mag * 10)
    first = math.ceil(lo / step) * step
    out, v = [], first
    while v <= hi + 1e-9:
        out.append(round(v, 10))
        v += step
    return out


def plot_of(result: Any, refs: list[Any], metric: str, layout: Layout = WIDE) -> Plot | None:
    """A forest plot (pooled proportion) or an interval plot (medians / rates); None when empty."""
    from nettool.analyze.pool import PoolResult

    by_row = {id(r): ref for r, ref in zip(result.rows, refs)}
    if isinstance(result, PoolResult):
        plot = _forest(result, by_row, metric, layout)
    else:
        plot = _intervals(result, by_row, metric, layout)
    if plot is not None and layout is not WIDE:  # keep only the columns there is room for
        keep = len(layout.columns)
        plot.columns = plot.columns[1:1 + keep] if len(plot.columns) > keep else plot.columns[:keep]
        plot.columns = [(x, "start", head) for x, (_, _, head) in zip(layout.columns, plot.columns)]
        for row in plot.rows:
            row.cells = row.cells[1:1 + keep]
        plot.diamond_cells = plot.diamond_cells[1:1 + keep]
    return plot


def _forest(result: Any, by_row: dict[int, Any], metric: str, layout: Layout) -> Plot | None:
    rows = result.included
    if not rows or result.fit is None:
        return None
    p = result.pooled()
    pi = prediction_interval(p)
    # the axis: 0-100%, or 0 to a round percent above every interval when all are low (mortality)
    top = 100 * max([r.high or 0 for r in rows] + [p["high"], pi[1] if pi else 0])
    ticks = _ticks(0, top * 1.05) if top < 60 else [float(t) for t in range(0, 101, 20)]
    if ticks[-1] < top:
        ticks.append(ticks[-1] + (ticks[1] - ticks[0] if len(ticks) > 1 else top))
    scale = ticks[-1] / 100

    def x(v: float) -> float:
        return layout.x0 + (layout.x1 - layout.x0) * max(0.0, min(1.0, v / scale))

    wmax = max(r.weight or 0 for r in rows) or 1.0
    out: list[PlotRow] = []
    for i, r in enumerate(rows):
        full = _label(r.study, r.group, ", ".join(v for v in (r.symptom, r.condition) if v) or None,
                      by_row.get(id(r)) if layout is WIDE else None)  # a phone has no room for the year
        out.append(PlotRow(
            y=TOP + i * ROW_H, label=_truncate(full, layout.label_chars), full_label=full,
            cells=[f"{r.events}/{r.total}", f"{_pct(r.proportion)} ({_pct(r.low)}–{_pct(r.high)})",
                   f"{r.weight:.1f}%"],
            x=x(r.proportion), x1=x(r.low), x2=x(r.high), size=2.5 + 4.5 * math.sqrt((r.weight or 0) / wmax),
            fig=by_row.get(id(r)), sentence=r.sentence))
    y = TOP + len(rows) * ROW_H + 6
    est, lo, hi = x(p["estimate"]), x(p["low"]), x(p["high"])
    plot = Plot(
        kind="forest", title=f"{METRIC_LABELS.get(metric, metric).capitalize()}: pooled proportion",
        xlabel="% of patients (95% CI)", height=0, rows=out,
        columns=[(layout.columns[0], "start", "Events/N"), (WIDE.columns[1], "start", "% (95% CI)"),
                 (WIDE.columns[2], "end", "Weight")], width=layout.width, x0=layout.x0, x1=layout.x1,
        ticks=[(x(t / 100), f"{t:g}") for t in ticks], axis_y=0,
        diamond=f"{lo:.1f},{y:.1f} {est:.1f},{y - 6:.1f} {hi:.1f},{y:.1f} {est:.1f},{y + 6:.1f}",
        diamond_y=y, ref_x=est,
        diamond_cells=[str(p["patients"]), f"{_pct(p['estimate'])} ({_pct(p['low'])}–{_pct(p['high'])})", "100%"],
        caption=" ".join(summary_lines(result)[:2]),
    )
    if pi is not None:
        y += ROW_H
        plot.prediction = (x(pi[0]), x(pi[1]), y)
        plot.prediction_text = f"{_pct(pi[0])}–{_pct(pi[1])}"
    plot.axis_y = y + 16
    plot.height = plot.axis_y + 34
    return plot


def _intervals(summary: Any, by_row: dict[int, Any], metric: str, layout: Layout) -> Plot | None:
    rows = summary.included
    if not rows:
        return None
    name = METRIC_LABELS.get(metric, metric)
    if summary.unit == "percent":
        lo_all, hi_all, unit = 0.0, 100.0, "%"
        xlabel = f"{summary.timepoint or ''} {name} (%)".strip()
        title = f"{name.capitalize()}: reported {summary.timepoint or ''} rates".replace("  ", " ")
    else:
        top = max(max(r.value or 0, r.high or 0) for r in rows)
        lo_all, hi_all, unit = 0.0, (top * 1.08 if top > 0 else 1.0), " mo"
        xlabel = "months (bar: CI or range as reported)"
        title = f"{name.capitalize()}: reported medians (not pooled)"
    ticks = _ticks(lo_all, hi_all)
    hi_all = max(hi_all, ticks[-1]) if ticks else hi_all

    def x(v: float) -> float:
        return layout.x0 + (layout.x1 - layout.x0) * max(0.0, min(1.0, (v - lo_all) / (hi_all - lo_all)))

    out: list[PlotRow] = []
    for i, r in enumerate(rows):
        full = _label(r.study, r.group, r.condition, by_row.get(id(r)) if layout is WIDE else None)
        has_bar = r.low is not None and r.high is not None and r.low <= (r.value or 0) <= r.high
        interval = f" ({r.low:.1f}–{r.high:.1f})" if r.low is not None and r.high is not None else ""
        out.append(PlotRow(
            y=TOP + i * ROW_H, label=_truncate(full, layout.label_chars), full_label=full,
            cells=["" if r.total is None else str(r.total), f"{r.value:.1f}{unit}{interval}"],
            x=x(r.value), x1=x(r.low) if has_bar else None, x2=x(r.high) if has_bar else None, size=3.5,
            fig=by_row.get(id(r)), sentence=r.sentence))
    y = TOP + len(rows) * ROW_H
    return Plot(
        kind="interval", title=title, xlabel=xlabel, height=y + 50, rows=out,
        columns=[(WIDE.columns[0], "start", "N"), (WIDE.columns[0] + 48, "start", "Value (interval)")],
        width=layout.width, x0=layout.x0, x1=layout.x1,
        ticks=[(x(t), f"{t:g}") for t in ticks], axis_y=y + 4,
        ref_x=x(summary.weighted_median) if summary.weighted_median is not None else None,
        caption=" ".join(summary_lines(summary)),
    )
