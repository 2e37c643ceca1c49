"""Pooling against reference numbers computed once with statsmodels, scipy and R metafor.

Reference values were computed with (not a test dependency):

    .venv/bin/pip install statsmodels   # pulls numpy, scipy
    python - <<'PY'
    import numpy as np
    from scipy import stats
    from scipy.optimize import minimize_scalar
    from statsmodels.stats.meta_analysis import combine_effects
    from statsmodels.stats.proportion import proportion_confint
    data = [(44, 57), (164, 211), (28, 50), (30, 41), (12, 25), (60, 72), (0, 14)]
    yi, vi = [], []
    for x, n in data:   # metafor escalc("PLO", add=1/2, to="only0")
        xa, na = (x + 0.5, n + 1) if x in (0, n) else (x, n)
        yi.append(np.log(xa / (na - xa))); vi.append(1 / xa + 1 / (na - xa))
    res = combine_effects(np.array(yi), np.array(vi), method_re="dl")
    print(res.summary_frame(), res.tau2, res.q, res.i2, stats.chi2.sf(res.q, 6))
    print([proportion_confint(x, n, method="wilson") for x, n in data])
    yi, vi = np.array(yi), np.array(vi)
    def nll(t2):    # restricted (REML) negative log-likelihood, maximised directly
        w = 1 / (vi + t2); mu = (w * yi).sum() / w.sum()
        return 0.5 * (np.log(vi + t2).sum() + np.log(w.sum()) + (w * (yi - mu) ** 2).sum())
    t2 = minimize_scalar(nll, bounds=(0, 10), method="bounded", options={"xatol": 1e-12}).x
    PY

metafor numbers: the BCG data set (dat.bcg, escalc measure="RR") with rma(method="DL"/"REML")
as printed in metafor's documentation (REML tau2 0.3132433, estimate -0.7145323, se 0.1798;
DL tau2 0.3088, estimate -0.7141, se 0.1787, Q 152.23, I2 92.12%), and the Kacker (2004)
example rma(y, v, method="DL") from statsmodels' results_meta.py (computed there with metafor).
"""
from __future__ import annotations

import math

import pytest

from nettool.analyze.pool import (
    MedianSummary, PoolResult, chi2_sf, count_candidates, counts_of, expit, gammaincc, logit_effect, pool,
    pool_proportions, random_effects, summarize_medians, weighted_median, wilson,
)
from nettool.errors import AnalysisError, UsageError
from nettool.models import Arm, Figure, Record, Study
from tests.helpers import with_n

PLO_DATA = [(44, 57), (164, 211), (28, 50), (30, 41), (12, 25), (60, 72), (0, 14)]

# statsmodels combine_effects(method_re="dl") on the PLO effects of PLO_DATA
SM_DL = dict(estimate=0.761835, se=0.278844, low=0.215311, high=1.308360, tau2=0.3865010579230863,
             q=30.05974627386003, i2=80.03975168207722, q_p=3.8293589132994756e-05)
SM_WEIGHTS_RE = [0.159938, 0.187868, 0.166258, 0.152237, 0.142209, 0.159823, 0.031666]
# scipy minimize_scalar of the REML log-likelihood on the same effects
SCIPY_REML = dict(tau2=0.4860571569746321, estimate=0.7372144258987453, se=0.3056880212804315)
# statsmodels proportion_confint(method="wilson")
SM_WILSON = {(44, 57): (0.6479398895432649, 0.8615810950103779), (164, 211): (0.7164346404696926, 0.8281529854114358),
             (0, 14): (0.0, 0.21531080273763586), (12, 25): (0.30031285954112963, 0.6650148304964323)}

BCG = [(4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619), (33, 5036, 47, 5761),
       (180, 1361, 372, 1079), (8, 2537, 10, 619), (505, 87886, 499, 87892), (29, 7470, 45, 7232),
       (17, 1699, 65, 1600), (186, 50448, 141, 27197), (5, 2493, 3, 2338), (27, 16886, 29, 17825)]
KACKER_Y = [61.0, 61.4, 62.21, 62.3, 62.34, 62.6, 62.7, 62.84, 65.9]
KACKER_V = [0.2025, 1.2100, 0.0900, 0.2025, 0.3844, 0.5625, 0.0676, 0.0225, 1.8225]


def _plo():
    ys, vs = [], []
    for x, n in PLO_DATA:
        y, v, _ = logit_effect(x, n)
        ys.append(y)
        vs.append(v)
    return ys, vs


def _bcg():
    y = [math.log((a / (a + b)) / (c / (c + d))) for a, b, c, d in BCG]
    v = [1 / a - 1 / (a + b) + 1 / c - 1 / (c + d) for a, b, c, d in BCG]
    return y, v


def test_logit_effect_correction_only_for_zero_or_all():
    y, v, corrected = logit_effect(0, 14)
    assert corrected and y == pytest.approx(math.log(0.5 / 14.5)) and v == pytest.approx(1 / 0.5 + 1 / 14.5)
    y, v, corrected = logit_effect(14, 14)
    assert corrected and y == pytest.approx(math.log(14.5 / 0.5))
    y, v, corrected = logit_effect(3, 14)
    assert not corrected and y == pytest.approx(math.log(3 / 11)) and v == pytest.approx(1 / 3 + 1 / 11)


def test_dl_matches_statsmodels_combine_effects():
    r = random_effects(*_plo(), method="dl")
    for key, ref in SM_DL.items():
        assert getattr(r, key) == pytest.approx(ref, abs=5e-6), key
    assert [w / 100 for w in r.weights] == pytest.approx(SM_WEIGHTS_RE, abs=5e-6)
    assert r.k == 7 and r.q_df == 6


def test_reml_matches_direct_maximisation():
    r = random_effects(*_plo(), method="reml")
    assert r.tau2 == pytest.approx(SCIPY_REML["tau2"], abs=1e-6)
    assert r.estimate == pytest.approx(SCIPY_REML["estimate"], abs=1e-6)
    assert r.se == pytest.approx(SCIPY_REML["se"], abs=1e-6)


def test_bcg_matches_metafor_dl_and_reml():
    y, v = _bcg()
    dl = random_effects(y, v, "dl")
    assert (round(dl.tau2, 4), round(dl.estimate, 4), round(dl.se, 4)) == (0.3088, -0.7141, 0.1787)
    assert round(dl.q, 2) == 152.23 and round(dl.i2, 2) == 92.12
    reml = random_effects(y, v, "reml")
    assert reml.tau2 == pytest.approx(0.3132433, abs=1e-6)
    assert reml.estimate == pytest.approx(-0.7145323, abs=1e-6)
    assert round(reml.se, 4) == 0.1798 and round(reml.i2, 2) == 92.22


def test_kacker_matches_metafor_dl():
    r = random_effects(KACKER_Y, KACKER_V, "dl")
    assert r.estimate == pytest.approx(62.3901386044504, abs=1e-9)
    assert r.se == pytest.approx(0.245749668040304, abs=1e-9)
    assert r.tau2 == pytest.approx(0.288049246973751, abs=1e-9)
    assert r.q == pytest.approx(24.801897741835, abs=1e-9)
    assert r.q_p == pytest.approx(0.00167935146372742, rel=1e-9)
    assert r.i2 == pytest.approx(67.744403741711, abs=1e-8)
    assert (r.low, r.high) == pytest.approx((61.9084781058787, 62.8717991030221), abs=1e-9)


def test_single_study_has_no_heterogeneity():
    r = random_effects([0.5], [0.1], "reml")
    assert r.tau2 == 0 and r.i2 is None and r.q_p is None and r.estimate == 0.5


def test_unknown_method_is_a_usage_error():
    with pytest.raises(AnalysisError):
        random_effects([0.1, 0.2], [0.1, 0.1], "bayes")


def test_chi2_sf_against_scipy_values():
    assert chi2_sf(30.05974627386003, 6) == pytest.approx(3.8293589132994756e-05, rel=1e-9)
    assert chi2_sf(3.841458820694124, 1) == pytest.approx(0.05, rel=1e-9)
    assert chi2_sf(0.0, 3) == 1.0
    # Q(a, x) for large x goes through the continued fraction; Q(1, x) = exp(-x)
    assert gammaincc(1.0, 20.0) == pytest.approx(math.exp(-20.0), rel=1e-10)
    assert gammaincc(1.0, 0.3) == pytest.approx(math.exp(-0.3), rel=1e-12)


def test_wilson_matches_statsmodels():
    for (x, n), ref in SM_WILSON.items():
        assert wilson(x, n) == pytest.approx(ref, abs=1e-12)


def test_count_candidates():
    assert count_candidates(78, 211, 0) == (164, 165)
    assert count_candidates(56, 50, 0) == (28,)
    assert count_candidates(86, 30, 0) == ()  # 25/30 = 83.3, 26/30 = 86.7
    assert count_candidates(3.4, 88, 1) == (3,)
    assert count_candidates(33, 50, 0) == ()


def test_weighted_median():
    assert weighted_median([10, 20, 30], [1, 1, 1]) == 20
    assert weighted_median([10, 20, 30], [10, 1, 1]) == 10
    assert weighted_median([10, 20], [1, 1]) == 15


# --------------------------------------------------------------------------- pooling studies
def fig(metric, value, group=None, events=None, total=None, **kw):
    surface = kw.pop("surface", f"{value}%")
    return Figure(metric=metric, measure=kw.pop("measure", "rate"), value=value, unit=kw.pop("unit", "percent"),
                  surface=surface, start=0, end=len(surface), sentence=kw.pop("sentence", f"... {surface} ..."),
                  group=group, events=events, total=total, **kw)


def study(name, figures, arms=(), n_total=None, pmid=None):
    rec = Record(source=f"{name}.txt", text="", pmid=pmid)
    return with_n(Study(record=rec, figures=list(figures), arms=[Arm(a, n) for a, n in arms], n_total=n_total))


def test_pool_proportions_matches_reference_and_reports_left_out():
    studies = [study(f"s{i}", [fig("cc", round(100 * x / n, 1), events=x, total=n)]) for i, (x, n) in enumerate(PLO_DATA)]
    studies.append(study("bound", [fig("cc", 97, bound=">=")]))
    studies.append(study("nodenom", [fig("cc", 80)]))
    res = pool_proportions(studies, "cc")
    assert isinstance(res, PoolResult)
    p = res.pooled()
    assert p["logit"] == pytest.approx(SM_DL["estimate"], abs=5e-6)
    assert p["estimate"] == pytest.approx(expit(SM_DL["estimate"]), abs=2e-6)
    assert (p["logit_low"], p["logit_high"]) == pytest.approx((SM_DL["low"], SM_DL["high"]), abs=5e-6)
    assert p["k"] == 7 and p["studies"] == 7 and p["patients"] == sum(n for _, n in PLO_DATA)
    left = {r.study: r.note for r in res.excluded}
    assert "not an exact rate" in left["bound.txt"]
    assert "no stated denominator" in left["nodenom.txt"]
    zero = next(r for r in res.included if r.events == 0)
    assert "0.5 added" in zero.note
    table = res.table()
    assert table[-1]["row"] == "pooled" and "I2=80.0%" in table[-1]["note"]


def test_pool_derives_counts_from_arm_sizes_and_prefers_whole_cohort():
    seed = study("seed", [fig("cc", 78, group="isolated liver metastases", p_value=0.002),
                          fig("cc", 56, group="liver and peritoneal metastases", p_value=0.002)],
                 arms=[("isolated liver metastases", 211), ("liver and peritoneal metastases", 50)], n_total=261)
    whole = study("whole", [fig("cc", 75, events=30, total=40), fig("cc", 80, group="arm A", events=16, total=20)])
    res = pool_proportions([seed, whole], "cc", method="reml")
    inc = {(r.study, r.group): r for r in res.included}
    assert inc[("seed.txt", "isolated liver metastases")].events == 165  # 78% of 211 -> 164.6, nearest 165
    assert inc[("seed.txt", "isolated liver metastases")].counts == "derived"
    assert "also 164" in inc[("seed.txt", "isolated liver metastases")].note
    assert inc[("seed.txt", "liver and peritoneal metastases")].events == 28
    assert ("whole.txt", None) in inc and ("whole.txt", "arm A") not in inc
    assert "whole cohort" in next(r.note for r in res.excluded if r.group == "arm A")
    assert res.method == "reml" and res.fit is not None and res.fit.k == 3


def test_pool_rejects_time_metric_as_proportion():
    with pytest.raises(AnalysisError):
        pool_proportions([], "os")
    with pytest.raises(AnalysisError):
        pool([], "nonsense")


def test_pool_nothing_to_pool():
    res = pool_proportions([study("a", [fig("cc", 80)])], "cc")
    assert res.fit is None and res.pooled()["k"] == 0 and len(res.excluded) == 1


def test_counts_of_cohort_size_only_without_condition():
    s = study("x", [fig("cc", 50), fig("cc", 75), fig("cc", 50, condition="after cytoreduction"),
                    fig("relief", 50, symptom="carcinoid syndrome")], n_total=66)
    assert counts_of(s.figures[0], s).events == 33
    assert counts_of(s.figures[1], s) is None  # 49/66 = 74.2%, 50/66 = 75.8%
    assert counts_of(s.figures[2], s) is None  # a subset: n is not borrowed
    assert counts_of(s.figures[3], s) is None  # relief of one symptom: of its sufferers, not of the cohort


def test_medians_are_summarised_not_pooled():
    a = study("a", [fig("os", 11.5, group="ILM", measure="median", unit="years", surface="11.5 years"),
                    fig("os", 11.2, group="LPM", measure="median", unit="years", surface="11.2 years")],
              arms=[("ILM", 211), ("LPM", 50)])
    b = study("b", [fig("os", 60, measure="median", unit="months", surface="60 months")], n_total=40)
    c = study("c", [fig("os", 10, measure="median", unit="years", bound=">", surface="> 10 years")])
    d = study("d", [fig("os", 48, measure="median", unit="months", surface="48 months")])
    res = pool([a, b, c, d], "os")
    assert isinstance(res, MedianSummary)
    assert res.minimum == 48 and res.maximum == pytest.approx(138)
    # weights 211 (138 mo), 50 (134.4 mo), 40 (60 mo): half of 301 is reached at 138
    assert res.weighted_median == pytest.approx(138)
    assert res.patients == 301 and len(res.included) == 4
    assert "not a pooled estimate" in res.label
    notes = {r.study: r.note for r in res.rows}
    assert "bound" in notes["c.txt"] and "no stated size" in notes["d.txt"]
    assert res.table()[-1]["row"] == "summary"


def test_rate_summary_needs_timepoint():
    with pytest.raises(AnalysisError):
        summarize_medians([], "os", measure="rate")
    s = study("a", [fig("os", 74, timepoint="5y"), fig("os", 50, timepoint="10y")], n_total=66)
    res = summarize_medians([s], "os", measure="rate", timepoint="5y")
    assert res.weighted_median == 74 and res.unit == "percent"


# --------------------------------------------------------------------------- CLI
import json  # noqa: E402
from pathlib import Path  # noqa: E402

from typer.testing import CliRunner  # noqa: E402

from nettool.cli import app  # noqa: E402

DATA = Path(__file__).parent / "data" / "analysis"
# statsmodels combine_effects on the fixtures' complete-cytoreduction counts 22/30, 52/80, 12/20:
# Q = 1.0664585249591578 < df, so DL tau2 truncates to 0 (metafor does; statsmodels 0.15 reports
# tau2 = -0.0606 un-truncated) and the random-effects estimate is the fixed-effect one:
SM_FIXTURE_CC = dict(logit=0.6633073254189217, logit_se=0.1861237016947694, logit_low=0.2985115734278969,
                     logit_high=1.0281030774099464, q=1.0664585249591578, q_p=0.5867072754599651)


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_cli_pool_json_matches_reference():
    res = run("pool", "--metric", "cc", "--format", "json", str(DATA))
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)
    pooled = doc["pooled"]
    for key, ref in SM_FIXTURE_CC.items():
        assert pooled[key] == pytest.approx(ref, abs=1e-6), key
    assert pooled["tau2"] == 0 and pooled["i2"] == 0
    assert pooled["k"] == 3 and pooled["patients"] == 130
    assert {r["total"] for r in doc["rows"] if r["included"]} == {30, 80, 20}


def test_cli_pool_lists_left_out_with_reason_and_reml():
    res = run("pool", "-m", "morbidity", "--method", "reml", "-f", "jsonl", str(DATA))
    assert res.exit_code == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    left = [r for r in rows if r["row"] == "left out"]
    assert [r["source"].endswith("d_no_size.txt") for r in left] == [True]
    assert "no stated denominator" in left[0]["note"]
    pooled, arms = rows[-1], [r for r in rows if r["row"] == "study"]
    assert pooled["row"] == "pooled" and "REML" in pooled["note"]
    assert pooled["total"] == sum(r["total"] for r in arms) and {20, 80} <= {r["total"] for r in arms}
    assert all(r["counts"] == "stated" or "events derived" in r["note"] for r in arms)


def test_cli_pool_medians_are_summarised():
    res = run("pool", "-m", "os", "-f", "jsonl", str(DATA))
    assert res.exit_code == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    summary = rows[-1]
    assert summary["row"] == "summary" and "not a pooled estimate" in summary["note"]
    assert (summary["low"], summary["high"]) == (84, 114)  # 84 months and 9.5 years


def test_cli_pool_bad_options_exit_2():
    assert run("pool", "-m", "nonsense", str(DATA)).exit_code == 2
    res = run("pool", "-m", "cc", "--method", "bayes", str(DATA))
    assert res.exit_code == 2 and "dl or reml" in res.stderr


def test_meta_analyses_are_left_out():
    meta = study("meta", [fig("cc", 56)], n_total=3412)
    meta.design = "meta-analysis"
    review = study("review", [fig("os", 60, measure="median", unit="months", surface="60 months")], n_total=100)
    review.record.publication_types = ["Systematic Review"]
    res = pool_proportions([meta, study("own", [fig("cc", 50, events=10, total=20)])], "cc")
    assert [r.study for r in res.included] == ["own.txt"]
    assert "meta-analysis" in res.excluded[0].note
    med = summarize_medians([review], "os")
    assert med.included == [] and "double counting" in med.rows[0].note


# --------------------------------------------------------------------------- issue 12: PI, Hartung-Knapp, groups
# R 4 / metafor 3.8-1 on PLO_DATA: rma(measure="PLO", xi, ni, method=M, test=T,
# control=list(threshold=1e-10)); predict(): (estimate, se, ci.lb, ci.ub, pi.lb, pi.ub)
METAFOR_PLO = {
    ("dl", False): (0.7618350667, 0.2788441686, 0.2153105391, 1.3083595944, -0.5736112847, 2.0972814181),
    ("dl", True): (0.7618350667, 0.3846285924, -0.1793171942, 1.7029873277, -1.0269900666, 2.5506602001),
    ("reml", False): (0.7372144241, 0.3056880232, 0.1380769081, 1.3363519402, -0.7548091498, 2.2292379981),
    ("reml", True): (0.7372144241, 0.4021340387, -0.2467721209, 1.7212009692, -1.2321604269, 2.7065892752),
}


@pytest.mark.parametrize("method,knha", list(METAFOR_PLO))
def test_prediction_interval_and_hartung_knapp_match_metafor(method, knha):
    ys, vs = _plo()
    fit = random_effects(ys, vs, method, knha=knha)
    got = (fit.estimate, fit.se, fit.low, fit.high, fit.pi_low, fit.pi_high)
    assert got == pytest.approx(METAFOR_PLO[method, knha], abs=2e-6)
    assert fit.test == ("knha" if knha else "z")


def test_t_quantile_and_tail():
    from nettool.analyze.pool import t_quantile, t_sf

    assert t_quantile(0.975, 6) == pytest.approx(2.446911851144969, abs=1e-9)  # qt(0.975, 6)
    assert t_quantile(0.975, 1) == pytest.approx(12.70620473617471, abs=1e-8)
    assert t_sf(2.0, 10) == pytest.approx(0.03669401738537018, abs=1e-10)  # pt(2, 10, lower=FALSE)


def test_pooled_dict_carries_prediction_interval_on_both_scales():
    studies = [study(f"s{i}", [fig("cc", round(100 * x / n, 1), events=x, total=n)]) for i, (x, n) in enumerate(PLO_DATA)]
    p = pool_proportions(studies, "cc").pooled()
    assert p["logit_pi_low"] == pytest.approx(METAFOR_PLO["dl", False][4], abs=2e-6)
    assert p["pi_low"] == pytest.approx(expit(p["logit_pi_low"])) and p["pi_high"] > p["high"]


def test_mixed_morbidity_severity_is_refused_naming_groups_and_option():
    any_ = study("a", [fig("morbidity", 30, events=12, total=40, sentence="Overall morbidity was 30% (12/40).",
                           surface="30%")])
    major = study("b", [fig("morbidity", 10, events=5, total=50,
                            sentence="Major complications (Clavien-Dindo >= III) occurred in 10% (5/50).", surface="10%")])
    with pytest.raises(AnalysisError) as err:
        pool_proportions([any_, major], "morbidity")
    msg = str(err.value)
    assert "severity=any (1 arm)" in msg and "severity=major (1 arm)" in msg and "--severity any|major" in msg
    from nettool.analyze.pool import Selection

    res = pool_proportions([any_, major], "morbidity", selection=Selection(severity="major"))
    assert [r.study for r in res.included] == ["b.txt"] and res.group == "timepoint=none, severity=major"


def test_severity_read_from_the_figure_clause():
    from nettool.analyze.pool import severity_of

    s = "Overall morbidity was 30% and major morbidity 12%; grade III-IV complications in 9%."
    f30, f12, f9 = (fig("morbidity", v, sentence=s, surface=f"{v}%") for v in (30, 12, 9))
    assert [severity_of(f) for f in (f30, f12, f9)] == ["any", "major", "major"]
    after = fig("morbidity", 41, sentence="Complications developed in 41% (Clavien–Dindo ≥ IIIa).", surface="41%")
    assert severity_of(after) == "major"


def test_mortality_windows_and_relief_symptoms_do_not_mix():
    m30 = study("a", [fig("mortality", 2, events=1, total=50, timepoint="30d")])
    m90 = study("b", [fig("mortality", 5, events=3, total=60, timepoint="90d")])
    with pytest.raises(AnalysisError, match=r"window=30d.*window=90d.*--timepoint 30d\|90d"):
        pool_proportions([m30, m90], "mortality")
    cs = study("c", [fig("relief", 75, events=42, total=56, symptom="carcinoid syndrome")])
    ob = study("d", [fig("relief", 100, events=24, total=24, symptom="obstruction")])
    with pytest.raises(AnalysisError, match="--symptom carcinoid syndrome|obstruction"):
        pool_proportions([cs, ob], "relief")


def test_subsets_and_meta_analyses_are_left_out_with_the_reason():
    own = study("own", [fig("cc", 50, events=10, total=20)])
    sub = study("sub", [fig("cc", 90, events=18, total=20, condition="After neoadjuvant therapy")])
    res = pool_proportions([own, sub], "cc")
    assert [r.study for r in res.included] == ["own.txt"]
    assert "subset of its cohort (After neoadjuvant therapy)" in res.excluded[0].note


def test_subgroup_medians_do_not_count_the_whole_cohort():
    s = study("s", [fig("os", 11.5, group="ILM", condition="After complete cytoreduction", measure="median",
                        unit="years", surface="11.5 years"),
                    fig("os", 60, measure="median", unit="months", surface="60 months")],
              arms=[("ILM", 211)], n_total=261)
    res = summarize_medians([s], "os")
    assert [r.value for r in res.included] == [60] and res.patients == 261
    assert "subset" in next(r.note for r in res.rows if not r.included)


def test_pool_metric_raises_nothing_to_analyze():
    from nettool.analyze.pool import pool_metric
    from nettool.errors import NothingToAnalyze

    with pytest.raises(NothingToAnalyze, match="no cc figures with events/total"):
        pool_metric([study("a", [fig("cc", 80)])], "cc")


def test_cli_pool_refuses_mixed_groups_and_repeated_metric():
    res = run("pool", "-m", "cc", "-m", "os", str(DATA))
    assert res.exit_code == 2 and "--metric given 2 times" in res.stderr
    res = run("pool", "-m", "recurrence", str(DATA))
    assert res.exit_code == 1 and "no recurrence figures" in res.stderr and res.stdout == ""
    res = run("pool", "-m", "cc", "--knha", "-f", "json", str(DATA))
    assert res.exit_code == 0 and json.loads(res.stdout)["pooled"]["test"] == "knha"
