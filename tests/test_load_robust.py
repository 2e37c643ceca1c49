"""Loader on bad and big input: every problem is one InputError naming the file, and loading goes on."""
from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import shutil
import sys
import time
import zipfile
from pathlib import Path

import pytest

from nettool.errors import InputError
from nettool.load import load_bytes, load_paths
from nettool.models import Record

load_mod = sys.modules["nettool.load"]  # the package: `nettool.load` itself names the load() function

DATA = Path(__file__).parent / "data" / "load"
TXT = "04_peritoneal_cytoreduction.txt"
NBIB = "16_17_hipec_and_pnet_primary.nbib"
XML = "20_21_heart_disease_and_ptr_meta.xml"
RIS = "23_g3_liver_resection.ris"


def run(paths: list[str], **kw: object) -> tuple[list[Record], list[InputError]]:
    errors: list[InputError] = []
    records = list(load_paths(paths, on_error=errors.append, **kw))  # type: ignore[arg-type]
    return records, errors


def assert_one_line(error: InputError, path: str) -> None:
    msg = error.message
    assert "\n" not in msg and "\r" not in msg
    assert msg.startswith(f"{path}: ")
    assert error.path == path and error.reason and error.hint


def body(record: Record) -> str:
    return "\n".join(record.text[s:e] for s, e in record.spans)


# --- missing, empty, folders -------------------------------------------------------------------

def test_missing_path_is_reported_and_the_rest_loads(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    records, errors = run([missing, str(DATA / RIS)])
    assert len(records) == 1 and records[0].format == "ris"
    (error,) = errors
    assert_one_line(error, missing)
    assert "no such file" in error.reason


def test_without_on_error_the_error_is_raised(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        list(load_paths([str(tmp_path / "nope.txt")]))
    assert info.value.exit_code == 1


@pytest.mark.parametrize("content", [b"", b"\n\n  \r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    records, (error,) = run([str(path)])
    assert records == []
    assert_one_line(error, str(path))
    assert "empty" in error.reason


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / ".hidden.txt").write_text("Five-year OS was 50%.")
    records, (error,) = run([str(tmp_path)])
    assert records == []
    assert_one_line(error, str(tmp_path))
    assert "no files" in error.reason


def test_folder_with_nothing_readable(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (tmp_path / "b.txt").write_bytes(b"")
    records, errors = run([str(tmp_path)])
    assert records == []
    assert [e.path for e in errors] == [str(tmp_path / "a.pdf"), str(tmp_path / "b.txt"), str(tmp_path)]
    assert "no readable abstract" in errors[-1].reason


# --- binary files among abstracts ---------------------------------------------------------------

def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "Five-year OS was 50%.")
    return buf.getvalue()


@pytest.mark.parametrize("name,content,word", [
    ("paper.pdf", b"%PDF-1.4\n%\xc7\xec\x8f\xa2\n5 0 obj\n<</Length 6 0 R>>\nstream\n", "PDF"),
    ("figure.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "PNG"),
    ("bundle.zip", _zip_bytes(), "zip"),
    ("notes.txt", b"Five-year OS\x00\x00\x00 was 50%\x00\x01\x02", "NUL"),
    ("random.bin", bytes(range(256)) * 8, "binary"),
])
def test_binary_files_among_abstracts(tmp_path: Path, name: str, content: bytes, word: str) -> None:
    shutil.copy(DATA / RIS, tmp_path / "a.ris")
    (tmp_path / name).write_bytes(content)
    shutil.copy(DATA / NBIB, tmp_path / "z.nbib")
    records, (error,) = run([str(tmp_path)])
    assert [r.format for r in records] == ["ris", "medline", "medline"]
    assert_one_line(error, str(tmp_path / name))
    assert word in error.reason


def test_pdf_message_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(b"%PDF-1.5\n")
    _, (error,) = run([str(path)])
    assert "convert the PDF to text" in error.hint and "MEDLINE" in error.hint


# --- encodings and line ends --------------------------------------------------------------------

def test_windows_1252_text(tmp_path: Path) -> None:
    text = "Title \u2013 a study\n\nMedian OS was 5.2 years (range 1\u201317); dose 50 \u00b5g \u00b1 9%, \u201cgood\u201d.\n"
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    (record,), errors = run([str(path)])
    assert errors == [] and record.text == text


def test_latin1_text_with_bytes_undefined_in_cp1252(tmp_path: Path) -> None:
    text = "Titel\n\nMedian OS \u00e9tait 61 mois \u00b1 3 (\u00bd des patients) \x81.\n"
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    (record,), _ = run([str(path)])
    assert record.text == text


def test_cp1252_medline(tmp_path: Path) -> None:
    data = (DATA / "15_elderly_cytoreduction.nbib").read_text(encoding="utf-8")
    data = data.replace("Older patients", "Older patients \u2013 caf\u00e9 \u2019s")
    path = tmp_path / "x.nbib"
    path.write_bytes(data.encode("cp1252"))
    (record,), errors = run([str(path)])
    assert errors == [] and "Older patients \u2013 caf\u00e9 \u2019s" in record.text


def test_bom_crlf_and_nbsp(tmp_path: Path) -> None:
    original = (DATA / "01_hepatic_debulking.txt").read_text(encoding="utf-8")
    crlf = original.replace("\n", "\r\n").replace("Similar articles", "Similar\u00a0articles\u00a0")
    path = tmp_path / "web.txt"
    path.write_bytes(b"\xef\xbb\xbf" + crlf.encode("utf-8"))
    (record,), errors = run([str(path)])
    assert errors == []
    assert record.text == original.replace("Similar articles", "Similar\u00a0articles\u00a0")
    assert "\r" not in record.text and not record.text.startswith("\ufeff")
    assert record.pmid == "99000001"
    assert "Similar" not in body(record) and "Ten-year survival of 60%" not in body(record)
    assert "5- and 10-year OS rates were 85% and 66%" in body(record)


def test_old_mac_cr_line_ends() -> None:
    data = (DATA / "02_mesenteric_palliation.txt").read_bytes().replace(b"\n", b"\r")
    (record,) = load_bytes(data, "mac.txt")
    assert record.publication_types == ["Journal Article", "Observational Study"]


@pytest.mark.parametrize("name", [NBIB, RIS, XML])
def test_bom_and_crlf_in_tagged_formats(name: str) -> None:
    data = (DATA / name).read_bytes()
    plain = load_bytes(data, name)
    dos = load_bytes(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"), name)
    assert [(r.text, r.pmid, r.doi, r.title) for r in dos] == [(r.text, r.pmid, r.doi, r.title) for r in plain]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_utf16_text(codec: str) -> None:
    text = "Title\n\nMedian OS was 61 months \u2265 5 years.\n"
    (record,) = load_bytes(text.encode(codec), "u16.txt")
    assert record.text == text


# --- truncated files ------------------------------------------------------------------------------

def test_truncated_xml_yields_articles_before_the_break(tmp_path: Path) -> None:
    data = (DATA / XML).read_bytes()
    cut = data.index(b"Twelve retrospective cohort studies")
    path = tmp_path / "cut.xml"
    path.write_bytes(data[:cut])
    records, (error,) = run([str(path)])
    assert [r.pmid for r in records] == ["99000020"]
    assert_one_line(error, str(path))
    assert "truncated" in error.reason and "1 article" in error.reason


def test_malformed_xml(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(b"<?xml version='1.0'?><PubmedArticleSet><PubmedArticle></Oops></PubmedArticleSet>")
    records, (error,) = run([str(path)])
    assert records == [] and "malformed" in error.reason


def test_xml_that_is_not_pubmed(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_bytes(b"<?xml version='1.0'?><catalog><book>x</book></catalog>")
    _, (error,) = run([str(path)])
    assert "PubmedArticle" in error.reason and "<catalog>" in error.reason


def test_truncated_medline_keeps_complete_records(tmp_path: Path) -> None:
    data = (DATA / NBIB).read_bytes()
    cut = data.index(b"AB  - ", data.index(b"PMID- 99000017")) + 200
    path = tmp_path / "cut.nbib"
    path.write_bytes(data[:cut])
    records, (error,) = run([str(path)])
    assert [r.pmid for r in records] == ["99000016", "99000017"]  # the second has its abstract: usable
    assert_one_line(error, str(path))
    assert "PMID 99000017" in error.reason


def test_truncated_medline_in_first_record(tmp_path: Path) -> None:
    data = (DATA / NBIB).read_bytes()
    path = tmp_path / "cut.nbib"
    path.write_bytes(data[:data.index(b"TI  - ")])
    records, errors = run([str(path)])
    assert records == [] and errors and all(e.path == str(path) for e in errors)


def test_truncated_ris_keeps_complete_entries(tmp_path: Path) -> None:
    data = (DATA / RIS).read_bytes() + (DATA / "24_transplant_vs_resection.ris").read_bytes()
    path = tmp_path / "cut.ris"
    path.write_bytes(data[:data.rindex(b"KW  - ")])
    records, (error,) = run([str(path)])
    assert len(records) == 2 and records[1].text.startswith("Whether liver transplantation")
    assert "ER" in error.reason and error.path == str(path)


def test_truncated_ris_without_abstract_is_dropped(tmp_path: Path) -> None:
    data = (DATA / RIS).read_bytes()
    path = tmp_path / "cut.ris"
    path.write_bytes(data + b"TY  - JOUR\nPY  - 2020\n")
    records, (error,) = run([str(path)])
    assert len(records) == 1 and "entry 2" in error.reason


# --- unreadable files, symlinks -------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_real_permissions(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    shutil.copy(DATA / TXT, path)
    path.chmod(0)
    try:
        records, (error,) = run([str(path), str(DATA / RIS)])
    finally:
        path.chmod(0o644)
    assert len(records) == 1 and "permission denied" in error.reason


def test_unreadable_file_stub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.txt"
    shutil.copy(DATA / TXT, secret)
    real_open = load_mod._open

    def fake_open(path: str):  # type: ignore[no-untyped-def]
        if path == str(secret):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path)

    monkeypatch.setattr(load_mod, "_open", fake_open)
    shutil.copy(DATA / RIS, tmp_path / "z.ris")
    records, (error,) = run([str(tmp_path)])
    assert [r.format for r in records] == ["ris"]
    assert_one_line(error, str(secret))
    assert "permission denied" in error.reason and "chmod" in error.hint


def test_symlink_loop_is_not_followed_forever(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(DATA / RIS, tmp_path / "sub" / "a.ris")
    os.symlink("..", tmp_path / "sub" / "up")
    os.symlink(".", tmp_path / "self")
    records, _ = run([str(tmp_path)])
    assert [os.path.basename(r.source) for r in records] == ["a.ris"]


def test_symlink_to_itself_and_broken_link(tmp_path: Path) -> None:
    os.symlink(tmp_path / "loop", tmp_path / "loop")
    os.symlink(tmp_path / "missing", tmp_path / "broken")
    shutil.copy(DATA / RIS, tmp_path / "a.ris")
    records, errors = run([str(tmp_path)])
    assert len(records) == 1
    assert sorted(os.path.basename(e.path) for e in errors) == ["broken", "loop"]
    _, (error,) = run([str(tmp_path / "broken")])
    assert "link" in error.reason or "no such" in error.reason


# --- compressed input ---------------------------------------------------------------------------

@pytest.mark.parametrize("compress,ext", [(gzip.compress, ".gz"), (bz2.compress, ".bz2"), (lzma.compress, ".xz")])
@pytest.mark.parametrize("name", [TXT, NBIB, XML, RIS])
def test_compressed_files_are_read_transparently(tmp_path: Path, compress, ext: str, name: str) -> None:  # type: ignore[no-untyped-def]
    raw = (DATA / name).read_bytes()
    path = tmp_path / ("abstract" + ext)  # no hint from the extension about the inner format
    path.write_bytes(compress(raw))
    records, errors = run([str(path)])
    assert errors == []
    assert [(r.text, r.pmid, r.format) for r in records] == [
        (r.text, r.pmid, r.format) for r in load_bytes(raw, name)]


def test_corrupt_gzip(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt.gz"
    path.write_bytes(gzip.compress((DATA / TXT).read_bytes())[:60])
    records, (error,) = run([str(path)])
    assert records == [] and "compressed" in error.reason and error.path == str(path)


def test_gzip_on_stdin() -> None:
    data = gzip.compress((DATA / NBIB).read_bytes())
    records, errors = run(["-"], stdin=io.BytesIO(data))
    assert errors == [] and [r.pmid for r in records] == ["99000016", "99000017"]


# --- size ---------------------------------------------------------------------------------------

def test_huge_one_line_text_is_linear(tmp_path: Path) -> None:
    unit = b"Median OS was 61 months (95% CI, 50-72); P = .01 and PMID: 123 doi: 10.1/x. "
    path = tmp_path / "big.txt"
    path.write_bytes(b"Title line\n" + unit * (50_000_000 // len(unit)))
    start = time.perf_counter()
    (record,), errors = run([str(path)])
    elapsed = time.perf_counter() - start
    assert errors == [] and len(record.text) > 49_000_000
    assert record.spans == [(11, len(record.text))]
    assert elapsed < 5  # ~0.3 s here; quadratic behaviour would take minutes


@pytest.mark.parametrize("line", [
    b"Keywords: " + b"a; " * 200_000,
    b"- PMID: " + b"1" * 600_000,
    b"Surgery. 2008 Oct;" + b"1(1):" * 120_000,
    b"(c) 2020 " + b"x" * 600_000,
    b"1. " + b"Journal" * 90_000,
    b"2000;" * 120_000,
])
def test_pathological_long_lines(line: bytes) -> None:
    data = b"Title\n\nSimilar articles\n" + line + b"\n" + line + b"\nMore text. Here.\n"
    start = time.perf_counter()
    (record,) = load_bytes(data, "x.txt")
    assert time.perf_counter() - start < 2
    assert all(0 <= s <= e <= len(record.text) for s, e in record.spans)
