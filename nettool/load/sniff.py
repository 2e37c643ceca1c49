"""Recognise an input's format from its first bytes (the extension only breaks ties)."""
from __future__ import annotations

import re

_MEDLINE_TAG = re.compile(rb"^[A-Z][A-Z0-9]{1,3} {0,3}- ", re.M)
_MEDLINE_PMID = re.compile(rb"^PMID- ?\d", re.M)
_MEDLINE_CORE = re.compile(rb"^(?:TI|AB|FAU|AU|DP|SO|JT|TA)\s{1,3}- ", re.M)
_RIS_TY = re.compile(rb"^TY {1,2}- ", re.M)
_RIS_END = re.compile(rb"^ER {1,2}-", re.M)
_XML_PUBMED = re.compile(rb"<(?:PubmedArticleSet|PubmedArticle|PubmedBookArticle)[\s>/]")
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.I)

_ENDNOTE = re.compile(rb"<records>\s*<record>|<record>\s*<database |<ref-type name=")
# Web of Science tagged export: "FN Clarivate Analytics Web of Science" / "VR 1.0", or a record starting "PT J".
_WOS_HEAD = re.compile(rb"(?:FN |VR \d|PT [A-Z]\s*$)")
_WOS_TAGS = re.compile(rb"^(?:AU|TI|SO|PY|AB|DI|UT|ER)(?: |$)", re.M)
# PubMed "Abstract (text)": "1. Journal. 2008 Oct;144(4):645-51." first, a "PMID: n" line further on.
_PUBMED_TEXT_HEAD = re.compile(rb"1\. [^\n]{1,300}?\b(?:1[89]\d\d|20\d\d)\b")
_PUBMED_TEXT_PMID = re.compile(rb"^(?:PMID: ?\d{1,9}|DOI: ?10\.|PMCID: ?PMC|Author information:|\xc2\xa9 ?\d{4})", re.M)
_BIBTEX = re.compile(rb"^[ \t]*@(?:article|book|booklet|inbook|incollection|inproceedings|conference|manual|"
                     rb"mastersthesis|misc|phdthesis|proceedings|techreport|unpublished|online|report|thesis|"
                     rb"string|preamble|comment)\s*[{(]", re.M | re.I)

_EXT = {".nbib": "medline", ".medline": "medline", ".xml": "xml", ".ris": "ris", ".txt": "text",
        ".csv": "table", ".tsv": "table", ".bib": "bibtex", ".json": "csl"}


def sniff(head: bytes, suffix: str = "") -> str:
    """The format of content starting with ``head``: "xml" (PubMed XML), "endnote" (EndNote XML), "medline",
    "ris", "wos" (Web of Science tagged), "bibtex", "csl" (CSL-JSON), "table" (CSV/TSV), "pubmed-text"
    (PubMed "Abstract (text)"), "html" or "text"."""
    sample = head[:65536]
    if sample.startswith(b"\xef\xbb\xbf"):
        sample = sample[3:]
    start = sample.lstrip()
    if start.startswith(b"<"):
        if _XML_PUBMED.search(sample):
            return "xml"
        if _ENDNOTE.search(sample):
            return "endnote"
        if _HTML.search(sample[:4096]):
            return "html"
        if start.startswith((b"<?xml", b"<!DOCTYPE", b"<!--")) or suffix == ".xml":
            return "xml"
    if start.startswith((b"[", b"{")) and b'"' in start[:200]:
        return "csl"  # JSON: CSL-JSON is the JSON a reference manager exports
    if (start.startswith((b"@", b"%")) or suffix == ".bib") and _BIBTEX.search(sample):
        return "bibtex"
    first_line = start.split(b"\n", 1)[0].rstrip(b"\r")
    if _WOS_HEAD.match(first_line) and len(_WOS_TAGS.findall(sample[:16384])) >= 2:
        return "wos"
    if _is_table_header(first_line):
        return "table"
    if _PUBMED_TEXT_HEAD.match(first_line) and _PUBMED_TEXT_PMID.search(sample):
        return "pubmed-text"
    if _RIS_TY.match(first_line):
        return "ris"
    if _MEDLINE_PMID.match(first_line):
        return "medline"
    if _MEDLINE_TAG.match(first_line):
        # a tagged file that does not start with PMID/TY: decide by its tags
        if _RIS_TY.search(sample) and _RIS_END.search(sample):
            return "ris"
        if _MEDLINE_PMID.search(sample) or len(_MEDLINE_CORE.findall(sample[:8192])) >= 2:
            return "medline"
        if suffix in ("ris", ".ris"):
            return "ris"
        if suffix == ".nbib":
            return "medline"
    return "text"


def _is_table_header(line: bytes) -> bool:
    """A CSV/TSV header row: two or more delimiters and at least two cells named like bibliographic columns."""
    from nettool.load.tabular import delimiter_of, known_columns

    text = line[:4096].decode("utf-8", "replace")
    delimiter = delimiter_of(text)
    return delimiter is not None and known_columns(text, delimiter) >= 2
