"""Abbreviations an abstract defines: "isolated liver metastases (ILM)", "busulfan-cyclophosphamide (BuCy)".

The Schwartz-Hearst algorithm (A simple algorithm for identifying abbreviation definitions in biomedical text,
PSB 2003): a short form in brackets after its long form; the long form is the shortest run of at most
min(|SF| + 5, 2 |SF|) words before the bracket in which the short form's characters appear in order, right to
left, the first one at the start of a word.  Written here rather than taken from the `abbreviations` package
(unmaintained since 2019, configures the root logger when imported, needs `regex`) or `pyab3p` (C++ bindings).
"""
from __future__ import annotations


from nettool.extract.rules import Rule

_SHORT_IN_BRACKETS = Rule("abbreviations.short_in_brackets", r"\(\s*(?P<sf>[A-Za-z][A-Za-z0-9+/\-]{0,9})\s*[,;)]",
    examples=[('liver transplantation (LT) was', {'sf': 'LT'}), ('(OS, 40%)', {'sf': 'OS'})],
    not_examples=['(12 months)', '(a very long word)'],
    note="a short form in brackets after its long form: 'liver transplantation (LT)'",
)
_WORD = Rule("abbreviations.word", r"[A-Za-z0-9][\w+/\-']*",
    examples=[('liver transplantation', 'liver'), ('Ki-67', 'Ki-67')],
    not_examples=['() - .'],
    note='a word of a long form',
)


def _is_short_form(sf: str) -> bool:
    return 2 <= len(sf) <= 10 and any(c.isalpha() for c in sf) and any(c.isupper() for c in sf) and not sf.islower()


def _long_form(sf: str, before: str) -> str | None:
    """The Schwartz-Hearst long form of ``sf`` at the end of ``before``, or None."""
    words = list(_WORD.finditer(before))
    limit = min(len(sf) + 5, 2 * len(sf))
    words = words[-limit:]
    if not words:
        return None
    text = before[words[0].start():].rstrip()
    s_chars = [c.lower() for c in sf if c.isalnum()]
    si, li = len(s_chars) - 1, len(text) - 1
    while si >= 0:
        c = s_chars[si]
        while li >= 0 and (text[li].lower() != c or (si == 0 and li > 0 and text[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        si -= 1
        li -= 1
    start = li + 1
    long_form = text[start:].strip(" ,;:")
    if not long_form or long_form.lower() == sf.lower() or len(long_form) <= len(sf):
        return None
    return long_form


def find_abbreviations(text: str) -> dict[str, str]:
    """Short form -> long form for every abbreviation the text defines, the first definition of each."""
    out: dict[str, str] = {}
    for m in _SHORT_IN_BRACKETS.finditer(text):
        sf = m.group("sf")
        if sf in out or not _is_short_form(sf):
            continue
        dot, bracket = text.rfind(". ", 0, m.start()), text.rfind("(", 0, m.start())
        sentence_start = max(dot + 2 if dot >= 0 else 0, bracket + 1 if bracket >= 0 else 0)
        lf = _long_form(sf, text[sentence_start:m.start()])
        if lf:
            out[sf] = lf
    return out


__all__ = ["find_abbreviations"]
