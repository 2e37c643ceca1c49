"""BibTeX (.bib) from Zotero, JabRef, Mendeley, Google Scholar: ``@article{key, abstract = {...}, ...}``.

Parsed by ``bibtexparser`` (1.x: @string macros, concatenation, braces and
quotes, comments), with its LaTeX-to-Unicode customization (``{\\"u}`` -> ü,
``\\%`` -> %, protective braces dropped).  Fields used: ``abstract``, ``title``,
``author`` ("Surname, Given and ..."), ``journal``/``journaltitle``/``booktitle``,
``year``/``date``, ``doi``, ``pmid`` (or an ``eprint`` with ``eprinttype =
pubmed``).  An entry without an abstract, or one the parser could not read, is
reported by its key; the other entries are still read.
"""
from __future__ import annotations

import logging
from typing import Iterator

import re
from nettool.errors import InputError
from nettool.load._common import abstract_record, clean, clean_doi, missing, split_authors, year_of

_ENTRY_START = re.compile(r"^[ \t]*@(?!string\b|comment\b|preamble\b)([A-Za-z]{2,30})\s*[{(]\s*([^,\s]*)",
                          re.M | re.I)
_NOTE_PMID = re.compile(r"\bPMID:\s?(\d{1,9})\b")
_HINT = "export the references again with abstracts included (in Zotero: the Abstract field is exported by default)"


def parse(text: str, source: str) -> Iterator[object]:
    """Yield one Record per BibTeX entry with an abstract; a report per entry without one."""
    try:
        import bibtexparser
        from bibtexparser.bparser import BibTexParser
        from bibtexparser.customization import convert_to_unicode
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError(source, "is BibTeX, and reading BibTeX needs the bibtexparser package",
                         "pip install 'bibtexparser>=1.4,<2'") from None
    # bibtexparser logs warnings ("Overwriting existing string for key") that would reach stderr through
    # Python's last-resort handler: nettool reports problems itself, one line each
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False, interpolate_strings=True)
    parser.customization = convert_to_unicode
    try:
        entries = bibtexparser.loads(text, parser=parser).entries
    except Exception as exc:  # noqa: BLE001 - the parser raises pyparsing and other errors on broken files
        detail = " ".join(str(exc).split())[:120]
        raise InputError(source, f"BibTeX could not be parsed ({type(exc).__name__}: {detail})", _HINT) from None
    declared = [(m.group(2).strip() or f"entry {i + 1}") for i, m in enumerate(_ENTRY_START.finditer(text))]
    read = {e.get("ID", "") for e in entries}
    for key in declared:
        if key not in read and not key.startswith("entry "):
            yield missing(source, declared.index(key), "BibTeX entry could not be parsed "
                          "(unbalanced braces or a missing comma?)", "fix the entry or export it again",
                          name=key)
    if not entries:
        if declared:
            return
        raise InputError(source, "no BibTeX entry was found", _HINT)
    for i, entry in enumerate(entries):
        key = entry.get("ID") or None
        abstract = clean(entry.get("abstract"))
        if not abstract:
            yield missing(source, i, "BibTeX entry has no abstract field", "the entry was skipped", name=key)
            continue
        pmid = (entry.get("pmid") or (entry.get("eprint") if entry.get("eprinttype", "").lower() == "pubmed"
                                      else "") or "").strip()
        if not pmid and (m := _NOTE_PMID.search(entry.get("note", "") + " " + entry.get("extra", ""))):
            pmid = m.group(1)  # Zotero puts "PMID: 123" into note/extra
        yield abstract_record(
            abstract, source=source, index=i, format="bibtex",
            pmid=pmid if pmid.isdigit() else None,
            doi=clean_doi(entry.get("doi")),
            title=clean(entry.get("title")),
            journal=clean(entry.get("journal") or entry.get("journaltitle") or entry.get("booktitle")),
            year=year_of(entry.get("year") or entry.get("date")),
            authors=split_authors(entry.get("author")),
        )


__all__ = ["parse"]
