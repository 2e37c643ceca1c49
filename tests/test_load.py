"""Loader: formats, metadata, body spans, folders and stdin (tests/data/load holds copies of dev/seed files)."""
from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from nettool.errors import InputError
from nettool.load import load_bytes, load_paths
from nettool.models import Record

DATA = Path(__file__).parent / "data" / "load"

FURNITURE = (
    "Similar articles", "Cited by", "MeSH terms", "Publication types", "LinkOut", "Full Text Sources",
    "Keywords:", "PMID: 9900", "- DOI:", "doi: 10.", "©", "Journal Article", "Aged, 80 and over", "- PubMed",
)


def load(name: str) -> list[Record]:
    return list(load_paths([str(DATA / name)]))


def body(record: Record) -> str:
    return "\n".join(record.text[s:e] for s, e in record.spans)


def check_spans(record: Record) -> None:
    last = 0
    for start, end in record.spans:
        assert last <= start <= end <= len(record.text)
        last = end


# --- plain text ---------------------------------------------------------------------------------

TEXT_FILES = sorted(p.name for p in DATA.glob("[0-9]*.txt"))


@pytest.mark.parametrize("name", TEXT_FILES)
def test_text_body_holds_no_furniture(name: str) -> None:
    (record,) = load(name)
    assert record.format == "text"
    check_spans(record)
    text = body(record)
    assert len(text) > 300
    for marker in FURNITURE:
        assert marker not in text, (name, marker)
    assert record.title and record.title not in text  # the title (even repeated) is not body


def test_text_is_the_whole_decoded_file() -> None:
    raw = (DATA / "01_hepatic_debulking.txt").read_bytes()
    (record,) = load("01_hepatic_debulking.txt")
    assert record.text == raw.decode("utf-8")
    assert record.source == str(DATA / "01_hepatic_debulking.txt")
    assert record.index == 0


def test_web_page_copy_metadata_and_body() -> None:
    (record,) = load("01_hepatic_debulking.txt")
    assert record.pmid == "99000001"
    assert record.doi == "10.99999/jns.2022.0311"
    assert record.title.startswith("Hepatic Debulking Below the Traditional Threshold")
    text = body(record)
    assert text.startswith("Background: Liver surgery")
    assert "5- and 10-year OS rates were 85% and 66%" in text
    assert text.rstrip().endswith("anticipated from the outset.")
    assert "Ten-year survival of 60%" not in text  # a Similar-articles title
    assert "Is 70% enough?" not in text


def test_journal_copy_metadata_and_publication_types() -> None:
    (record,) = load("02_mesenteric_palliation.txt")
    assert record.pmid is None
    assert record.doi == "10.99999/ejvsp.2017.0456"
    assert record.journal == "Eur J Visc Surg Pract"
    assert record.year == 2017
    assert record.publication_types == ["Journal Article", "Observational Study"]
    text = body(record)
    assert "Mean follow-up was 52 months (range 1 to 187)" in text
    assert "1120-8" not in text


def test_citation_line_at_the_end_gives_pmid() -> None:
    (record,) = load("11_mesenteric_mass.txt")
    assert record.pmid == "99000011"
    assert record.doi == "10.99999/jns.2023.0188"
    assert record.journal == "J Neuroendocr Surg"
    assert record.year == 2023
    text = body(record)
    assert text.startswith("Mesenteric lymph-node metastases")
    assert "Three- and five-year overall survival reached 95% and 88%" in text
    assert "Keywords" not in text and "188-195" not in text


def test_references_list_is_not_body() -> None:
    (record,) = load("13_repeat_hepatectomy.txt")
    text = body(record)
    assert "a 5-year rate of 74% in 339 patients" not in text
    assert "10-year survival of 65%" not in text
    assert "(5-year, 83% vs 57%; p<0.001)" in text


def test_abstract_heading_and_structured_headings() -> None:
    (record,) = load("07_ablation_resection.txt")
    text = body(record)
    assert text.startswith("This retrospective study")
    assert "Abstract" not in text.split("\n")
    (record,) = load("08_carcinoid_heart_valve.txt")
    assert "95% CI 4.2−8.0" in body(record)
    assert record.journal == "Cardio Oncol Surg" and record.year == 2022


def test_seed_copies() -> None:
    (web,) = load("000_277575e362f372a1.txt")
    assert web.pmid == "38689169" and web.doi == "10.1245/s10434-024-15316-7"
    (journal,) = load("003_3f3ffb5706d1ef7e.txt")
    assert journal.journal == "Surgery" and journal.year == 2008
    assert journal.doi == "10.1016/j.surg.2008.06.008"
    assert journal.publication_types == ["Comparative Study"]
    assert "645-51" not in body(journal)


def test_pmc_dump_layout() -> None:
    (record,) = load("PMC101395.txt")
    assert record.title.startswith("Diclofenac does not interact with codeine")
    text = body(record)
    assert "TITLE" not in text and "ABSTRACT." not in text
    assert text.startswith("Previously, we have demonstrated")
    assert "a single oral dose of diclofenac did not alter" in text


def test_pmc_dump_back_matter_and_citation_sections_are_not_body() -> None:
    (record,) = load("PMC3580622.txt")
    text = body(record)
    assert "More than 30% of patients with pleural infection" in text
    assert "N Engl J Med 2011" not in text  # ABSTRACT.EXPANDED ABSTRACT.CITATION.
    assert "BODY." not in text and "COMPETING INTERESTS" not in text
    raw = record.text
    competing = raw.index("BODY.COMPETING INTERESTS.")
    assert all(end <= competing for _, end in record.spans)


def test_pmc_dump_with_title_only_has_no_body() -> None:
    (record,) = load("PMC3643086.txt")
    assert record.title and record.spans == []


def test_bare_paragraph_without_title_is_all_body() -> None:
    text = "Median overall survival was 61 months and 5-year OS was 55%."
    (record,) = load_bytes(text.encode(), "x.txt")
    assert body(record) == text


def test_first_line_with_section_label_is_not_a_title() -> None:
    text = "Background: We studied 40 patients.\nResults: Five-year OS was 70%.\n"
    (record,) = load_bytes(text.encode(), "x.txt")
    assert record.title is None
    assert "Background: We studied" in body(record) and "Five-year OS was 70%" in body(record)


def test_furniture_ends_body_until_next_real_paragraph() -> None:
    para = ("Results: Of 80 patients, the 5-year overall survival was 70% and median survival was 9 years. "
            "Morbidity was 20%. Recurrence occurred in 30% of the patients within 5 years of the operation, "
            "and the median follow-up was 60 months. ")
    text = f"Title of the study\n\n{para}\n\nCopyright 2020 Elsevier.\n\nMeSH terms\n  • Aged\n\n{para}X.\n"
    (record,) = load_bytes(text.encode(), "x.txt")
    assert len(record.spans) == 2
    assert "Copyright" not in body(record) and "Aged" not in body(record)


# --- MEDLINE ------------------------------------------------------------------------------------

def test_medline_single_record() -> None:
    (record,) = load("15_elderly_cytoreduction.nbib")
    assert record.format == "medline"
    assert record.pmid == "99000015"
    assert record.doi == "10.99999/aho.2024.0611"
    assert record.journal == "Ann Hepatobiliary Oncol"
    assert record.year == 2024
    assert record.publication_types == ["Journal Article", "Comparative Study"]
    assert record.title == ("Hepatic cytoreduction for neuroendocrine liver metastases in patients aged "
                            "75 years or older: a matched comparison.")
    assert "(median 12.2 vs 13.0 years; P = .58)" in record.text  # figure wrapped across lines
    assert "  " not in record.text and "\n" not in record.text
    assert record.spans == [(0, len(record.text))]


def test_medline_two_records() -> None:
    records = load("16_17_hipec_and_pnet_primary.nbib")
    assert [r.pmid for r in records] == ["99000016", "99000017"]
    assert [r.index for r in records] == [0, 1]
    assert records[0].text.startswith("The benefit of adding hyperthermic")


def test_medline_wrapped_figure() -> None:
    (record,) = load("18_laparoscopic_vs_open.nbib")
    assert "median 2 vs 4 lesions" in record.text


# --- PubMed XML ---------------------------------------------------------------------------------

def test_xml_labelled_sections() -> None:
    (record,) = load("19_extrahepatic_disease.xml")
    assert record.format == "xml"
    assert record.pmid == "99000019"
    assert record.doi == "10.99999/aho.2020.0288"
    assert record.year == 2020
    assert record.journal == "Ann Hepatobiliary Oncol"
    lines = record.text.split("\n")
    assert [line.split(":")[0] for line in lines] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert "The 30-day mortality was < 1%" in record.text  # &lt; decoded


def test_xml_two_articles_entities_and_inline_markup() -> None:
    first, second = load("20_21_heart_disease_and_ptr_meta.xml")
    assert (first.pmid, second.pmid) == ("99000020", "99000021")
    assert (first.index, second.index) == (0, 1)
    assert first.text.startswith("Patients with carcinoid heart disease")
    assert "\n" not in first.text  # one unlabelled AbstractText
    assert "I2 = 37%" in second.text and "P < 0.00001" in second.text
    assert second.publication_types == ["Journal Article", "Meta-Analysis", "Systematic Review"]
    assert first.title.startswith("Abdominal cytoreduction in patients with carcinoid heart disease")


def test_xml_medline_date_and_book_fallbacks() -> None:
    xml = (b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>5</PMID><Article><Journal>"
           b"<JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate></JournalIssue>"
           b"<Title>Some Journal</Title></Journal><ArticleTitle>A <i>title</i></ArticleTitle>"
           b"<Abstract><AbstractText>OS was 50%.</AbstractText></Abstract></Article></MedlineCitation>"
           b"<PubmedData><ArticleIdList><ArticleId IdType=\"doi\">10.1000/x</ArticleId></ArticleIdList>"
           b"</PubmedData></PubmedArticle></PubmedArticleSet>")
    (record,) = load_bytes(xml, "x.xml")
    assert (record.pmid, record.year, record.journal, record.title, record.doi) == (
        "5", 1998, "Some Journal", "A title", "10.1000/x")


# --- RIS ----------------------------------------------------------------------------------------

def test_ris_records() -> None:
    (g3,) = load("23_g3_liver_resection.ris")
    assert g3.format == "ris"
    assert g3.doi == "10.99999/jns.2023.0701"
    assert g3.year == 2023
    assert g3.journal == "J Neuroendocr Surg"
    assert g3.title.startswith("Liver resection for metastases of well-differentiated grade 3")
    assert g3.text.startswith("Background: Well-differentiated grade 3")
    assert g3.spans == [(0, len(g3.text))]
    (lt,) = load("24_transplant_vs_resection.ris")
    assert lt.year == 2020 and lt.doi == "10.99999/tol.2020.0512"


def test_ris_several_entries_and_pmid_from_an() -> None:
    data = b"".join((DATA / n).read_bytes() for n in ("23_g3_liver_resection.ris", "24_transplant_vs_resection.ris"))
    data = data.replace(b"TY  - JOUR\n", b"TY  - JOUR\nAN  - 12345\n", 1)
    first, second = load_bytes(data, "both.ris")
    assert first.pmid == "12345" and second.pmid is None
    assert (first.index, second.index) == (0, 1)


# --- sniffing, folders, stdin --------------------------------------------------------------------

@pytest.mark.parametrize("name,fmt", [
    ("15_elderly_cytoreduction.nbib", "medline"), ("19_extrahepatic_disease.xml", "xml"),
    ("23_g3_liver_resection.ris", "ris"), ("04_peritoneal_cytoreduction.txt", "text"),
])
def test_format_is_recognised_by_content_not_extension(tmp_path: Path, name: str, fmt: str) -> None:
    target = tmp_path / "abstract.dat"
    shutil.copy(DATA / name, target)
    records = list(load_paths([str(target)]))
    assert records and all(r.format == fmt for r in records)
    assert records[0].source == str(target)


def test_folder_is_walked_sorted_recursively_hidden_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    shutil.copy(DATA / "23_g3_liver_resection.ris", tmp_path / "b" / "z.ris")
    shutil.copy(DATA / "15_elderly_cytoreduction.nbib", tmp_path / "a.nbib")
    shutil.copy(DATA / "04_peritoneal_cytoreduction.txt", tmp_path / "b" / "a.txt")
    shutil.copy(DATA / "04_peritoneal_cytoreduction.txt", tmp_path / ".hidden" / "x.txt")
    shutil.copy(DATA / "04_peritoneal_cytoreduction.txt", tmp_path / ".dotfile.txt")
    (tmp_path / "README.md").write_text("# notes: 5-year OS 99%\n")
    (tmp_path / "gold.json").write_text('{"value": 85}\n')
    records = list(load_paths([str(tmp_path)]))
    assert [os.path.relpath(r.source, tmp_path) for r in records] == [
        "a.nbib", os.path.join("b", "a.txt"), os.path.join("b", "z.ris")]


def test_stdin_dash_reads_the_given_stream() -> None:
    data = (DATA / "16_17_hipec_and_pnet_primary.nbib").read_bytes()
    records = list(load_paths(["-"], stdin=io.BytesIO(data)))
    assert [r.pmid for r in records] == ["99000016", "99000017"]
    assert records[0].source == "<stdin>"


def test_several_inputs_keep_order() -> None:
    paths = [str(DATA / "23_g3_liver_resection.ris"), str(DATA / "15_elderly_cytoreduction.nbib")]
    assert [r.format for r in load_paths(paths)] == ["ris", "medline"]


def test_load_paths_is_lazy() -> None:
    it = load_paths([str(DATA / "does-not-exist.txt")])
    # nothing happens before iteration starts
    with pytest.raises(InputError):
        next(it)


def test_load_bytes_returns_a_list() -> None:
    records = load_bytes((DATA / "20_21_heart_disease_and_ptr_meta.xml").read_bytes(), "mem.xml")
    assert isinstance(records, list) and len(records) == 2
    assert all(r.source == "mem.xml" for r in records)


def test_pmc_dump_without_abstract_headings() -> None:
    (record,) = load("PMC5856421.txt")
    assert record.title.startswith("Harmonic Scalpel-Assisted Laparoscopic Cholecystectomy")
    text = body(record)
    assert text.startswith("Introduction\nLaparoscopic cholecystectomy (LC) is the most commonly done")
    assert "HLC has no significant advantage over CLC" in text
    assert record.title not in text
