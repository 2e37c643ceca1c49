"""Record context: what earlier sentences and the study's own arm statements established -- the arms named
beside figures, the study arms (nettool.extract.arms), whether the record is a randomised trial -- and the one
way arm names are cleaned, compared and ordered.
"""
from __future__ import annotations

import re

from nettool.extract.arms import arm_tokens, arm_words, match_arm, same_arm, shares_words
from nettool.extract.spans import Context, Value, record_why
from nettool.models import Arm
from nettool.extract.rules import Rule

GENERIC_GROUP = Rule(
    "context.generic_group", r"^(?:patients?|those|them|all|all\s+patients|the\s+whole\s+cohort|the\s+entire\s+cohort|whole\s+cohort|"
    r"entire\s+cohort|the\s+cohort|cohort|overall|the\s+study\s+population|the\s+series|total|surgery|the\s+operation|"
    r"operation|the\s+procedure|this\s+group|the\s+group|survivors|the\s+study|patients\s+overall|"
    r"this\s+cohort|our\s+cohort|the\s+series\s+overall|(?:the\s+)?(?:entire|whole|overall)(?:\s+(?:cohort|series|group|population))?|"
    r"(?:all\s+)?(?:operations|procedures|resections|cases|lesions|ablated\s+lesions|\d+\s+ablated\s+lesions|episodes|"
    r"admissions)|(?:the\s+|all\s+|both\s+|each\s+of\s+the\s+)?(?:two|three|four|five|\d+)?\s*(?:groups|arms|cohorts|subgroups))$",
    flags=re.IGNORECASE,
    examples=['patients', 'the whole cohort', 'both groups'],
    not_examples=['liver metastases'],
    note='a generic population (whole match): not an arm name',
)


_TRIM_LEAD = Rule(
    "context.trim_lead", r"^(?:(?:the|a|an|all|both|patients|those|cases|subjects)\s+)*(?:(?:with|who\s+(?:had\s+)?(?:underwent|received|had|were)|"
    r"that\s+(?:underwent|received|had)|undergoing|receiving|treated\s+with|in|for|after|following|among)\s+)?(?:(?:the|a|an)\b\s*)?",
    flags=re.IGNORECASE,
    examples=[('the patients with liver metastases', 'the patients with '), ('after resection', 'after ')],
    not_examples=[],
    note="the words cut from the start of an arm name (articles, 'patients with', a preposition); may be empty, so no not-example",
)


_TRIM_TAIL = Rule(
    "context.trim_tail", r"\s+(?:patients|recipients|cases|subjects|group|arm|cohort|subgroup|participants|alone\s+group)$", flags=re.IGNORECASE,
    examples=[('surgery group', ' group'), ('resected patients', ' patients')],
    not_examples=['group of surgery'],
    note="the noun cut from the end of an arm name ('... group', '... patients')",
)


RANDOMISED = Rule(
    "context.randomised", r"\b(?:(?:were|was|been|being)\s+(?:\w+\s+)?randomi[sz]ed|randomly\s+(?:assigned|allocated|divided)|randomi[sz]ation\b|"
    r"randomi[sz]ed,?\s+(?:\w+[-\s,]+){0,3}?(?:controlled|clinical|phase|double|open|multi-?cent\w*|placebo|prospective|"
    r"non-?inferiority)\b)", flags=re.I,
    examples=['patients were randomized to', 'randomly assigned', 'a randomised, double-blind trial'],
    not_examples=['a randomly chosen sample'],
    note='a record that reports a randomised trial',
)


_CONTROL_ARM = Rule(
    "context.control_arm", r"\b(?:placebo|control|controls|standard|usual|conventional|observation|SOC|sham|no\s+\w+|best\s+supportive)\b", flags=re.I,
    examples=[('placebo', 'placebo'), ('the control arm', 'control'), ('best supportive care', 'best supportive')],
    not_examples=['everolimus'],
    note='the name of a control arm (placebo, standard care, observation): ordered last',
)


_SUBJECT = Rule(
    "context.subject", r"^(?:[^,]{0,80},\s*)?(?P<subj>(?:[\w+/\-]+\s+){0,3}?[\w+/\-]+)\s+(?:was|were|is|are|had|has|showed|resulted|led|improved|"
    r"prolonged|reduced|increased)\b", flags=re.IGNORECASE,
    examples=[('Everolimus improved PFS', {'subj': 'Everolimus'})],
    not_examples=['no verb here'],
    note='the subject of a sentence, before its verb: an arm named beside a figure',
)


def experimental_first(s: str, arms: list[str]) -> list[str]:
    """Two arms for an unnamed 'x versus y': the arm the sentence is about first ('ELAD was associated with higher
    OS (68.6% versus 53.6%)'); otherwise the experimental arm first, the control arm (placebo, standard of care, ...)
    second, as trials report them."""
    a, b = arms

    def subject(arm: str, other: str) -> bool:
        """The sentence (after a lead clause) starts with the arm's name, or its subject holds a word only this arm
        has ('ELAD was associated with ...' for 'ELAD treatment plus SOC' against 'SOC only')."""
        if re.match(rf"^(?:[^,]{{0,80}},\s*)?(?:the\s+)?{re.escape(arm)}\b", s, re.IGNORECASE):
            return True
        head = _SUBJECT.match(s)
        own = arm_tokens(arm) - arm_tokens(other)
        return bool(head and own and arm_tokens(head.group("subj")) & own)

    subj_a, subj_b = subject(a, b), subject(b, a)
    if subj_b and not subj_a:
        return [b, a]
    if subj_a and not subj_b:
        return [a, b]
    if _control_like(a) and not _control_like(b):
        return [b, a]
    return [a, b]


def _control_like(arm: str) -> bool:
    """'placebo', 'standard of care only', 'usual care' -- not 'ELAD plus standard of care'."""
    return _CONTROL_ARM.search(arm) is not None and not re.search(r"\b(?:plus|with|added\s+to)\b|\+", arm, re.I)


def _stem(t: str) -> str:
    for suf in ("ions", "ion", "ed", "ing", "s"):
        if len(t) > len(suf) + 3 and t.endswith(suf):
            return t[: -len(suf)]
    return t


def canonical_arms(values: list[Value], ctx: Context) -> None:
    """One name per arm across the abstract: 'resection-only group' -> 'resection alone' named earlier."""
    known = list(ctx.arms)  # arms already named beside figures; study-level names are often longer
    if len(known) < 2:
        return
    stems = [{_stem(t) for t in arm_tokens(k)} for k in known]
    for v in values:
        if not v.group or v.group.lower().startswith(("without", "no ")):
            continue
        mine = {_stem(t) for t in arm_tokens(v.group)}
        if not mine or any(same_arm(v.group, k) for k in known):
            continue
        hits = [k for k, st in zip(known, stems) if mine & st]
        if len(hits) == 1:
            v.group = hits[0]
            record_why(v, "group", "group.canonical_arm_name")


def clean_group(raw: str) -> str | None:
    g = raw.strip().strip(",.;: ")
    keep_without = g.lower().startswith("without ")
    g = _TRIM_LEAD.sub("", g, count=1) if not keep_without else g
    whole = g
    g = _TRIM_TAIL.sub("", g).strip()
    if g.lower() in ("overall", "whole cohort", "entire cohort", "total", ""):
        return None
    if len(g) < 2:  # "the D group", "arm B": a letter names the arm only with its noun
        return whole if re.fullmatch(r"[A-Z]\s+(?:group|arm|cohort)|(?:group|arm|cohort)\s+[A-Z]", whole) else None
    return g


def arms_and_source(values: list[Value], ctx: Context, n: int,
                    exclude: list[Value] | None = None) -> tuple[list[str] | None, str]:
    """n arms for n unnamed values, in the order they are reported, and where they came from: the arms this
    sentence names beside other values ("sentence"); else those named beside the last figures, in the study's
    allocation order when the study lists them ("earlier"); else the study's arms ("study": the caller puts the
    arm the sentence is about, or the experimental arm, first with ``experimental_first``)."""
    exclude = exclude or []
    named: list[str] = []
    for v in values:
        if v in exclude or not v.group or v.kind == "hr":
            continue
        if not any(same_arm(v.group, x) for x in named):
            named.append(v.group)
    if len(named) == n:
        return named, "sentence"
    if len(ctx.arms) == n:
        if len(ctx.study_arms) == n:  # the arms named beside figures, in the order the study allocated them
            order = [next((i for i, a in enumerate(ctx.study_arms) if shares_words(g, [a])), -1) for g in ctx.arms]
            if sorted(order) == list(range(n)):
                return [g for _, g in sorted(zip(order, ctx.arms))], "earlier"
        return list(ctx.arms), "earlier"
    if len(ctx.study_arms) == n:
        return [a.name for a in ctx.study_arms], "study"
    return None, ""


def known_arms(ctx: Context, values: list[Value] | None = None) -> list[Arm]:
    """The record's arms so far: the study's (with sizes and aliases), those named beside earlier figures, and
    those of this sentence's values."""
    return list(ctx.study_arms) + [Arm(g) for g in ctx.arms] + [Arm(v.group) for v in values or [] if v.group]


def known_words(ctx: Context) -> frozenset[str]:
    return arm_words(known_arms(ctx))


def known_arm(name: str, ctx: Context, values: list[Value]) -> bool:
    """Does the name share a word with an arm named so far?"""
    return shares_words(name, known_arms(ctx, values))


def names_an_arm(text: str, ctx: Context, values: list[Value]) -> bool:
    """Is the text one of the study's arms, or an arm of this sentence's figures?"""
    arms = list(ctx.study_arms) + [Arm(v.group) for v in values if v.group and v.kind != "hr"]
    return any(match_arm(text, [a]) is not None for a in arms)


def remember(values: list[Value], ctx: Context) -> None:
    hrs = [v.metric for v in values if v.kind == "hr"]
    ctx.last_hr_metric = hrs[-1] if hrs else None  # only the next sentence with figures may carry it on
    groups: list[str] = []
    for v in values:
        if v.group and v.kind != "hr" and not any(same_arm(v.group, g) for g in groups):
            groups.append(v.group)
    if len(groups) >= 2:
        ctx.arms = groups


# "The primary endpoint was 28-day mortality", "Recurrence-free survival was the primary end point"
_ENDPOINT_WORD = Rule(
    "context.endpoint_word", r"\b(?P<rank>primary|main|principal|secondary)\s+(?:efficacy\s+)?(?:end[-\s]?points?|outcomes?(?:\s+measures?)?)\b",
    flags=re.IGNORECASE,
    examples=[('the primary endpoint was', {'rank': 'primary'}), ('secondary outcome measures', {'rank': 'secondary'})],
    not_examples=['primary tumour'],
    note='where a trial names its primary or secondary endpoint',
)
_DEFINED_AFTER = Rule("context.defined_after", r"\s+(?:was|were|is|are|included|:)\s+(?P<x>[^.;]{3,120})", flags=re.IGNORECASE,
    examples=[(' was progression-free survival', {'x': 'progression-free survival'})],
    not_examples=[' was'],
    note="what an endpoint word is defined as, after it ('... endpoint was PFS')",
)
_DEFINED_BEFORE = Rule("context.defined_before", r"(?P<x>[A-Z][^.;]{2,80}?)\s+(?:was|were|is)\s+(?:the|a)\s+$",
    examples=[('Overall survival was the ', {'x': 'Overall survival'})],
    not_examples=['overall survival was'],
    note="what an endpoint word is defined as, before it ('OS was the primary endpoint')",
)


def _endpoint_words(text: str, low: str):
    """_ENDPOINT_WORD's matches, tried only where a rank word stands."""
    starts = sorted(i for word in ("primary", "secondary", "main", "principal") for i in _find_all(low, word))
    last = -1
    for i in starts:
        if i < last:
            continue
        m = _ENDPOINT_WORD.match(text, i)
        if m is not None and (i == 0 or not text[i - 1].isalnum()):
            last = m.end()
            yield m


def is_randomised(text: str) -> bool:
    """Does the text report a randomised trial?  RANDOMISED tried only around the word 'random'."""
    low = text.lower()
    return any(RANDOMISED.search(text, max(0, pos - 30), pos + 90) for pos in _find_all(low, "random"))


def _find_all(low: str, word: str):
    pos = low.find(word)
    while pos >= 0:
        yield pos
        pos = low.find(word, pos + 1)


def find_endpoints(text: str, mentions_of, timepoints_of) -> tuple[dict[str, set[str]], str | None]:
    """The endpoints a record defines: metric -> the timepoints named with it, and the primary endpoint's metric.

    ``mentions_of``/``timepoints_of`` are the tag stage's finders (passed in: context sits before tag's users).
    Only the few places where an endpoint word stands are read."""
    tps_by_metric: dict[str, set[str]] = {}
    primary: str | None = None
    low = text.lower()
    if not (("end point" in low or "endpoint" in low or "end-point" in low or "outcome" in low)
            and ("primary" in low or "secondary" in low or "main " in low or "principal" in low)):
        return tps_by_metric, primary
    for w in _endpoint_words(text, low):
        rank = w.group("rank").lower()
        after = _DEFINED_AFTER.match(text, w.end())
        before = _DEFINED_BEFORE.search(text, max(0, w.start() - 90), w.start())
        for phrase in (after.group("x") if after else None, before.group("x") if before else None):
            if not phrase:
                continue
            mentions = [x for x in mentions_of(phrase) if x.kind != "block"]
            if not mentions:
                continue
            if primary is None and rank in ("primary", "main", "principal"):
                primary = mentions[0].kind
            for t in timepoints_of(phrase, phrase.lower(), []):
                nxt = next((x for x in mentions if x.start >= t.end - 1), None)
                if nxt is not None and nxt.start - t.end <= 30 and len(t.values) == 1:
                    tps_by_metric.setdefault(nxt.kind, set()).add(t.values[0])
            break
    return tps_by_metric, primary
