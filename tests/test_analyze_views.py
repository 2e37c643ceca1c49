"""Analysis views (compare, summary, studies) on hand-built studies: no extractor involved."""
from __future__ import annotations

import re

import pytest

from nettool.analyze import (
    fmt_interval, fmt_number, fmt_timepoint, fmt_value, metric_names, resolve_metric,
)
from nettool.analyze.compare import COLUMNS as COMPARE_COLUMNS
from nettool.analyze.compare import compare_rows, compare_table
from nettool.analyze.studies import studies_rows
from nettool.analyze.summary import finding_label, study_findings, summarize, summary_rows
from nettool.errors import AnalysisError
from nettool.extract.arms import match_arm
from nettool.models import METRICS, Arm, Figure, Record, Study
from tests.helpers import with_n

TEXT = ("Complete cytoreduction was achieved in 78% of patients with isolated liver metastases and 56% of "
        "those with liver and peritoneal metastases (p = 0.002). After complete cytoreduction, median "
        "overall survival (OS) was 11.5 years for isolated liver metastases and 11.2 years for liver and "
        "peritoneal metastases (p = 0.10).")


def fig(surface: str, **kw) -> Figure:
    start = TEXT.index(surface)
    base = dict(metric="cc", measure="rate", value=0.0, unit="percent", surface=surface, start=start,
                end=start + len(surface), sentence=TEXT)
    base.update(kw)
    return Figure(**base)


def study_a() -> Study:
    rec = Record(source="a.txt", text=TEXT, pmid="38689169", doi="10.1245/x", title="Cytoreduction study",
                 journal="Ann Surg Oncol", year=2024)
    figs = [
        fig("11.2 years", metric="os", measure="median", value=11.2, unit="years",
            group="liver and peritoneal metastases", condition="After complete cytoreduction", p_value=0.1),
        fig("78%", value=78.0, group="isolated liver metastases", p_value=0.002),
        fig("56%", value=56.0, group="liver and peritoneal metastases", p_value=0.002),
        fig("11.5 years", metric="os", measure="median", value=11.5, unit="years",
            group="isolated liver metastases", condition="After complete cytoreduction", p_value=0.1),
    ]
    return with_n(Study(record=rec, figures=figs, design="retrospective", setting="Mayo Clinic", period="2000-2020",
                        n_total=261, arms=[Arm("isolated liver metastases", 211),
                                           Arm("liver and peritoneal metastases", 50)],
                        conclusion="Peritoneal metastases should not preclude cytoreduction."))


def study_b() -> Study:
    text = "Overall 5-year survival rate was 74%. Postoperative morbidity was 22% (15/66). Mean follow-up was 47 months (range, 6-156)."
    rec = Record(source="b.txt", text=text, doi="10.1016/y", title="Palliation study", journal="Surgery", year=2008)

    def f(surface, **kw):
        s = text.index(surface)
        return Figure(surface=surface, start=s, end=s + len(surface), sentence=text, **kw)

    figs = [
        f("74%", metric="os", measure="rate", value=74.0, unit="percent", timepoint="5y"),
        f("22%", metric="morbidity", measure="rate", value=22.0, unit="percent", events=15, total=66),
        f("47 months", metric="followup", measure="mean", value=47.0, unit="months", low=6.0, high=156.0),
    ]
    return with_n(Study(record=rec, figures=figs, n_total=66))


# ---------------------------------------------------------------- vocabulary

@pytest.mark.parametrize("name,canonical", [
    ("os", "os"), ("overall-survival", "os"), ("Overall Survival", "os"), ("survival", "os"),
    ("cancer_specific_survival", "dss"), ("rfs", "dfs"), ("recurrence-free-survival", "dfs"),
    ("r0", "cc"), ("cytoreduction", "cc"), ("symptoms", "relief"), ("complications", "morbidity"),
    ("deaths", "mortality"), ("relapse", "recurrence"), ("follow-up", "followup"), ("PFS", "pfs"),
])
def test_resolve_metric_names_and_aliases(name, canonical):
    assert resolve_metric(name) == canonical


def test_unknown_metric_is_an_analysis_error_listing_every_metric():
    with pytest.raises(AnalysisError) as err:
        resolve_metric("survivorship")
    for m in METRICS:
        assert re.search(rf"\b{m}\b", str(err.value))


def test_every_alias_resolves_to_its_metric():
    for name in metric_names():
        assert resolve_metric(name) in METRICS


def test_formatting_helpers():
    assert fmt_number(78.0) == "78" and fmt_number(11.5) == "11.5" and fmt_number(0.002) == "0.002"
    assert fmt_number(None) == ""
    f = study_b().figures[2]
    assert fmt_value(f) == "47 months" and fmt_interval(f) == "6-156"
    assert fmt_timepoint("5y") == "5-year" and fmt_timepoint("30d") == "30-day" and fmt_timepoint(None) == ""
    ge = Figure(metric="relief", measure="rate", value=97.0, unit="percent", surface="x", start=0, end=1,
                sentence="x", bound=">=")
    assert fmt_value(ge) == ">=97%"


def arm_of(group, arms):
    return match_arm(group, [a for a in arms if a.n])


def test_arm_of_matches_names_loosely_but_not_ambiguously_and_keeps_negation_apart():
    arms = study_a().arms
    assert arm_of("Isolated liver metastases", arms).n == 211
    assert arm_of("liver and peritoneal metastases", arms).n == 50
    assert arm_of("liver", arms) is None  # contained in both arms: ambiguous
    assert arm_of(None, arms) is None
    crit = [Arm("criteria", 38), Arm("without criteria", 25)]  # dev 06: "38 met the criteria and 25 did not"
    assert arm_of("outside criteria", crit).n == 25 and arm_of("within criteria", crit).n == 38


def test_n_is_the_figures_own_denominator_never_borrowed():
    a, b = study_a(), study_b()
    assert a.figures[1].n == 211  # 78% of the arm, no condition: the arm's size
    assert a.figures[0].n is None  # OS "after complete cytoreduction": a subset, not the arm's 211
    assert b.figures[1].n == 66  # stated 15/66
    assert b.figures[0].n == 66  # whole cohort -> the cohort size
    unknown = with_n(Study(record=a.record, arms=a.arms, n_total=261, figures=[
        Figure(metric="cc", measure="rate", value=1.0, unit="percent", surface="x", start=0, end=1,
               sentence="x", group="some other arm")])).figures[0]
    assert unknown.n is None  # a named arm of unknown size never borrows the cohort n


def test_extractor_keeps_p_comparator_interval_kind_and_printed_text():
    from nettool.extract import extract_record

    text = ("Median overall survival was 8.0 months (95% CI 4.2-8.0) versus 5.5 months (P < .001). "
            "Complete resection was achieved in 83% (p = 0.10). Median follow-up was 36 months (IQR 20-48).")
    figs = {f.surface: f for f in extract_record(Record(source="x.txt", text=text))}
    os_ = next(f for f in figs.values() if f.value == 8.0)
    assert (os_.interval, os_.interval_text, os_.value_text) == ("ci", "4.2-8.0", "8.0")
    assert (os_.p_value, os_.p_bound, os_.p_text) == (0.001, "<", "p<0.001")
    cc = next(f for f in figs.values() if f.metric == "cc")
    assert cc.p_text == "p=0.10" and cc.p_bound == "="
    fu = next(f for f in figs.values() if f.metric == "followup")
    assert fu.interval == "iqr" and fu.interval_text == "20-48"


# ---------------------------------------------------------------- compare

def test_compare_rows_filter_metric_and_keep_study_then_text_order():
    rows = list(compare_rows([study_a(), study_b()], "os"))
    assert [(r["study"], r["value"]) for r in rows] == [
        ("PMID 38689169", 11.5), ("PMID 38689169", 11.2), ("doi:10.1016/y", 74.0)]
    assert all(set(COMPARE_COLUMNS) <= set(r) for r in rows)
    # both medians are "after complete cytoreduction": no borrowed arm size
    assert rows[0]["n"] is None and rows[1]["n"] is None and rows[2]["n"] == 66
    assert rows[0]["year"] == 2024 and rows[0]["p_value"] == 0.1 and rows[0]["subset"] is True


def test_compare_rows_carry_events_and_totals_for_meta_analysis():
    (row,) = compare_rows([study_b()], "morbidity")
    assert (row["events"], row["total"], row["counts_derived"], row["pooled"]) == (15, 66, False, True)
    assert row["kind"] == "study" and row["severity"] == "any"
    (fu,) = compare_rows([study_b()], "followup")
    assert (fu["low"], fu["high"], fu["interval_shown"]) == (6.0, 156.0, "6-156")


def test_compare_table_adds_symptom_column_only_for_relief():
    assert "Symptom" not in [h for h, _ in compare_table([], "os").human]
    assert "Symptom" in [h for h, _ in compare_table([], "relief").human]


# ---------------------------------------------------------------- studies

def test_studies_rows_one_per_study_with_metadata_and_counts():
    rows = list(studies_rows([study_a(), study_b()]))
    assert len(rows) == 2
    a = rows[0]
    assert (a["pmid"], a["design"], a["setting"], a["period"], a["n"], a["figures"]) == (
        "38689169", "retrospective", "Mayo Clinic", "2000-2020", 261, 4)
    assert a["arms"] == "isolated liver metastases (n=211); liver and peritoneal metastases (n=50)"
    assert rows[1]["arms"] is None and rows[1]["figures"] == 3


# ---------------------------------------------------------------- summary

def test_findings_put_arms_side_by_side_with_their_sizes_and_p():
    lines = [f.text for f in study_findings(study_a())]
    assert lines == [
        "Complete cytoreduction: 78% isolated liver metastases (n=211) vs 56% liver and peritoneal "
        "metastases (n=50); p=0.002",
        # a figure "after complete cytoreduction" is of a subset: no arm size borrowed
        "Median overall survival after complete cytoreduction: 11.5 years isolated liver metastases "
        "vs 11.2 years liver and peritoneal metastases; p=0.1",
    ]


def test_findings_of_whole_cohort_stand_alone_with_stated_counts_and_ranges():
    lines = [f.text for f in study_findings(study_b())]
    assert lines == ["5-year overall survival: 74%", "Morbidity: 22% (15/66)",
                     "Mean follow-up: 47 months (6-156)"]  # built without an interval kind


def test_differing_p_values_are_shown_per_arm_and_duplicates_dropped():
    s = study_a()
    s.figures[0].p_value = 0.2  # 11.2 years now has its own p
    s.figures.append(fig("78%", value=78.0, group="isolated liver metastases", p_value=0.002))  # restated
    lines = [f.text for f in study_findings(s)]
    assert len(lines) == 2
    assert lines[1] == ("Median overall survival after complete cytoreduction: 11.5 years isolated liver "
                        "metastases (p=0.1) vs 11.2 years liver and peritoneal metastases (p=0.2)")


def test_finding_label_reads_as_a_phrase():
    hr = Figure(metric="dss", measure="hr", value=0.5, unit="ratio", surface="x", start=0, end=1, sentence="x",
                condition="in R0 patients")
    assert finding_label(hr) == "Disease-specific survival hazard ratio in R0 patients"
    relief = Figure(metric="relief", measure="rate", value=1.0, unit="percent", surface="x", start=0, end=1,
                    sentence="x", symptom="flushing", condition="R0 resection")
    assert finding_label(relief) == "Relief of flushing (R0 resection)"


def test_summary_synthesis_counts_studies_patients_and_ranges():
    summary = summarize([study_a(), study_b()])
    assert [s.study for s in summary.studies] == ["PMID 38689169", "doi:10.1016/y"]
    assert summary.studies[0].header[:3] == ["Cytoreduction study", "Ann Surg Oncol, 2024",
                                             "PMID 38689169; DOI 10.1245/x"]
    assert "Design: retrospective; setting: Mayo Clinic; period: 2000-2020" in summary.studies[0].header
    assert ("n=261: isolated liver metastases (n=211), liver and peritoneal metastases (n=50)"
            in summary.studies[0].header)
    os_ = next(s for s in summary.synthesis if s.metric == "os")
    assert os_.heading == "Overall survival: 2 studies, 327 patients"
    # one unit per metric: medians in months, with the printed value beside
    assert os_.lines[0].startswith("median: range of reported values 134.4 months (11.2 years) to 138 months "
                                   "(11.5 years) across 2 figures from 1 study")
    assert os_.lines[1] == "5-year rate: 74% in doi:10.1016/y"
    assert [s.metric for s in summary.synthesis] == ["os", "cc", "morbidity", "followup"]


def test_every_number_in_the_summary_comes_from_figures_or_metadata():
    a, b = study_a(), study_b()
    summary = summarize([a, b])
    allowed = {fmt_number(x) for s in (a, b) for f in s.figures
               for x in (f.value, f.low, f.high, f.events, f.total, f.p_value) if x is not None}
    # times shown in months (one unit per metric): the printed value converted, rounded to 0.1
    allowed |= {fmt_number(round(f.value * 12, 1)) for s in (a, b) for f in s.figures if f.unit == "years"}
    allowed |= {"261", "211", "50", "66", "2024", "2008", "2000", "2020", "38689169", "327", "5"}
    allowed |= {str(i) for i in range(1, 10)}  # counts of studies and figures
    text = "\n".join(r["text"] for r in summary_rows(summary))
    text = re.sub(r"10\.\d{4,5}/\S+", "", text)  # DOIs
    numbers = set(re.findall(r"\d+(?:\.\d+)?", text))
    assert numbers <= allowed, numbers - allowed


def test_summary_rows_flatten_every_section():
    rows = summary_rows(summarize([study_a()]))
    assert {r["section"] for r in rows} == {"header", "finding", "conclusion", "synthesis"}
    assert all(set(r) == {"study", "section", "metric", "text"} for r in rows)


def test_synthesis_counts_no_meta_analysis_patients_and_uses_one_unit():
    a, b = study_a(), study_b()
    meta = study_b()
    meta.record = Record(source="m.txt", text=meta.record.text, pmid="999", title="A meta-analysis")
    meta.kind, meta.n_total = "meta-analysis", 5000
    os_ = next(s for s in summarize([a, b, meta]).synthesis if s.metric == "os")
    assert os_.patients == 261 + 66 and os_.secondary == 1  # the meta-analysis's 5000 are not added
    assert "1 meta-analysis or reviews not counted" in os_.heading
    assert "months" in os_.lines[0] and "years)" in os_.lines[0]  # medians in months, printed value beside


def test_compare_rows_show_interval_kind_and_p_as_printed():
    f = Figure(metric="os", measure="median", value=8.0, unit="months", surface="8.0 months", start=0, end=10,
               sentence="x", low=4.2, high=8.0, interval="ci", interval_text="4.2-8.0", value_text="8.0",
               p_value=0.001, p_bound="<", p_text="p<0.001")
    (row,) = compare_rows([Study(record=Record(source="x.txt", text="x"), figures=[f])], "os")
    assert (row["value_shown"], row["interval_shown"], row["p_shown"]) == ("8.0 months", "95% CI 4.2-8.0", "p<0.001")
    assert row["interval"] == "ci" and row["p_bound"] == "<"
