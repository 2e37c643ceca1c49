"""Data model: records (what was loaded) and figures (what was extracted).

The hot path uses slotted dataclasses (cheap to build by the thousand, no import
cost); the JSON contract of a figure is ``FIGURE_FIELDS`` and its JSON Schema is
built with pydantic on demand in ``nettool.schema``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

METRICS: tuple[str, ...] = (
    "os", "dss", "pfs", "dfs", "cc", "relief", "morbidity", "mortality", "recurrence", "followup",
)
MEASURES: tuple[str, ...] = ("median", "mean", "rate", "hr")
UNITS: tuple[str, ...] = ("years", "months", "weeks", "days", "percent", "ratio")
BOUNDS: tuple[str, ...] = ("=", ">=", ">", "<=", "<")
INTERVALS: tuple[str, ...] = ("ci", "range", "iqr")  # what low/high are
# What a record is: its figures pool only when it is a primary study.
KINDS: tuple[str, ...] = ("study", "subgroup analysis", "meta-analysis", "review")
# Metrics that are a percentage of patients (pooled on the logit scale) and time-to-event metrics
# (summarised, never pooled).
PROPORTION_METRICS: tuple[str, ...] = ("cc", "relief", "morbidity", "mortality", "recurrence")
TIME_METRICS: tuple[str, ...] = ("os", "dss", "pfs", "dfs", "followup")

# The output contract of `nettool extract --format jsonl`, in this order.
FIGURE_FIELDS: tuple[str, ...] = (
    "source", "study", "year", "authors", "pmid", "doi", "metric", "measure", "value", "unit", "timepoint",
    "bound", "low", "high", "interval", "events", "total", "n", "group", "condition", "symptom", "p_value",
    "p_bound", "value_text", "interval_text", "p_text", "sentence", "surface", "start", "end", "why",
)


@dataclass(slots=True)
class Arm:
    """A study arm or subgroup as the abstract names it, with its size when stated."""

    name: str
    n: int | None = None
    aliases: tuple[str, ...] = ()  # other names the abstract gives it: "ILM" for "isolated liver metastases"


@dataclass(slots=True)
class Record:
    """One abstract (one PubMed record, one RIS entry, one text file).

    ``text`` is the text that figure offsets refer to: for a plain-text file its
    decoded text (newlines as ``\\n``); for MEDLINE, XML and RIS the abstract as
    joined by the loader.  ``spans`` are the (start, end) regions of ``text`` that
    hold the abstract body: page furniture (Similar articles, MeSH terms, ...) lies
    outside them and never yields figures.
    """

    source: str
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    index: int = 0  # position of the record inside its file
    format: str = "text"
    pmid: str | None = None
    doi: str | None = None
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    publication_types: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # "Surname, Given" (or as exported), first author first
    study: str | None = None  # "Surname Year" (a/b on clashes), set by the load stage: nettool.load.label
    view: str | None = None  # ``text`` with soft line breaks as spaces (same length), for hard-wrapped text
    merged: list[str] = field(default_factory=list)  # sources of duplicates merged into this record

    def body(self) -> list[tuple[int, str]]:
        """The abstract regions as (offset, text) pairs (reflowed for hard-wrapped text: same offsets)."""
        text = self.view if self.view is not None else self.text
        spans = self.spans or [(0, len(text))]
        return [(s, text[s:e]) for s, e in spans]

    @property
    def label(self) -> str:
        """The study label for tables: "Surname Year" when set, else PMID, else DOI, else file name."""
        if self.study:
            return self.study
        if self.pmid:
            return f"PMID {self.pmid}"
        if self.doi:
            return f"doi:{self.doi}"
        name = self.source.replace("\\", "/").rsplit("/", 1)[-1]
        return f"{name}#{self.index + 1}" if self.index else name


@dataclass(slots=True)
class Figure:
    """One outcome figure with its attribution and provenance."""

    metric: str
    measure: str
    value: float
    unit: str
    surface: str
    start: int
    end: int
    sentence: str
    timepoint: str | None = None
    bound: str = "="
    low: float | None = None
    high: float | None = None
    events: int | None = None
    total: int | None = None
    group: str | None = None
    condition: str | None = None
    symptom: str | None = None
    p_value: float | None = None
    p_bound: str | None = None  # comparator of the printed p: "P < .001" gives "<"
    interval: str | None = None  # ci | range | iqr: what low/high are
    n: int | None = None  # the figure's own denominator (stated, or its arm's/cohort's size); never borrowed
    value_text: str | None = None  # the number as printed ("0.10", "8.0")
    interval_text: str | None = None  # low/high as printed ("4.2-8.0")
    p_text: str | None = None  # the p as printed, normalised: "p<0.001", "p=0.10"
    source: str = ""
    pmid: str | None = None
    doi: str | None = None
    study: str = ""  # the record's label, set with year and authors by nettool.load.finish
    year: int | None = None
    authors: str | None = None  # the record's authors joined with "; "
    counts_derived: bool = False  # events/total computed from percent x stated arm size
    # slot (value, metric, timepoint, group, p) -> id of the rule that filled it; the metric's id names the
    # lexicon term it linked to ("metric.nearest_before:term.os_words"); docs/contract.md lists the ids
    why: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: exactly FIGURE_FIELDS, in order."""
        return {name: plain_number(getattr(self, name)) for name in FIGURE_FIELDS}


@dataclass(slots=True)
class Study:
    """A record with what the analysis needs: metadata, arms and its figures."""

    record: Record
    figures: list[Figure] = field(default_factory=list)
    design: str | None = None
    kind: str = "study"  # one of KINDS: study, subgroup analysis, meta-analysis, review
    setting: str | None = None
    period: str | None = None
    n_total: int | None = None
    arms: list[Arm] = field(default_factory=list)
    conclusion: str | None = None


def plain_number(value: Any) -> Any:
    """Whole floats as ints (78.0 -> 78) so output reads as printed; anything else unchanged.

    The one place that decides how a number is written: JSON, TSV/CSV cells and
    the human tables all go through it (``nettool.analyze.fmt_number`` for text).
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value

