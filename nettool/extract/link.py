"""Stage 3, link: each value to its metric (nearest compatible mention, lists "respectively", the share then the
outcome), its timepoint (after the value, the metric's own, lists in order), its arm (its own phrase, brackets,
"A vs. B", listed arms, the study's arms in order, the sentence's lead), its p and its symptom.  Every slot
filled records the rule that filled it (``Value.why``; nettool/extract/provenance.py lists the ids).
"""
from __future__ import annotations

import re

from nettool.extract.numbers import WORD_NUM
from nettool.extract.arms import arm_tokens, match_arm
from nettool.extract.spans import (
    Context, Mention, RATE_METRICS, SURVIVAL, TIME_METRICS, TP, Value, overlaps, record_why,
)
from nettool.extract.tag import MENTION_RE, SYMPTOM_RE, find_mentions
from nettool.extract.context import (
    GENERIC_GROUP, arms_and_source, canonical_arms, clean_group, experimental_first, known_arm, names_an_arm, known_words,
)
from nettool.extract.structure import (
    PLURAL_LABELS,
    PAREN, CLOSE, LIST_JOIN, PLAIN_LIST, RESPECTIVELY, SUBJ_COMPARE, chunks_joined, clause_bounds, clause_of,
    compare_arms, listed_arms, paren_arms, sub_series, vs_pairs,
)
from nettool.extract.judge import EVENT_DENOM, PROCEDURE_SHARE, other_outcome_between
from nettool.extract.rules import Rule

BOTH_GROUPS = Rule("link.both_groups", r"^\s*(?:in|for)\s+(?:both|all|each\s+of\s+the)\s+(?:groups|arms|cohorts|subgroups)\b", flags=re.I,
    examples=[(' in both groups', ' in both groups'), ('for each of the arms', 'for each of the arms')],
    not_examples=['in the surgical group'],
    note="a value said of both or all arms ('in both groups'): no arm of its own",
)


_GROUP_LEAD = Rule(
    "link.group_lead", r"^\s*(?:of\s+(?:all\s+)?(?:the\s+)?(?P<pop>patients|those|cases|subjects|recipients|individuals|operations|resections|survivors)\s*"
    r"|(?:deaths?|events?|participants|patients|subjects|cases|women|men|children)\s+(?=in\s+the\b|among\s|from\s+the\b)"
    r"|(?:occurred|were\s+(?:seen|observed|recorded|reported|noted)|was\s+(?:seen|observed|recorded|reported|noted))\s+(?=in\s+the\b))?"
    r"(?P<prep>from(?=\s+the\b)|with(?:out)?|after|following|for|among|in(?:\s+the)?(?:\s+(?:patients|those|cases))?(?:\s+(?:with|who|that|undergoing|receiving|after|treated))?|"
    r"who\s+(?:had\s+)?(?:underwent|received|had|were|met|did)|that\s+(?:underwent|received|had)|undergoing|receiving|treated\s+(?:with|by)|"
    r"when|within|outside|of)\s+",
    flags=re.IGNORECASE,
    examples=[(' of patients with liver metastases', {'pop': 'patients', 'prep': 'with'}), (' after resection', {'prep': 'after'})],
    not_examples=['was 40%'],
    note="the words after a value that lead into the arm it belongs to ('of patients with ...', 'after ...')",
)


_GROUP_STOP = Rule(
    "link.group_stop", r"\s*(?:[,;:()\[\]]|\.(?:\s|$)|\b(?:vs|versus|compared|whereas|while|but|than|respectively|was|were|had|has|"
    r"is|are|did|corresponding)\b|\band\s+(?:in|for|after|with|of|among|to|all|both)\s|\b(?:and\s+(?:in\s+|for\s+|after\s+|with\s+|of\s+|among\s+|to\s+)?(?:those|the\s+|patients|\d|[≥≤<>]|\.\d)|"
    r"at\s+(?:\d|one|two|three|four|five|ten)|within\s+\d|(?-i:[Pp])\s*[=<>≤]|in\s+(?:both|all|each)|"
    r"(?:which|who|that)\s+(?:was|were)|during|on\s+multivariable|on\s+multivariate|(?-i:HR)|hazard|for\s+the|"
    r"to\s+(?:\d|[≥≤<>])|in\s+(?:the\s+)?(?:\w+\s+)?(?:studies|trials|series)\b|accounting|reflecting|suggesting|indicating|(?:later\s+|subsequently\s+|also\s+)?(?:required|needed|underwent|received|"
    r"developed|occurred|experienced|achieved|died|survived|presented|remained|showed|reported|improved|lived)\b))|$",
    flags=re.IGNORECASE,
    examples=[(' liver metastases, and', ','), (' resection was', ' was')],
    not_examples=[],
    note='where an arm phrase after a value ends (punctuation, a verb, a comparison, another value); also the end of the text, so it matches every text and has no not-example',
)


_HR_SUBJ_VERB = Rule(
    "link.hr_subj_verb", r"\b(?:was|were|remained|is|are)\s+(?:(?:also|still|an?|the)\s+)?(?:independently\s+|significantly\s+|strongly\s+)?"
    r"(?:associated|protective|predictive|prognostic|linked|related|an\s+independent|independent)|"
    r"\b(?:predicted|had|showed|conferred|reduced|increased|improved|decreased|prolonged|carried|doubled)\b",
    flags=re.IGNORECASE,
    examples=[('age was independently associated', 'was independently associated'), ('resection reduced', 'reduced')],
    not_examples=['age and sex'],
    note="the verb after the subject of a hazard ratio ('X was associated with ...'): the subject is the covariate",
)


_BAD_SUBJECT = Rule(
    "link.bad_subject", r"^(?:it|this|that|there|the\s+difference|the\s+benefit|the\s+effect|the\s+risk|survival|the\s+association|"
    r"the\s+hazard|which|multivariable|multivariate|on\s+multivariable|median|mean)\b",
    flags=re.IGNORECASE,
    examples=[('this was', 'this'), ('the difference was', 'the difference')],
    not_examples=['tumour size'],
    note='subjects of a hazard-ratio sentence that are no covariate',
)


def attach_ci(s: str, values: list[Value], cis: list, ranges: list) -> None:
    for a, b, lohi in cis + ranges:
        if lohi is None:
            continue
        prev = [v for v in values if v.end <= a]
        if not prev:
            continue
        v = max(prev, key=lambda x: x.end)
        gap = s[v.end:a]
        if len(gap) > 40 or re.search(r"[.]\s|\b(?:vs|versus|and|compared)\b", gap):
            continue
        if v.low is None:
            v.low, v.high = lohi
            v.interval, v.interval_text = getattr(lohi, "kind", None), getattr(lohi, "text", None)
            v.end = max(v.end, b)


# a sentence that refers back to the previous one's comparison: "The association was present for ..."
BACK_REFERENCE = Rule(
    "link.back_reference", r"^(?:(?:However|Moreover|Furthermore|Similarly|In\s+addition|Likewise),?\s+)?(?:the|this|that|such|these|a\s+similar)\s+"
    r"(?:association|effect|benefit|advantage|difference|relationship|relation|survival\s+benefit)s?\b",
    flags=re.IGNORECASE,
    examples=[('However, this association was', 'However, this association'), ('the survival benefit', 'the survival benefit')],
    not_examples=['the patients were'],
    note="a sentence that refers back to the previous one's effect ('this association ...')",
)


HR_WORD = Rule("link.hr_word", r"\bHRs?\b|\bhazard\s+ratios?\b", flags=re.IGNORECASE,
    examples=[('the HR was', 'HR'), ('hazard ratios for death', 'hazard ratios')],
    not_examples=['three hours'],
    note='a hazard-ratio word',
)


_SPECIFIC_BEFORE = Rule("link.specific_before", r"\b(?:disease|cancer|tumou?r|NET|NEN)[-\s](?:specific|related)\s*$", flags=re.IGNORECASE,
    examples=[('the cancer-specific ', 'cancer-specific '), ('disease related ', 'disease related ')],
    not_examples=['overall '],
    note="'disease-specific' or 'cancer-related' right before a mention",
)


def attach_metrics(s: str, values: list[Value], mentions: list[Mention], carry: str | None = None,
                    arms: set[str] | None = None) -> None:
    clauses = clause_bounds(s)
    for v in values:
        if v.kind == "zero":
            v.mention = next((m for m in mentions if m.kind == "mortality" and m.start >= v.start and m.end <= v.end), None)
            record_why(v, "metric", "metric.zero_death", v.mention)
            continue
        if v.kind == "hr":
            surv = [m for m in mentions if m.kind in SURVIVAL or m.kind == "mortality"]
            before = [m for m in surv if m.end <= v.start]
            after = [m for m in surv if m.start >= v.end]
            pick = before[-1] if before else (after[0] if after else None)
            other = [m for m in mentions if m.end <= v.start and m.kind in ("recurrence", "morbidity", "relief", "cc")
                     and (pick is None or m.start > pick.end) and v.start - m.end <= 40]
            if other and pick is not None and pick.end <= v.start:
                v.dead = True  # "incidence of relapse (74% vs 68%, HR 0.93)": the HR of that outcome, not survival's
                continue
            if pick is None:
                if carry:  # a sentence with no endpoint at all, right after one whose HRs had one
                    v.metric = carry
                    record_why(v, "metric", "metric.hr_previous_sentence")
                else:
                    v.dead = True
                continue
            v.mention = pick
            if pick.kind == "mortality":  # "HR for death": OS; "disease-specific death": DSS
                v.metric = "dss" if _SPECIFIC_BEFORE.search(s, max(0, pick.start - 30), pick.start) else "os"
                record_why(v, "metric", "metric.hr_of_death", pick)
            else:
                v.metric = pick.kind
                record_why(v, "metric", "metric.hr_endpoint_before" if pick.end <= v.start else "metric.hr_endpoint_after", pick)
            continue
        lo, hi = clause_of(v.start, clauses)
        pick = None
        stated = v.events is not None and v.total is not None
        # "70% of patients had died": the value is the subject's share, the outcome follows it
        nxt = next((m for m in mentions if m.start >= v.end), None)
        if (nxt is not None and nxt.kind != "block" and _compatible(v, nxt.kind)
                and not any(v.end <= x.start < nxt.start for x in values) and _SHARE_HAD.fullmatch(s, v.end, nxt.start)):
            v.mention, v.metric = nxt, nxt.kind
            record_why(v, "metric", "metric.share_then_outcome", nxt)
            continue
        preceding = sorted((m for m in mentions if m.end <= v.start), key=lambda m: -m.end)
        for m in preceding:
            if m.kind == "block" and stated:
                continue
            if m.kind == "relief" and m.text.lower().endswith("ed") and any(
                    x.kind in SURVIVAL and 0 <= m.start - x.end <= 60 for x in mentions):
                continue  # "Progression-free survival at 3 years was improved from 38%": the survival improved
            if m.kind != "block" and _WEAK.search(s, max(0, m.start - 20), m.start) and any(
                    x.kind != "block" and _compatible(v, x.kind) and x.start >= lo for x in preceding if x.start < m.start):
                continue  # "survival measured from recurrence": the object of a preposition is not the outcome
            if m.kind == "block":
                if m.end > lo or v.start - m.end < 25:
                    pick = m
                    break
                continue
            if _compatible(v, m.kind):
                pick = m
                break
        if pick is None:
            for m in (m for m in mentions if m.start >= v.end and m.start < hi and m.start - v.end <= 80
                      and not re.search(r"[,;]|\band\s+(?:is|was|are|were)\b", s[v.end:m.start])
                      and not any(v.end <= x.start < m.start for x in values)):  # a nearer value owns it
                if m.kind == "block":
                    break
                if _compatible(v, m.kind):
                    pick = m
                    break
        if pick is None or pick.kind == "block":
            v.dead = True
            continue
        if pick.end <= v.start and other_outcome_between(s, pick, v, arms):
            v.dead = True
            continue
        v.mention = pick
        v.metric = pick.kind
        record_why(v, "metric", "metric.nearest_before" if pick.end <= v.start else "metric.nearest_after", pick)
        if v.sd:
            continue
        if v.kind == "time":
            window = s[max(0, pick.start - 40):v.start].lower()
            v.measure = "mean" if re.search(r"\bmean\b|\baverage\b", window) and "median" not in window[window.rfind("mean"):] else "median"


_SHARE_HAD = Rule(
    "link.share_had", r"\s*(?:\([^()]*\)\s*)?(?:of\s+(?:the\s+|all\s+|these\s+)?)?(?:patients|participants|subjects|cases|women|men|children)\s+"
    r"(?:had\s+|have\s+|has\s+|were\s+|was\s+)?(?:(?:already|subsequently|later|eventually|also)\s+)?", flags=re.IGNORECASE,
    examples=[(' of the patients had ', ' of the patients had '), (' patients were ', ' patients were ')],
    not_examples=['of cases'],
    note="a value read as a share of patients ('40% of the patients had ...'), up to its verb",
)


_WEAK = Rule("link.weak", r"\b(?:from|since|until|before|after|of|at)\s+(?:the\s+|first\s+|a\s+)?$", flags=re.IGNORECASE,
    examples=[('survival from the ', 'from the '), ('measured at ', 'at ')],
    not_examples=['survival was '],
    note='a preposition before a mention: the mention is its object and gives way to one earlier in the clause',
)


_COMPARED_CUE = Rule(
    "link.compared_cue", r"\b(?:compared\s+(?:with|to)|versus|vs\.?|whereas|while)(?!\w)", flags=re.IGNORECASE,
    examples=["62% and 82%, compared with 70% and 89%"], not_examples=["62% and 82%, respectively"],
    note="a sentence that compares blocks of values (one block per arm)")
_ARM_BREAK = Rule(
    "link.arm_break", r"^\s*[,;]?\s*(?:(?:as\s+)?compared\s+(?:with|to)|versus|vs\.?|whereas|while|than)(?!\w)",
    flags=re.IGNORECASE, examples=[", compared with ", " versus "], not_examples=[" and "],
    note="what separates one arm's block of values from the next")


def _arm_major(s: str, vals: list[Value], n: int) -> bool:
    """Blocks of n values (one per metric) joined by 'and'/','; the blocks by 'compared with', 'versus', 'whereas'."""
    for i in range(1, len(vals)):
        gap = s[vals[i - 1].end:vals[i].start]
        if i % n == 0:
            if not _ARM_BREAK.match(re.sub(r"^\s*\([^()]*\)", "", gap)):
                return False
        elif not re.fullmatch(r"\s*(?:,\s*and|,|and)\s*", gap):
            return False
    return True


def pair_metric_list(s: str, values: list[Value], mentions: list[Mention]) -> None:
    """'median PFS and OS were 2.8 and 13.2 months, respectively': k metrics, k values, paired in order."""
    respectively = RESPECTIVELY.search(s) is not None
    if not respectively and not _COMPARED_CUE.search(s):
        return
    i = 0
    while i < len(mentions):
        run = [mentions[i]]
        while i + len(run) < len(mentions) and LIST_JOIN.match(s[run[-1].end:mentions[i + len(run)].start]):
            run.append(mentions[i + len(run)])
        if len(run) >= 2:
            nxt = mentions[i + len(run)].start if i + len(run) < len(mentions) else len(s)
            after = [v for v in values if run[-1].end <= v.start < nxt and v.kind != "zero"]
            k = len(after) // len(run) if after and len(after) % len(run) == 0 else 0
            if k >= 2 and _arm_major(s, after, len(run)):
                # "5-year OS and DSS were 62% and 82%, compared with 70% and 89%": one block per arm, metrics in order
                _link_in_order(after, [run[j % len(run)] for j in range(len(after))], "metric.list_per_arm")
            elif respectively and (k == 1 or (k >= 2 and chunks_joined(s, after, k))):
                # k values a metric: "PFS and OS for A vs. B were 72% vs. 47%, and 88% vs. 67%, respectively"
                _link_in_order(after, [run[j // k] for j in range(len(after))], "metric.list_respectively")
        i += len(run)


def _link_in_order(values: list[Value], mentions: list[Mention], rule: str) -> None:
    """Each value to the mention paired with it; a value paired with a block term or an incompatible metric dies."""
    for v, m in zip(values, mentions):
        if m.kind == "block" or not _compatible(v, m.kind):
            v.dead = True
        else:
            v.mention, v.metric, v.dead = m, m.kind, False
            record_why(v, "metric", rule, m)


def _compatible(v: Value, kind: str) -> bool:
    if v.kind == "time":
        return kind in TIME_METRICS
    return kind in RATE_METRICS


def attach_timepoints(s: str, values: list[Value], tps: list[TP], ctx: Context | None = None) -> None:
    # values that share a metric mention form a series; a list of timepoints maps onto it in order
    series: dict[int, list[Value]] = {}
    for v in values:
        if v.mention is not None:
            series.setdefault(id(v.mention), []).append(v)
    for vs in series.values():
        for i, v in enumerate(vs):
            if v.kind == "hr" or v.unit != "percent":
                continue
            m = v.mention
            assert m is not None
            # right after the value: "84% at 5 years", "82% at 3 years"
            after = [t for t in tps if t.start >= v.end and len(t.values) == 1
                     and (t.start - v.end <= 4 or _OF_PATIENTS.fullmatch(s, v.end, t.start))
                     and s[t.start:t.start + 6].lower().startswith(("at", "withi", "by"))]
            if after:
                v.timepoint = after[0].values[0]
                record_why(v, "timepoint", "timepoint.after_value")
                continue
            if v.kind == "zero":
                inner = [t for t in tps if v.start <= t.start and t.start - v.end <= 4]
                if inner:
                    v.timepoint = inner[0].values[0]
                    record_why(v, "timepoint", "timepoint.inside_zero_phrase")
                continue
            # the metric's own timepoint: "5-year OS", "OS at 5 years", "Thirty-day mortality", "(5-year, 83% vs 57%)"
            cands = [t for t in tps if _tp_belongs(s, t, m, v)]
            rule = "timepoint.of_metric"
            if not cands and m.kind in SURVIVAL:
                # "... and the corresponding PFS rates were 78%, 39% and 21%": the sentence's earlier list
                earlier = [t for t in tps if t.end <= v.start]
                if earlier and (len(earlier[-1].values) == 1 or len(vs) % len(earlier[-1].values) == 0):
                    cands = earlier[-1:]
                    rule = "timepoint.earlier_list"
            if not cands:
                continue
            t = cands[-1]
            if len(t.values) == 1:
                v.timepoint = t.values[0]
                record_why(v, "timepoint", rule)
            else:
                k = len(t.values)
                same = [x for x in vs if x.unit == "percent" and x.start > t.start]
                idx = same.index(v) if v in same else i
                v.timepoint = t.values[idx % k]
                v.tp_index = idx // k
                record_why(v, "timepoint", rule if rule == "timepoint.earlier_list" else "timepoint.list_in_order")
    for v in values:
        if v.metric == "morbidity" and v.timepoint and not v.timepoint.endswith("d"):
            v.timepoint = None
            v.why.pop("timepoint", None)
    # "The primary endpoint was 28-day mortality. ... Mortality was 21% vs 15%": the timepoint the Methods named
    for v in values:
        named = ctx.endpoint_timepoints.get(v.metric or "") if ctx is not None else None
        if (v.timepoint is None and named and len(named) == 1 and v.unit == "percent" and v.kind != "hr"
                and v.metric in ("mortality", "morbidity", "os", "dss", "pfs", "dfs", "recurrence")):
            v.timepoint = next(iter(named))
            record_why(v, "timepoint", "timepoint.endpoint_defined_earlier")


# "72% of patients at 5 years": the population between a value and its timepoint
_OF_PATIENTS = Rule(
    "link.of_patients", r"\s*of\s+(?:the\s+|all\s+)?(?:\w+\s+)?(?:patients|cases|subjects|participants|recipients)\s*", flags=re.IGNORECASE,
    examples=[(' of the patients ', ' of the patients '), (' of all eligible cases', ' of all eligible cases')],
    not_examples=['of them'],
    note="'of (the) patients' after a value: a generic population, not an arm",
)


_LIST_GLUE = Rule(
    "link.list_glue", r"(?:\s|and|or|&|major|minor|overall|postoperative|post-operative|perioperative|operative|severe|serious|the|"
    r"rates?|in-?hospital|all-cause)*", flags=re.IGNORECASE,
    examples=[('major and minor', 'major and minor')],
    not_examples=[],
    note='what may stand between two metric mentions that share one value list (used with fullmatch; it matches the empty string, so no not-example)',
)


def _tp_belongs(s: str, t: TP, m: Mention, v: Value) -> bool:
    if v.end <= m.start and m.end <= t.start and t.start - m.end <= 4:  # "75% ... were alive and disease-free at 5 years"
        return True
    if t.end <= m.start + 2:  # before the metric: adjectival, nothing in between
        gap = s[t.end:m.start]
        if m.start - t.end <= 30 and not re.search(r"[;,]", gap) and not MENTION_RE.search(gap):
            return True
        # "90-day major morbidity and mortality were 21% and 3%": one timepoint for a coordinated list of metrics
        return (m.start - t.end <= 60 and not re.search(r"[;,]", gap)
                and _LIST_GLUE.fullmatch(MENTION_RE.sub(" ", gap)) is not None)

    if m.start <= t.start and t.end <= v.start + 1:  # between the metric and its value
        return ";" not in s[m.end:t.start]
    return False


# "87.6% (control) and 92% (intervention)": an arm's name in brackets right after its value
_PAREN_NAME = Rule("link.paren_name", r"\s*\(\s*(?P<g>[A-Za-z][A-Za-z+/\-]*(?:\s+[A-Za-z+/\-]+){0,3})\s*\)",
    examples=[(' (LT)', {'g': 'LT'}), (' (open surgery)', {'g': 'open surgery'})],
    not_examples=['(12 months)'],
    note='an arm name in brackets right after a value',
)


# "in the study group (24%) as compared to the control group (49%)": the arm right before its bracketed value
_GROUP_BEFORE_PAREN = Rule(
    "link.group_before_paren", r"\b(?:in|for|among|with|within|to|versus|vs\.?)\s+(?:the\s+)?"
    r"(?P<g>[A-Za-z](?:(?!\b(?:in|for|among|with|within|was|were|is|are|had|has|than|to)\b)[^,;()\d]){0,50}?)"
    r"\s*[(\[]\s*(?:\d+\s*[,;]\s*)?$", flags=re.IGNORECASE,
    examples=[('survival in the resected group (', {'g': 'resected group'}), ('versus chemotherapy [', {'g': 'chemotherapy'})],
    not_examples=['survival was 40% ('],
    note="an arm name before a bracket that holds the value ('in the resected group (40%)')",
)


_LABEL_COLON = Rule("link.label_colon", r"(?:^|[(;,]\s*)(?P<g>[A-Za-z][\w+\-/]*(?:\s+[\w+\-/]+){0,3})\s*[:=]\s*$",
    examples=[('(surgery: ', {'g': 'surgery'}), ('; group A = ', {'g': 'group A'})],
    not_examples=['was 40%'],
    note="an arm label before a colon or '=' that holds the value ('surgery: 40%')",
)


def _bracket_groups(s: str, values: list[Value], ctx: Context) -> None:
    named = []
    for v in values:
        if v.kind == "hr":
            continue
        m = _PAREN_NAME.match(s, v.end)
        if m and not MENTION_RE.fullmatch(m.group("g")) and not GENERIC_GROUP.match(m.group("g")):
            named.append((v, m))
    known = known_words(ctx)
    if len(named) >= 2 or any(arm_tokens(m.group("g")) & known for _, m in named):
        for v, m in named:
            v.group = m.group("g")
            v.group_span = (m.start("g"), m.end("g"))
            record_why(v, "group", "group.bracket_name_after_value")
    labelled = [(v, m) for v in values if v.kind != "hr" and not v.group
                and not re.match(r"\s*(?:vs\.?|versus)\s", s[v.end:v.end + 10], re.I)  # a stratum's "x vs y"
                for m in [_LABEL_COLON.search(s, max(0, v.surface_start - 45), v.surface_start)] if m]
    if len(labelled) >= 2:  # "(surgery: 14.2 months; chemotherapy: 10.9 months)", "(A = 106 days; B = 73.5 days)"
        for v, m in labelled:
            name = clean_group(m.group("g"))
            if name and not any(x.kind != "block" for x in find_mentions(name)):
                v.group = name
                record_why(v, "group", "group.label_before_value")
    for v in values:
        if v.group or v.kind == "hr" or not re.match(r"\s*[)\]]", s[v.surface_end:v.surface_end + 3]):
            continue
        prev_end = max([x.end for x in values if x.end <= v.start] + [max(0, v.surface_start - 70)])
        m = _GROUP_BEFORE_PAREN.search(s, prev_end, v.surface_start)
        if m and not re.search(rf"\b(?:and|or|vs\.?|versus)\b|^(?:{WORD_NUM})\b", m.group("g"), re.IGNORECASE):
            name = clean_group(m.group("g"))
            if name and not GENERIC_GROUP.match(name) and not any(x.kind != "block" for x in find_mentions(name)):
                v.group = name
                record_why(v, "group", "group.named_before_bracket")


def own_groups(s: str, values: list[Value], ctx: Context) -> None:
    """The arm phrase printed right after each value: '78% of patients with isolated liver metastases'."""
    _bracket_groups(s, values, ctx)
    spans = [(v.start, v.end) for v in values]
    for v in values:
        if v.kind == "hr":
            continue
        rest_start = v.end
        while True:
            pm = PAREN.match(s, rest_start) or CLOSE.match(s, rest_start)
            if not pm:
                break
            rest_start = pm.end()
        rest = s[rest_start:]
        if BOTH_GROUPS.match(rest):
            v.both = True
            continue
        if EVENT_DENOM.match(rest):
            v.dead = True
            continue
        g = _group_after(rest) if not v.group else None
        if g:
            text, a, b = g
            if not overlaps(rest_start + a, rest_start + b, [x for x in spans if x != (v.start, v.end)]):
                v.group = text
                v.group_span = (rest_start + a, rest_start + b)
                record_why(v, "group", "group.phrase_after_value")
                rest = s[rest_start + b:]
        if v.kind in ("percent", "all") and PROCEDURE_SHARE.match(rest):
            v.dead = True
            continue
        if v.kind == "percent" and not v.group and v.total:
            m = re.search(r"\b\d+\s+of\s+(?:the\s+)?\d+\s+(?:patients\s+)?(?:with|who\s+had)\s+([^()]{2,60}?)\s*\(\s*$", s[max(0, v.start - 90):v.start])
            if m:
                v.group = clean_group(m.group(1))
                record_why(v, "group", "group.count_with_phrase")
                continue
            # "in 12 of 15 elderly patients (80%)": an adjective naming a known arm
            m = re.search(r"\bof\s+\d+\s+([a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:patients|cases|recipients)\s*\(\s*$", s[max(0, v.start - 60):v.start])
            if m and known_arm(m.group(1), ctx, []):
                v.group = m.group(1)
                record_why(v, "group", "group.count_adjective")
    spans_g = [v.group_span for v in values if v.group_span]
    values[:] = [v for v in values if not v.dead and not any(a <= v.start < b for a, b in spans_g)]


def attach_groups(s: str, values: list[Value], ctx: Context, lead_group: str | None = None) -> None:
    # a trailing phrase shared by a sub-series: "88% and 77% after LT compared with 74% and 45% after PH"
    subs = sub_series(s, values)
    for sub in subs:
        last = None
        nxt: Value | None = None
        for v in reversed(sub):
            if v.group:
                last = v.group
            elif last and nxt is not None and v.unit == nxt.unit and PLAIN_LIST.match(s[v.end:nxt.start]):
                v.group = last
                record_why(v, "group", "group.shared_trailing_phrase")
            else:
                last = None
            nxt = v
    # a group named between the metric and its value: "Thirty-day mortality after PTR was 1.2%"
    between_arms: dict[int, list[str]] = {}
    for v in values:
        if v.group or v.mention is None or v.kind == "hr":
            continue
        between = s[v.mention.end:v.start]
        m = re.match(r"^\s*(?:rates?\s+)?(?:of\s+[^,;()]{2,40}?\s+)?(?:in|after|following|with|among|for)\s+([^,;()]{2,60}?)\s+(?:was|were|of|reached|:)", between, re.I)
        if m:
            name = clean_group(m.group(1))
            pair = re.split(r"\s+(?:vs\.?|versus)\s+", name) if name else []
            if PLURAL_LABELS.match(m.group(0).strip()) or _ARM_LIST_PHRASE.match(m.group(0).strip()):
                pass  # "rates in groups A and B were ...": the listed arms, not a condition
            elif len(pair) == 2 and all(pair):
                v.condition = None  # "PFS and OS for A vs. B were ...": the arms, not a condition
                between_arms.setdefault(id(v.mention), pair)
            elif name and (known_arm(name, ctx, values) or _compared_sibling(v, values, s)):
                # "The median PFS for patients receiving A was 5.1 months, compared to 3.2 months for those
                # receiving B": the phrase names the arm its compared sibling is set against
                v.group = name
                record_why(v, "group", "group.between_metric_and_value")
            elif name:
                v.condition = m.group(0).strip().rstrip(":").rsplit(" ", 1)[0]
    for v in values:
        if v.group or v.kind == "hr":
            continue
        prev_end = max([x.end for x in values if x.end <= v.start] + [0])
        gm = _GROUP_RIGHT_BEFORE.search(s, prev_end, v.start)
        if gm and not re.search(r"\b(?:vs\.?|versus)(?!\w)", gm.group("g"), re.I) and not any(
                x.kind != "block" for x in find_mentions(gm.group("g"))):
            name = clean_group(gm.group("g"))
            if name and (re.search(r"\b(?:group|arm)\b", gm.group("g"), re.I) or known_arm(name, ctx, values)):
                v.group = name
                record_why(v, "group", "group.named_right_before")
    # "Symptom relief was more frequent after A than after B (97% vs 63%)"
    comp = compare_arms(s)
    listed = listed_arms(s)  # "in the A, B, and C groups"
    # comparisons with unnamed arms: "(within vs outside criteria; P = .004)", "respectively", earlier arms
    by_mention: dict[int, list[Value]] = {}
    for v in values:
        if v.kind != "hr":
            by_mention.setdefault(id(v.mention), []).append(v)
    for vs in by_mention.values():
        unnamed = [v for v in vs if not v.group and not v.both]
        if len(vs) == 2 and len(unnamed) == 1 and len(ctx.study_arms) == 2 and not any(x.tp_index >= 0 for x in vs):
            # "Drug A resulted in a median OS of 20.1 months compared with 15.2 months for drug B": of a
            # two-arm study's pair, the unnamed value is the other arm's
            named = next(x for x in vs if x.group)
            hit = match_arm(named.group, ctx.study_arms)
            if hit is not None and _COMPARED_CUE.search(s, vs[0].end, vs[1].start):
                other = ctx.study_arms[1 - ctx.study_arms.index(hit)]
                unnamed[0].group = other.name
                record_why(unnamed[0], "group", "group.the_other_arm")
            continue
        if len(vs) < 2 or len(unnamed) < 2:
            continue
        has_tp_list = any(v.tp_index >= 0 for v in vs)
        n_arms = max(v.tp_index for v in vs) + 1 if has_tp_list else len(vs)
        if n_arms < 2:
            continue  # "5- and 10-year OS rates were 85% and 66%": timepoints, not arms
        arms, source = paren_arms(s, vs[-1].end) or _paren_arms_before(s, vs[0].start), "group.bracketed_a_vs_b"
        if not arms:
            arms, source = _between_pair(vs, between_arms, values), "group.a_vs_b_before_values"
        if not arms and comp and n_arms == 2:
            arms, source = comp, "group.comparison_in_sentence"
        if not arms and listed and len(listed) == n_arms:
            arms, source = listed, "group.arms_listed_in_sentence"
        if (not arms and listed and len(vs) > len(listed) and len(vs) % len(listed) == 0
                and chunks_joined(s, vs, len(listed))):
            # "in groups A and B were 93.4 and 66.0%, and the 5-year rates were 81.4 and 48.3%": k arms per chunk
            for i, v in enumerate(vs):
                if not v.group:
                    v.group = listed[i % len(listed)]
                    record_why(v, "group", "group.arms_listed_in_sentence")
            continue
        if not arms:
            arms, origin = arms_and_source(values, ctx, n_arms, exclude=vs)
            source = "group.arms_in_order"
            if arms and origin == "study" and len(arms) == 2 and n_arms == 2 and not has_tp_list:
                arms = experimental_first(s, arms)
        if not arms and not has_tp_list and len(vs) % 2 == 0 and len(vs) > 2 and vs_pairs(s, vs):
            # "(prior chemotherapy: 11.0 vs 3.2 months; ...) (chemonaive: 11.4 vs 5.4 months; ...)": a pair per stratum
            pair, origin = arms_and_source(values, ctx, 2, exclude=vs)
            if pair:
                pair = experimental_first(s, pair) if origin == "study" else pair
                for i, v in enumerate(vs):
                    if not v.group:
                        v.group = pair[i % 2]
                        record_why(v, "group", "group.vs_pairs_study_arms")
            continue
        if not arms or len(arms) != n_arms:
            continue
        for i, v in enumerate(vs):
            if v.group:
                continue
            k = v.tp_index if v.tp_index >= 0 else i
            if k < len(arms):
                v.group = arms[k]
                record_why(v, "group", source)
    if lead_group is None:
        sm = _SUBJECT_GROUP.match(s)
        if sm and not SUBJ_COMPARE.match(s):
            lead_group = clean_group(sm.group("g"))
    if lead_group is None:
        lm = _LEAD_THERE.match(s)
        if lm and known_arm(lm.group("g"), ctx, values):
            lead_group = clean_group(lm.group("g"))
    if lead_group:
        for v in values:
            if not v.group and v.kind != "hr":
                v.group = lead_group
                record_why(v, "group", "group.sentence_lead")
    # "76 months without": the arm is the negation of its sibling
    for i, v in enumerate(values):
        if v.group == "without":
            sib = next((u.group for u in reversed(values[:i]) if u.group and u.group != "without"
                        and not u.group.lower().startswith("without")), None)
            v.group = f"without {sib}" if sib else None
            if v.group:
                record_why(v, "group", "group.negated_sibling")
            else:
                v.why.pop("group", None)
    canonical_arms(values, ctx)
    # hazard ratios: the exposure the ratio describes
    for v in values:
        if v.kind == "hr":
            v.group = _hr_group(s, v, values, ctx)
            if v.group:
                record_why(v, "group", "group.hr_exposure")


_GROUP_RIGHT_BEFORE = Rule(
    "link.group_right_before", r"\b(?:in|for|among|with)\s+(?:the\s+)?(?P<g>[A-Za-z](?:(?!\b(?:in|for|among|with|was|were|and)\b)[^,;()\d]){0,40}?)\s+"
    r"(?:was|were|is|are|of|reached|:)\s*$", flags=re.IGNORECASE,
    examples=[('survival in the surgical group was ', {'g': 'surgical group'})],
    not_examples=['survival was '],
    note="an arm right before the verb that leads to the value ('in the X group was 40%')",
)


_SUBJECT_GROUP = Rule(
    "link.subject_group", r"^(?:Patients|Those|Recipients)\s+(?:with|who\s+had)\s+(?:an?\s+|the\s+)?(?P<g>[^,;()]{2,60}?)\s+"
    r"(?:survived|lived|had|showed|experienced|achieved|developed)\b", flags=re.IGNORECASE,
    examples=[('Patients with distant metastases survived', {'g': 'distant metastases'})],
    not_examples=['The patients survived'],
    note="an arm as the sentence's subject ('Patients with X survived ...')",
)


_LEAD_THERE = Rule("link.lead_there", r"^(?:After|Following|In|Among)\s+(?P<g>[^,;]{2,60}?)\s+there\s+(?:was|were)\b", flags=re.IGNORECASE,
    examples=[('After resection there were', {'g': 'resection'})],
    not_examples=['There were two deaths'],
    note="an arm before 'there was/were' at the start of a sentence",
)


_ARM_LIST_PHRASE = Rule("link.arm_list_phrase", r"^(?:in|between|among|for)\s+the\s+[^;()]+?\s+(?:groups|arms|cohorts)\b", flags=re.I,
    examples=[('in the surgery and control groups', 'in the surgery and control groups')],
    not_examples=['in the surgery group'],
    note="a phrase naming a list of arms ('in the A and B groups') after the values",
)
_PAREN_VS_BEFORE = Rule(
    "link.paren_vs_before", r"\(\s*(?P<a>[A-Za-z][^();,]{0,40}?)\s+(?:vs\.?|versus)\s+(?P<b>[A-Za-z][^();,]{0,40}?)\s*[,:;]\s*$", flags=re.IGNORECASE,
    examples=[('(surgery vs chemotherapy, ', {'a': 'surgery', 'b': 'chemotherapy'})],
    not_examples=['(surgery, '],
    note="'(A vs B,' right before values: the values are the arms' in order",
)


def _paren_arms_before(s: str, start: int) -> list[str] | None:
    """'(surgery vs chemotherapy, 14.2 vs 10.9 months)': the arms printed in the bracket before the values."""
    m = _PAREN_VS_BEFORE.search(s, max(0, start - 90), start)
    return [m.group("a").strip(), m.group("b").strip()] if m else None


def _compared_sibling(v: Value, values: list[Value], s: str) -> bool:
    """Another value of the same metric, after this one and set against it ('compared to', 'versus'), has its own
    arm."""
    nxt = next((x for x in values if x.start > v.end), None)  # the value right after this one
    return (nxt is not None and nxt.group is not None and nxt.mention is v.mention
            and _COMPARED_CUE.search(s, v.end, nxt.start) is not None)


def _between_pair(vs: list[Value], between_arms: dict[int, list[str]], values: list[Value]) -> list[str] | None:
    """The 'A vs. B' named between a metric list and its values serves every metric of the list."""
    for v in vs:
        if id(v.mention) in between_arms:
            return between_arms[id(v.mention)]
    if len(between_arms) == 1:
        return next(iter(between_arms.values()))
    return None


def _group_after(rest: str) -> tuple[str, int, int] | None:
    m = _GROUP_LEAD.match(rest)
    if not m:
        # "of LT recipients", "in the elderly"
        return None
    start = m.end()
    prep = m.group("prep").lower()
    stop = _GROUP_STOP.search(rest, start)
    end = stop.start() if stop else len(rest)
    if end <= start and prep.startswith("without"):
        return "without", m.start("prep"), m.end("prep")  # "76 months without": named by its sibling arm
    if end - start > 90 or end <= start:
        return None
    raw = rest[start:end].strip()
    if prep in ("within", "outside"):
        raw = f"{prep} {raw}"
    if prep.startswith("without") and raw:
        raw = f"without {raw}"
    if re.match(rf"^(?:at|within)\s+(?:\d|{WORD_NUM}\b)", raw, re.I):
        return None
    if re.match(r"^(?:the\s+)?(?:\w+\s+)?(?:studies|trials|series|reports|centres|centers)\b", raw, re.I):
        return None
    name = clean_group(raw)
    if not name or re.fullmatch(r"[\d\s.%]+", name) or PLURAL_LABELS.match("in " + name):
        return None  # "61% and 42% in arms A and B": the list of arms, not one arm
    lead = next(iter(find_mentions(name)), None)
    if lead is not None and lead.start == 0 and lead.kind in ("followup", "os", "pfs", "dfs", "dss"):
        return None  # "6 and 11 years of follow-up in the two cohorts": the metric, not an arm
    if GENERIC_GROUP.match(name):
        # "14.2 months with surgery versus 10.9 months with chemotherapy": a generic word compared is an arm
        if not re.match(r"\s*(?:vs\.?|versus|compared\s+(?:with|to)|,?\s*and\s+(?=\d)|,?\s*whereas|,?\s*while)",
                        rest[end:end + 20], re.I):
            return None
    if m.group("pop") and m.group("pop").lower() == "survivors":
        return None
    return name, start, start + len(rest[start:end].rstrip())


# "a pancreatic primary (HR 1.64; ...), Ki-67 3-20% (HR 2.05; ...) and R2 resection (HR 2.48; ...) were associated
# with ...": a covariate list, each HR in brackets right after its own covariate
_COVARIATE_START = Rule(
    "link.covariate_start", r"^\s*(?:(?:In\s+(?:the\s+)?(?:multivariable|multivariate|univariable|univariate|adjusted)\s+(?:Cox\s+)?(?:analys[ie]s|models?)|Conversely|However|"
    r"Moreover|Additionally|In\s+addition|In\s+contrast|Similarly|Furthermore|Likewise|Also)\s*,?\s*|[\s,;]*(?:and|or)?\s*)",
    flags=re.IGNORECASE,
    examples=[('In multivariable analysis, age', 'In multivariable analysis, '), ('However, age', 'However, ')],
    not_examples=[],
    note='the words before a covariate at the start of a sentence or after a list comma (used with match; may be empty, so no not-example)',
)


_COVARIATE_VERB = Rule(
    "link.covariate_verb", r"\b(?:was|were|is|are|had|has|have|did|showed|predicted|remained|associated|reduced|increased|improved|"
    r"decreased|prolonged|conferred|carried|doubled|lived|survived|died|developed|underwent|received|adjusted)\b",
    flags=re.IGNORECASE,
    examples=[('age was associated', 'was'), ('resection improved', 'improved')],
    not_examples=['age and sex'],
    note='the verb that ends a covariate phrase',
)


def _covariate_before(s: str, v: Value) -> str | None:
    """The noun phrase right before '(HR ...' when it is one item of a covariate list: everything since the
    sentence start or the previous closing bracket, with no verb in it."""
    head = s[:v.start].rstrip()
    if not head.endswith("("):
        return None
    segment = head[head.rfind(")") + 1:-1]
    segment = segment[_COVARIATE_START.match(segment).end():].strip(" ,;")
    phrase = re.sub(r"^(?:the|a|an)\s+", "", segment, flags=re.IGNORECASE)
    words = phrase.split()
    if (not 1 <= len(words) <= 6 or len(phrase) > 60 or _COVARIATE_VERB.search(phrase) or _BAD_SUBJECT.match(phrase)
            or _NOT_COVARIATE.match(phrase) or any(m.kind != "block" for m in find_mentions(phrase))):
        return None
    return phrase


_NOT_COVARIATE = Rule("link.not_covariate", r"(?:but|not|than|vs\.?|versus|whereas|while|as|by|in\s+favou?r)\b", flags=re.IGNORECASE,
    examples=[('not significant', 'not'), ('versus', 'versus')],
    not_examples=['tumour size'],
    note='words that make a phrase no covariate of a hazard ratio',
)


def _hr_group(s: str, v: Value, values: list[Value], ctx: Context) -> str | None:
    if ctx.last_hr_group and BACK_REFERENCE.match(s):  # "The association was present for ...": the same exposure
        return ctx.last_hr_group
    covariate = _covariate_before(s, v)
    if covariate and sum(1 for x in values if x.kind == "hr") >= 2:
        return covariate
    # the subject of the clause that holds the HR: "a Ki-67 index of 10% or more predicted shorter RFS (HR ...)"
    clause_start = 0
    for m in re.finditer(r";\s|,\s+(?:and|but|whereas)\s+|\bCompared\s+with\s+[^,]+,\s*|^\s*In\s+(?:multivariable|multivariate|adjusted)\s+analys[ie]s,\s*|\bafter\s+adjust\w*[^,]*,\s*", s[:v.start], re.I):
        clause_start = m.end()
    head = s[clause_start:v.start]
    vm = _HR_SUBJ_VERB.search(head)
    if vm:
        subj = head[:vm.start()].strip(" ,")
        subj = re.sub(r"^(?:and|but|whereas|however|in\s+(?:multivariable|multivariate)\s+analysis)\s*,?\s*", "", subj, flags=re.I)
        subj = re.sub(r"^(?:patients|those)\s+(?:with|who\s+(?:had|underwent|received))\s+", "", subj, flags=re.I)
        subj = re.sub(r"^(?:the|a|an)\s+(?:presence\s+of\s+(?:an?\s+)?)?", "", subj, flags=re.I)
        if (subj and len(subj) <= 80 and not _BAD_SUBJECT.match(subj)
                and not any(m.kind in SURVIVAL for m in find_mentions(subj))):
            if ctx.randomised and names_an_arm(subj, ctx, values):
                return None  # "A improved OS (HR ...)" in a trial: A against the other arm, the main HR
            ctx.last_hr_group = subj
            return subj
    arms = [x.group for x in values if x.group and x.kind != "hr" and x.start < v.start]
    if len(arms) >= 2 and ctx.randomised:
        return None  # the trial's arms compared: the main between-arm HR
    if len(arms) >= 2:
        pick = _exposure(arms, s)
        ctx.last_hr_group = pick
        return pick
    if ctx.last_hr_group and re.search(r"\b(?:attenuated|adjust\w*|the\s+benefit|the\s+effect)\b", s[:v.start], re.I):
        return ctx.last_hr_group
    if ctx.randomised:  # a trial's main between-arm HR compares the arms: it has no group of its own
        return None
    for arms in (ctx.arms, [a.name for a in ctx.study_arms]):
        if len(arms) >= 2:
            pick = _exposure(arms, s)
            ctx.last_hr_group = pick
            return pick
    return None


_WITH = Rule("link.with", r"\bwith\s+",
    examples=[('patients with metastases', 'with ')],
    not_examples=['without'],
    note="'with' before an arm's defining feature",
)


def _exposure(arms: list[str], s: str) -> str:
    """Of two arms, the one an HR describes: not the 'without'/'no' arm; a 'with X' arm first."""
    for a in arms:
        named_with = any(s.startswith(a, m.end()) for m in _WITH.finditer(s))  # "with <arm>" in the sentence
        if named_with and not a.lower().startswith(("without", "no ", "non")):
            return a
    for a in arms:
        if not re.match(r"^(?:without|no|non)\b", a, re.I):
            return re.sub(r"^with\s+", "", a)
    return arms[0]


# ---------------------------------------------------------------------------------------------------------------
def attach_p(s: str, values: list[Value], ps: list[tuple[int, int, float | None]]) -> None:
    prev_end = 0
    clauses = clause_bounds(s)
    for a, b, p in ps:
        lo, _ = clause_of(a, clauses)
        # a clause boundary inside parentheses does not cut a comparison: "(HR 0.45; 95% CI ...; P < .001)"
        depth_lo = lo
        if s.count("(", 0, a) > s.count(")", 0, a):
            depth_lo = s.rfind("(", 0, a)
            depth_lo = clause_of(depth_lo, clauses)[0]
        group = [v for v in values if max(prev_end, depth_lo) <= v.start < a and not v.p_set]
        if any(v.group for v in group):
            group = [v for v in group if v.group or v.kind == "hr"]
        for v in group:
            v.p_value = p
            v.p_set = True
            if p is not None:
                record_why(v, "p", "p.after_its_comparison")
        prev_end = b
    # one p in the sentence is the p of its one comparison: the arms' figures printed after it share it
    # ("a lower risk of death (HR 0.75, p = 0.047) ... with 86 (9.9%) deaths in A and 111 (12.9%) in B")
    printed = {p for _, _, p in ps if p is not None}
    if len(ps) == 1 and len(printed) == 1:
        after = [v for v in values if not v.p_set and v.start > ps[0][1] and v.group and v.kind != "hr"]
        if len(after) >= 2 and any(v.p_set for v in values):
            for v in after:
                v.p_value = ps[0][2]
                v.p_set = True
                record_why(v, "p", "p.one_p_of_the_sentence")


def attach_symptoms(s: str, values: list[Value]) -> None:
    found: list[tuple[str, list[int]]] | None = None
    for v in values:
        if v.metric != "relief":
            continue
        if found is None:  # the symptom names of the sentence, looked up once
            found = [(name, [m.start() for m in rx.finditer(s)]) for rx, name in SYMPTOM_RE]
        best = None
        anchor = v.mention.start if v.mention else v.start
        for name, starts in found:
            if name == "symptoms" and best is not None:
                break  # the generic word only when no named symptom is there
            for start in starts:
                d = abs(start - anchor)
                if best is None or d < best[0] - 3:
                    best = (d, name)
        if best is None:
            # "relief from urinary retention was achieved in 90%": the relief of a named complaint
            obj = _RELIEF_FROM.search(s, v.mention.start, v.mention.end + 60) if v.mention is not None else None
            if obj is not None and obj.start() <= v.mention.end + 1:
                v.symptom = obj.group("o")
            else:
                v.dead = True
        else:
            v.symptom = best[1]
    values[:] = [v for v in values if not v.dead]


_RELIEF_FROM = Rule(
    "link.relief_from", r"\brelief\s+(?:of|from)\s+(?:the\s+|their\s+)?(?P<o>[a-z][\w-]*(?:\s+(?!was\b|were\b|in\b|of\b|at\b|after\b|with\b|and\b)"
    r"[a-z][\w-]*){0,2})", flags=re.IGNORECASE,
    examples=[('relief of their flushing', {'o': 'flushing'}), ('relief from abdominal pain was', {'o': 'abdominal pain'})],
    not_examples=['pain relief'],
    note="the symptom named after 'relief of/from'",
)
