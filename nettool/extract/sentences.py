"""Sentence splitting with offsets.

Sentences never cross a line break (every line of a text file is a paragraph
or a heading) and a period ends a sentence only when a capital letter, digit or
bracket follows and the word before it is not an abbreviation ("vs.", "et al.",
"e.g.", "Fig.").  A structured-abstract label at the start of a sentence
("RESULTS:", "Methods:") is left out of the sentence.  The patterns are rules
(``nettool.extract.rules``) with examples.
"""
from __future__ import annotations

import re
from typing import Iterator

from nettool.extract.rules import Rule, Table

_ABBREVIATIONS = Table("sentence.abbreviations", (
    "vs", "v", "al", "e.g", "i.e", "cf", "fig", "figs", "no", "nos", "approx", "ca", "dr", "mr", "mrs", "ms", "st", "resp",
    "ref", "refs", "vol", "ed", "eds", "incl", "min", "max", "mo", "yr", "yrs", "wk", "wks", "sec", "inc", "ltd", "co",
    "jr", "sr", "etc", "viz", "pts", "pt", "n",
), examples=["vs", "al", "e.g", "fig", "n"], not_examples=["mg", "pm"],
    note="a period after one of these (any case) does not end a sentence").entries
# A sentence ends at . ! or ? followed by an optional closing quote or bracket, white space and a capital letter,
# digit or opening bracket, unless the period ends an abbreviation ("vs.", "et al.", "e.g.") or a single letter
# ("J. Smith").  The abbreviations are look-behinds, one per length (a look-behind needs a fixed width), tested only
# where the look-ahead found the start of a next sentence: one regex scan in C.
_BOUNDARY = Rule(
    "sentence.boundary",
    r"[.!?](?=[\"')\]]?\s+[\"'(\[]?[A-Z0-9\u00C0-\u024F])"
    + "".join(
        rf"(?<!\b(?i:{'|'.join(re.escape(a) for a in _ABBREVIATIONS if len(a) == n)})\.)"
        for n in sorted({len(a) for a in _ABBREVIATIONS})
    )
    + r"(?<!\b[A-Za-z]\.)[\"')\]]?\s+",
    examples=[("Median OS was 40 months. Five patients died.", ". "), ("It worked! (Table 2)", "! "),
              ("as shown (Fig. 2). Then", ". "), ('"Done." Next', '." ')],
    not_examples=["survival vs. resection", "Smith et al. Reported", "e.g. Octreotide", "J. Smith", "ends here.",
                  "see fig. 3", "a period. lower case"],
)
# A label at the start of a sentence: "RESULTS:", "Materials and methods:", "DESIGN AND SETTING:".
_LABEL = Rule(
    "sentence.label",
    r"^(?:(?:[A-Z][A-Z /&,-]{2,60})|(?:(?:Background|Introduction|Aims?|Objectives?|Purpose|Context|Importance|"
    r"Methods?|Materials and methods|Patients and methods|Design|Setting|Design and setting|Patients|"
    r"Participants|Interventions?|Main outcome measures?|Results|Findings|Conclusions?|Interpretation|"
    r"Discussion|Summary|Trial registration|Study design|Summary background data|Methodology)))\s*[:.]\s+",
    examples=[("RESULTS: Median OS was 40 months", "RESULTS: "), ("Patients and methods. We reviewed", "Patients and methods. "),
              ("DESIGN AND SETTING: A cohort", "DESIGN AND SETTING: ")],
    not_examples=["Results were good: 40%", "Median OS: 40 months", "OS: 40 months"],
    note="a structured-abstract label at the start of a sentence: capitals, or one of the usual section names",
)
_LINE = Rule("sentence.line", r"[^\n]+", examples=[("first line\nsecond", "first line")], not_examples=["\n\n"])
# where a label may start a sentence that is not its line's first: after a sentence end
_MIDLINE_LABEL = Rule("sentence.midline_label", r"[.!?][\"')\]]?\s+" + _LABEL.pattern[1:],
                      examples=[("in 40 patients. RESULTS: Median", ". RESULTS: "),
                                ("were reviewed. Methods: All", ". Methods: ")],
                      not_examples=["RESULTS: at the start of the line", "40 patients. Results were good"])


_HEADING_LINE = Rule(
    "sentence.heading_line",
    r"^\s*(?:[A-Z][A-Z /&,-]{2,60}|ABSTRACT\.[A-Z .]+|BODY\.[A-Z .]+|(?:Background|Introduction|Aims?|Objectives?|"
    r"Purpose|Context|Methods?|Results|Findings|Conclusions?|Discussion|Interpretation))\s*[:.]?\s*$",
    examples=["RESULTS", "Conclusions:", "ABSTRACT.METHODS", "  MATERIALS AND METHODS  "],
    not_examples=["Results were good.", "Median OS was 40 months", "OS"],
    note="a line that is only a heading: it names the section of the lines that follow",
)


def split_sentences(text: str, offset: int = 0, keep=None, sections=None) -> Iterator[tuple[int, str, str]]:
    """Yield (start, sentence, section) triples.

    ``start`` is the offset in the record text; ``section`` is the lower-cased
    label of the structured-abstract section the sentence is in ("" if none).
    ``keep``, if given, is a cheap test (e.g. a compiled regex's ``search``):
    lines and sentences it rejects are skipped without further work.
    ``sections``, if given, is a test of a section name: only sentences of the
    sections it accepts are yielded, and a line of another section is not split
    at all unless a label may begin inside it.
    """
    section = [""]
    for line in _LINE.finditer(text):
        heading = _HEADING_LINE.match(line.group())
        if heading:
            section[0] = _section_name(line.group())
            continue
        text_line = line.group()
        if keep is not None and not keep(text_line):
            label = _LABEL.match(text_line)
            if label:
                section[0] = _section_name(label.group().strip())
            continue
        if sections is not None and not sections(section[0]) and not _MIDLINE_LABEL.search(text_line):
            name = _first_label(text_line)  # with no label further in, the whole line is in one section
            if name is not None:
                section[0] = name
            if name is None or not sections(name):
                continue
        for item in _split_line(text_line, offset + line.start(), section):
            if (keep is None or keep(item[1])) and (sections is None or sections(item[2])):
                yield item


def _first_label(line: str) -> str | None:
    """The section a label at the start of the line's first sentence names, read by _split_line itself."""
    section: list = [None]
    next(_split_line(line, 0, section), None)  # _emit sets the section before it yields the first sentence
    return section[0]


def _section_name(label: str) -> str:
    label = label.strip().rstrip(":.").lower()
    return label.rsplit(".", 1)[-1] if label.startswith(("abstract.", "body.")) else label


def _split_line(line: str, base: int, section: list[str]) -> Iterator[tuple[int, str, str]]:
    start = 0
    for m in _BOUNDARY.finditer(line):
        if _is_decimal_tail(line, m.start() + 1):
            continue
        yield from _emit(line, start, m.start() + 1, base, section)
        start = m.end()
    yield from _emit(line, start, len(line), base, section)


def _is_decimal_tail(line: str, pos: int) -> bool:
    # "P = .064" never reaches here (no space after the dot); guard "2. 5" typos.
    return pos >= 2 and line[pos - 1] == "." and line[pos - 2].isdigit() and pos + 1 < len(line) and line[pos + 1].islower()


def _emit(line: str, s: int, e: int, base: int, section: list[str]) -> Iterator[tuple[int, str, str]]:
    chunk = line[s:e]
    stripped = chunk.lstrip()
    s += len(chunk) - len(stripped)
    chunk = stripped.rstrip()
    if not chunk:
        return
    label = _LABEL.match(chunk)
    if label and label.end() < len(chunk):
        section[0] = _section_name(label.group().strip())
        s += label.end()
        chunk = chunk[label.end():]
    yield base + s, chunk, section[0]


def last_sentence(chunks: list[tuple[int, str]]) -> str | None:
    """The last sentence of the text, as the last item of split_sentences over all chunks, splitting one line."""
    for _, chunk in reversed(chunks):
        for line in reversed(_LINE.findall(chunk)):
            if _HEADING_LINE.match(line):
                continue
            items = list(_split_line(line, 0, [""]))
            if items:
                return items[-1][1]
    return None
