"""Analysis: studies and figures -> rows (comparison tables, summaries, study lists).

Every function here is pure: it takes :class:`~nettool.models.Study` objects and
returns rows (dicts or dataclasses) that any renderer can print.  Nothing here
formats for a terminal, prints or exits.

This module holds what several analyses share: the metric vocabulary (names,
aliases, labels) and small helpers to describe a figure in words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from nettool.errors import AnalysisError
from nettool.models import METRICS, plain_number

if TYPE_CHECKING:  # pragma: no cover
    from nettool.models import Figure, Study

# Canonical metric -> accepted spellings on the command line (besides the name itself).
METRIC_ALIASES: dict[str, tuple[str, ...]] = {
    "os": ("overall-survival", "survival"),
    "dss": ("disease-specific-survival", "cancer-specific-survival", "css"),
    "pfs": ("progression-free-survival", "ttp", "time-to-progression"),
    "dfs": ("disease-free-survival", "rfs", "recurrence-free-survival"),
    "cc": ("cytoreduction", "complete-cytoreduction", "r0"),
    "relief": ("symptoms", "symptom-relief"),
    "morbidity": ("complications",),
    "mortality": ("deaths",),
    "recurrence": ("relapse",),
    "followup": ("follow-up",),
}

# Human names, as a sentence would use them.
METRIC_LABELS: dict[str, str] = {
    "os": "overall survival",
    "dss": "disease-specific survival",
    "pfs": "progression-free survival",
    "dfs": "disease-free survival",
    "cc": "complete cytoreduction",
    "relief": "symptom relief",
    "morbidity": "morbidity",
    "mortality": "mortality",
    "recurrence": "recurrence",
    "followup": "follow-up",
}

UNIT_SUFFIX: dict[str, str] = {
    "percent": "%",
    "years": " years",
    "months": " months",
    "weeks": " weeks",
    "days": " days",
    "ratio": "",
}

_LOOKUP: dict[str, str] = {}
for _name in METRICS:
    _LOOKUP[_name] = _name
    for _alias in METRIC_ALIASES.get(_name, ()):
        _LOOKUP[_alias] = _name


@dataclass
class Table:
    """Rows plus how to show them: what every renderer receives.

    ``columns`` are the machine columns (keys of each row, in order) used by
    TSV, CSV, JSON and JSONL; ``human`` lists (header, key) pairs for the rich
    table and Markdown, which may show formatted keys (``value_shown``) instead.
    ``rows`` may be a generator: machine renderers stream it.  ``document``, when
    set, is what ``--format json`` writes instead of the list of rows (a nested
    result such as a pooled estimate with its rows).
    """

    columns: tuple[str, ...]
    rows: Iterable[dict[str, Any]]
    human: tuple[tuple[str, str], ...] = ()
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    document: Any = None


def metric_names() -> list[str]:
    """Every accepted spelling, canonical names first."""
    return list(METRICS) + [a for m in METRICS for a in METRIC_ALIASES.get(m, ())]


def resolve_metric(name: str) -> str:
    """The canonical metric for a name or alias ("overall-survival" -> "os").

    Case, spaces and underscores do not matter.  Raises :class:`AnalysisError`
    listing the valid names for anything else.
    """
    key = re.sub(r"[\s_]+", "-", name.strip().lower())
    if key in _LOOKUP:
        return _LOOKUP[key]
    valid = ", ".join(f"{m} ({'/'.join(METRIC_ALIASES[m])})" if METRIC_ALIASES.get(m) else m for m in METRICS)
    raise AnalysisError(f"unknown metric {name!r}; valid metrics: {valid}")


def fmt_number(value: float | int | None) -> str:
    """A number for text: 78.0 -> "78", 11.5 -> "11.5", 0.002 -> "0.002", None -> "".

    The one number formatter of the text outputs; whole floats become ints through
    :func:`nettool.models.plain_number`, as in JSON and TSV.
    """
    if value is None:
        return ""
    value = plain_number(value)
    return repr(value) if isinstance(value, float) else str(value)


def fmt_value(fig: "Figure") -> str:
    """Value with bound and unit, as printed: ">=97%", "11.5 years", "8.0 months", "0.45"."""
    bound = "" if fig.bound in ("=", "", None) else fig.bound
    number = fig.value_text or fmt_number(fig.value)
    return f"{bound}{number}{UNIT_SUFFIX.get(fig.unit, ' ' + fig.unit if fig.unit else '')}"


INTERVAL_LABELS: dict[str, str] = {"ci": "95% CI", "range": "range", "iqr": "IQR"}


def fmt_interval(fig: "Figure", kind: bool = False) -> str:
    """CI, range or IQR as printed ("4.2-8.0"; "-1.2 to 3" when a bound is negative); "" when absent.

    ``kind=True`` names it: "95% CI 4.2-8.0", "range 6-156", "IQR 2-5".
    """
    if fig.low is None and fig.high is None:
        return ""
    text = fig.interval_text
    if not text:
        low, high = fmt_number(fig.low), fmt_number(fig.high)
        negative = (fig.low is not None and fig.low < 0) or (fig.high is not None and fig.high < 0)
        text = f"{low} to {high}" if negative else f"{low}-{high}"
    if kind and fig.interval:
        return f"{INTERVAL_LABELS.get(fig.interval, fig.interval)} {text}"
    return text


def fmt_p(fig: "Figure") -> str:
    """The p as printed: "p<0.001", "p=0.10"; "" when the figure has none."""
    if fig.p_value is None:
        return ""
    if fig.p_text:
        return fig.p_text
    return f"p{fig.p_bound or '='}{fmt_number(fig.p_value)}"


def fmt_timepoint(timepoint: str | None) -> str:
    """ "5y" -> "5-year", "30d" -> "30-day"; anything else unchanged."""
    if not timepoint:
        return ""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([ymwd])", timepoint.strip().lower())
    if not m:
        return timepoint
    return f"{m.group(1)}-{ {'y': 'year', 'm': 'month', 'w': 'week', 'd': 'day'}[m.group(2)] }"


def study_label(study: "Study") -> str:
    return study.record.label


# Human columns of `extract` (machine columns are FIGURE_FIELDS, the JSON contract).
FIGURE_HUMAN: tuple[tuple[str, str], ...] = (
    ("Study", "study"), ("Metric", "metric"), ("Measure", "measure"), ("Value", "value_shown"),
    ("Time", "timepoint"), ("Interval", "interval_shown"), ("n", "n"), ("Events", "events"),
    ("Group", "group"), ("Condition", "condition"), ("Symptom", "symptom"), ("p", "p_shown"),
)


def display_keys(fig: "Figure") -> dict[str, str]:
    """What the human tables show of a figure: value, interval (with its kind) and p, as printed."""
    return {"value_shown": fmt_value(fig), "interval_shown": fmt_interval(fig, kind=True), "p_shown": fmt_p(fig)}


def figure_rows(studies: Iterable["Study"]) -> Iterable[dict[str, Any]]:
    """Every figure as its contract dict (``Figure.to_dict()``) plus display keys, in text order."""
    from nettool.extract.provenance import explain

    for study in studies:
        label = study.record.label
        for fig in sorted(study.figures, key=lambda f: (f.start, f.end)):
            row = fig.to_dict()
            row["study"] = label
            row.update(display_keys(fig))
            row["why_text"] = explain(fig.why)
            yield row


# `extract --explain`: the table also shows the rules behind each figure (machine formats always carry `why`)
FIGURE_HUMAN_EXPLAINED: tuple[tuple[str, str], ...] = FIGURE_HUMAN + (("Why", "why_text"),)


def figures_table(studies: Iterable["Study"], explain: bool = False) -> Table:
    from nettool.models import FIGURE_FIELDS

    return Table(columns=FIGURE_FIELDS, rows=figure_rows(studies),
                 human=FIGURE_HUMAN_EXPLAINED if explain else FIGURE_HUMAN, title="figures")


__all__ = [
    "Table", "METRIC_ALIASES", "METRIC_LABELS", "UNIT_SUFFIX", "metric_names", "resolve_metric", "fmt_number",
    "fmt_value", "fmt_interval", "fmt_p", "fmt_timepoint", "study_label", "display_keys", "INTERVAL_LABELS",
    "FIGURE_HUMAN", "figure_rows", "figures_table",
]
