"""The figure extractor: a record's text -> outcome figures with provenance.

Per sentence (docs/extraction.md), five stages with plain data between them (nettool.extract.spans):
1. tag (nettool.extract.tag): metric mentions, timepoints, values, CIs and ranges, p-values -- each a span;
2. structure (nettool.extract.structure): clauses, lead phrases, lists of values and of arms;
3. link (nettool.extract.link): value -> metric, timepoint, arm, p, symptom, each slot with the rule that filled it;
4. judge (nettool.extract.judge): named vetoes (literature, thresholds, differences, other outcomes, ...);
5. context (nettool.extract.context): what the record established before -- its arms, whether it is a trial.
This module only runs them and turns what survives into Figures.
"""
from __future__ import annotations

import re
from dataclasses import replace

from nettool.extract.numbers import NS, P_VALUE, parse_num
from nettool.extract.sentences import split_sentences
from nettool.models import Arm, Figure, Record
from nettool.extract.spans import Context, Mention, Value, inside_any, record_why
from nettool.extract.tag import (
    interval_of, p_of,
    CI, RANGE, BACKGROUND_SECTION, lo_hi, may_hold_figure, find_mentions, scan_if_needed, find_timepoints,
    find_values,
)
from nettool.extract.arms import find_arms, find_total, match_arm
from nettool.extract.context import arms_and_source, find_endpoints, is_randomised, known_words, remember
from nettool.extract.structure import lead_phrase
from nettool.extract.judge import (
    is_complete, complication_type, is_surgical, is_plausible, quotes_literature, statistic_or_difference,
)
from nettool.extract.link import (
    BACK_REFERENCE, HR_WORD, attach_ci, attach_groups, attach_metrics, attach_p, attach_symptoms, attach_timepoints,
    own_groups, pair_metric_list,
)
from nettool.extract.rules import Rule


# a sentence that reports "rates" with no outcome noun of its own: "Two-year rates were 61% and 42%"
_BARE_RATES = Rule(
    "engine.bare_rates", r"^(?:[A-Z][^,;]{0,40},\s*)?(?:the\s+)?(?:corresponding\s+|respective\s+|estimated\s+)?"
    r"(?:(?:\d+|one|two|three|four|five|ten)[-\s](?:years?|months?|days?)\s+)?(?P<r>rates?)\s+(?:were|was|of|reached)\b",
    flags=re.IGNORECASE,
    examples=[('The corresponding 5-year rates were', {'r': 'rates'}), ('the rate was', {'r': 'rate'})],
    not_examples=['survival was 40%'],
    note="a sentence about bare 'rates' with no metric word of its own: it takes the metric of the sentence before",
)


_RATES_CUE = Rule("engine.rates_cue", r"\brates?\b", flags=re.IGNORECASE,
    examples=[('the rates were', 'rates')],
    not_examples=['the ratio'],
    note='what _BARE_RATES needs',
)
DIGIT = Rule("engine.digit", r"\d",
    examples=[('grade 3', '3')],
    not_examples=['none'],
    note='any digit',
)


def extract_record(record: Record) -> list[Figure]:
    """Every outcome figure of one record, in text order."""
    return figures_and_arms(record)[0]


def figures_and_arms(record: Record) -> tuple[list[Figure], list[Arm], int | None]:
    """Every outcome figure of one record, the study arms the extractor found for them, and the cohort size the
    text states (what the extractor read to give figures their own n; nettool.study reuses it)."""
    figures: list[Figure] = []
    body = record.body()
    joined = " ".join(chunk for _, chunk in body)
    ctx = Context(study_arms=find_arms(joined), surgical=is_surgical(joined[:8000]),
                  randomised=is_randomised(joined[:8000]),
                  n_total=find_total(joined))
    ctx.endpoint_timepoints, ctx.primary_metric = find_endpoints(joined[:8000], find_mentions, find_timepoints)
    keep = may_hold_figure
    if ctx.primary_metric:  # a line of "rates" with a digit may report the primary endpoint without naming it
        keep = lambda text: may_hold_figure(text) or (_RATES_CUE.search(text) is not None and DIGIT.search(text) is not None)  # noqa: E731
    for offset, chunk in body:
        for start, sentence, section in split_sentences(chunk, offset, keep=keep):
            if BACKGROUND_SECTION.match(section) or quotes_literature(sentence):
                continue
            for v in _sentence_values(sentence, ctx):
                _arm_size(v, ctx)
                figures.append(_to_figure(record, sentence, start, v))
    return figures, ctx.study_arms, ctx.n_total


def _own_n(total: int | None, group: str | None, condition: str | None, metric: str | None, symptom: str | None,
           arms: list[Arm], n_total: int | None) -> tuple[int | None, Arm | None]:
    """The rule of ``Figure.n`` (see _arm_size), and the arm it came from."""
    if total is not None:
        return total, None
    if condition or (metric == "relief" and symptom):
        return None, None
    if not group:
        return n_total, None
    hit = match_arm(group, [a for a in arms if a.n])
    return (hit.n, hit) if hit is not None else (None, None)


def own_n(figure: Figure, arms: list[Arm], n_total: int | None) -> int | None:
    """``Figure.n`` for a figure built by hand (tests, notebooks): the extractor's rule."""
    total = figure.total if not figure.counts_derived else None
    return _own_n(total, figure.group, figure.condition, figure.metric, figure.symptom, arms, n_total)[0]


def _arm_size(v: Value, ctx: Context) -> None:
    """The figure's own denominator ``n``, and derived events/total for a percent of a sized arm.

    ``n``: the stated total ("42 of 56"); else, for a figure without a condition, the size of the
    arm its group names (``arms.match_arm``) or, for the whole cohort, the stated cohort size.  A figure of
    a condition ("after complete cytoreduction") or of a symptom's sufferers (relief) gets no
    borrowed size: null unless stated.
    """
    v.n, hit = _own_n(v.total, v.group, v.condition, v.metric, v.symptom, ctx.study_arms, ctx.n_total)
    if hit is not None and v.unit == "percent" and v.total is None:
        n = hit.n or 0
        events = v.value * n / 100.0
        if v.bound == "=" and abs(events - round(events)) <= 0.5 * n / 100.0 + 1e-9:
            v.total = n
            v.events = round(events) if v.events is None else v.events
            v.derived = True


def _to_figure(record: Record, sentence: str, start: int, v: Value) -> Figure:
    p = v.p_value
    return Figure(
        metric=v.metric or "",
        measure=v.measure,
        value=v.value,
        unit=v.unit,
        surface=sentence[v.surface_start:v.surface_end],
        start=start + v.surface_start,
        end=start + v.surface_end,
        sentence=sentence,
        timepoint=v.timepoint,
        bound=v.bound,
        low=v.low,
        high=v.high,
        events=v.events,
        total=v.total,
        group=v.group,
        condition=_clean_condition(v.condition),
        symptom=v.symptom,
        p_value=None if p is None else float(p),
        p_bound=getattr(p, "bound", None),
        p_text=getattr(p, "text", None),
        interval=v.interval if v.low is not None else None,
        interval_text=v.interval_text if v.low is not None else None,
        value_text=_printed_number(sentence[v.surface_start:v.surface_end], v.value),
        n=v.n,
        source=record.source,
        pmid=record.pmid,
        doi=record.doi,
        counts_derived=v.derived,
        why=dict(v.why),
    )


# a "condition" that restricts nothing: a count ("in 34" of "relieved in 34 of 41"), the whole cohort
_NO_CONDITION = Rule("engine.no_condition", r"^(?:in|among|of|for|at)\s+(?:\d+|(?:the\s+)?(?:whole|entire|overall)\s+(?:cohort|series|group)|"
                           r"all(?:\s+patients)?|overall)$", flags=re.I,
    examples=['in 40', 'among the whole cohort', 'for all patients'],
    not_examples=['in patients with metastases'],
    note='a condition phrase (whole match) that names no arm',
)


def _clean_condition(condition: str | None) -> str | None:
    if condition is None:
        return None
    text = " ".join(condition.split())
    return None if not text or _NO_CONDITION.match(text) else text


_PRINTED_NUM = Rule("engine.printed_num", r"\d+(?:[.,\u00b7]\d+)?",
    examples=[('OS was 11.5 months', '11.5'), ('3,412', '3,412')],
    not_examples=['no number'],
    note='a number as printed',
)


def _printed_number(surface: str, value: float) -> str | None:
    """The value's number as the surface prints it ("0.10", "8.0"); None when spelt out ("no deaths")."""
    for m in _PRINTED_NUM.finditer(surface):
        text = m.group().replace("\u00b7", ".")
        try:
            if abs(float(text.replace(",", ".")) - value) < 1e-9:
                return text
        except ValueError:  # pragma: no cover - the pattern is a number
            continue
    return None


def _sentence_values(s: str, ctx: Context) -> list[Value]:
    mentions = find_mentions(s)
    carry = None  # "The association was present for small-intestinal primaries (HR 0.49 ...)": the last HR's endpoint
    if not any(m.kind != "block" for m in mentions):
        rates = _BARE_RATES.match(s) if ctx.primary_metric else None
        if rates is not None:  # "Two-year rates were 61% and 42%": the rates of the primary endpoint
            mentions.append(Mention(ctx.primary_metric, rates.start("r"), rates.end("r"), rates.group("r"),
                                    "context.primary_endpoint"))
            mentions.sort(key=lambda m: m.start)
        elif not ctx.last_hr_metric or not HR_WORD.search(s) or not BACK_REFERENCE.match(s):
            return []
        else:
            carry = ctx.last_hr_metric
    masked: list[tuple[int, int]] = []
    condition, lead_group = lead_phrase(s, masked)
    mentions = [m for m in mentions if not inside_any(m.start, masked)]
    # CIs, ranges, p-values
    low = s.lower()
    cis = [(m.start(), m.end(), interval_of(m.group("lo") or m.group("lo2"), m.group("hi") or m.group("hi2"), "ci",
                                            lo_hi(m))) for m in scan_if_needed(CI, s, low)]
    ranges = [(m.start(), m.end(), interval_of(m.group("lo"), m.group("hi"),
                                               "iqr" if m.group("k")[0] in "Ii" else "range",
                                               (parse_num(m.group("lo")), parse_num(m.group("hi")))))
              for m in scan_if_needed(RANGE, s, low)]
    ps = [(m.start(), m.end(), p_of(m)) for m in scan_if_needed(P_VALUE, s, low)]
    ps += [(m.start(), m.end(), None) for m in scan_if_needed(NS, s, low)]
    ps.sort()
    for a, b, _ in cis + ranges + ps:
        masked.append((a, b))
    mentions = [m for m in mentions if not inside_any(m.start, masked)]  # "95% confidence interval": no block
    tps = find_timepoints(s, low, masked)
    values = find_values(s, low, masked, tps)
    if not values:
        return []
    attach_ci(s, values, cis, ranges)
    own_groups(s, values, ctx)
    group_spans = [v.group_span for v in values if v.group_span]
    mentions = [m for m in mentions if not any(a <= m.start < b for a, b in group_spans)]
    attach_metrics(s, values, mentions, carry, known_words(ctx))
    pair_metric_list(s, values, mentions)
    values = [v for v in values if v.metric and not v.dead]
    if not values:
        return []
    attach_timepoints(s, values, tps, ctx)
    values = [v for v in values if is_complete(s, v) and is_plausible(s, v, ctx.surgical) and not complication_type(s, v, ctx)
              and not statistic_or_difference(s, v)]
    if not values:
        return []
    attach_groups(s, values, ctx, lead_group)
    attach_p(s, values, ps)
    attach_symptoms(s, values)
    out: list[Value] = []
    for v in values:
        if v.condition is None and condition:
            v.condition = condition
        if v.both:
            arms, _ = arms_and_source(values, ctx, 2)
            if arms:
                for a in arms:
                    c = replace(v, why=dict(v.why))
                    c.group = a
                    record_why(c, "group", "group.both_arms")
                    out.append(c)
                continue
        out.append(v)
    remember(out, ctx)
    return out
