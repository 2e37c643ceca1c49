"""Study metadata: design, setting, period, cohort size, arms and the authors' conclusion.

Only what the record states: a field the text does not give stays None.
"""
from __future__ import annotations

from itertools import islice

import re

from nettool.extract.arms import find_total
from nettool.extract.engine import figures_and_arms
from nettool.extract.rules import Rule, Table
from nettool.extract.sentences import last_sentence, split_sentences
from nettool.models import Record, Study

_DESIGNS = [
    ("meta-analysis", Rule("study.design_meta_analysis", r"\bmeta[-\s]?analys[ie]s\b|\bsystematic\s+review\b",
                           flags=re.I, examples=["a meta-analysis of 12 series", "A systematic review"],
                           not_examples=["the analysis of 12 series"])),
    ("randomized", Rule("study.design_randomized", r"\brandomi[sz]ed\b|\brandomly\s+assigned\b", flags=re.I,
                        examples=["patients were randomised to", "were randomly assigned"],
                        not_examples=["non-random allocation"])),
    ("prospective", Rule("study.design_prospective",
                         r"\bprospective(?:ly)?\b(?!\s+(?:maintained|collected|database))", flags=re.I,
                         examples=["a prospective trial", "followed prospectively"],
                         not_examples=["a prospectively maintained database", "prospective database"])),
    ("retrospective", Rule("study.design_retrospective",
                           r"\bretrospective(?:ly)?\b|\bprospectively\s+maintained\b|\bwere\s+reviewed\b|"
                           r"\bcohort\s+study\b|\bregistry\b", flags=re.I,
                           examples=["charts were reviewed", "a national registry", "a prospectively maintained list"],
                           not_examples=["a prospective trial"])),
]
_PT_DESIGN = Table("study.publication_type_design",
                   {"meta-analysis": "meta-analysis", "systematic review": "meta-analysis",
                    "randomized controlled trial": "randomized", "clinical trial": "prospective",
                    "observational study": "retrospective"},
                   examples=[("randomized controlled trial", "randomized"), ("observational study", "retrospective")],
                   not_examples=["case reports"], note="PubMed publication types (lower-cased) and the design each names"
                   ).entries
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
    figures, arms = figures_and_arms(record)
    body = " ".join(text for _, text in record.body())
    return Study(
        record=record,
        figures=figures,
        design=_design(body, record),
        setting=_setting(body),
        period=_period(body),
        n_total=find_total(body),
        arms=arms,
        conclusion=_conclusion(record.body()),
    )


def _design(body: str, record: Record) -> str | None:
    for pt in record.publication_types:
        d = _PT_DESIGN.get(pt.lower())
        if d:
            return d
    text = body[:6000]
    for name, rx in _DESIGNS:
        if rx.search(text):
            return name
    return None


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
