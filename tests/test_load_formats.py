"""Every export format on files written for these tests (tests/data/load/formats/): several records, unicode,
hard wraps, missing fields; plus stdin, duplicates, study labels, record boundaries and full texts."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nettool.cli import app
from nettool.errors import InputError
from nettool.extract import extract_record
from nettool.load import load_bytes, load_paths, load_records, sniff
from nettool.load.merge import assign_labels, dedupe
from nettool.models import Record

FORMATS = Path(__file__).parent / "data" / "load" / "formats"
LOAD = Path(__file__).parent / "data" / "load"
SEEDS = Path(__file__).parent / "data" / "seeds"


def read(name: str) -> tuple[list[Record], list[str]]:
    errors: list[InputError] = []
    records = list(load_paths([str(FORMATS / name)], on_error=errors.append))
    return records, [e.message for e in errors]


@pytest.mark.parametrize("name, fmt", [
    ("pubmed_abstract.txt", "pubmed-text"), ("scopus.csv", "table"), ("covidence_semicolon.csv", "table"),
    ("wos_tab.txt", "table"), ("zotero.bib", "bibtex"), ("zotero_csl.json", "csl"), ("endnote.xml", "endnote"),
    ("wos_tagged.txt", "wos"),
])
def test_format_is_recognised_by_content(name, fmt):
    assert sniff((FORMATS / name).read_bytes()) == fmt  # no extension given


def test_pubmed_abstract_text_export():
    records, errors = read("pubmed_abstract.txt")
    assert errors == []
    assign_labels(records)
    a, b, c = records
    assert (a.pmid, a.doi, a.year, a.journal) == ("18847650", "10.1016/j.surg.2008.06.008", 2008, "Surgery")
    assert a.title.startswith("The palliative benefit") and a.title.endswith("neuroendocrine tumors.")
    assert a.authors == ["Chambers AJ", "Pasieka JL", "Dixon E", "Rorstad O"]
    assert (b.pmid, b.year, b.authors[0]) == ("38689169", 2024, "Müller-Lüdenscheidt B")
    assert c.pmid == "99000099" and c.spans == []  # "No abstract available."
    body = " ".join(t for _, t in a.body())
    assert "Author information" not in body and "PMID" not in body and "Calgary" not in body
    figures = extract_record(a)
    assert {(f.metric, f.value) for f in figures} >= {("os", 74), ("morbidity", 22), ("followup", 47)}
    for f in figures:  # offsets index the original (wrapped) text; sentence and surface are verbatim
        assert a.text[f.start:f.end] == f.surface and f.surface in f.sentence and f.sentence in a.text
        assert f.study == "Chambers 2008" and f.year == 2008 and f.authors.startswith("Chambers AJ; ")
    followup = next(f for f in figures if f.metric == "followup")
    assert "\n" in followup.sentence and followup.low == 6 and followup.high == 156  # "(range, \n6-156)"


def test_seeds_as_a_pubmed_abstract_text_export_give_the_seed_figures(tmp_path):
    from benchmarks.export_formats import pubmed_text_export

    seeds = list(load_paths([str(SEEDS)]))
    export = pubmed_text_export(seeds)
    records = load_bytes(export.encode("utf-8"), "export.txt")
    assert [r.format for r in records] == ["pubmed-text"] * 2
    def key(f):
        return (f.metric, f.measure, f.value, f.group, f.timepoint)
    assert [sorted(map(key, extract_record(r))) for r in records] == \
        [sorted(map(key, extract_record(r))) for r in seeds]


def test_csv_scopus_bom_quoted_newlines_and_a_row_without_abstract():
    records, errors = read("scopus.csv")
    assert [r.pmid for r in records] == ["18847650", None]
    assert "Postoperative morbidity was 22%" in records[0].text  # the quoted newline joined
    assert records[1].authors == ["Ødegaard S."] and records[1].year == 2019
    assert errors == ['%s: record 3 ("No abstract here"): has no abstract; the row was skipped'
                      % (FORMATS / "scopus.csv")]


def test_csv_semicolons_and_labels_with_suffixes():
    records, errors = read("covidence_semicolon.csv")
    assert errors == [] and len(records) == 2
    assign_labels(records)
    assert [r.label for r in records] == ["Kim 2022a", "Kim 2022b"]
    assert records[0].authors == ["Kim J", "Lee S"]


def test_csv_without_abstract_column_is_one_error(tmp_path):
    path = tmp_path / "refs.csv"
    path.write_text("Title,Authors,Year\nA,B,2020\n", encoding="utf-8")
    errors: list[InputError] = []
    assert list(load_paths([str(path)], on_error=errors.append)) == []
    assert len(errors) == 1 and errors[0].path == str(path) and "no abstract column" in errors[0].reason
    assert "Title, Authors, Year" in errors[0].reason


def test_wos_tab_delimited():
    records, errors = read("wos_tab.txt")
    assert [(r.pmid, r.authors, r.journal) for r in records] == [
        ("18847650", ["Chambers, AJ", "Pasieka, JL"], "SURGERY")]
    assert len(errors) == 1 and "record 2" in errors[0]


def test_bibtex_latex_escapes_strings_and_an_entry_without_abstract():
    records, errors = read("zotero.bib")
    a, b = records
    assert a.journal == "Surgery" and a.pmid == "18847650" and "74%" in a.text and "22%" in a.text
    assert a.title == "The palliative benefit of aggressive surgical intervention"
    assert b.authors == ["Müller, Björn", "Kim, J."] and "Zürich" in b.text and b.title == "Cytoreduction in Zürich"
    assert errors == [f"{FORMATS / 'zotero.bib'}: record 3 (noabstract2020): BibTeX entry has no abstract field; "
                      "the entry was skipped"]


def test_bibtex_broken_entry_is_named_and_the_others_read(tmp_path):
    path = tmp_path / "x.bib"
    path.write_text("@article{good, title={T}, year={2020}, abstract={Median OS was 5 years.}}\n"
                    "@article{broken, title={T, year=2020\n", encoding="utf-8")
    errors: list[InputError] = []
    records = list(load_paths([str(path)], on_error=errors.append))
    assert [r.text for r in records] == ["Median OS was 5 years."]
    assert any("broken" in e.reason for e in errors)


def test_csl_json():
    records, errors = read("zotero_csl.json")
    assert [(r.pmid, r.year) for r in records] == [("18847650", 2008), (None, 2019)]
    assert records[1].authors == ["Ødegaard, Søren"]
    assert len(errors) == 1 and "kim2021" in errors[0]


def test_endnote_xml_styles_entities_and_missing_abstract():
    records, errors = read("endnote.xml")
    a, b = records
    assert (a.pmid, a.doi, a.year, a.journal) == ("18847650", "10.1016/j.surg.2008.06.008", 2008, "Surgery")
    assert a.authors == ["Chambers, A. J.", "Pasieka, J. L."] and "&" in b.text
    assert len(errors) == 1 and "record 3" in errors[0]


def test_endnote_xml_refuses_entities():
    data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><records><record>&a;</record></records></xml>'
    with pytest.raises(InputError, match="refused"):
        load_bytes(data, "bomb.xml")


def test_wos_tagged_continuations_and_a_truncated_record():
    records, errors = read("wos_tagged.txt")
    a, b = records
    assert a.title == "The palliative benefit of aggressive surgical intervention for both hepatic and " \
                      "mesenteric metastases"
    assert a.authors == ["Chambers, AJ", "Pasieka, JL"] and "morbidity was 22%" in a.text
    assert b.authors == ["Ødegaard, S"] and b.pmid is None
    assert len(errors) == 1 and 'record 3 ("A truncated record")' in errors[0] and "no closing ER" in errors[0]


# --- hard wraps, boundaries, duplicates, labels ----------------------------------------------------

def test_hard_wrapped_page_copy_is_reflowed_with_verbatim_offsets():
    text = (SEEDS / "003_3f3ffb5706d1ef7e.txt").read_text(encoding="utf-8")
    import textwrap
    wrapped = "\n".join("\n".join(textwrap.wrap(p, 78)) if p.strip() else p for p in text.split("\n"))
    plain = load_bytes(text.encode(), "a.txt")[0]
    rec = load_bytes(wrapped.encode(), "a.txt")[0]
    assert rec.view is not None and len(rec.view) == len(rec.text) == len(wrapped)
    def key(f):
        return (f.metric, f.measure, f.value, f.group, f.timepoint, f.p_value)
    figs = extract_record(rec)
    assert sorted(map(key, figs)) == sorted(map(key, extract_record(plain)))
    for f in figs:
        assert wrapped[f.start:f.end] == f.surface and f.sentence in wrapped
    assert any("\n" in f.sentence for f in figs)


def test_concatenated_page_copies_are_two_records():
    a, b = ((SEEDS / n).read_bytes() for n in ("000_277575e362f372a1.txt", "003_3f3ffb5706d1ef7e.txt"))
    for data in (a + b, b + a, a + b"\x0c" + b):
        records = load_bytes(data, "cat")
        assert len(records) == 2
        assert {r.title[:14] for r in records} == {"Value of Surgi", "The palliative"}
        for r in records:
            for f in extract_record(r):
                assert r.text[f.start:f.end] == f.surface


def test_duplicates_across_formats_are_merged_once():
    paths = [str(FORMATS / n) for n in ("scopus.csv", "zotero.bib", "wos_tagged.txt", "endnote.xml")]
    notes = []
    records = load_records(paths, on_error=lambda e: None, on_note=notes.append)
    chambers = [r for r in records if r.pmid == "18847650"]
    assert len(chambers) == 1 and len(chambers[0].merged) == 3
    odegaard = [r for r in records if r.title and "Bergen" in r.title]
    assert len(odegaard) == 1  # no PMID or DOI in common: same title and year
    assert notes and notes[0].kind == "duplicates" and notes[0].count == 3 + 2


def test_no_merge_when_pmids_differ():
    a = Record(source="a", text="x", pmid="1", title="Same title of a long enough study", year=2020)
    b = Record(source="b", text="x", pmid="2", title="Same title of a long enough study", year=2020)
    assert dedupe([a, b]) == ([a, b], 0)


def test_labels_fall_back_to_pmid_then_doi_then_file():
    recs = [Record(source="d/x.txt", text="", authors=["Chambers AJ"], year=2008),
            Record(source="d/y.txt", text="", authors=["Chambers, A"], year=2008, pmid="5"),
            Record(source="d/z.txt", text="", authors=["Kim J"], pmid="7"),
            Record(source="d/w.txt", text="", doi="10.1/x"),
            Record(source="d/v.txt", text="", index=2)]
    assign_labels(recs)
    assert [r.label for r in recs] == ["Chambers 2008a", "Chambers 2008b", "PMID 7", "doi:10.1/x", "v.txt#3"]


def test_full_text_articles_give_their_abstract_unless_asked():
    path = LOAD / "PMC3580622.txt"
    notes = []
    short = list(load_paths([str(path)], on_note=notes.append))[0]
    full = list(load_paths([str(path)], full_text=True))[0]
    assert [n.kind for n in notes] == ["full-text"]
    assert sum(e - s for s, e in short.spans) < sum(e - s for s, e in full.spans)
    assert "BODY" not in " ".join(t for _, t in short.body())


# --- CLI: stdin, exit status, labels in output ----------------------------------------------------

runner = CliRunner()


def test_piped_stdin_is_read_without_a_dash():
    data = (FORMATS / "pubmed_abstract.txt").read_bytes()
    result = runner.invoke(app, ["extract", "--format", "jsonl"], input=data)
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert {r["source"] for r in rows} == {"<stdin>"} and {r["study"] for r in rows} == {"Chambers 2008",
                                                                                        "Müller-Lüdenscheidt 2024"}


def test_empty_stdin_is_an_error_not_the_seeds():
    result = runner.invoke(app, ["extract"], input=b"")
    assert result.exit_code == 1 and result.stdout == "" and "<stdin>: is empty" in result.stderr


def test_seeds_on_a_terminal_with_a_note(monkeypatch):
    from nettool.cli import _run

    monkeypatch.setattr(_run, "stdin_has_data", lambda: False)
    result = runner.invoke(app, ["extract", "--format", "jsonl"])
    assert result.exit_code == 0
    assert result.stderr.startswith("nettool: note: no PATH given")
    assert {json.loads(x)["source"] for x in result.stdout.splitlines()} == {
        "seeds/000_277575e362f372a1.txt", "seeds/003_3f3ffb5706d1ef7e.txt"}


def test_some_input_unreadable_exits_1_and_the_rest_is_processed(tmp_path):
    result = runner.invoke(app, ["studies", "--format", "jsonl", str(FORMATS / "zotero.bib"),
                                 str(tmp_path / "missing.bib")])
    assert result.exit_code == 1
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["study"] for r in rows] == ["Chambers 2008", "Müller 2024"]
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(x.startswith("nettool: warning: ") for x in lines)


def test_pool_counts_a_study_exported_twice_once(tmp_path):
    paths = [str(FORMATS / n) for n in ("scopus.csv", "zotero.bib", "wos_tagged.txt", "endnote.xml",
                                        "zotero_csl.json")]
    result = runner.invoke(app, ["studies", "--format", "jsonl", "-q", *paths])
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert sorted(r["study"] for r in rows) == ["Chambers 2008", "Müller 2024", "Ødegaard 2019"]
    chambers = next(r for r in rows if r["study"] == "Chambers 2008")
    assert chambers["source"].count(";") == 4  # five exports of one study


def test_beyond_the_window_records_are_streamed_with_bounded_merging():
    from nettool.load import load_run

    paths = [str(FORMATS / n) for n in ("covidence_semicolon.csv", "zotero.bib", "wos_tagged.txt",
                                        "zotero_csl.json")]
    notes = []
    whole = list(load_run(paths, on_error=lambda e: None, on_note=notes.append))
    streamed = list(load_run(paths, on_error=lambda e: None, window=(1, 1 << 30)))
    assert [r.label for r in whole] == ["Kim 2022a", "Kim 2022b", "Chambers 2008", "Müller 2024", "Ødegaard 2019"]
    # the first record was handed on before its clash was seen: it keeps its label, the next gets "b"
    assert [r.label for r in streamed] == ["Kim 2022", "Kim 2022b", "Chambers 2008", "Müller 2024",
                                           "Ødegaard 2019"]
    assert [n.count for n in notes if n.kind == "duplicates"] == [3]  # Chambers twice more, Ødegaard once


def test_full_text_note_on_stderr_and_the_flag_includes_the_body():
    path = str(FORMATS / "pmc_fulltext.txt")
    short = runner.invoke(app, ["extract", "--format", "jsonl", path])
    full = runner.invoke(app, ["extract", "--format", "jsonl", "--full-text", path])
    assert short.exit_code == 0 and full.exit_code == 0
    assert short.stderr == ("nettool: note: 1 full-text article(s): figures come from the abstract only "
                            "(--full-text includes the body)\n")
    assert full.stderr == ""
    text = (FORMATS / "pmc_fulltext.txt").read_text(encoding="utf-8")
    body_at = text.index("\nBODY")
    short_rows = [json.loads(x) for x in short.stdout.splitlines()]
    full_rows = [json.loads(x) for x in full.stdout.splitlines()]
    assert short_rows and all(r["end"] <= body_at for r in short_rows)
    assert {r["metric"] for r in short_rows} == {"cc", "os"}
    assert {r["metric"] for r in full_rows if r["start"] > body_at} == {"mortality", "morbidity"}


def test_pubmed_text_translated_title_and_notes_are_not_authors():
    data = ("1. Chirurg. 2009 Feb;80(2):1-5.\n\n[Indications and operative procedures for neuroendocrine liver\n"
            "metastases].\n\n[Article in German]\n\nMüller H(1), Kim J(2).\n\nAuthor information:\n(1)Klinik.\n"
            "(2)Klinik.\n\nFive-year overall survival was 60%.\n\nPMID: 19190000\n")
    (rec,) = load_bytes(data.encode("utf-8"), "x.txt")
    assert rec.title == "[Indications and operative procedures for neuroendocrine liver metastases]."
    assert rec.authors == ["Müller H", "Kim J"] and rec.year == 2009 and rec.pmid == "19190000"
    assert [(f.metric, f.value) for f in extract_record(rec)] == [("os", 60)]


def test_bibtex_pmid_from_a_zotero_note():
    data = b"@article{a, title={T}, year={2020}, note={PMID: 123456}, abstract={Median OS was 5 years.}}\n"
    (rec,) = load_bytes(data, "x.bib")
    assert rec.pmid == "123456"


def test_bibtex_parser_warnings_do_not_reach_stderr(tmp_path):
    path = tmp_path / "twice.bib"
    path.write_text('@string{surg = "Surgery"}\n@string{surg = "Surgery"}\n'
                    "@article{a, title={T}, journal=surg, year={2020}, abstract={Median OS was 5 years.}}\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(path)])
    assert result.exit_code == 0 and result.stderr == ""
    assert [json.loads(x)["value"] for x in result.stdout.splitlines()] == [5]
