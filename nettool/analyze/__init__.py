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

from nettool.errors import UsageError
from nettool.models import METRICS

if TYPE_CHECKING:  # pragma: no cover
    from nettool.models import Figure, Study

# Canonical metric -> accepted spellings on the command line (besides the name itself).
METRIC_ALIASES: dict[str, tuple[str, ...]] = {
    "os": ("overall-survival", "survival"),
    "dss": ("disease-specific-survival", "cancer-specific-survival"),
    "pfs": ("progression-free-survival",),
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
    table and Markdown, which may show formatted keys (``value_text``) instead.
    ``rows`` may be a generator: machine renderers stream it.
    """

    columns: tuple[str, ...]
    rows: Iterable[dict[str, Any]]
    human: tuple[tuple[str, str], ...] = ()
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


def metric_names() -> list[str]:
    """Every accepted spelling, canonical names first."""
    return list(METRICS) + [a for m in METRICS for a in METRIC_ALIASES.get(m, ())]


def resolve_metric(name: str) -> str:
    """The canonical metric for a name or alias ("overall-survival" -> "os").

    Case, spaces and underscores do not matter.  Raises :class:`UsageError`
    listing the valid names for anything else.
    """
    key = re.sub(r"[\s_]+", "-", name.strip().lower())
    if key in _LOOKUP:
        return _LOOKUP[key]
    valid = ", ".join(f"{m} ({'/'.join(METRIC_ALIASES[m])})" if METRIC_ALIASES.get(m) else m for m in METRICS)
    raise UsageError(f"unknown metric {name!r}; valid metrics: {valid}")


def fmt_number(value: float | int | None) -> str:
    """A number as printed: 78.0 -> "78", 11.5 -> "11.5", 0.002 -> "0.002"."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def fmt_value(fig: "Figure") -> str:
    """Value with bound and unit: ">=97%", "11.5 years", "0.45"."""
    bound = "" if fig.bound in ("=", "", None) else fig.bound
    return f"{bound}{fmt_number(fig.value)}{UNIT_SUFFIX.get(fig.unit, ' ' + fig.unit if fig.unit else '')}"


def fmt_interval(fig: "Figure") -> str:
    """CI, range or IQR as "6-156" ("-1.2 to 3" when a bound is negative); "" when absent."""
    if fig.low is None and fig.high is None:
        return ""
    low, high = fmt_number(fig.low), fmt_number(fig.high)
    if (fig.low is not None and fig.low < 0) or (fig.high is not None and fig.high < 0):
        return f"{low} to {high}"
    return f"{low}-{high}"


def fmt_timepoint(timepoint: str | None) -> str:
    """ "5y" -> "5-year", "30d" -> "30-day"; anything else unchanged."""
    if not timepoint:
        return ""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([ymwd])", timepoint.strip().lower())
    if not m:
        return timepoint
    return f"{m.group(1)}-{ {'y': 'year', 'm': 'month', 'w': 'week', 'd': 'day'}[m.group(2)] }"


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def arm_size(study: "Study", group: str | None) -> int | None:
    """The stated size of the arm a figure's ``group`` names, if the study states it.

    Exact match first (case and punctuation ignored), then an arm whose name
    contains the group or is contained in it -- only when that is unambiguous.
    """
    if not group or not study.arms:
        return None
    g = _norm(group)
    exact = [a for a in study.arms if _norm(a.name) == g and a.n is not None]
    if exact:
        return exact[0].n
    loose = [a for a in study.arms if a.n is not None and a.name and (_norm(a.name) in g or g in _norm(a.name))]
    sizes = {a.n for a in loose}
    return loose[0].n if len(sizes) == 1 else None


def figure_n(study: "Study", fig: "Figure") -> int | None:
    """n for a figure: its own denominator, else its arm's size, else (whole cohort) the study total."""
    if fig.total is not None:
        return fig.total
    size = arm_size(study, fig.group)
    if size is not None:
        return size
    return study.n_total if not fig.group else None


def study_label(study: "Study") -> str:
    return study.record.label


# Human columns of `extract` (machine columns are FIGURE_FIELDS, the JSON contract).
FIGURE_HUMAN: tuple[tuple[str, str], ...] = (
    ("Study", "study"), ("Metric", "metric"), ("Measure", "measure"), ("Value", "value_text"),
    ("Timepoint", "timepoint"), ("CI/range", "interval"), ("Group", "group"), ("Condition", "condition"),
    ("p", "p_value"),
)


def figure_rows(studies: Iterable["Study"]) -> Iterable[dict[str, Any]]:
    """Every figure as its contract dict (``Figure.to_dict()``) plus display keys, in text order."""
    from nettool.extract.provenance import explain

    for study in studies:
        label = study.record.label
        for fig in sorted(study.figures, key=lambda f: (f.start, f.end)):
            row = fig.to_dict()
            row["study"] = label
            row["value_text"] = fmt_value(fig)
            row["interval"] = fmt_interval(fig)
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
    "fmt_value", "fmt_interval", "fmt_timepoint", "arm_size", "figure_n", "study_label",
    "FIGURE_HUMAN", "figure_rows", "figures_table",
]
