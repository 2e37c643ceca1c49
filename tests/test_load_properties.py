"""Hypothesis: on any bytes the loaders raise nothing but InputError, and every span lies inside its text."""
from __future__ import annotations

import gzip
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nettool.errors import InputError
from nettool.load import FORMATS, iter_bytes, load_bytes
from nettool.models import Record

DATA = Path(__file__).parent / "data" / "load"
SAMPLES = {p.name: p.read_bytes() for p in sorted(DATA.iterdir()) if p.suffix in (".txt", ".nbib", ".xml", ".ris")}
# every other export format (PubMed text, CSV/TSV, BibTeX, CSL-JSON, EndNote XML, Web of Science)
SAMPLES.update({p.name: p.read_bytes() for p in sorted((DATA / "formats").iterdir())})

PREFIXES = [
    b"", b"\xef\xbb\xbf", b"\xff\xfe", b"PMID- 1\nAB  - ", b"TY  - JOUR\nAB  - ", b"TITLE:\n",
    b'<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><Article><Abstract><AbstractText>',
    b"<!DOCTYPE PubmedArticleSet [", b"\x1f\x8b", b"BZh9", b"%PDF", b"Title\n\nSimilar articles\n",
    b"1. Surgery. 2008 Oct;144(4):645-51.\n\nTitle.\n\nKim J.\n\nPMID: 1\n\n", b"Title,Authors,Abstract,Year\n",
    b"\xef\xbb\xbfTitle;Abstract;DOI\n\"", b"PT\tAU\tTI\tAB\tPY\nJ\t", b"@article{k,\n  abstract = {",
    b'[{"title": "T", "abstract": ', b'{"abstract": ', b"FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAB ",
    b'<?xml version="1.0"?><xml><records><record><abstract>',
]

settings.register_profile("loader", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
PROFILE = settings.get_profile("loader")


def check(data: bytes) -> list[Record]:
    """load_bytes must return records with sane spans or raise InputError -- nothing else; a bad record is
    reported as an InputError too (one line, naming the input)."""
    reports: list[InputError] = []
    try:
        records = load_bytes(data, "fuzz", on_error=reports.append)
    except InputError as exc:
        assert exc.path == "fuzz" and "\n" not in exc.message
        return []
    for exc in reports:
        assert isinstance(exc, InputError) and exc.path == "fuzz" and "\n" not in exc.message
    for i, record in enumerate(records):
        assert isinstance(record, Record) and record.format in FORMATS
        assert isinstance(record.text, str)
        assert record.view is None or len(record.view) == len(record.text)
        assert all(isinstance(a, str) for a in record.authors)
        last = 0
        for start, end in record.spans:
            assert 0 <= last <= start <= end <= len(record.text)
            last = end
        assert record.year is None or isinstance(record.year, int)
    return records


@settings(PROFILE)
@given(st.binary(max_size=2000))
@example(b"\x00")
@example(b"\r")
@example(b"PMID-")
@example(b"TY  -")
@example(b"<")
@example(b"\x1f\x8b\x08\x00")
@example(b'<?xml version="1.0" encoding="UT8" ?>\n<PubmedArticleSet>')  # expat: LookupError
@example(b'<?xml version="1.0" encoding="UT8" ?>\n<xml><records><record>')
@example(b'Title,Authors,"Abstra\nct",Year\nA,B,C,2020\n')  # a column name with a newline in the message
@example(b'[{"id": "a\\nb", "title": "T"}]')
def test_arbitrary_bytes(data: bytes) -> None:
    check(data)


@settings(PROFILE)
@given(st.sampled_from(PREFIXES), st.binary(max_size=1000))
def test_bytes_after_a_format_header(prefix: bytes, data: bytes) -> None:
    check(prefix + data)


@settings(PROFILE)
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    check(text.encode("utf-8"))


@settings(PROFILE)
@given(st.lists(st.sampled_from([
    "Title", "", "Abstract", "- PMID: 12", "- DOI: 10.1000/x", "Similar articles", "-", "Cited by",
    "Keywords: a; b.", "© 2020 Me.", "Publication types", "  • Journal Article", "MeSH terms",
    "Surgery. 2008 Oct;144(4):645-51. doi: 10.1016/j.x.2008.06.008.", "TITLE:", "ABSTRACT.RESULTS:",
    "BODY.COMPETING INTERESTS.", "Results: Five-year OS was 50% (P = .01). " * 6, "PMID- 1", "AB  - x",
    "      continued", "TY  - JOUR", "ER  - ", "\u00a0", "\u2028", "\r",
]), max_size=40))
def test_line_soup(lines: list[str]) -> None:
    records = check("\n".join(lines).encode("utf-8"))
    for record in records:
        for start, end in record.spans:  # spans start and end on line content, never inside a newline
            assert record.text[start:end] == record.text[start:end].strip("\n")


@settings(PROFILE)
@given(st.sampled_from(sorted(SAMPLES)), st.data())
def test_truncated_and_mutated_real_files(name: str, data: st.DataObject) -> None:
    raw = SAMPLES[name]
    cut = data.draw(st.integers(0, len(raw)))
    check(raw[:cut])
    pos = data.draw(st.integers(0, len(raw) - 1))
    junk = data.draw(st.binary(min_size=1, max_size=8))
    mutated = raw[:pos] + junk + raw[pos + len(junk):]
    check(mutated)
    check(gzip.compress(mutated)[: data.draw(st.integers(0, 400))])


@settings(PROFILE)
@given(st.sampled_from(sorted(SAMPLES)))
def test_lazy_and_eager_agree(name: str) -> None:
    raw = SAMPLES[name]
    eager = load_bytes(raw, name, on_error=lambda e: None)
    lazy = list(iter_bytes(raw, name, on_error=lambda e: None))
    assert [(r.text, r.spans, r.pmid) for r in eager] == [(r.text, r.spans, r.pmid) for r in lazy]
