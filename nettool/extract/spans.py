"""The data that passes between the extractor's stages: metric mentions, timepoints, values (with the slots the
linker fills and the rule that filled each: ``Value.why``) and the record context carried from sentence to sentence.

Stages (nettool/extract/engine.py runs them per sentence): tag -> structure -> link -> judge, with context.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from nettool.models import Arm

TIME_METRICS = {"os", "dss", "pfs", "dfs", "followup"}


SURVIVAL = {"os", "dss", "pfs", "dfs"}


RATE_METRICS = {"cc", "relief", "morbidity", "mortality", "recurrence", "os", "dss", "pfs", "dfs"}


@dataclass(slots=True)
class Mention:
    kind: str  # metric name or "block"
    start: int
    end: int
    text: str
    term: str = ""  # the lexicon TERM id that matched


@dataclass(slots=True)
class TP:
    start: int
    end: int
    values: list[str]


@dataclass(slots=True)
class Value:
    kind: str  # percent | time | hr | zero | all
    start: int
    end: int
    value: float
    surface_start: int
    surface_end: int
    bound: str = "="
    unit: str = "percent"
    low: float | None = None
    high: float | None = None
    events: int | None = None
    total: int | None = None
    group: str | None = None
    group_span: tuple[int, int] | None = None
    metric: str | None = None
    mention: Mention | None = None
    timepoint: str | None = None
    measure: str = "rate"
    p_value: float | None = None
    p_set: bool = False
    both: bool = False
    tp_index: int = -1
    symptom: str | None = None
    condition: str | None = None
    dead: bool = False
    derived: bool = False
    sd: bool = False  # a mean printed with its SD
    interval: str | None = None  # ci | range | iqr
    interval_text: str | None = None
    n: int | None = None  # the figure's own denominator (see engine.arm_size)
    why: dict[str, str] = field(default_factory=dict)  # slot -> id of the rule that filled it (Figure.why)


@dataclass
class Context:
    """What a record's earlier sentences established: arms named, the last HR's group."""

    arms: list[str] = field(default_factory=list)
    study_arms: list[Arm] = field(default_factory=list)
    surgical: bool = True  # the abstract describes an operation
    randomised: bool = False  # the abstract reports a randomised trial
    last_hr_group: str | None = None
    last_hr_metric: str | None = None  # the endpoint of the HRs of the last sentence with figures, if it had any
    n_total: int | None = None  # the cohort size the text states
    # the endpoints the Methods define ("The primary endpoint was 28-day mortality"): metric -> timepoints, and the
    # primary endpoint's metric, for values reported later without them
    endpoint_timepoints: dict[str, set[str]] = field(default_factory=dict)
    primary_metric: str | None = None


def record_why(v: Value, slot: str, rule: str, mention: Mention | None = None) -> None:
    """Record the rule that filled a slot of a value (and, for the metric, the lexicon term it linked to)."""
    v.why[slot] = f"{rule}:{mention.term}" if mention is not None and mention.term else rule


def inside_any(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < y and x < b for x, y in spans)
