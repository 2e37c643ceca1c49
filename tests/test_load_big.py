"""Big input: PubMed XML, MEDLINE and RIS are streamed, so memory does not grow with the record count.

``write_pubmed_xml`` makes a PubMed-like file of any size (about 5 KB per article, like
real efetch output with MeSH headings); benchmarks can import it:
``from tests.test_load_big import write_pubmed_xml``.
"""
from __future__ import annotations

import gc
import time
import tracemalloc
from pathlib import Path
from typing import BinaryIO

import pytest

from nettool.load import load_paths

DATA = Path(__file__).parent / "data" / "load"

_HEAD = (b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN"'
         b' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">\n<PubmedArticleSet>\n')
_TAIL = b"</PubmedArticleSet>\n"


def _article(pmid: int) -> bytes:
    mesh = b"".join(
        b'<MeshHeading><DescriptorName UI="D%06d" MajorTopicYN="N">Descriptor %d</DescriptorName>'
        b'<QualifierName UI="Q%06d" MajorTopicYN="Y">surgery</QualifierName></MeshHeading>\n' % (k, k, k)
        for k in range(24))
    return (
        b"<PubmedArticle><MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\"><PMID Version=\"1\">%d</PMID>\n"
        b"<Article PubModel=\"Print\"><Journal><JournalIssue><PubDate><Year>2020</Year><Month>Jan</Month>"
        b"</PubDate></JournalIssue><Title>Journal of tests</Title><ISOAbbreviation>J Tests</ISOAbbreviation>"
        b"</Journal><ArticleTitle>Cytoreduction in <i>%d</i> patients.</ArticleTitle>\n"
        b"<ELocationID EIdType=\"doi\" ValidYN=\"Y\">10.99999/t.%d</ELocationID><Abstract>\n"
        b"<AbstractText Label=\"BACKGROUND\">Liver surgery for neuroendocrine metastases is debated.</AbstractText>\n"
        b"<AbstractText Label=\"RESULTS\">Of %d patients, complete cytoreduction was achieved in 71%%. "
        b"Median overall survival was 9.6 years (95%% CI 8.1&#8211;11.2) and 5-year OS was 78%% "
        b"(P &lt; .001); I<sup>2</sup> = 40%%. Thirty-day mortality was 1.2%% and morbidity 24%%.</AbstractText>\n"
        b"<AbstractText Label=\"CONCLUSIONS\">Resection is associated with long survival.</AbstractText>\n"
        b"</Abstract><PublicationTypeList><PublicationType UI=\"D016428\">Journal Article</PublicationType>"
        b"</PublicationTypeList></Article><MeshHeadingList>\n%s</MeshHeadingList></MedlineCitation>\n"
        b"<PubmedData><ArticleIdList><ArticleId IdType=\"pubmed\">%d</ArticleId>"
        b"<ArticleId IdType=\"doi\">10.99999/t.%d</ArticleId></ArticleIdList></PubmedData></PubmedArticle>\n"
    ) % (pmid, pmid, pmid, pmid, mesh, pmid, pmid)


def write_pubmed_xml(out: BinaryIO, n: int, first_pmid: int = 90_000_000) -> None:
    """Write a PubmedArticleSet with ``n`` articles (about 5 KB each) to ``out``."""
    out.write(_HEAD)
    for i in range(n):
        out.write(_article(first_pmid + i))
    out.write(_TAIL)


def _peak_while_streaming(path: Path) -> tuple[int, int]:
    """(records, peak traced bytes) while consuming the records one by one."""
    gc.collect()
    tracemalloc.start()
    try:
        n = 0
        for record in load_paths([str(path)]):
            n += 1
            assert record.spans
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return n, peak


def test_generated_file_loads_with_expected_fields(tmp_path: Path) -> None:
    path = tmp_path / "three.xml"
    with open(path, "wb") as fh:
        write_pubmed_xml(fh, 3)
    records = list(load_paths([str(path)]))
    assert [r.pmid for r in records] == ["90000000", "90000001", "90000002"]
    r = records[0]
    assert r.title == "Cytoreduction in 90000000 patients." and r.doi == "10.99999/t.90000000"
    assert "RESULTS: Of 90000000 patients" in r.text and "(95% CI 8.1–11.2)" in r.text and "I2 = 40%" in r.text


def test_xml_memory_does_not_grow_with_record_count(tmp_path: Path) -> None:
    small, big = tmp_path / "small.xml", tmp_path / "big.xml"
    with open(small, "wb") as fh:
        write_pubmed_xml(fh, 150)
    with open(big, "wb") as fh:
        write_pubmed_xml(fh, 1500)
    assert big.stat().st_size > 7_000_000
    start = time.perf_counter()
    n_small, peak_small = _peak_while_streaming(small)
    n_big, peak_big = _peak_while_streaming(big)
    assert (n_small, n_big) == (150, 1500)
    # ten times the records, (about) the same peak: one read chunk plus one article
    assert peak_big < peak_small * 1.3 + 500_000, (peak_small, peak_big)
    assert peak_big < 8_000_000
    assert time.perf_counter() - start < 10  # about 1.5 s under tracemalloc


@pytest.mark.parametrize("name", ["15_elderly_cytoreduction.nbib", "23_g3_liver_resection.ris"])
def test_medline_and_ris_memory_does_not_grow_with_record_count(tmp_path: Path, name: str) -> None:
    unit = (DATA / name).read_bytes() + b"\n"
    small, big = tmp_path / ("small-" + name), tmp_path / ("big-" + name)
    n = 400_000 // len(unit) + 1  # the small file already spans two read chunks
    small.write_bytes(unit * n)
    big.write_bytes(unit * n * 6)
    n_small, peak_small = _peak_while_streaming(small)
    n_big, peak_big = _peak_while_streaming(big)
    assert (n_small, n_big) == (n, 6 * n)
    assert peak_big < peak_small * 1.3 + 500_000, (peak_small, peak_big)


def test_loading_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "lazy.xml"
    with open(path, "wb") as fh:
        write_pubmed_xml(fh, 2000)
    start = time.perf_counter()
    first = next(iter(load_paths([str(path)])))
    assert first.pmid == "90000000"
    assert time.perf_counter() - start < 0.2  # the first record comes before the file is read
