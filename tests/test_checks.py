"""Consistency checks on hand-built figures: each check ok and fail.

2x2 reference p-values were computed once with scipy 1.17 (not a test dependency):

    from scipy import stats
    stats.fisher_exact(t)[1]; stats.chi2_contingency(t, correction=False)[1]
    stats.chi2_contingency(t, correction=True)[1]
"""
from __future__ import annotations

import pytest

from nettool.analyze.checks import (
    CHECK_FIELDS, chi_square, check_studies, check_study, fisher_exact, reported_p, summary, two_by_two_pvalues,
    wald_p,
)
from nettool.models import Arm, Figure, Record, Study
from tests.helpers import with_n

# table -> (Fisher two-sided, chi-square, chi-square with Yates), scipy
SCIPY_2X2 = {
    (165, 46, 28, 22): (0.0021530837070277923, 0.0013021988043475919, 0.0023948329386446077),
    (164, 47, 28, 22): (0.0038213913452900777, 0.0017356988174707514, 0.003139356578828927),
    (3, 1, 1, 3): (0.48571428571428565, 0.15729920705028105, 0.47950012218695337),
    (25, 5, 10, 20): (0.0001810000624445966, 8.56829801091046e-05, 0.0002463156216738152),
    (0, 10, 5, 5): (0.032507739938080496, 0.009823274507519235, 0.03886710381241731),
    (12, 2, 5, 9): (0.018306636155606404, 0.00675532976236455, 0.02024812670418194),
}


@pytest.mark.parametrize("table", list(SCIPY_2X2))
def test_fisher_and_chi_square_match_scipy(table):
    fisher, chi2, yates = SCIPY_2X2[table]
    assert fisher_exact(*table) == pytest.approx(fisher, rel=1e-9)
    assert chi_square(*table) == pytest.approx(chi2, rel=1e-9)
    assert chi_square(*table, yates=True) == pytest.approx(yates, rel=1e-9)


def test_chi_square_undefined_with_empty_margin():
    assert chi_square(0, 10, 0, 12) is None
    assert set(two_by_two_pvalues(0, 10, 0, 12)) == {"fisher"}
    assert fisher_exact(0, 10, 0, 12) == 1.0


def test_wald_p_from_ci():
    # se = (ln .72 - ln .28) / 3.92; z = ln .45 / se
    assert wald_p(0.45, 0.28, 0.72) == pytest.approx(0.000919, abs=2e-6)
    assert wald_p(1.0, 0.5, 2.0) == pytest.approx(1.0)


def fig(metric, value, group=None, sentence="", **kw):
    surface = kw.pop("surface", f"{value:g}%")
    return Figure(metric=metric, measure=kw.pop("measure", "rate"), value=value, unit=kw.pop("unit", "percent"),
                  surface=surface, start=0, end=len(surface), sentence=sentence or f"... {surface} ...",
                  group=group, source="paper.txt", **kw)


def study(figures, arms=(), n_total=None):
    return with_n(Study(record=Record(source="paper.txt", text="", pmid="123"), figures=list(figures),
                        arms=[Arm(a, n) for a, n in arms], n_total=n_total))


def rows_of(check, s):
    return [r for r in check_study(s) if r.check == check]


# --------------------------------------------------------------------------- percent-count
def test_grim_stated_count_fails():
    s = study([fig("relief", 86, events=25, total=30, sentence="Symptoms improved in 25 of 30 (86%).")])
    (row,) = rows_of("percent-count", s)
    assert row.status == "fail" and "83.33%" in row.message and "stated" in row.message
    assert row.to_dict()["pmid"] == "123" and list(row.to_dict()) == list(CHECK_FIELDS)


def test_grim_stated_count_ok_and_truncation_warns():
    (ok,) = rows_of("percent-count", study([fig("relief", 83, events=25, total=30)]))
    assert ok.status == "ok"
    (ok1,) = rows_of("percent-count", study([fig("mortality", 3.4, events=3, total=88, surface="3.4%")]))
    assert ok1.status == "ok"
    (warn,) = rows_of("percent-count", study([fig("relief", 87, events=26, total=30)]))  # 86.67 -> 87 fine
    assert warn.status == "ok"
    (trunc,) = rows_of("percent-count", study([fig("relief", 86, events=26, total=30)]))  # 86.67 truncated
    assert trunc.status == "warn" and "truncated" in trunc.message


def test_grim_percent_times_arm_size():
    ok = study([fig("cc", 56, group="LPM")], arms=[("LPM", 50)])
    assert rows_of("percent-count", ok)[0].status == "ok"
    bad = study([fig("cc", 33, group="LPM")], arms=[("LPM", 50)])  # 16.5 patients
    (row,) = rows_of("percent-count", bad)
    # an arm size may not be this percent's denominator: warn, never fail
    assert row.status == "warn" and "derived" in row.message
    stated = study([fig("cc", 33, total=50)])  # "33% of 50 patients": denominator printed with it
    assert rows_of("percent-count", stated)[0].status == "fail"


def test_grim_not_testable_for_large_denominators():
    (row,) = rows_of("percent-count", study([fig("cc", 33, total=211)]))
    assert row.status == "ok" and "not testable" in row.message


# --------------------------------------------------------------------------- p-value
SEED = ("Complete cytoreduction was achieved in 78% of patients with isolated liver metastases and 56% of "
        "those with liver and peritoneal metastases (p = 0.002).")
SEED_ARMS = [("isolated liver metastases", 211), ("liver and peritoneal metastases", 50)]


def seed_study(p=0.002, sentence=SEED):
    return study([fig("cc", 78, group="isolated liver metastases", p_value=p, sentence=sentence),
                  fig("cc", 56, group="liver and peritoneal metastases", p_value=p, sentence=sentence)],
                 arms=SEED_ARMS, n_total=261)


def test_seed_p_value_is_consistent():
    (row,) = rows_of("p-value", seed_study())
    assert row.status == "ok"
    assert "165/211 vs 28/50" in row.message and "Fisher p = 0.002153" in row.message
    assert "derived" in row.message


def test_p_value_contradiction_fails_with_stated_counts():
    sent = "Relief in 25 of 30 (83%) after resection vs 10 of 30 (33%) with medical therapy (P = 0.64)."
    s = study([fig("relief", 83, group="resection", events=25, total=30, p_value=0.64, sentence=sent),
               fig("relief", 33, group="medical therapy", events=10, total=30, p_value=0.64, sentence=sent)])
    (row,) = rows_of("p-value", s)
    assert row.status == "fail" and "none supports p = 0.64" in row.message and "counts stated" in row.message


def test_p_value_borderline_only_warns():
    sent = "Relief in 25 of 30 (83%) vs 10 of 30 (33%) (P = 0.04)."
    s = study([fig("relief", 83, group="a", events=25, total=30, p_value=0.04, sentence=sent),
               fig("relief", 33, group="b", events=10, total=30, p_value=0.04, sentence=sent)])
    (row,) = rows_of("p-value", s)
    assert row.status == "warn"


def test_p_value_less_than():
    sent = "25 of 30 (83%) vs 10 of 30 (33%), P < .001"
    s = study([fig("relief", 83, group="a", events=25, total=30, p_value=0.001, sentence=sent),
               fig("relief", 33, group="b", events=10, total=30, p_value=0.001, sentence=sent)])
    assert rows_of("p-value", s)[0].status == "ok"
    assert reported_p(s.figures[0]) == ("<", 3)


def test_p_value_not_checked_for_survival_rates_or_single_arm():
    sent = "5-year OS 80% vs 60% (p = 0.9)"
    s = study([fig("os", 80, group="a", timepoint="5y", p_value=0.9, sentence=sent, total=100),
               fig("os", 60, group="b", timepoint="5y", p_value=0.9, sentence=sent, total=100)])
    assert rows_of("p-value", s) == []
    one = study([fig("cc", 78, group="a", p_value=0.002, total=211)])
    assert rows_of("p-value", one) == []


# --------------------------------------------------------------------------- HR / CI / p
def hr(value, low, high, p, sentence):
    return fig("os", value, measure="hr", unit="ratio", low=low, high=high, p_value=p, sentence=sentence,
               surface=f"HR {value}")


def test_hr_ci_p_fails_when_ci_and_p_disagree():
    s = study([hr(0.45, 0.28, 0.72, 0.40, "HR 0.45 (95% CI 0.28-0.72), P = 0.40")])
    (row,) = rows_of("hr-ci-p", s)
    assert row.status == "fail" and "excludes 1" in row.message


def test_hr_ci_p_ok():
    s = study([hr(0.45, 0.28, 0.72, 0.001, "HR 0.45 (95% CI 0.28-0.72), P = 0.001")])
    assert rows_of("hr-ci-p", s)[0].status == "ok"
    s = study([hr(0.45, 0.28, 0.72, 0.001, "HR 0.45 (95% CI 0.28-0.72), P < 0.001")])
    assert rows_of("hr-ci-p", s)[0].status == "ok"
    s = study([hr(0.9, 0.6, 1.35, 0.61, "HR 0.90 (95% CI 0.60-1.35; p = 0.61)")])
    assert rows_of("hr-ci-p", s)[0].status == "ok"


def test_hr_ci_p_same_side_mismatch_warns():
    s = study([hr(0.45, 0.28, 0.72, 0.03, "HR 0.45 (95% CI 0.28-0.72), P = 0.03")])
    assert rows_of("hr-ci-p", s)[0].status == "warn"


# --------------------------------------------------------------------------- impossible
def test_impossible_values():
    s = study([fig("cc", 104), fig("os", 0.5, measure="hr", unit="ratio", low=0.6, high=0.9, surface="HR 0.5",
                                   sentence="Resection was protective (HR 0.5, 95% CI 0.6-0.9)."),
               fig("followup", 40, measure="median", unit="months", low=60, high=12, surface="40 months",
                   sentence="Median follow-up was 40 months (range 60-12 months)."),
               fig("relief", 80, events=30, total=25)], arms=[("A", 300)], n_total=261)
    fails = [r.message for r in rows_of("impossible", s) if r.status == "fail"]
    assert any("above 100%" in m for m in fails)
    assert any("outside its interval" in m for m in fails)
    assert any("lower limit 60 is above upper limit 12" in m for m in fails)
    assert any("30 events out of 25" in m for m in fails)
    assert any("more than the study's 261" in m for m in fails)


def test_impossible_ok_and_overlapping_arms_warn():
    s = study([fig("cc", 78), fig("os", 0.5, measure="hr", unit="ratio", low=0.3, high=0.9, surface="HR 0.5")],
              arms=[("A", 200), ("B", 100)], n_total=261)
    rows = rows_of("impossible", s)
    assert all(r.status in ("ok", "warn") for r in rows)
    assert any(r.status == "warn" and "sum to 300" in r.message for r in rows)
    assert sum(r.status == "ok" for r in rows) == 2


def test_check_studies_and_summary():
    rows = list(check_studies([seed_study(), study([fig("relief", 86, events=25, total=30)])]))
    counts = summary(rows)
    assert counts["fail"] == 1 and counts["ok"] >= 3


# --------------------------------------------------------------------------- CLI
import json  # noqa: E402
from pathlib import Path  # noqa: E402

from typer.testing import CliRunner  # noqa: E402

from nettool.cli import app  # noqa: E402

DATA = Path(__file__).parent / "data" / "analysis"


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_cli_check_jsonl_rows_and_contract():
    res = run("check", "--format", "jsonl", str(DATA / "a_inconsistent.txt"))
    assert res.exit_code == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert rows and all(list(r) == list(CHECK_FIELDS) for r in rows)
    fails = {r["check"] for r in rows if r["status"] == "fail"}
    assert fails == {"percent-count", "p-value", "hr-ci-p"}
    assert all(r["sentence"] for r in rows if r["status"] == "fail")


def test_cli_check_strict_exit_codes():
    bad = run("check", "--strict", "-f", "tsv", str(DATA / "a_inconsistent.txt"))
    assert bad.exit_code == 1 and "3 checks failed" in bad.stderr
    assert bad.stdout.startswith("source\tpmid\tcheck\tstatus\tmessage\tsentence\n")
    good = run("check", "--strict", "-f", "tsv", str(DATA / "b_consistent.txt"), str(DATA / "c_small.txt"))
    assert good.exit_code == 0 and good.stderr == ""
    statuses = [line.split("\t")[3] for line in good.stdout.splitlines()[1:]]
    assert statuses and set(statuses) == {"ok"}


def test_cli_check_problems_only():
    res = run("check", "--problems", "-f", "jsonl", str(DATA))
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert rows and all(r["status"] != "ok" for r in rows)


def test_extractor_derived_counts_keep_every_rounding_candidate():
    # the extractor derived 165/211 from "78%" and an arm size: 164/211 rounds to 78% too,
    # and a derived denominator never makes a GRIM fail
    f = fig("cc", 78, group="ILM", events=165, total=211, counts_derived=True)
    from nettool.analyze.pool import counts_of

    c = counts_of(f, study([f]))
    assert c.how == "derived" and c.events == 165 and c.candidates == (164, 165)
    g = fig("cc", 33, group="LPM", events=16, total=50, counts_derived=True)
    (row,) = rows_of("percent-count", study([g]))
    assert row.status == "warn"


@pytest.mark.parametrize("sentence,surface,value,low,high,unit", [
    # the CI belongs to an odds ratio printed after the percent
    ("Recurrence was more frequent after BLTR (32% vs 19%; OR 1.97 [95% CI 1.47-2.65]; p<0.0001).",
     "19%", 19, 1.47, 2.65, "percent"),
    # the value is an SD, not the estimate
    ("Mean follow-up was 24.0 ± 7.51 months (range, 12-36 months).", "7.51 months", 7.51, 12, 36, "months"),
    # the value is the confidence level
    ("PFS at 3 years rose from 28·1% [95·66% CI 21·3–35·5] to 35·4%.", "95·66%", 95.66, 21.3, 35.5, "percent"),
    # a difference's CI leaves 0-100% but belongs to the difference
    ("2-year OS was 56% (95% CI 50-62) and 51%; difference 5.3% [95% CI -3.2% to 13.7%].",
     "51%", 51, -3.2, 13.7, "percent"),
])
def test_impossible_interval_of_another_statistic_only_warns(sentence, surface, value, low, high, unit):
    f = fig("os", value, measure="median" if unit == "months" else "rate", unit=unit, low=low, high=high,
            surface=surface, sentence=sentence)
    rows = [r for r in rows_of("impossible", study([f])) if r.status != "ok"]
    assert rows and all(r.status == "warn" for r in rows)
    assert "may belong" in rows[0].message or "looks like" in rows[0].message


def test_impossible_interval_printed_with_the_value_fails():
    sent = "60-day mortality was 23.8% (95% CI, 16.5 to 32.9%) vs. 11.3% (95% CI, 6.5 to 9.2%), P = 0.022."
    f = fig("mortality", 11.3, low=6.5, high=9.2, surface="11.3%", sentence=sent)
    (row,) = [r for r in rows_of("impossible", study([f])) if r.status != "ok"]
    assert row.status == "fail" and "outside its interval 6.5-9.2" in row.message


def test_hr_p_of_another_comparison_only_warns():
    sent = ("The composite occurred less often (HR 0.89; 95% CI: 0.78-1.01; P < 0.001 for non-inferiority, "
            "P = 0.08 for superiority).")
    (row,) = rows_of("hr-ci-p", study([hr(0.89, 0.78, 1.01, 0.001, sent)]))
    assert row.status == "warn"


def test_reported_p_nearest_after_the_figure():
    sent = "PFS (HR = 1.701, 95% CI: 1.229-2.354, p = 0.001) and OS (HR = 2.097, 95% CI: 1.465-3.000, p < 0.001)."
    f = fig("os", 2.097, measure="hr", unit="ratio", low=1.465, high=3.0, p_value=0.001, sentence=sent,
            surface="HR = 2.097")
    assert reported_p(f) == ("<", 3)
    assert rows_of("hr-ci-p", study([f]))[0].status == "ok"


def test_p_value_close_to_a_test_is_ok():
    sent = "Mortality was 7 of 62 (11.3%) versus 9 of 60 (15%); p = 0.59."
    s = study([fig("mortality", 11.3, group="a", events=7, total=62, p_value=0.59, sentence=sent, surface="11.3%"),
               fig("mortality", 15, group="b", events=9, total=60, p_value=0.59, sentence=sent)])
    (row,) = rows_of("p-value", s)
    assert row.status == "ok" and "close to" in row.message


def test_grim_skips_kaplan_meier_rates():
    f = fig("os", 30.2, group="capecitabine", timepoint="1y", surface="30.2%")
    assert rows_of("percent-count", study([f], arms=[("capecitabine", 46)])) == []


@pytest.mark.parametrize("sentence,surface,value,low,high,metric", [
    ("There were differences during the 12–24-month period (IR 2.06, 95% CI 1.22–3.5).", "24-month", 24, 1.22,
     3.5, "followup"),
    ("Relapse (58.9% NRT, 50.5% bupropion; difference = 8.5%, 95% CI = −0.5 to 17.9%).", "8.5%", 8.5, -0.5, 17.9,
     "recurrence"),
    ("2-year OS was 56% and 51% (absolute difference between the treatment groups 5·3% [95% CI −3·2% to 13·7%]).",
     "5·3%", 5.3, -3.2, 13.7, "os"),
])
def test_impossible_other_estimates_only_warn(sentence, surface, value, low, high, metric):
    unit = "percent" if surface.endswith("%") else "months"
    f = fig(metric, value, measure="rate" if unit == "percent" else "median", unit=unit, low=low, high=high,
            surface=surface, sentence=sentence)
    rows = [r for r in rows_of("impossible", study([f])) if r.status != "ok"]
    assert rows and all(r.status == "warn" for r in rows)


def test_impossible_median_outside_its_printed_ci_fails():
    sent = "Median overall survival was 30.6 months (95 % CI, 13.4–22.0 months)."
    f = fig("os", 30.6, measure="median", unit="months", low=13.4, high=22.0, surface="30.6 months", sentence=sent)
    (row,) = [r for r in rows_of("impossible", study([f])) if r.status != "ok"]
    assert row.status == "fail"


def test_no_denominator_the_text_does_not_tie_to_the_figure():
    # "Postoperative morbidity was 22%": not stated to be of all 66 -> no percent-count check at all
    whole = study([fig("morbidity", 22)], n_total=66)
    assert rows_of("percent-count", whole) == []
    # relief of carcinoid syndrome in 42 patients (75%): of the 56 with the syndrome, not of the 66
    relief = study([fig("relief", 75, events=42, symptom="carcinoid syndrome")], n_total=66)
    assert rows_of("percent-count", relief) == []


def test_seeds_raise_no_false_alarms():
    from nettool.cli._run import seed_folder

    res = CliRunner().invoke(app, ["check", "--problems", "-f", "jsonl", seed_folder()])
    assert res.exit_code == 0, res.stderr
    assert res.stdout.strip() == "", res.stdout
