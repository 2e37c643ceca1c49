"""`nettool compare`: one row per figure of one metric (or several), across studies.

Rows carry machine-friendly separate columns (``value``, ``low``, ``high``, ``interval``,
``events``, ``total``) so that a CSV goes straight into R/metafor: ``events``/``total``
are filled wherever `nettool pool` has them (stated, or derived from the percent and the
figure's own denominator -- ``counts`` says which), ``kind`` marks meta-analyses and
reviews, ``subset`` marks figures of a condition ("after complete cytoreduction"), and
``pooled`` says whether `nettool pool` pools the row (``pool_note`` says why not)::

    d <- subset(read.csv("cc.csv"), pooled == "true")
    metafor::rma(measure = "PLO", xi = events, ni = total, data = d, method = "DL")

The human table shows the value, interval (with its kind) and p as printed.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from nettool.analyze import Table, display_keys
from nettool.analyze.pool import comparable_key, counts_of, severity_of, study_rows, window_of
from nettool.models import PROPORTION_METRICS, Study

COLUMNS: tuple[str, ...] = (
    "study", "pmid", "doi", "year", "kind", "metric", "measure", "group", "condition", "subset", "symptom",
    "severity", "window", "n", "bound", "value", "value_text", "unit", "timepoint", "low", "high", "interval",
    "interval_text", "events", "total", "counts", "counts_derived", "pooled", "pool_note", "pool_group", "p_value",
    "p_bound",
    "p_text", "source",
)

HUMAN: tuple[tuple[str, str], ...] = (
    ("Study", "study"), ("Year", "year"), ("Group", "group"), ("Condition", "condition"), ("n", "n"),
    ("Measure", "measure"), ("Value", "value_shown"), ("Time", "timepoint"), ("Interval", "interval_shown"),
    ("p", "p_shown"),
)


def compare_rows(studies: Iterable[Study], metric: str | Sequence[str], timepoint: str | None = None,
                 measure: str | None = None) -> Iterator[dict]:
    """Every figure of ``metric`` (a canonical name, or several), by study in input order, then by
    position; only at ``timepoint`` ("none": without one) and of ``measure`` when given."""
    metrics = (metric,) if isinstance(metric, str) else tuple(metric)
    want_tp = None if timepoint is None else (None if timepoint.lower() == "none" else timepoint.lower())
    for study in studies:
        rec = study.record
        pool_of = {}
        for m in metrics:
            if m in PROPORTION_METRICS:
                pool_of.update({id(f): r for f, r, _ in study_rows(study, m)})
        figs = [f for f in study.figures if f.metric in metrics]
        if timepoint is not None:
            figs = [f for f in figs if (f.timepoint or None) == want_tp]
        if measure is not None:
            figs = [f for f in figs if f.measure == measure]
        for fig in sorted(figs, key=lambda f: (f.start, f.end)):
            counts = counts_of(fig, study) if fig.metric in PROPORTION_METRICS else None
            prow = pool_of.get(id(fig))
            events = counts.events if counts else fig.events
            row = {
                "study": getattr(rec, "study", None) or rec.label,
                "pmid": rec.pmid,
                "doi": rec.doi,
                "year": rec.year,
                "kind": study.kind,
                "metric": fig.metric,
                "measure": fig.measure,
                "group": fig.group,
                "condition": fig.condition,
                "subset": fig.condition is not None,
                "symptom": fig.symptom,
                "severity": severity_of(fig, rec.text),
                "window": window_of(fig, rec.text),
                "n": fig.n,
                "bound": fig.bound,
                "value": fig.value,
                "value_text": fig.value_text,
                "unit": fig.unit,
                "timepoint": fig.timepoint,
                "low": fig.low,
                "high": fig.high,
                "interval": fig.interval,
                "interval_text": fig.interval_text,
                "events": events,
                "total": counts.total if counts else (fig.total if fig.events is not None else None),
                "counts": counts.how if counts else ("stated" if fig.events is not None and fig.total else None),
                "counts_derived": (counts.how == "derived") if counts else (
                    fig.counts_derived if fig.events is not None else None),
                "pooled": prow.included if prow is not None else None,
                "pool_note": prow.note if prow is not None else None,
                "pool_group": ", ".join(f"{k}={v}" for k, v in comparable_key(fig, rec.text))
                if fig.metric in PROPORTION_METRICS else None,
                "p_value": fig.p_value,
                "p_bound": fig.p_bound,
                "p_text": fig.p_text,
                "source": rec.source,
            }
            row.update(display_keys(fig))
            yield row


def compare_table(studies: Iterable[Study], metric: str | Sequence[str], timepoint: str | None = None,
                  measure: str | None = None) -> Table:
    metrics = (metric,) if isinstance(metric, str) else tuple(metric)
    human = HUMAN
    if len(metrics) > 1:
        human = human[:2] + (("Metric", "metric"),) + human[2:]
    if "relief" in metrics:  # the symptom is what tells relief rows apart
        human = human[:4] + (("Symptom", "symptom"),) + human[4:]
    if "morbidity" in metrics:
        human = human[:4] + (("Severity", "severity"),) + human[4:]
    return Table(columns=COLUMNS, rows=compare_rows(studies, metrics, timepoint, measure), human=human,
                 title=f"compare: {', '.join(metrics)}")
