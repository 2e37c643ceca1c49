"""Study metadata: design, setting, period, cohort size, arms and the authors' conclusion.

Only what the record states: a field the text does not give stays None.
"""
from __future__ import annotations

from itertools import islice

import re

from nettool.extract.engine import figures_and_arms
from nettool.extract.rules import Rule
from nettool.extract.sentences import last_sentence, split_sentences
from nettool.load._reflow import finish
from nettool.models import Record, Study

# Design words, tried in this order on the study's own methods sentences (never its background or
# conclusions: "a randomised trial is warranted" is not a randomised trial).
_META = re.compile(r"\bmeta[-\s]?analys[ie]s\b|\bmeta[-\s]?analytic\b|\bpooled\s+analysis\s+of\s+\d+\s+studies\b", re.I)
_SYSTEMATIC = re.compile(r"\bsystematic(?:ally)?\s+(?:literature\s+)?(?:review|search)(?:ed)?\b|\bPRISMA\b|"
                         r"\bscoping\s+review\b", re.I)
_DESIGNS = [
    ("randomized", re.compile(r"\b(?:were|was|been|being)\s+(?:\w+\s+)?randomi[sz]ed\b|\brandomly\s+(?:assigned|allocated)\b|"
                              r"\brandomi[sz]ed\s+(?:\w+[-\s,]+){0,3}?(?:trial|study)\b|\brandomi[sz]ation\b", re.I)),
    ("retrospective", re.compile(r"\bretrospective(?:ly)?\b|\bprospectively\s+(?:maintained|collected|kept|recorded)\b|"
                                 r"\bpropensity[-\s](?:score[-\s])?(?:matched|matching|weighted|score)\b|\bwere\s+reviewed\b|"
                                 r"\b(?:database|registry|records?|charts?)\s+(?:was|were)\s+(?:reviewed|queried|searched)\b|"
                                 r"\bcase[-\s]control\b|\bregistry\b|\bcohort\s+study\b", re.I)),
    ("prospective", re.compile(r"\bprospective(?:ly)?\b(?!\s+(?:maintained|collected|kept|recorded|database|registry))", re.I)),
]
# a sentence that recommends or anticipates a study instead of describing this one
_NOT_THIS_STUDY = re.compile(
    r"\b(?:warrant(?:ed|s)?|needed|required|necessary|should|would|future|further|awaited|lacking|lack\s+of|"
    r"no\s+randomi[sz]ed|in\s+the\s+absence\s+of|ongoing|planned|remains?\s+(?:to|unclear))\b",
    re.I)
_OWN_SECTIONS = re.compile(r"method|design|patients|participants|materials|setting|study|intervention|results|"
                           r"findings|^$", re.I)
_SUBGROUP = re.compile(r"\b(?:sub-?group|post[-\s]hoc|secondary|exploratory|ancillary)\s+analys[ie]s\s+of\b|"
                       r"\bsub-?study\s+of\b", re.I)
_PT_DESIGN = {"meta-analysis": "meta-analysis", "systematic review": "systematic review",
              "randomized controlled trial": "randomized", "clinical trial": "prospective",
              "observational study": "retrospective"}
_SETTING = Rule(
    "study.setting",
    r"\bat\s+(?:the\s+)?(?P<s>(?:[A-Z][\w'&.-]*\s+){0,5}(?:Clinic|Hospital|Institute|University|Center|Centre|"
    r"Medical\s+Center|Cancer\s+Center)(?:\s+(?:of|in|for)\s+(?:[A-Z][\w'&.-]*\s*){1,4})?|"
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:centres?|centers?|hospitals?|units?|institutions?|programmes?|programs?))",
    examples=[("treated at the Northfield University Hospital between", {"s": "Northfield University Hospital"}),
              ("enrolled at 14 French centres", {"s": "14 French centres"})],
    not_examples=["treated at home", "seen in hospital"],
)
_PERIOD = Rule(
    "study.period",
    r"\b(?:between|from)\s+(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?"
    r"(?P<a>(?:19|20)\d\d)\s+(?:and|to|until|through)\s+(?:(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+)?(?P<b>(?:19|20)\d\d)\b"
    r"|\(?(?P<c>(?:19|20)\d\d)\s*[-\u2013\u2014]\s*(?P<d>(?:19|20)\d\d)\)?",
    examples=[("operated on between March 2004 and June 2015", {"a": "2004", "b": "2015"}),
              ("a cohort (1998\u20132012)", {"c": "1998", "d": "2012"})],
    not_examples=["between 12 and 40 patients", "from 1850 to 1870"],
)
_CONCLUSION = Rule("study.conclusion_section", r"^(?:conclusions?|interpretation|summary)$", flags=re.I,
                   examples=["conclusions", "Interpretation"], not_examples=["conclusions and relevance"])


def study_of(record: Record) -> Study:
    """The record's figures and what the abstract says about the study."""
    figures, arms, n_total = figures_and_arms(record)
    finish(record, figures)
    body = " ".join(text for _, text in record.body())
    design, kind = design_and_kind(record)
    return Study(
        record=record,
        figures=figures,
        design=design,
        kind=kind,
        setting=_setting(body),
        period=_period(body),
        n_total=n_total,
        arms=arms,
        conclusion=_conclusion(record.body()),
    )


def design_and_kind(record: Record) -> tuple[str | None, str]:
    """The study design (meta-analysis, systematic review, randomized, prospective, retrospective)
    and the record's kind (study, subgroup analysis, meta-analysis, review).

    Publication types first; then the title and the study's own sentences -- the methods and
    results, not the background or conclusions, and no sentence that recommends or anticipates a
    study ("a randomised trial is warranted").  "Prospectively maintained database" and
    "propensity-matched" are retrospective designs.
    """
    types = [pt.lower() for pt in record.publication_types]
    own = _own_sentences(record)
    heading = record.title or ""
    design = next((_PT_DESIGN[pt] for pt in types if pt in _PT_DESIGN), None)
    if design is None:
        if _secondary(heading, own, _META):
            design = "meta-analysis"
        elif _secondary(heading, own, _SYSTEMATIC):
            design = "systematic review"
        else:
            for sentence in ([record.title] if record.title else []) + own:
                if _NOT_THIS_STUDY.search(sentence):
                    continue
                design = next((name for name, rx in _DESIGNS if rx.search(sentence)), None)
                if design:
                    break
    if design == "meta-analysis":
        kind = "meta-analysis"
    elif design == "systematic review" or "review" in types or "systematic review" in types:
        kind = "review"
    elif _SUBGROUP.search(heading) or any(_SUBGROUP.search(x) for x in own[:6]):
        kind = "subgroup analysis"
    else:
        kind = "study"
    return design, kind


# a sentence that presents this work ("we performed a meta-analysis", "this systematic review") ...
_SELF = re.compile(r"\b(?:we|our|this|the\s+present|the\s+current|here)\b", re.I)
# ... and not one that cites another ("a recent meta-analysis found [12]", "Smith et al")
_CITES = re.compile(r"\[\d|\(\d+(?:\s*[,\u2013-]\s*\d+)*\)|\bet\s+al\b|\b(?:recent|previous|prior|earlier|several|other|"
                    r"published)\b|\b(?:found|showed|shown|concluded|reported|suggested|demonstrated|indicated)\b", re.I)


def _secondary(heading: str, own: list[str], rx: re.Pattern[str]) -> bool:
    """A meta-analysis / systematic review when the title says so, or one of the study's first own
    sentences presents this work as one (never a sentence citing another)."""
    if rx.search(heading):
        return True
    size = 0
    for sentence in own:
        size += len(sentence)
        if size > 3000:
            break
        if rx.search(sentence) and _SELF.search(sentence) and not _CITES.search(sentence) \
                and not _NOT_THIS_STUDY.search(sentence):
            return True
    return False


def _own_sentences(record: Record) -> list[str]:
    """The sentences that describe this study: methods/results sections, or (unstructured) every
    sentence but the last, capped at 6,000 characters."""
    out: list[str] = []
    labelled = False
    size = 0
    for off, chunk in record.body():
        for _, sentence, section in split_sentences(chunk, off):
            if section:
                labelled = True
            if section and not _OWN_SECTIONS.search(section):
                continue
            out.append(sentence)
            size += len(sentence)
            if size > 6000:
                return out
    if not labelled and len(out) > 3:
        out = out[:-1]  # an unstructured abstract ends on its conclusion
    return out


def _setting(body: str) -> str | None:
    m = _SETTING.search(body[:6000])
    return m.group("s").strip().rstrip(".,;") if m else None


def _period(body: str) -> str | None:
    m = _PERIOD.search(body[:6000])
    if not m:
        return None
    a, b = (m.group("a"), m.group("b")) if m.group("a") else (m.group("c"), m.group("d"))
    return f"{a}-{b}" if int(a) <= int(b) else None


def _conclusion(body: list[tuple[int, str]]) -> str | None:
    labelled = [sent for off, chunk in body for _, sent, _ in split_sentences(chunk, off, sections=_CONCLUSION.match)]
    if labelled:
        return " ".join(labelled)
    # an unstructured abstract usually ends on its conclusion
    first = list(islice((sent for off, chunk in body for _, sent, _ in split_sentences(chunk, off)), 4))
    if len(first) >= 4:
        last = last_sentence(body)
        if last and len(last) > 40 and not re.search(r"\d", last):
            return last
    return None
