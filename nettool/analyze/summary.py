"""`nettool summarize`: per study a header, its findings with arms side by side, its
conclusion; then a synthesis per metric across studies.

Every number in the output comes from an extracted figure or the record's
metadata; the only numbers computed here are counts (of studies, figures) and the
sum of stated study sizes.  The sentences are built here once, so that the text,
Markdown, JSON and table renderers all say the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from nettool.analyze import (
    METRIC_LABELS, Table, fmt_interval, fmt_number, fmt_p, fmt_timepoint, fmt_value,
)
from nettool.models import METRICS, Arm, Figure, Study

_PREPOSITIONS = ("after", "before", "following", "in", "among", "with", "without", "for", "at", "when", "during",
                 "within", "from", "by", "on", "under", "if")


@dataclass(slots=True)
class Finding:
    """One line of a study's findings: one figure, or arms of one comparison side by side."""

    metric: str
    text: str
    figures: list[Figure] = field(default_factory=list)


@dataclass(slots=True)
class StudySummary:
    study: str
    title: str | None
    journal: str | None
    year: int | None
    pmid: str | None
    doi: str | None
    design: str | None
    setting: str | None
    period: str | None
    n_total: int | None
    arms: list[Arm]
    header: list[str]
    findings: list[Finding]
    conclusion: str | None
    source: str


@dataclass(slots=True)
class MetricSynthesis:
    metric: str
    label: str
    studies: list[str]
    patients: int | None
    studies_without_n: int
    lines: list[str]
    secondary: int = 0  # meta-analyses and reviews: listed, not counted in the patients

    @property
    def heading(self) -> str:
        s = "study" if len(self.studies) == 1 else "studies"
        text = f"{self.label[:1].upper()}{self.label[1:]}: {len(self.studies)} {s}"
        if self.patients is not None:
            text += f", {self.patients} patients"
            if self.studies_without_n:
                text += f" (n not stated in {self.studies_without_n})"
        if self.secondary:
            text += (f"; {self.secondary} meta-analys{'is' if self.secondary == 1 else 'es'} or reviews not counted "
                     "in the patients")
        return text



@dataclass(slots=True)
class Summary:
    studies: list[StudySummary]
    synthesis: list[MetricSynthesis]


# ---------------------------------------------------------------- one study


def header_lines(study: Study) -> list[str]:
    rec = study.record
    lines = [rec.title or rec.label]
    pub = ", ".join(str(x) for x in (rec.journal, rec.year) if x)
    if pub:
        lines.append(pub)
    ids = "; ".join(x for x in (f"PMID {rec.pmid}" if rec.pmid else "", f"DOI {rec.doi}" if rec.doi else "") if x)
    if ids:
        lines.append(ids)
    design = "; ".join(f"{k}: {v}" for k, v in (("design", study.design), ("setting", study.setting),
                                                 ("period", study.period)) if v)
    if design:
        lines.append(design[:1].upper() + design[1:])
    arms = ", ".join(f"{a.name} (n={a.n})" if a.n is not None else a.name for a in study.arms)
    if study.n_total is not None:
        lines.append(f"n={study.n_total}" + (f": {arms}" if arms else ""))
    elif arms:
        lines.append(f"Arms: {arms}")
    return lines


def _mid_sentence(text: str) -> str:
    """ "After complete cytoreduction" -> "after complete cytoreduction" (acronyms such as "R0" stay)."""
    word = text.split(" ", 1)[0]
    if len(word) > 1 and word[0].isupper() and word[1:].islower():
        return text[0].lower() + text[1:]
    return text


def finding_label(fig: Figure) -> str:
    """ "Median overall survival after complete cytoreduction", "5-year overall survival", ..."""
    base = METRIC_LABELS.get(fig.metric, fig.metric)
    if fig.metric == "relief" and fig.symptom:
        base = f"relief of {fig.symptom}"
    if fig.measure in ("median", "mean"):
        base = f"{fig.measure} {base}"
    elif fig.measure == "hr":
        base = f"{base} hazard ratio"
    if fig.timepoint:
        base = f"{fmt_timepoint(fig.timepoint)} {base}"
    if fig.condition:
        cond = _mid_sentence(fig.condition.strip())
        first = cond.split(" ", 1)[0].lower()
        base += f" {cond}" if first in _PREPOSITIONS else f" ({cond})"
    return base[:1].upper() + base[1:]


def _figure_text(study: Study, fig: Figure, *, with_group: bool, with_p: bool) -> str:
    """ "78% isolated liver metastases (n=211)", "22% (15/66)", "47 months (6-156)", "0.5 (CI 0.3-0.8)" """
    text = fmt_value(fig)
    interval = fmt_interval(fig, kind=True)
    if interval:
        text += f" ({interval})"
    if with_group and fig.group:
        text += f" {fig.group}"
    notes = []
    if fig.events is not None and fig.total is not None and not fig.counts_derived:
        notes.append(f"{fig.events}/{fig.total}")
    elif with_group and fig.group:
        if fig.n is not None:
            notes.append(f"n={fig.n}")
    if with_p and fig.p_value is not None:
        notes.append(fmt_p(fig))
    return text + (f" ({', '.join(notes)})" if notes else "")


def _p_suffix(figs: list[Figure]) -> str:
    ps = {fmt_p(f) for f in figs if f.p_value is not None}
    return f"; {ps.pop()}" if len(ps) == 1 else ""


def _finding(study: Study, figs: list[Figure]) -> Finding:
    shared_p = len({(f.p_value, f.p_bound) for f in figs}) == 1
    parts = [_figure_text(study, f, with_group=True, with_p=not shared_p) for f in figs]
    text = f"{finding_label(figs[0])}: {' vs '.join(parts)}"
    if shared_p:
        text += _p_suffix(figs)
    return Finding(metric=figs[0].metric, text=text, figures=list(figs))


def _dedupe(figs: Iterable[Figure]) -> list[Figure]:
    seen: set[tuple] = set()
    out = []
    for f in sorted(figs, key=lambda f: (f.start, f.end)):
        key = (f.metric, f.measure, f.value, f.unit, f.timepoint, f.bound, f.group, f.condition, f.symptom)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def study_findings(study: Study) -> list[Finding]:
    """Findings grouped by (metric, measure, timepoint, condition, symptom): arms side by side.

    Whole-cohort figures (no group) stand on their own line; a group met twice
    in one key starts a new comparison.  Lines follow the order of the text.
    """
    groups: dict[tuple, list[list[Figure]]] = {}
    order: list[tuple[int, tuple, int]] = []
    for fig in _dedupe(study.figures):
        key = (fig.metric, fig.measure, fig.timepoint, fig.condition, fig.symptom)
        comparisons = groups.setdefault(key, [])
        current = comparisons[-1] if comparisons else None
        if (fig.group is None or current is None or current[0].group is None
                or any(f.group == fig.group for f in current)):
            comparisons.append([fig])
            order.append((fig.start, key, len(comparisons) - 1))
        else:
            current.append(fig)
    order.sort(key=lambda t: t[0])
    return [_finding(study, groups[key][i]) for _, key, i in order]


def summarize_study(study: Study) -> StudySummary:
    rec = study.record
    return StudySummary(
        study=rec.label, title=rec.title, journal=rec.journal, year=rec.year, pmid=rec.pmid, doi=rec.doi,
        design=study.design, setting=study.setting, period=study.period, n_total=study.n_total,
        arms=list(study.arms), header=header_lines(study), findings=study_findings(study),
        conclusion=study.conclusion, source=rec.source,
    )


# ---------------------------------------------------------------- across studies


def _slice_label(measure: str, timepoint: str | None) -> str:
    if measure == "hr":
        return "hazard ratio"
    if measure == "rate":
        return f"{fmt_timepoint(timepoint)} rate" if timepoint else "rate"
    return measure + (f" at {fmt_timepoint(timepoint)}" if timepoint else "")


def _where(fig: Figure, label: str) -> str:
    """ "in isolated liver metastases after complete cytoreduction (PMID 1)"; never "in in ..."."""
    who = " ".join(x for x in (fig.group, _mid_sentence(fig.condition) if fig.condition else None) if x)
    if not who:
        return f"in {label}"
    first = who.split(" ", 1)[0].lower()
    return f"{who} ({label})" if first in _PREPOSITIONS else f"in {who} ({label})"


_MONTHS = {"months": 1.0, "years": 12.0, "weeks": 12.0 / 52.1775, "days": 12.0 / 365.25}


def _in_months(fig: Figure) -> float:
    return fig.value * _MONTHS.get(fig.unit, 1.0)


def _shown(fig: Figure, months: bool) -> str:
    """A value in the slice's one unit: times in months ("138 months (11.5 years)"), else as printed."""
    if not months or fig.unit == "months":
        return fmt_value(fig)
    bound = "" if fig.bound in ("=", "", None) else fig.bound
    return f"{bound}{fmt_number(round(_in_months(fig), 1))} months ({fmt_value(fig)})"


def synthesize(studies: list[Study]) -> list[MetricSynthesis]:
    """Per metric: the studies and patients behind it and, per measure/timepoint, the range of the
    reported values in one unit (times in months).  Patients are summed over primary studies only:
    a meta-analysis or review summarises patients already counted elsewhere."""
    out = []
    for metric in METRICS:
        rows = [(s, f) for s in studies for f in _dedupe(s.figures) if f.metric == metric]
        if not rows:
            continue
        labels: list[str] = []
        sizes: dict[str, int | None] = {}
        secondary = 0
        for s, _ in rows:
            if s.record.label not in sizes and s.record.label not in labels:
                labels.append(s.record.label)
                if s.kind in ("meta-analysis", "review"):
                    secondary += 1
                else:
                    sizes[s.record.label] = s.n_total
        known = [n for n in sizes.values() if n is not None]
        slices: dict[tuple, list[tuple[Study, Figure]]] = {}
        for s, f in rows:
            unit = "time" if f.unit in _MONTHS else f.unit
            slices.setdefault((f.measure, f.timepoint, unit, f.symptom), []).append((s, f))
        lines = []
        for (measure, timepoint, unit, symptom), members in slices.items():
            name = _slice_label(measure, timepoint) + (f" ({symptom})" if symptom else "")
            months = unit == "time"
            key = _in_months if months else (lambda f: f.value)
            n_studies = len({s.record.label for s, _ in members})
            if len(members) == 1:
                s, f = members[0]
                interval = fmt_interval(f, kind=True)
                lines.append(f"{name}: {_shown(f, months)}{f' ({interval})' if interval else ''} "
                             f"{_where(f, s.record.label)}")
                continue
            lo_s, lo = min(members, key=lambda sf: key(sf[1]))
            hi_s, hi = max(members, key=lambda sf: key(sf[1]))
            src = f"{len(members)} figures from {n_studies} {'study' if n_studies == 1 else 'studies'}"
            if key(lo) == key(hi):
                lines.append(f"{name}: {_shown(lo, months)} in all {src}")
                continue
            lines.append(f"{name}: range of reported values {_shown(lo, months)} to {_shown(hi, months)} "
                         f"across {src}; highest {_where(hi, hi_s.record.label)}; "
                         f"lowest {_where(lo, lo_s.record.label)}")
        out.append(MetricSynthesis(
            metric=metric, label=METRIC_LABELS.get(metric, metric), studies=labels,
            patients=sum(known) if known else None, studies_without_n=len(sizes) - len(known), lines=lines,
            secondary=secondary,
        ))
    return out


def summarize(studies: Iterable[Study]) -> Summary:
    studies = list(studies)
    return Summary(studies=[summarize_study(s) for s in studies], synthesis=synthesize(studies))


# ---------------------------------------------------------------- as rows

COLUMNS = ("study", "section", "metric", "text")
HUMAN = (("Study", "study"), ("Section", "section"), ("Metric", "metric"), ("Text", "text"))


def summary_rows(summary: Summary) -> list[dict]:
    """The summary flattened for tables, TSV, CSV and JSONL: one row per line of content."""
    rows = []
    for st in summary.studies:
        rows += [{"study": st.study, "section": "header", "metric": None, "text": h} for h in st.header]
        rows += [{"study": st.study, "section": "finding", "metric": f.metric, "text": f.text} for f in st.findings]
        if st.conclusion:
            rows.append({"study": st.study, "section": "conclusion", "metric": None, "text": st.conclusion})
    for syn in summary.synthesis:
        rows.append({"study": "all", "section": "synthesis", "metric": syn.metric, "text": syn.heading})
        rows += [{"study": "all", "section": "synthesis", "metric": syn.metric, "text": line} for line in syn.lines]
    return rows


def summary_table(summary: Summary) -> Table:
    return Table(columns=COLUMNS, rows=summary_rows(summary), human=HUMAN, title="summary")
