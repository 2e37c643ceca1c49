"""Study metadata: design, setting, period, cohort size, arms and the authors' conclusion.

Only what the record states: a field the text does not give stays None.
"""
from __future__ import annotations

from itertools import islice

from nettool import _re as re

from nettool.extract.arms import find_total
from nettool.extract.engine import figures_and_arms
from nettool.extract.sentences import last_sentence, split_sentences
from nettool.load._reflow import finish
from nettool.models import Record, Study

_DESIGNS = [
    ("meta-analysis", re.compile(r"\bmeta[-\s]?analys[ie]s\b|\bsystematic\s+review\b", re.I)),
    ("randomized", re.compile(r"\brandomi[sz]ed\b|\brandomly\s+assigned\b", re.I)),
    ("prospective", re.compile(r"\bprospective(?:ly)?\b(?!\s+(?:maintained|collected|database))", re.I)),
    ("retrospective", re.compile(r"\bretrospective(?:ly)?\b|\bprospectively\s+maintained\b|\bwere\s+reviewed\b|"
                                 r"\bcohort\s+study\b|\bregistry\b", re.I)),
]
_PT_DESIGN = {"meta-analysis": "meta-analysis", "systematic review": "meta-analysis",
              "randomized controlled trial": "randomized", "clinical trial": "prospective",
              "observational study": "retrospective"}
_SETTING = re.compile(
    r"\bat\s+(?:the\s+)?(?P<s>(?:[A-Z][\w'&.-]*\s+){0,5}(?:Clinic|Hospital|Institute|University|Center|Centre|"
    r"Medical\s+Center|Cancer\s+Center)(?:\s+(?:of|in|for)\s+(?:[A-Z][\w'&.-]*\s*){1,4})?|"
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:centres?|centers?|hospitals?|units?|institutions?|programmes?|programs?))",
)
_PERIOD = re.compile(
    r"\b(?:between|from)\s+(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?"
    r"(?P<a>(?:19|20)\d\d)\s+(?:and|to|until|through)\s+(?:(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+)?(?P<b>(?:19|20)\d\d)\b"
    r"|\(?(?P<c>(?:19|20)\d\d)\s*[-\u2013\u2014]\s*(?P<d>(?:19|20)\d\d)\)?"
)
_CONCLUSION = re.compile(r"^(?:conclusions?|interpretation|summary)$", re.I)


def study_of(record: Record) -> Study:
    """The record's figures and what the abstract says about the study."""
    figures, arms = figures_and_arms(record)
    finish(record, figures)
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
