"""`nettool report`: one self-contained HTML evidence report.

Compute once, render many: :func:`build_report` runs the same analyses as the table
commands -- ``studies_rows``, ``compare_rows``, ``pool_metric`` (what `pool` and `plot`
compute), ``check_study`` -- over the studies once and keeps their rows, each tied to
the figure it came from (record, ``start``/``end``), in a :class:`Report`.
:func:`write_report` turns that into HTML with the Jinja2 templates beside this module;
the forest and interval plots are plain SVG drawn by the template from geometry
computed here (:mod:`nettool.render.report.svg`) from the pooled rows, so no matplotlib
is needed.

Everything taken from input is escaped by Jinja2's autoescape; no input ever goes
into a ``<script>`` or ``<style>`` element (the data lives in the markup), and the
page carries a Content-Security-Policy that allows only its own inline script and
style (by hash) and no network at all.

Jinja2 is imported only by :func:`write_report`, so ``nettool`` starts as fast as before.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, TextIO

from nettool.analyze import METRIC_LABELS, fmt_number
from nettool.models import METRICS, PROPORTION_METRICS

if TYPE_CHECKING:  # pragma: no cover
    from nettool.models import Figure, Study

ARM_COLOURS = 6  # arm colour classes a0..a5 (Okabe-Ito palette, in report.css)
PAGE_SIZE = 50  # table rows per page in the browser
EXCERPT_OVER = 12_000  # records with a longer body show excerpts around their figures
EXCERPT_CONTEXT = 400  # characters kept either side of a figure in an excerpt


# --------------------------------------------------------------------------- the model
@dataclass
class FigureRef:
    """A figure as the report links to it: ``id`` is unique in the report (``r3-7``)."""

    id: str
    rec: int
    start: int
    end: int
    surface: str
    sentence: str
    arm: int | None  # colour class within its study; None for a whole-cohort figure
    metric: str
    describe: str  # "os median [resection]": what a mark's tooltip says
    year: int | None = None  # the record's year, for plot labels ("PMID 1 (2020) — arm")


@dataclass
class Part:
    """A piece of abstract text: plain (``figs`` empty) or inside one or more figure spans."""

    text: str
    offset: int
    figs: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()  # the figures whose span starts here (ids m-<id> for links without JS)
    arm: int | None = None
    title: str = ""


@dataclass
class Abstract:
    rec: int
    label: str
    title: str | None
    source: str
    parts: list[list[Part]]  # regions (excerpts) of parts
    excerpted: bool
    arms: list[tuple[str, int, int | None]]  # (arm name, colour, stated n) in order of first use


@dataclass
class Pooling:
    """One pooling (or median summary) of a metric's figures, as `nettool pool` computes it."""

    group: str  # the comparable group ("timepoint=30d"), "" when the metric's figures form one group
    command: str  # the `nettool pool` command line that prints these rows
    result: Any = None  # PoolResult | MedianSummary; None when the pooling refused (``summary`` says why)
    rows: list[dict[str, Any]] = field(default_factory=list)  # pool_table rows + the figure of each
    columns: list[tuple[str, str]] = field(default_factory=list)
    plot: Any = None  # svg.Plot | None
    plot_narrow: Any = None  # the same plot laid out for a phone
    summary: list[str] = field(default_factory=list)  # the pooled estimate / summary, in words
    mixed: bool = False  # refused: figures of kinds that must not be pooled together (pooled per group instead)


@dataclass
class MetricSection:
    metric: str
    label: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]]
    poolings: list[Pooling] = field(default_factory=list)
    poolable: bool = False
    value_key: str = "value_text"  # the column of `compare`'s human table that shows the value (the link)


@dataclass
class Report:
    inputs: list[str]
    records: int
    figures: int
    date: str
    version: str
    method: str
    studies: list[dict[str, Any]]
    sections: list[MetricSection]
    checks: list[dict[str, Any]]
    check_counts: dict[str, int]
    abstracts: list[Abstract]
    study_columns: list[tuple[str, str]] = field(default_factory=list)
    warnings: int = 0
    page_size: int = PAGE_SIZE


# --------------------------------------------------------------------------- building it
def _norm_arm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()


def _describe(fig: "Figure") -> str:
    bits = [METRIC_LABELS.get(fig.metric, fig.metric), fig.measure]
    if fig.timepoint:
        bits.append(fig.timepoint)
    if fig.symptom:
        bits.append(fig.symptom)
    if fig.group:
        bits.append(f"[{fig.group}]")
    if fig.condition:
        bits.append(f"({fig.condition})")
    return " ".join(bits)


def report_date() -> str:
    """Today (UTC), or the date of SOURCE_DATE_EPOCH for a reproducible file."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date().isoformat()
    return _dt.datetime.now(_dt.timezone.utc).date().isoformat()


def build_report(studies: Iterable["Study"], *, inputs: list[str], version: str, method: str = "dl",
                 date: str | None = None, warnings: int = 0) -> Report:
    """Run every analysis once over ``studies`` and keep the rows with their provenance."""
    from nettool.analyze.checks import STATUSES, check_study
    from nettool.analyze.compare import compare_rows, compare_table
    from nettool.analyze.studies import HUMAN as STUDY_HUMAN, studies_rows

    studies = list(studies)
    refs: list[list[FigureRef]] = []  # per study, figures in text order
    arm_lists: list[list[tuple[str, int, int | None]]] = []
    for i, study in enumerate(studies):
        arms: dict[str, int] = {}
        names: list[tuple[str, int, int | None]] = []
        for a in study.arms:  # the study's own arms first, then groups as the figures name them
            key = _norm_arm(a.name)
            if key and key not in arms:
                arms[key] = len(arms) % ARM_COLOURS
                names.append((a.name, arms[key], a.n))
        figs = sorted(study.figures, key=lambda f: (f.start, f.end))
        out = []
        for j, f in enumerate(figs):
            arm = None
            if f.group:
                key = _norm_arm(f.group)
                if key not in arms:
                    arms[key] = len(arms) % ARM_COLOURS
                    names.append((f.group, arms[key], None))
                arm = arms[key]
            out.append(FigureRef(id=f"r{i}-{j}", rec=i, start=f.start, end=f.end, surface=f.surface,
                                 sentence=f.sentence, arm=arm, metric=f.metric, describe=_describe(f),
                                 year=study.record.year))
        refs.append(out)
        arm_lists.append(names)

    # studies table
    study_rows = []
    for i, (study, row) in enumerate(zip(studies, studies_rows(studies))):
        row = dict(row)
        row["rec"] = i
        row["arm_list"] = arm_lists[i]
        study_rows.append(row)

    # one section per metric with figures
    sections: list[MetricSection] = []
    present = {f.metric for s in studies for f in s.figures}
    for metric in METRICS:
        if metric not in present:
            continue
        rows: list[dict[str, Any]] = []
        for i, study in enumerate(studies):
            mine = [(f, r) for f, r in zip(sorted(study.figures, key=lambda f: (f.start, f.end)), refs[i])
                    if f.metric == metric]
            crow = list(compare_rows([study], metric))
            if len(crow) != len(mine):  # pragma: no cover - compare_rows is documented to keep text order
                raise RuntimeError(f"compare rows of {study.record.label} do not match its {metric} figures")
            for (f, ref), row in zip(mine, crow):
                row = dict(row)
                row["fig"] = ref
                rows.append(row)
        columns = list(compare_table([], metric).human)
        section = MetricSection(metric=metric, label=METRIC_LABELS.get(metric, metric), columns=columns,
                                rows=rows, poolable=metric in PROPORTION_METRICS,
                                value_key=next((k for h, k in columns if h == "Value"), "value_text"))
        whole = _pooling(studies, refs, metric, method, "", {})
        section.poolings = [whole] if not whole.mixed else [
            _pooling(studies, refs, metric, method, group, options) for group, options in _groups(studies, metric)]
        sections.append(section)

    # checks
    checks: list[dict[str, Any]] = []
    counts = dict.fromkeys(STATUSES, 0)
    for i, study in enumerate(studies):
        by_sentence: dict[str, list[FigureRef]] = {}
        for ref in refs[i]:
            by_sentence.setdefault(ref.sentence, []).append(ref)
        for row in check_study(study):
            counts[row.status] = counts.get(row.status, 0) + 1
            d = row.to_dict()
            d["study"] = study.record.label
            d["rec"] = i
            d["figs"] = by_sentence.get(row.sentence, []) if row.sentence else []  # a click marks them all
            checks.append(d)
    order = {"fail": 0, "warn": 1, "ok": 2}
    checks.sort(key=lambda d: order.get(d["status"], 3))  # problems first; stable within a status

    abstracts = [_abstract(i, study, refs[i], arm_lists[i]) for i, study in enumerate(studies)]
    return Report(inputs=list(inputs), records=len(studies), figures=sum(len(r) for r in refs),
                  date=date or report_date(), version=version, method=method, studies=study_rows,
                  sections=sections, checks=checks, check_counts=counts, abstracts=abstracts,
                  study_columns=list(STUDY_HUMAN), warnings=warnings)


def _groups(studies: list["Study"], metric: str) -> list[tuple[str, dict[str, str]]]:
    """The comparable groups of a proportion metric's figures (``pool.comparable_key``: timepoint,
    morbidity severity, relief symptom, mortality window), each with the `pool` options that
    select it ("timepoint=30d" -> {"timepoint": "30d"}): where `nettool pool` refuses to mix
    them, the report pools each group apart."""
    from nettool.analyze.pool import comparable_key

    if metric not in PROPORTION_METRICS:
        return [("", {})]
    keys = {comparable_key(f, s.record.text) for s in studies for f in s.figures
            if f.metric == metric and f.measure == "rate" and f.unit == "percent"}
    if len(keys) <= 1:
        return [("", {})]
    option = {"window": "timepoint"}  # mortality's window is chosen with --timepoint
    return [(", ".join(f"{k}={v}" for k, v in key), {option.get(k, k): v for k, v in key}) for key in sorted(keys)]


def _pooling(studies: list["Study"], refs: list[list[FigureRef]], metric: str, method: str, group: str,
             options: dict[str, str]) -> Pooling:
    """`nettool pool -m METRIC [options]` over the studies, with each row tied to its figure and the plot."""
    from nettool.analyze.pool import pool_metric, pool_table
    from nettool.errors import AnalysisError, NothingToAnalyze
    from nettool.render.report import svg

    command = " ".join([f"nettool pool -m {metric}", *(f"--{k} {v!r}" if " " in v else f"--{k} {v}"
                                                        for k, v in options.items())])
    view = Pooling(group=group, command=command)
    try:
        result = pool_metric(studies, metric, method, **options)
    except NothingToAnalyze as exc:
        view.summary = [f"Not pooled: {exc}"]
        return view
    except AnalysisError as exc:  # figures of kinds that must not be pooled together
        view.summary = [f"Not pooled: {exc}"]
        view.mixed = True
        return view
    view.result = result
    matched = _match_pool_rows(result, studies, refs)
    table = pool_table(result)
    view.columns = list(table.human)
    rows = list(table.rows)  # one per result row, then the pooled / summary row
    view.rows = [dict(r, fig=ref) for r, ref in zip(rows, matched + [None] * (len(rows) - len(matched)))]
    view.plot = svg.plot_of(result, matched, metric)
    view.plot_narrow = svg.plot_of(result, matched, metric, svg.NARROW)
    view.summary = svg.summary_lines(result)
    return view


def _match_pool_rows(result: Any, studies: list["Study"], refs: list[list[FigureRef]]) -> list[FigureRef | None]:
    """The figure behind each row of a pooling or median summary (rows keep no offsets).

    A row names its study (source and label), sentence, group and condition: the figure of
    that study with the same metric, measure, sentence, group and condition, each figure
    once; among several, the one with the row's printed value (a percent), else the first
    in the text.
    """
    measure = getattr(result, "measure", "rate")
    index = {(s.record.source, s.record.label): i for i, s in enumerate(studies)}
    used: set[str] = set()
    out: list[FigureRef | None] = []
    for row in result.rows:
        i = index.get((row.source, row.study))
        if i is None:
            out.append(None)
            continue
        figs = sorted(studies[i].figures, key=lambda f: (f.start, f.end))
        candidates = [
            (f, ref) for f, ref in zip(figs, refs[i])
            if ref.id not in used and f.metric == result.metric and f.measure == measure
            and f.sentence == row.sentence and (f.group or None) == (row.group or None)
            and (f.condition or None) == (row.condition or None)
        ]
        same_value = [c for c in candidates if f"{c[0].value:g}" == f"{row.value:g}"] \
            if row.value is not None and _row_unit(row) == "percent" else []
        best = (same_value or candidates or [(None, None)])[0][1]
        if best is not None:
            used.add(best.id)
        out.append(best)
    return out


def _row_unit(row: Any) -> str | None:
    return getattr(row, "unit", None)


def _abstract(i: int, study: "Study", refs: list[FigureRef], arms: list[tuple[str, int, int | None]]) -> Abstract:
    rec = study.record
    body = rec.body()
    total = sum(len(t) for _, t in body)
    excerpted = total > EXCERPT_OVER
    if excerpted:  # windows around the figures, inside the body, merged
        windows: list[tuple[int, int]] = []
        for ref in refs:
            lo, hi = max(0, ref.start - EXCERPT_CONTEXT), min(len(rec.text), ref.end + EXCERPT_CONTEXT)
            for s, t in body:
                a, b = max(lo, s), min(hi, s + len(t))
                if a < b:
                    windows.append((a, b))
        windows.sort()
        merged: list[tuple[int, int]] = []
        for a, b in windows:
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        regions = [(a, b) for a, b in merged] or [(s, s + min(len(t), EXCERPT_CONTEXT)) for s, t in body[:1]]
    else:
        regions = [(s, s + len(t)) for s, t in body]
    return Abstract(rec=i, label=rec.label, title=rec.title, source=rec.source,
                    parts=[_parts(rec.text, a, b, refs) for a, b in regions], excerpted=excerpted, arms=arms)


def _parts(text: str, lo: int, hi: int, refs: list[FigureRef]) -> list[Part]:
    """Split text[lo:hi] at every figure boundary; each part knows the figures covering it."""
    inside = [r for r in refs if r.start < hi and r.end > lo and r.end > r.start]
    cuts = {lo, hi}
    for r in inside:
        cuts.add(max(lo, r.start))
        cuts.add(min(hi, r.end))
    points = sorted(cuts)
    parts: list[Part] = []
    for a, b in zip(points, points[1:]):
        covering = [r for r in inside if r.start <= a and r.end >= b]
        if not covering:
            parts.append(Part(text=text[a:b], offset=a))
            continue
        anchors = tuple(r.id for r in inside if max(lo, r.start) == a)
        first = covering[0]
        parts.append(Part(text=text[a:b], offset=a, figs=tuple(r.id for r in covering),
                          anchors=anchors, arm=first.arm,
                          title="; ".join(r.describe for r in covering)))
    return parts


# --------------------------------------------------------------------------- rendering it
def write_report(report: Report, out: TextIO) -> None:
    """Write ``report`` as one HTML file (CSS, JS and SVG inline; nothing fetched)."""
    from nettool.errors import OutputError

    try:
        import jinja2
    except ImportError:  # pragma: no cover - a core dependency
        raise OutputError("jinja2 is not installed; reinstall nettool (pip install nettool)") from None
    import base64
    import hashlib
    from importlib.resources import files

    from markupsafe import Markup

    folder = files("nettool.render.report") / "templates"
    css = (folder / "report.css").read_text(encoding="utf-8")
    js = (folder / "report.js").read_text(encoding="utf-8")

    def digest(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (folder / name).read_text(encoding="utf-8")),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = fmt_number
    env.filters["pct"] = lambda x, nd=1: "" if x is None else f"{100 * x:.{nd}f}"
    env.filters["cell"] = _cell
    env.filters["sortkey"] = _sortkey
    env.filters["nocontrols"] = _visible_controls
    template = env.get_template("report.html.j2")
    csp = (f"default-src 'none'; script-src '{digest(js)}'; style-src '{digest(css)}'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    template.stream(r=report, css=Markup(css), js=Markup(js),
                    csp=csp, metric_labels=METRIC_LABELS, sort_by=SORT_BY).dump(out)


def _cell(value: Any) -> str:
    """A table cell as text: numbers as printed, None as empty, booleans as yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return fmt_number(value)
    return str(value)


def _sortkey(value: Any) -> str:
    """The ``data-v`` of a cell: numbers sortable as numbers (the JS reads it back)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return repr(float(value))
    return ""


# A column shown as text sorts by the number behind it.
SORT_BY = {"value_shown": "value", "interval_shown": "low", "interval_text": "low", "p_shown": "p_value",
           "p_text": "p_value"}

_CONTROLS = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f"
                       r"\u202a-\u202e\u2066-\u2069]")


def _visible_controls(text: Any) -> str:
    """Short text (labels, cells) with control and bidi-override characters shown as U+FFFD-like
    marks instead of acting on the layout. Abstract text keeps them (its offsets must hold) and
    is isolated by CSS instead."""
    if text is None:
        return ""
    return _CONTROLS.sub("\ufffd", str(text))


__all__ = ["Report", "FigureRef", "build_report", "write_report", "report_date"]
