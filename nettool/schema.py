"""JSON Schema of the figure contract (`nettool extract --format json/jsonl`).

The hot path uses plain dataclasses (nettool.models); pydantic is imported only
here, when someone asks for the schema or validates output against it.  The
model lists exactly ``nettool.models.FIGURE_FIELDS`` in order -- a test holds it
to that.
"""
from __future__ import annotations

from typing import Any

from nettool.models import BOUNDS, FIGURE_FIELDS, INTERVALS, MEASURES, METRICS, UNITS

SCHEMA_ID = "urn:nettool:figure"


def figure_model() -> Any:
    """The pydantic model of one output figure (built on demand: pydantic is heavy to import)."""
    from typing import Literal, Optional

    from pydantic import BaseModel, ConfigDict, Field

    Metric = Literal[METRICS]  # type: ignore[valid-type]
    Measure = Literal[MEASURES]  # type: ignore[valid-type]
    Unit = Literal[UNITS]  # type: ignore[valid-type]
    Bound = Literal[BOUNDS]  # type: ignore[valid-type]
    Interval = Literal[INTERVALS]  # type: ignore[valid-type]

    class Figure(BaseModel):
        """One outcome figure of one abstract, with attribution and provenance."""

        model_config = ConfigDict(extra="forbid", title="nettool figure")

        source: str = Field(description="File the record was read from ('-' for stdin).")
        study: str = Field(description="Study label: 'Surname Year' of the first author (a/b on clashes), "
                                       "else 'PMID n', else 'doi:...', else the file name.")
        year: Optional[int] = Field(description="Publication year of the record, if known.")
        authors: Optional[str] = Field(description="Authors as exported, first author first, joined with '; '.")
        pmid: Optional[str] = Field(description="PubMed ID of the record, if known.")
        doi: Optional[str] = Field(description="DOI of the record, if known.")
        metric: Metric = Field(description="os, dss, pfs, dfs (incl. recurrence-free), cc (complete "
                                           "cytoreduction / R0), relief, morbidity, mortality, recurrence, followup.")
        measure: Measure = Field(description="median or mean (a time), rate (a percent), hr (hazard ratio).")
        value: float = Field(description="The number as printed (78 for '78%', 11.5 for '11.5 years').")
        unit: Unit = Field(description="Unit of value (and of low/high).")
        timepoint: Optional[str] = Field(description="'5y' for a 5-year rate, '30d'/'90d' for 30-/90-day rates; "
                                                     "null for medians, HRs and rates without a time.")
        bound: Bound = Field(description="Comparator printed before the value: '>= 97%' gives '>='.")
        low: Optional[float] = Field(description="Lower end of a CI, range or IQR (never an SD).")
        high: Optional[float] = Field(description="Upper end of a CI, range or IQR.")
        interval: Optional[Interval] = Field(description="What low/high are: ci (a confidence interval), range or iqr; "
                                                         "null without an interval.")
        events: Optional[int] = Field(description="Patients with the outcome, stated or derived from percent x arm size.")
        total: Optional[int] = Field(description="Denominator of events (the arm or cohort size).")
        n: Optional[int] = Field(ge=0, description="The figure's own denominator: a stated total, else the stated size "
                                                   "of the arm its group names, else (whole cohort) the cohort size; "
                                                   "null for a subgroup or condition without a stated size.")
        group: Optional[str] = Field(description="Arm or subgroup as the abstract names it; null for the whole cohort.")
        condition: Optional[str] = Field(description="Clause restricting the population ('after complete cytoreduction').")
        symptom: Optional[str] = Field(description="For relief: the symptom relieved ('carcinoid syndrome').")
        p_value: Optional[float] = Field(description="p of the comparison the figure is part of, without comparator.")
        p_bound: Optional[Bound] = Field(description="Comparator of the printed p: 'P < .001' gives '<'.")
        value_text: Optional[str] = Field(description="The value's number as printed ('0.10', '8.0'); null when "
                                                      "spelt out ('no deaths').")
        interval_text: Optional[str] = Field(description="low/high as printed: '4.2-8.0' ('-1.2 to 3' with a "
                                                         "negative end).")
        p_text: Optional[str] = Field(description="The p as printed, normalised: 'p<0.001', 'p=0.10'.")
        sentence: str = Field(description="The sentence holding the figure, verbatim from the record's text.")
        surface: str = Field(description="The figure as printed, verbatim: text[start:end] == surface.")
        start: int = Field(ge=0, description="Offset of surface in the record's text (characters).")
        end: int = Field(ge=0, description="End offset (exclusive) of surface in the record's text.")
        why: dict[str, str] = Field(description="Which rule filled each slot: keys value, metric, timepoint, group, p "
                                                "(a slot left empty has no key); the metric's rule names the lexicon "
                                                "term it linked to ('metric.nearest_before:term.os_words'). "
                                                "docs/contract.md lists the rule ids.")

    return Figure


def figure_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one line of `nettool extract --format jsonl`."""
    schema = figure_model().model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
    schema["required"] = list(FIGURE_FIELDS)  # every key is always present (null when unknown)
    return schema


def validate_figure(obj: dict[str, Any]) -> Any:
    """Validate one output object against the contract (raises pydantic.ValidationError)."""
    return figure_model().model_validate(obj)


__all__ = ["figure_model", "figure_schema", "validate_figure", "SCHEMA_ID"]
