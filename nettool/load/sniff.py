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

_EXT = {".nbib": "medline", ".medline": "medline", ".xml": "xml", ".ris": "ris", ".txt": "text"}


def sniff(head: bytes, suffix: str = "") -> str:
    """One of "xml", "medline", "ris", "html" or "text" for content starting with ``head``."""
    sample = head[:65536]
    if sample.startswith(b"\xef\xbb\xbf"):
        sample = sample[3:]
    start = sample.lstrip()
    if start.startswith(b"<"):
        if _XML_PUBMED.search(sample):
            return "xml"
        if _HTML.search(sample[:4096]):
            return "html"
        if start.startswith((b"<?xml", b"<!DOCTYPE", b"<!--")) or suffix == ".xml":
            return "xml"
    first_line = start.split(b"\n", 1)[0]
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
