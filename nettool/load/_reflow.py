"""Hard-wrapped text (PubMed's "Abstract (text)" export wraps at 80 columns, e-mails and terminals too).

Extraction splits sentences at line breaks, so a wrapped paragraph is read as
one line: :func:`reflow` turns every *soft* line break into a space.  The
result has exactly the length of the input, so every offset into it is an
offset into the original text: a record keeps its original ``text`` (figures'
``start``/``end``, ``sentence`` and ``surface`` index and quote it verbatim,
line breaks included) and reads its body from the reflowed ``view``.

A line break is soft when both lines around it hold text and the next line does
not open a block of its own: a section label ("RESULTS:"), a heading, a list
item, an identifier line (PMID:, DOI:), a copyright line.
"""
from __future__ import annotations

import re

# a line that opens a block of its own whatever came before it
_BLOCK_START = re.compile(
    r"[ \t]*(?:[-•*·▪‣◦](?:\s|$)|\(?\d{1,2}[.)]\s+[A-Z]|\(\d{1,3}\)\S|"
    r"(?:PMID|PMCID|DOI|doi)\s?:|©|\(c\)\s|Copyright\b|Author information|Conflict of interest|"
    r"Comment in|Erratum in|Update of|Similar articles|Cited by|Publication types|MeSH terms|"
    r"(?:TITLE|ABSTRACT|BODY)\b)"
)
# a section label ("RESULTS:", "Methods:") opens a block only after a line that ends a sentence: a wrapped
# line may well start with "CVVH: 55.6%" in the middle of one
_LABEL_START = re.compile(
    r"[ \t]*(?:[A-Z][A-Z /&,()-]{2,60}:|(?:Background|Introduction|Aims?|Objectives?|Purpose|Context|Importance|"
    r"Methods?|Materials and methods|Patients and methods|Design|Setting|Patients|Participants|Interventions?|"
    r"Main outcome measures?|Results|Findings|Conclusions?|Interpretation|Discussion|Summary|"
    r"Trial registration|Keywords?|Abstract)\s*[:.](?:\s|$))"
)
_SENTENCE_END = re.compile(r"[.:;!?][\"')\]]?\s*$")
_HEADING = re.compile(r"[ \t]*(?:[A-Z][A-Z /&,()-]{2,60}|Abstract|Summary|Background|Methods|Results|"
                      r"Conclusions?)\s*:?\s*$")
_WRAP_MAX = 120  # a hard-wrapped file has no line longer than this
_WRAP_MIN_LONG = 3  # ... and at least this many lines near its wrap width


def looks_wrapped(text: str) -> bool:
    """True for text whose lines were broken at a fixed width (no line over 120 characters, several near it)."""
    lengths = [len(line.rstrip()) for line in text.split("\n", 20000) if line.strip()]
    if len(lengths) < _WRAP_MIN_LONG:
        return False
    width = max(lengths)
    if width > _WRAP_MAX or width < 40:
        return False
    return sum(1 for n in lengths if n >= 0.75 * width) >= _WRAP_MIN_LONG


def reflow(text: str, *, paragraphs: bool = False) -> str:
    """``text`` with soft line breaks replaced by spaces (same length, same offsets).

    With ``paragraphs`` every line break inside a blank-line separated block is soft (PubMed's text export
    starts each section, author list and identifier block after a blank line).
    """
    lines = text.split("\n")
    out = list(text)
    pos = 0
    for i in range(len(lines) - 1):
        line, nxt = lines[i], lines[i + 1]
        pos += len(line)
        if line.strip() and nxt.strip() and (paragraphs or _soft(line, nxt)):
            out[pos] = " "
        pos += 1
    return "".join(out)


def _soft(line: str, nxt: str) -> bool:
    if _HEADING.match(line) or _BLOCK_START.match(nxt):
        return False
    return not (_LABEL_START.match(nxt) and _SENTENCE_END.search(line))



def finish(record, figures) -> None:  # type: ignore[no-untyped-def]
    """Give each figure of ``record`` the record's label, year and authors, and -- for a reflowed record --
    its ``sentence`` and ``surface`` verbatim from the original text (line breaks included)."""
    authors = "; ".join(record.authors) if record.authors else None
    label = record.label
    view, text = record.view, record.text
    for fig in figures:
        fig.study, fig.year, fig.authors = label, record.year, authors
        if view is None or "\n" not in text[max(0, fig.start - len(fig.sentence)):fig.end + len(fig.sentence)]:
            continue
        start = _sentence_start(view, fig)
        if start is not None:
            fig.sentence = text[start:start + len(fig.sentence)]
        fig.surface = text[fig.start:fig.end]


def _sentence_start(view: str, fig) -> int | None:  # type: ignore[no-untyped-def]
    """Where ``fig.sentence`` (a slice of ``view``) starts: the occurrence that holds the figure's surface."""
    sentence, n = fig.sentence, len(fig.sentence)
    i = sentence.find(fig.surface)
    while i >= 0:
        start = fig.start - i
        if start >= 0 and view[start:start + n] == sentence:
            return start
        i = sentence.find(fig.surface, i + 1)
    return None


__all__ = ["looks_wrapped", "reflow", "finish"]
