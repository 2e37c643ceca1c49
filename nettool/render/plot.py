"""Plots: a forest plot of pooled proportions, a dot-and-interval plot of medians/rates.

matplotlib is an optional dependency (``pip install 'nettool[plot]'``) imported only
here, only when a plot is drawn. The figure is built with ``matplotlib.figure.Figure``
(no pyplot, no global state) and written to the binary stream it is given.

Layout: three panels sharing the rows -- labels on the left (wrapped to two lines,
then truncated), the plot in the middle, numbers on the right -- so long arm names
never overlap the data. The height grows with the number of rows.
"""
from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any, BinaryIO

from nettool.errors import NothingToAnalyze, OutputError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from nettool.analyze.pool import MedianSummary, PoolResult

PLOT_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
INSTALL_HINT = "matplotlib is not installed; install nettool[plot] (pip install 'nettool[plot]')"

METRIC_TITLES = {
    "cc": "Complete cytoreduction", "relief": "Symptom relief", "morbidity": "Postoperative morbidity",
    "mortality": "Perioperative mortality", "recurrence": "Recurrence", "os": "Overall survival",
    "dss": "Disease-specific survival", "pfs": "Progression-free survival", "dfs": "Disease-free survival",
    "followup": "Follow-up",
}

SORTS: tuple[str, ...] = ("input", "year", "estimate")
DPI = 300  # journals ask for 300 dpi or more
LABEL_WIDTH = 40  # characters per label line
ROW_HEIGHT = 0.42  # inches per row
FONT = 9


def plot_format(path: str, fmt: str | None = None) -> str:
    """The image format: explicit, else the file's extension (png, svg or pdf)."""
    if fmt:
        fmt = fmt.lower().lstrip(".")
    else:
        fmt = path.rsplit(".", 1)[-1].lower() if "." in path.replace("\\", "/").rsplit("/", 1)[-1] else ""
    if fmt not in PLOT_FORMATS:
        raise UsageError(f"cannot tell the image format of {path!r}; name the file .png, .svg or .pdf")
    return fmt


def require_matplotlib() -> Any:
    """Import matplotlib (Agg) or raise a one-line error naming the extra to install."""
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        from matplotlib.figure import Figure
    except ImportError:
        raise OutputError(INSTALL_HINT) from None
    return Figure


def wrap_label(text: str, width: int = LABEL_WIDTH, lines: int = 2) -> str:
    """At most ``lines`` lines of ``width`` characters; the rest becomes an ellipsis."""
    text = " ".join(str(text).split())
    parts = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    if len(parts) > lines:
        keep = parts[:lines]
        keep[-1] = keep[-1][: width - 1].rstrip() + "…"
        parts = keep
    return "\n".join(parts)


def _row_label(study: str, group: str | None, extra: str | None = None) -> str:
    label = study if not group else f"{study} — {group}"
    if extra:
        label += f" ({extra})"
    return wrap_label(label)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def _fmt_p(p: float | None) -> str:
    if p is None:
        return "n/a"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def parse_size(text: str | None) -> tuple[float, float] | None:
    """ "7x5" or "7,5" (inches) -> (7.0, 5.0); None -> None (sized to the rows)."""
    if not text:
        return None
    import re

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[x×,]\s*(\d+(?:\.\d+)?)\s*(?:in)?\s*", text.lower())
    if not m or float(m.group(1)) <= 0 or float(m.group(2)) <= 0:
        raise UsageError(f"--size {text!r}: give WIDTHxHEIGHT in inches, e.g. 7x5")
    return float(m.group(1)), float(m.group(2))


def row_label(study: str, group: str | None, extra: str | None = None, year: int | None = None) -> str:
    """ "Author Year — arm (condition)": the study label (the loader's "Author Year" when it has
    one; else PMID/DOI, then the year added when known)."""
    import re

    if year and not re.search(rf"(?<![\w./:]){year}(?![\w./])", study):  # "Smith 2021" has it; a DOI's "2023." not
        study = f"{study} ({year})"
    return _row_label(study, group, extra)


def _sorted(rows: list[Any], sort: str, value: Any) -> list[Any]:
    if sort == "year":
        return sorted(rows, key=lambda r: (r.year is None, r.year or 0, r.study))
    if sort == "estimate":
        return sorted(rows, key=value)
    return list(rows)


def _layout(nrows: int, title_lines: int, label_chars: int, size: tuple[float, float] | None = None,
            dpi: int = DPI) -> tuple[Any, Any, Any, Any]:
    """A figure with label | plot | numbers panels sized for ``nrows`` rows (or ``size`` inches)."""
    Figure = require_matplotlib()
    height = max(3.0, ROW_HEIGHT * (nrows + 2) + 0.3 * title_lines + 1.0)
    label_in = max(1.6, 0.075 * min(label_chars, LABEL_WIDTH) + 0.3)
    width = label_in + 4.8 + 3.0
    if size:
        width, height = size
        label_in = width * label_in / (label_in + 7.8)
    fig = Figure(figsize=(width, height), dpi=dpi)
    top = 1 - (0.25 + 0.22 * title_lines) / height
    bottom = 0.75 / height
    plot_in = (width - label_in) * 4.8 / 7.8
    gs = fig.add_gridspec(1, 3, width_ratios=[label_in, plot_in, width - label_in - plot_in], left=0.02, right=0.98, top=top,
                          bottom=bottom, wspace=0.02)
    ax_lab = fig.add_subplot(gs[0, 0])
    ax = fig.add_subplot(gs[0, 1], sharey=ax_lab)
    ax_num = fig.add_subplot(gs[0, 2], sharey=ax_lab)
    for a in (ax_lab, ax_num):
        a.set_axis_off()
    ax_lab.set_xlim(0, 1)
    ax_num.set_xlim(0, 1)
    ax.set_ylim(nrows - 0.4, -1.2)  # row 0 at the top; headers above it
    ax.tick_params(axis="y", left=False, labelleft=False)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig, ax_lab, ax, ax_num


METHOD_NAMES = {"dl": "DerSimonian–Laird", "reml": "restricted maximum-likelihood"}


def forest_caption(result: "PoolResult") -> str:
    """A caption a journal would accept: model, estimate with CI and prediction interval,
    heterogeneity, what the symbols are, and what was left out and why."""
    p = result.pooled()
    i2 = "n/a" if p["i2"] is None else f"{p['i2']:.0f}%"
    knha = "; Hartung–Knapp adjustment, t-based intervals" if p.get("test") == "knha" else ""
    parts = [part.split("=", 1) for part in result.group.split(", ") if "=" in part] if result.group else []
    shown = [f"{k} {v}" for k, v in parts if not (k == "timepoint" and v == "none")]
    group = f" ({'; '.join(shown)})" if shown else ""
    from nettool.analyze.pool import plural

    text = (f"Random-effects meta-analysis of proportions{group}: {p['studies']} "
            f"{plural(p['studies'], 'study', 'studies')}, {p['k']} {plural(p['k'], 'arm')}, "
            f"{p['patients']} patients; logit transformation, τ² by {METHOD_NAMES.get(result.method, result.method)}"
            f"{knha}. Pooled proportion {_pct(p['estimate'])}% (95% CI {_pct(p['low'])}–{_pct(p['high'])}; "
            f"95% prediction interval {_pct(p['pi_low'])}–{_pct(p['pi_high'])}). Heterogeneity: I² = {i2}, "
            f"τ² = {p['tau2']:.3f}, Q = {p['q']:.1f} (df = {p['q_df']}, {_fmt_p(p['q_p'])}). Squares: arm "
            f"estimates, area proportional to weight; bars: Wilson 95% CIs; diamond: pooled estimate and 95% CI; "
            f"bar below the diamond: 95% prediction interval.")
    reasons: dict[str, int] = {}
    for r in result.excluded:
        why = r.note.split(":")[0].split(" (")[0] or "left out"
        reasons[why] = reasons.get(why, 0) + 1
    if reasons:
        listed = "; ".join(f"{why} ({n})" for why, n in sorted(reasons.items(), key=lambda x: -x[1]))
        text += f" Not pooled ({len(result.excluded)} figures): {listed}."
    return text


def forest_plot(result: "PoolResult", out: BinaryIO, fmt: str = "png", *, sort: str = "input", dpi: int = DPI,
                size: tuple[float, float] | None = None) -> None:
    """Forest plot of a pooled proportion: "Author Year — arm" rows with Wilson 95% CIs, the pooled
    random-effects diamond with its prediction interval, and a caption with the method and I²."""
    fmt = plot_format("x." + fmt)
    rows = result.included
    if not rows or result.fit is None:
        raise NothingToAnalyze(f"nothing to plot: no {result.metric} figures with events/total were found")
    rows = _sorted(rows, sort, lambda r: r.proportion)
    p = result.pooled()
    n = len(rows) + 2  # + pooled row and prediction-interval row
    name = METRIC_TITLES.get(result.metric, result.metric)
    caption_lines = textwrap.wrap(forest_caption(result), 125)
    labels = [row_label(r.study, r.group, ", ".join(x for x in (r.symptom, r.condition) if x) or None, r.year)
              for r in rows]
    fig, ax_lab, ax, ax_num = _layout(n, 1 + len(caption_lines), max(len(s) for s in [*labels, "Pooled"]),
                                      size, dpi)

    ax_lab.text(0.02, -0.9, "Study — arm", fontsize=FONT, fontweight="bold", va="center")
    ax_num.text(0.02, -0.9, "Events/N", fontsize=FONT, fontweight="bold", va="center")
    ax_num.text(0.30, -0.9, "% (95% CI)", fontsize=FONT, fontweight="bold", va="center")
    ax_num.text(0.98, -0.9, "Weight", fontsize=FONT, fontweight="bold", va="center", ha="right")
    wmax = max(r.weight or 0 for r in rows) or 1.0
    for i, (r, label) in enumerate(zip(rows, labels)):
        ax_lab.text(0.02, i, label, fontsize=FONT, va="center", linespacing=1.0)
        ax.plot([100 * r.low, 100 * r.high], [i, i], color="#333333", linewidth=1.1,  # type: ignore[operator]
                solid_capstyle="butt")
        size = 18 + 90 * ((r.weight or 0) / wmax)
        ax.scatter([100 * r.proportion], [i], marker="s", s=size, color="#1f5fa8", zorder=3, clip_on=False)  # type: ignore[operator]
        ax_num.text(0.02, i, f"{r.events}/{r.total}", fontsize=FONT, va="center")
        ax_num.text(0.30, i, f"{_pct(r.proportion)} ({_pct(r.low)}–{_pct(r.high)})",  # type: ignore[arg-type]
                    fontsize=FONT, va="center")
        ax_num.text(0.98, i, f"{r.weight:.1f}%", fontsize=FONT, va="center", ha="right")
    y = len(rows)
    est, lo, hi = 100 * p["estimate"], 100 * p["low"], 100 * p["high"]
    ax.fill([lo, est, hi, est], [y, y - 0.32, y, y + 0.32], color="#b2182b", zorder=3)
    ax.axvline(est, color="#b2182b", linewidth=0.8, linestyle=(0, (3, 3)), zorder=1)
    ax.axhline(y - 0.5, color="#999999", linewidth=0.6)
    ax_lab.text(0.02, y, "Pooled (random effects)", fontsize=FONT, fontweight="bold", va="center")
    ax_num.text(0.02, y, f"{p['patients']}", fontsize=FONT, fontweight="bold", va="center")
    ax_num.text(0.30, y, f"{est:.1f} ({lo:.1f}–{hi:.1f})", fontsize=FONT, fontweight="bold", va="center")
    pi_lo, pi_hi = 100 * p["pi_low"], 100 * p["pi_high"]
    ax.plot([pi_lo, pi_hi], [y + 1, y + 1], color="#b2182b", linewidth=1.2, solid_capstyle="butt")
    ax.plot([pi_lo, pi_lo], [y + 0.85, y + 1.15], color="#b2182b", linewidth=1.2)
    ax.plot([pi_hi, pi_hi], [y + 0.85, y + 1.15], color="#b2182b", linewidth=1.2)
    ax_lab.text(0.02, y + 1, "95% prediction interval", fontsize=FONT, va="center", style="italic")
    ax_num.text(0.30, y + 1, f"{pi_lo:.1f}–{pi_hi:.1f}", fontsize=FONT, va="center", style="italic")
    ax.set_xlim(-2, 102)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel(f"{name} (% of patients, 95% CI)", fontsize=FONT)
    ax.tick_params(axis="x", labelsize=FONT - 1)
    fig.suptitle(f"{name}: pooled proportion", fontsize=FONT + 2, fontweight="bold", x=0.02, ha="left",
                 y=1 - 0.12 / fig.get_figheight())
    fig.text(0.02, 1 - (0.42 + 0.05) / fig.get_figheight(), "\n".join(caption_lines), fontsize=FONT - 0.5,
             va="top", ha="left", color="#333333")
    _save(fig, out, fmt)


INTERVAL_STYLE = {  # CI, range and IQR drawn so a reader tells them apart
    "ci": dict(color="#333333", linewidth=1.3, linestyle="-"),
    "iqr": dict(color="#777777", linewidth=3.0, linestyle="-"),
    "range": dict(color="#333333", linewidth=0.9, linestyle=(0, (2, 2))),
}
INTERVAL_NAMES = {"ci": "95% CI", "iqr": "IQR", "range": "range"}


def interval_plot(summary: "MedianSummary", out: BinaryIO, fmt: str = "png", *, sort: str = "input",
                  dpi: int = DPI, size: tuple[float, float] | None = None) -> None:
    """Dot-and-interval plot of reported medians (months) or k-year rates (%), by study and arm,
    with the n-weighted median of medians as a dashed line (labelled: not a pooled estimate).
    A 95% CI is a solid line, an IQR a thick grey bar, a range a dotted line."""
    fmt = plot_format("x." + fmt)
    rows = summary.included
    if not rows:
        what = f"{summary.timepoint} {summary.metric} rates" if summary.measure == "rate" else f"{summary.metric} medians"
        raise NothingToAnalyze(f"nothing to plot: no {what} were found")
    name = METRIC_TITLES.get(summary.metric, summary.metric)
    if summary.measure == "rate":
        what = f"{summary.timepoint.replace('y', '-year') if summary.timepoint else ''} {name.lower()}"
        xlabel = f"{what.strip().capitalize()} (%)"
        unit = "%"
    else:
        xlabel = f"Median {name.lower()} (months)"
        unit = " mo"
    rows = _sorted(rows, sort, lambda r: r.value)
    wm = summary.weighted_median
    caption = (f"{len(rows)} arms; range {summary.minimum:.1f}–{summary.maximum:.1f}{unit}; "
               + (f"n-weighted median of {'rates' if summary.measure == 'rate' else 'medians'} "
                  f"{wm:.1f}{unit} over {summary.patients} patients (dashed line; a summary, not a pooled estimate)"
                  if wm is not None else "no arm sizes stated: no weighted median"))
    kinds = sorted({r.interval for r in rows if r.interval and r.low is not None})
    if kinds:
        caption += "; bars: " + ", ".join(
            f"{INTERVAL_NAMES[k]} ({ {'ci': 'solid', 'iqr': 'thick grey', 'range': 'dotted'}[k]})" for k in kinds
            if k in INTERVAL_NAMES) + ", as reported"
    caption_lines = textwrap.wrap(caption, 125)
    labels = [row_label(r.study, r.group, r.condition, r.year) for r in rows]
    fig, ax_lab, ax, ax_num = _layout(len(rows), 1 + len(caption_lines), max(len(s) for s in labels), size, dpi)
    ax_lab.text(0.02, -0.9, "Study — arm", fontsize=FONT, fontweight="bold", va="center")
    ax_num.text(0.02, -0.9, "N", fontsize=FONT, fontweight="bold", va="center")
    ax_num.text(0.30, -0.9, "Value (interval)", fontsize=FONT, fontweight="bold", va="center")
    hi_all = max(max(r.value or 0, r.high or 0) for r in rows)
    for i, (r, label) in enumerate(zip(rows, labels)):
        ax_lab.text(0.02, i, label, fontsize=FONT, va="center", linespacing=1.0)
        if r.low is not None and r.high is not None and r.low <= (r.value or 0) <= r.high:
            ax.plot([r.low, r.high], [i, i], **INTERVAL_STYLE.get(r.interval or "ci", INTERVAL_STYLE["ci"]))
        ax.scatter([r.value], [i], s=30, color="#1f5fa8", zorder=3)
        ax_num.text(0.02, i, "" if r.total is None else str(r.total), fontsize=FONT, va="center")
        kind = INTERVAL_NAMES.get(r.interval or "", "")
        interval = (f" ({kind + ' ' if kind else ''}{r.low:.1f}–{r.high:.1f})"
                    if r.low is not None and r.high is not None else "")
        ax_num.text(0.30, i, f"{r.value:.1f}{unit}{interval}", fontsize=FONT, va="center")
    if wm is not None:
        ax.axvline(wm, color="#b2182b", linewidth=1.0, linestyle=(0, (4, 3)), zorder=1)
    if summary.measure == "rate":
        ax.set_xlim(0, 100)
    else:
        ax.set_xlim(0, hi_all * 1.08 if hi_all > 0 else 1)
    ax.set_xlabel(xlabel, fontsize=FONT)
    ax.tick_params(axis="x", labelsize=FONT - 1)
    title = f"{name}: reported {'rates' if summary.measure == 'rate' else 'medians'} by study and arm"
    fig.suptitle(title, fontsize=FONT + 2, fontweight="bold", x=0.02, ha="left", y=1 - 0.12 / fig.get_figheight())
    fig.text(0.02, 1 - (0.42 + 0.05) / fig.get_figheight(), "\n".join(caption_lines), fontsize=FONT - 0.5,
             va="top", ha="left", color="#333333")
    _save(fig, out, fmt)


def _save(fig: Any, out: BinaryIO, fmt: str) -> None:
    metadata: dict[str, Any] = {"Creator": "nettool"}
    if fmt in ("svg", "pdf"):
        metadata["Date"] = None  # reproducible files
    import matplotlib

    with matplotlib.rc_context({"svg.hashsalt": "nettool", "svg.fonttype": "path"}):
        fig.savefig(out, format=fmt, metadata=metadata)


def write_plot(result: "PoolResult | MedianSummary", out: BinaryIO, fmt: str = "png", *, sort: str = "input",
               dpi: int = DPI, size: tuple[float, float] | None = None) -> None:
    """A forest plot for a pooled proportion, a dot-and-interval plot for a median/rate summary.
    ``sort``: input order, by year or by estimate; ``dpi`` for PNG; ``size`` (width, height) inches."""
    from nettool.analyze.pool import PoolResult

    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}; use one of: {', '.join(SORTS)}")
    if isinstance(result, PoolResult):
        forest_plot(result, out, fmt, sort=sort, dpi=dpi, size=size)
    else:
        interval_plot(result, out, fmt, sort=sort, dpi=dpi, size=size)
