"""Stage 2, structure: clauses, brackets, lead phrases ("After complete cytoreduction, ..."), coordinated lists
of values and of arms ("A vs. B", "the A, B, and C groups", "in group 1 and group 2", "x vs y; x vs y").
"""
from __future__ import annotations

import re

from nettool.extract.spans import Value
from nettool.extract.tag import PERCENT, TIME, is_range_part, is_threshold
from nettool.extract.context import clean_group
from nettool.extract.rules import Rule

PAREN = Rule("structure.paren", r"\s*\([^()]*\)",
    examples=[('40% (12/30) after', ' (12/30)')],
    not_examples=['no brackets'],
    note='a bracketed aside with no bracket inside, with the spaces before it',
)


CLOSE = Rule("structure.close", r"\s*[)\]](?=\s+[a-z])",
    examples=[('12%) after', ')')],
    not_examples=['12%).'],
    note='a closing bracket followed by a lower-case word: the clause goes on after it',
)


COND_PREFIX = Rule(
    "structure.cond_prefix", r"^(?P<c>(?:After|Following|Among|In|For|With|Without|Within)\s+[^,;:]{3,160}?),\s+", flags=re.IGNORECASE,
    examples=[('After complete cytoreduction, OS was', {'c': 'After complete cytoreduction'})],
    not_examples=['OS after resection was'],
    note="a lead phrase at the start of a sentence ('After complete cytoreduction, ...'): the arm of what follows",
)


_VS = Rule("structure.vs", r"\b(?:vs\.?|versus|compared\s+with|compared\s+to|as\s+against)\s", flags=re.IGNORECASE,
    examples=[('40% vs 30%', 'vs '), ('compared with surgery', 'compared with ')],
    not_examples=['the survey'],
    note='a comparison word between arms or values',
)


_PAREN_VS = Rule(
    "structure.paren_vs", r"\(\s*(?P<a>[A-Za-z][^();,]{0,40}?)\s+(?:vs\.?|versus)\s+(?P<b>[A-Za-z][^();,]{0,40}?)\s*[;,)]", flags=re.IGNORECASE,
    examples=[('(surgery vs chemotherapy)', {'a': 'surgery', 'b': 'chemotherapy'})],
    not_examples=['(surgery)'],
    note="'(A vs B)' in brackets: the arms of the values before it",
)


RESPECTIVELY = Rule("structure.respectively", r"\brespectively\b|\bcorresponding\b", flags=re.IGNORECASE,
    examples=['40% and 30%, respectively', 'the corresponding rates'],
    not_examples=['respective'],
    note="'respectively' or 'corresponding': values map onto a list of arms or timepoints in order",
)


_LEAD_VERB = Rule(
    "structure.lead_verb", r"\b(?:was|were|is|are|had|has|have|did|occurred|developed|died|achieved|underwent|received|showed|reached|improved)\b",
    flags=re.IGNORECASE,
    examples=[('OS was 40%', 'was'), ('patients died', 'died')],
    not_examples=['after resection'],
    note='a finite verb: a lead phrase ends before it',
)


_DISCOURSE = Rule(
    "structure.discourse", r"^(?:In|For|With)\s+(?:addition|contrast|conclusion|summary|particular|total|general|comparison|brief|short|sum|"
    r"fact|practice|turn|(?:this|the\s+present|the\s+current|our|the)\s+(?:\w+\s+)?(?:study|trial|series|analysis|cohort|"
    r"population|report))\b",
    flags=re.IGNORECASE,
    examples=[('In addition, OS', 'In addition'), ('In this study, OS', 'In this study')],
    not_examples=['In patients with metastases, OS'],
    note="a discourse opener that is no lead phrase ('In addition,', 'In our series,')",
)


def lead_phrase(s: str, masked: list[tuple[int, int]]) -> tuple[str | None, str | None]:
    """'After complete cytoreduction, median OS ...' -> condition; 'In the subgroup with X, ...' -> group X.

    The lead phrase is masked: its numbers are thresholds or definitions, never figures.
    """
    cm = COND_PREFIX.match(s)
    if not cm:
        return None, None
    lead = cm.group("c")
    if _VS.search(lead) or _LEAD_VERB.search(lead) or TIME.search(lead):
        return None, None
    if _DISCOURSE.match(lead):  # "In addition, ...", "In this trial, ...": no condition
        return None, None
    for m in PERCENT.finditer(lead):
        if not is_threshold(lead, m.start(), m.end()) and not is_range_part(lead, m.start("n"), m.end()):
            return None, None
    masked.append((0, cm.end()))
    g = re.match(r"^(?:In|Among|For)\s+(?:the\s+)?(?:\d+\s+)?(?:subgroup|patients|those|subset|group)\s+(?P<w>with|without|who\s+had|of)\s+(.+)$", lead, re.I)
    if g:
        name = clean_group(g.group(2))
        return None, (f"without {name}" if name and g.group("w").lower() == "without" else name)
    return lead, None


LIST_JOIN = Rule("structure.list_join", r"^\s*(?:,|and|or|,\s*and|&)\s*(?:(?:the\s+)?(?:median|mean)\s+)?$", flags=re.IGNORECASE,
    examples=[(', and ', ', and '), (' and the median ', ' and the median ')],
    not_examples=['was'],
    note='what may stand between two items of a list of values',
)


def chunks_joined(s: str, vals: list[Value], k: int) -> bool:
    """Within a chunk the values are compared ('vs', 'and'); between chunks a comma or semicolon separates them."""
    inner = [s[vals[i - 1].end:vals[i].start] for i in range(1, len(vals)) if i % k]
    all_vs = all(re.search(r"\b(?:vs\.?|versus)(?!\w)", g) for g in inner)
    for i in range(1, len(vals)):
        gap = s[vals[i - 1].end:vals[i].start]
        if i % k == 0:
            if not (re.search(r"[,;]", gap) or (all_vs and re.search(r"\band\b", gap))):
                return False
        elif re.search(r"[,;]", gap) or not re.search(r"\b(?:vs\.?|versus|and|to)(?!\w)|:", gap):
            return False
    return True


_CLAUSE_CHARS = Rule("structure.clause_chars", r"[()\[\];]",
    examples=[('40% (12/30); OS', '(')],
    not_examples=['no brackets here'],
    note='the brackets and semicolons that bound clauses',
)


def clause_bounds(s: str) -> list[int]:
    """Where the sentence's clauses start: after each semicolon outside brackets."""
    bounds = [0]
    if ";" in s:
        depth = 0
        for m in _CLAUSE_CHARS.finditer(s):
            ch = m.group()
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth = max(0, depth - 1)
            elif depth == 0:
                bounds.append(m.end())
    bounds.append(len(s) + 1)
    return bounds


def clause_of(pos: int, bounds: list[int]) -> tuple[int, int]:
    for a, b in zip(bounds, bounds[1:]):
        if a <= pos < b:
            return a, b
    return 0, bounds[-1]


PLAIN_LIST = Rule("structure.plain_list", r"^\s*(?:,|and|or|,\s*and)?\s*$", flags=re.IGNORECASE,
    examples=[(', and ', ', and '), ('', '')],
    not_examples=['was'],
    note="what stands between two values of a plain list (nothing, a comma, 'and', 'or')",
)


SUBJ_COMPARE = Rule(
    "structure.subj_compare", r"^(?:(?:In\s+contrast|However|Moreover|In\s+addition|Similarly|Conversely),?\s+)?"
    r"(?:patients|those|subjects|cases|women|men|children|participants|individuals)\s+(?:with|who\s+had|who\s+received|who\s+underwent|treated\s+with)\s+(?:an?\s+|the\s+)?"
    r"(?P<a>[^,;()]{2,80}?)\s+(?:had|showed|experienced|achieved|lived)\s+(?:a\s+|an\s+)?(?:significantly\s+)?"
    r"(?:longer|shorter|better|worse|higher|lower|improved|poorer|superior|inferior)\b[^,;()]{0,40}?\s+than\s+"
    r"(?:(?:those|patients|subjects|women|men|children|participants)\s+)?(?:(?P<neg>without)|with|who\s+had)?\s*(?P<b>[^,;()]{2,80}?)\s*(?=[(,;]|$)",
    flags=re.IGNORECASE,
    examples=[('Patients with small tumours had longer survival than those with large tumours', {'a': 'small tumours', 'b': 'large tumours', 'neg': None})],
    not_examples=['Survival was longer'],
    note="'patients with A had longer X than (those with) B': the two arms of a comparison sentence",
)


_GROUP_VS_GROUP = Rule(
    "structure.group_vs_group", r"\b(?:in|with|for|among)\s+(?:the\s+)?(?P<a>[^,;()]{2,60}?)\s+(?:group|arm|cohort)\s+(?:than|compared\s+(?:with|to)|"
    r"versus|vs\.?|and)\s+(?:in\s+|with\s+|for\s+)?(?:the\s+)?(?P<b>[^,;()]{2,60}?)\s+(?:group|arm|cohort)s?\b",
    flags=re.IGNORECASE,
    examples=[('in the surgery group than in the control group', {'a': 'surgery', 'b': 'control'})],
    not_examples=['in the surgery group'],
    note="'in the A group than/versus the B group': two arms in a comparison",
)


_CMP_WORD = Rule("structure.cmp_word", r"\s*(?:≥|≤|>=|<=|>|<|above|below|over|under|of\s+at\s+least|or\s+more|or\s+less)\s*", flags=re.IGNORECASE,
    examples=[(' ≥ ', ' ≥ '), (' or more', ' or more')],
    not_examples=['and'],
    note='a comparison word of a threshold',
)


def vs_pairs(s: str, vs: list[Value]) -> bool:
    """Values two by two, 'x vs y' inside a pair, a clause or bracket boundary between pairs."""
    for i in range(1, len(vs)):
        gap = s[vs[i - 1].end:vs[i].start]
        if i % 2 and not re.fullmatch(r"\s*(?:vs\.?|versus)\s*", gap):
            return False
        if not i % 2 and not re.search(r"[;)]", gap):
            return False
    return True


_ARM_LIST = Rule(
    "structure.arm_list", r"\b(?:in|between|among|for)\s+the\s+(?P<l>[A-Za-z][^;()]{2,120}?(?:,\s*(?:and|or)\s+|\s+(?:and|or)\s+)[^;(),]{1,40}?)\s+"
    r"(?:groups|arms|cohorts)\b", flags=re.IGNORECASE,
    examples=[('in the surgery, chemotherapy and control groups', {'l': 'surgery, chemotherapy and control'})],
    not_examples=['in the surgery group'],
    note="'in the A, B and C groups': a list of arms",
)


_LABEL_LIST = Rule(
    "structure.label_list", r"\b(?:in|between|among|for)\s+(?:the\s+)?(?P<l>(?:group|arm)\s+\w{1,3}(?:\s*,\s*(?:group|arm)\s+\w{1,3})*\s*,?\s+(?:and|or)\s+"
    r"(?:group|arm)\s+\w{1,3})\b", flags=re.IGNORECASE,
    examples=[('in arm A, arm B and arm C', {'l': 'arm A, arm B and arm C'})],
    not_examples=['in group A'],
    note="'in arm A, arm B and arm C': a list of lettered arms",
)


PLURAL_LABELS = Rule(
    "structure.plural_labels", r"\b(?:in|between|among|for)\s+(?:the\s+)?(?P<noun>arms|groups|cohorts)\s+"
    r"(?P<l>\w{1,3}(?:\s*,\s*\w{1,3})*\s*,?\s+(?:and|or)\s+\w{1,3})\b", flags=re.IGNORECASE,
    examples=[('in arms A and B', {'noun': 'arms', 'l': 'A and B'}), ('for the groups I, II and III', {'l': 'I, II and III'})],
    not_examples=['in arm A'],
    note="'in arms A and B': a list of arm labels after a plural noun",
)


def listed_arms(s: str) -> list[str] | None:
    """'Morbidity in the total laparoscopic, hand-assisted laparoscopic, and open groups', 'in group 1 and group 2':
    the arms, in order."""
    lm = _LABEL_LIST.search(s)
    if lm is not None:
        return [x.strip() for x in re.split(r",\s*(?:and|or)\s+|,\s*|\s+(?:and|or)\s+", lm.group("l")) if x.strip()]
    pm = PLURAL_LABELS.search(s)  # "in arms A and B", "for groups 1, 2 and 3"
    if pm is not None:
        noun = pm.group("noun").lower().rstrip("s")
        return [f"{noun} {x.strip()}" for x in re.split(r",\s*(?:and|or)\s+|,\s*|\s+(?:and|or)\s+", pm.group("l")) if x.strip()]
    m = _ARM_LIST.search(s)
    if m is None:
        return None
    names = [x.strip() for x in re.split(r",\s*(?:and|or)\s+|,\s*|\s+(?:and|or)\s+", m.group("l")) if x.strip()]
    if len(names) < 2 or any(len(x) > 40 or any(ch.isdigit() for ch in x) for x in names):
        return None
    return names


def compare_arms(s: str) -> list[str] | None:
    """'Patients with a Ki-67 index ≥ 5% had shorter PFS than those below 5%' -> the two arms."""
    m = SUBJ_COMPARE.match(s)
    if m:
        a, b = m.group("a").strip(), m.group("b").strip()
        if m.group("neg"):
            b = f"without {b}"
        cm = _CMP_WORD.search(a)
        if cm and _CMP_WORD.match(b):  # "those below 5%": the variable comes from the first arm
            b = f"{a[:cm.start()].strip()} {b}"
        return [a, b]
    g = _GROUP_VS_GROUP.search(s)
    if g:
        return [g.group("a").strip(), g.group("b").strip()]
    c = _COMPARATIVE.search(s)
    if c:
        return [clean_group(c.group("a")) or c.group("a"), clean_group(c.group("b")) or c.group("b")]
    b = _BETWEEN.search(s)
    if b and not any(ch.isdigit() for ch in b.group("a") + b.group("b")):
        return [clean_group(b.group("a")) or b.group("a"), clean_group(b.group("b")) or b.group("b")]
    return None


# "Five-year survival did not differ between bioprosthetic and mechanical valves (54% vs 48%; P = 0.62)"
_BETWEEN = Rule(
    "structure.between", r"\b(?:differ\w*|similar|compar\w+|difference)\s+between\s+(?:the\s+)?(?P<a>[^,;()]{2,60}?)\s+and\s+(?:the\s+)?"
    r"(?P<b>[^,;()]{2,60}?)\s*(?=[(,;]|$)",
    flags=re.IGNORECASE,
    examples=[('no difference between the surgery and control arms', {'a': 'surgery', 'b': 'control arms'})],
    not_examples=['between 10 and 20'],
    note="'difference between A and B': the two arms of a comparison",
)


_COMPARATIVE = Rule(
    "structure.comparative", r"\b(?:more|less|higher|lower|longer|shorter|better|worse|greater|smaller)\s+(?:frequent|common|likely|often)?\s*"
    r"(?:after|in|with|for|among|following)\s+(?P<a>[^,;()]{2,80}?)\s+than\s+(?:after|in|with|for|among|following|those|"
    r"patients)?\s*(?P<b>[^,;()]{2,80}?)\s*(?=[(,;]|$)",
    flags=re.IGNORECASE,
    examples=[('higher after surgery than after chemotherapy', {'a': 'surgery', 'b': 'chemotherapy'})],
    not_examples=['higher than expected'],
    note="'higher after A than (after) B': the two arms of a comparison",
)


def sub_series(s: str, values: list[Value]) -> list[list[Value]]:
    out: list[list[Value]] = []
    cur: list[Value] = []
    prev: Value | None = None
    for v in values:
        if v.kind == "hr":
            continue
        if prev is not None:
            gap = s[prev.end:v.start]
            if (_VS.search(gap) or re.search(r"[;:]|\bwhereas\b|\bwhile\b", gap) or prev.mention is not v.mention
                    or (prev.group and re.search(r"\band\b|,", gap))):
                out.append(cur)
                cur = []
        cur.append(v)
        prev = v
    if cur:
        out.append(cur)
    return out


def paren_arms(s: str, end: int) -> list[str] | None:
    m = _PAREN_VS.search(s, max(0, end - 2), min(len(s), end + 80))
    if not m or m.start() - end > 3:
        return None
    a, b = m.group("a").strip(), m.group("b").strip()
    # "within vs outside criteria" -> the shared noun goes to both
    if " " not in a and " " in b:
        a = f"{a} {b.split(' ', 1)[1]}"
    return [a, b]
