"""Hostile PubMed XML: no external entity is read, no entity bomb expands, no DTD is fetched."""
from __future__ import annotations

import socket
import time
import tracemalloc
import urllib.request
from pathlib import Path

import pytest

from nettool.errors import InputError
from nettool.load import load_bytes, load_paths

DATA = Path(__file__).parent / "data" / "load"

ARTICLE = (b"<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>T</ArticleTitle>"
           b"<Abstract><AbstractText>OS was 50%. &payload;</AbstractText></Abstract></Article>"
           b"</MedlineCitation></PubmedArticle>")


def doc(subset: bytes, body: bytes = ARTICLE) -> bytes:
    return b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [\n' + subset + b"\n]>\n<PubmedArticleSet>" + \
        body + b"</PubmedArticleSet>\n"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the loader tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_xxe_local_file_is_never_read(tmp_path: Path, no_network: None) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-5-year-OS-99%")
    data = doc(b'<!ENTITY payload SYSTEM "file://' + str(secret).encode() + b'">')
    with pytest.raises(InputError) as info:
        load_bytes(data, "xxe.xml")
    assert "entit" in info.value.reason and "refused" in info.value.reason
    assert "TOP-SECRET" not in info.value.message


def test_xxe_url_is_never_fetched(no_network: None) -> None:
    data = doc(b'<!ENTITY payload SYSTEM "http://127.0.0.1:9/evil">')
    with pytest.raises(InputError):
        load_bytes(data, "xxe.xml")


def test_parameter_entity_and_external_dtd_in_subset_are_refused(no_network: None) -> None:
    data = doc(b'<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">\n%remote;')
    with pytest.raises(InputError) as info:
        load_bytes(data, "xxe.xml")
    assert "entit" in info.value.reason


def test_billion_laughs_fails_fast_with_bounded_memory() -> None:
    subset = [b'<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = b"lol" if i == 1 else b"lol%d" % (i - 1)
        subset.append(b'<!ENTITY lol%d "%s">' % (i, (b"&" + prev + b";") * 10))
    data = doc(b"\n".join(subset), ARTICLE.replace(b"&payload;", b"&lol9;"))
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(InputError):
            load_bytes(data, "bomb.xml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 1
    assert peak < 5_000_000


def test_quadratic_blowup_is_refused() -> None:
    data = doc(b'<!ENTITY a "' + b"x" * 50_000 + b'">', ARTICLE.replace(b"&payload;", b"&a;" * 1000))
    with pytest.raises(InputError):
        load_bytes(data, "quad.xml")


def test_refusal_is_reported_like_any_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "a_bad.xml"
    bad.write_bytes(doc(b'<!ENTITY payload SYSTEM "file:///etc/passwd">'))
    good = DATA / "19_extrahepatic_disease.xml"
    errors: list[InputError] = []
    records = list(load_paths([str(bad), str(good)], on_error=errors.append))
    assert [r.pmid for r in records] == ["99000019"]
    assert [e.path for e in errors] == [str(bad)]
    assert "\n" not in errors[0].message


def test_pubmed_doctype_loads_without_fetching_the_dtd(no_network: None) -> None:
    data = (DATA / "20_21_heart_disease_and_ptr_meta.xml").read_bytes()
    assert b"https://dtd.nlm.nih.gov/" in data
    records = load_bytes(data, "pubmed.xml")
    assert [r.pmid for r in records] == ["99000020", "99000021"]


def test_local_system_dtd_is_not_read(tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY payload "INJECTED">')
    data = (b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet SYSTEM "' + str(dtd).encode() + b'">\n'
            b"<PubmedArticleSet>" + ARTICLE.replace(b" &payload;", b"") + b"</PubmedArticleSet>")
    (record,) = load_bytes(data, "sys.xml")
    assert record.text == "OS was 50%."


def test_undeclared_entity_with_external_dtd_is_not_expanded() -> None:
    data = (b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet SYSTEM "http://127.0.0.1:9/x.dtd">\n'
            b"<PubmedArticleSet>" + ARTICLE + b"</PubmedArticleSet>")
    (record,) = load_bytes(data, "x.xml")
    assert record.text.startswith("OS was 50%.")
    assert "payload" not in record.text


def test_subset_without_entities_is_accepted() -> None:
    data = doc(b"<!ATTLIST PMID Version CDATA #IMPLIED>", ARTICLE.replace(b" &payload;", b""))
    (record,) = load_bytes(data, "attlist.xml")
    assert record.pmid == "1"
