"""`nettool compare`: one row per figure of one metric, across studies.

Rows carry machine-friendly separate columns (``value``, ``low``, ``high``,
``events``, ``total``) so that a CSV can go straight into R/metafor
(``escalc(measure="PLO", xi=events, ni=total)``), plus formatted ``value_text``
and ``interval`` for the human table.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from nettool.analyze import Table, figure_n, fmt_interval, fmt_value
from nettool.models import Study

COLUMNS: tuple[str, ...] = (
    "study", "pmid", "doi", "year", "metric", "measure", "group", "condition", "symptom", "n",
    "bound", "value", "unit", "timepoint", "low", "high", "events", "total", "counts_derived", "p_value", "source",
)

HUMAN: tuple[tuple[str, str], ...] = (
    ("Study", "study"), ("Year", "year"), ("Group", "group"), ("Condition", "condition"), ("n", "n"),
    ("Measure", "measure"), ("Value", "value_text"), ("Timepoint", "timepoint"), ("CI/range", "interval"),
    ("p", "p_value"),
)


def compare_rows(studies: Iterable[Study], metric: str) -> Iterator[dict]:
    """Every figure of ``metric`` (a canonical name), by study in input order, then by position."""
    for study in studies:
        rec = study.record
        for fig in sorted((f for f in study.figures if f.metric == metric), key=lambda f: (f.start, f.end)):
            yield {
                "study": rec.label,
                "pmid": rec.pmid,
                "doi": rec.doi,
                "year": rec.year,
                "metric": fig.metric,
                "measure": fig.measure,
                "group": fig.group,
                "condition": fig.condition,
                "symptom": fig.symptom,
                "n": figure_n(study, fig),
                "bound": fig.bound,
                "value": fig.value,
                "unit": fig.unit,
                "timepoint": fig.timepoint,
                "low": fig.low,
                "high": fig.high,
                "events": fig.events,
                "total": fig.total,
                "counts_derived": fig.counts_derived if fig.events is not None else None,
                "p_value": fig.p_value,
                "source": rec.source,
                "value_text": fmt_value(fig),
                "interval": fmt_interval(fig),
            }


def compare_table(studies: Iterable[Study], metric: str) -> Table:
    human = HUMAN
    if metric == "relief":  # the symptom is what tells relief rows apart
        human = HUMAN[:4] + (("Symptom", "symptom"),) + HUMAN[4:]
    return Table(columns=COLUMNS, rows=compare_rows(studies, metric), human=human, title=f"compare: {metric}")
