"""Phenomena of real abstracts, one test each, on sentences written for these tests."""
from __future__ import annotations

import pytest

import nettool


def figs(text: str, metric: str | None = None):
    out = nettool.extract(text)
    return [f for f in out if metric is None or f.metric == metric]


def one(text: str, metric: str):
    fs = figs(text, metric)
    assert len(fs) == 1, [(f.metric, f.value, f.group) for f in figs(text)]
    return fs[0]


# --- medians, CIs, units ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,low,high", [
    ("Median overall survival was 120 months (95% CI, 90-150).", 90, 150),
    ("Median overall survival was 120 months (95% CI 90 to 150).", 90, 150),
    ("Median overall survival was 120 months (95% confidence interval: 90–150).", 90, 150),
    ("Median overall survival was 120 months (95% CI 90\u2212150).", 90, 150),
])
def test_median_with_ci(text, low, high):
    f = one(text, "os")
    assert (f.measure, f.value, f.unit, f.low, f.high) == ("median", 120, "months", low, high)


def test_same_figure_in_two_units_gives_one_figure():
    fs = figs("Median overall survival was 141 months (11.8 years).", "os")
    assert [(f.value, f.unit) for f in fs] == [(141, "months")]


def test_weeks_and_survived():
    f = one("Patients with carcinomatosis survived a median of 9 weeks.", "os")
    assert (f.value, f.unit, f.measure) == (9, "weeks", "median")


def test_median_not_reached_gives_no_figure():
    assert figs("Median overall survival was not reached after a median follow-up of 40 months.", "os") == []


def test_middle_dot_decimal():
    f = one("Median progression-free survival was 14\u00b76 months.", "pfs")
    assert f.value == 14.6


# --- k-year rates and several timepoints ---------------------------------------------------------------------------
def test_two_timepoints_respectively():
    fs = figs("The 3- and 5-year overall survival rates were 90% and 72%, respectively.", "os")
    assert [(f.timepoint, f.value) for f in fs] == [("3y", 90), ("5y", 72)]


def test_three_timepoints_in_words():
    fs = figs("One-, three- and five-year disease-free survival were 95%, 70% and 52%.", "dfs")
    assert [(f.timepoint, f.value) for f in fs] == [("1y", 95), ("3y", 70), ("5y", 52)]


def test_rate_at_years_after_value():
    f = one("Recurrence occurred in 45% at 3 years.", "recurrence")
    assert (f.value, f.timepoint) == (45, "3y")


def test_survival_percent_without_timepoint_is_a_rate_without_timepoint():
    """Real trial abstracts state survival at the trial's own follow-up ("OS was 51% vs 49%"); their gold keeps it
    with a null timepoint.  A bounded percent ("above 30%") with no timepoint is a cut-off, not a rate."""
    f = one("Survival was better in the surgical group (68%).", "os")
    assert (f.value, f.timepoint, f.group) == (68, None, "surgical")
    assert figs("Survival was better for a Ki-67 above 30%.", "os") == []


# --- hazard ratios -----------------------------------------------------------------------------------------------------
def test_hazard_ratio_with_ci_and_p():
    f = one("Resection of the primary was associated with longer overall survival (HR 0.52; 95% CI 0.31-0.88; P = .01).", "os")
    assert (f.measure, f.value, f.unit, f.low, f.high, f.p_value) == ("hr", 0.52, "ratio", 0.31, 0.88, 0.01)
    assert f.group and "resection" in f.group.lower()


# --- arms ---------------------------------------------------------------------------------------------------------------
def test_versus_arms_share_the_p():
    fs = figs("Five-year overall survival was 81% after resection versus 43% after chemotherapy (p < 0.001).", "os")
    assert [(f.value, f.group, f.p_value) for f in fs] == [(81, "resection", 0.001), (43, "chemotherapy", 0.001)]


def test_whereas_and_compared_with():
    fs = figs("Median PFS was 30 months in the ablation group, whereas it was 18 months in the embolization group.", "pfs")
    assert [f.group for f in fs] == ["ablation", "embolization"]


def test_respectively_over_arms_named_earlier():
    text = ("Complications occurred in 20% after laparoscopic and 35% after open surgery. "
            "The 30-day mortality was 1% and 4%, respectively.")
    fs = figs(text, "mortality")
    assert [(f.value, f.group, f.timepoint) for f in fs] == [(1, "laparoscopic", "30d"), (4, "open surgery", "30d")]


def test_in_both_groups_gives_one_figure_per_arm():
    text = "Complete resection was achieved in 80% of patients with small tumours and 60% of those with large tumours, and symptom relief was 90% in both groups."
    fs = figs(text, "relief")
    assert sorted(f.group for f in fs) == ["large tumours", "small tumours"]


def test_condition_from_a_lead_phrase():
    f = one("After R0 resection, median overall survival was 10.2 years.", "os")
    assert f.condition == "After R0 resection" and f.group is None


def test_subgroup_lead_phrase_names_the_arm():
    f = one("In the subgroup with Ki-67 < 3%, the 5-year overall survival was 91%.", "os")
    assert f.group == "Ki-67 < 3%"


# --- counts, words, bounds ---------------------------------------------------------------------------------------------------------
def test_count_then_percent():
    f = one("Complete cytoreduction was achieved in 41 of 58 patients (71%).", "cc")
    assert (f.value, f.events, f.total) == (71, 41, 58)


def test_percent_then_count():
    f = one("Symptoms improved in 71% (41/58) of patients with carcinoid syndrome.", "relief")
    assert (f.value, f.events, f.total) == (71, 41, 58)


def test_bare_count_gives_derived_percent():
    f = one("Diarrhoea resolved in 23/25 patients.", "relief")
    assert f.value == 92


@pytest.mark.parametrize("text,value", [
    ("Flushing improved in two-thirds of the patients.", 67),
    ("Flushing improved in three-quarters of the patients.", 75),
    ("Flushing improved in nine of ten patients.", 90),
])
def test_number_words(text, value):
    assert one(text, "relief").value == value


def test_all_patients_had_relief():
    f = one("All patients with bowel obstruction had complete relief after surgery.", "relief")
    assert f.value == 100 and f.symptom == "obstruction"


@pytest.mark.parametrize("text,tp", [
    ("There were no perioperative deaths.", None),
    ("No patient died within 90 days of surgery.", "90d"),
    ("There were no 30-day deaths.", "30d"),
])
def test_no_deaths_gives_zero_mortality(text, tp):
    f = one(text, "mortality")
    assert (f.value, f.timepoint) == (0, tp)


@pytest.mark.parametrize("text,bound,value", [
    ("Symptom relief was ≥97% in the series.", ">=", 97),
    ("Symptoms improved in more than 90% of patients.", ">", 90),
    ("The 30-day mortality was < 1%.", "<", 1),
])
def test_bounds(text, bound, value):
    fs = [f for f in figs(text) if f.metric in ("relief", "mortality")]
    assert [(f.bound, f.value) for f in fs] == [(bound, value)]


@pytest.mark.parametrize("text,p", [
    ("Morbidity was 20% vs 30% (P = .064).", 0.064),
    ("Morbidity was 20% vs 30% (p<0.001).", 0.001),
    ("Morbidity was 20% vs 30% (log-rank P < 0.0001).", 0.0001),
    ("Morbidity was 20% vs 30% (NS).", None),
])
def test_p_value_styles(text, p):
    assert {f.p_value for f in figs(text, "morbidity")} == {p}


def test_line_wrapped_medline_figure():
    from nettool.load import load_bytes
    nbib = (b"PMID- 12345678\nTI  - A title.\nAB  - Median overall survival was 8.4 years in the first arm (P =\n"
            b"      .04).\nFAU - Doe, J\n\n")
    rec = load_bytes(nbib, "x.nbib")[0]
    f = one_record(rec, "os")
    assert f.p_value == 0.04


def one_record(rec, metric):
    fs = [f for f in nettool.extract(rec) if f.metric == metric]
    assert len(fs) == 1
    return fs[0]


# --- not figures -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Carcinoid syndrome was present in 58% of patients at presentation.",
    "Hepatic cytoreduction was performed in 30 patients (45%).",
    "Debulking of > 90% of the hepatic disease was the aim.",
    "A 70% debulking threshold was used.",
    "Patients with a Ki-67 index above 20% were excluded.",
    "The median age was 61 years and the median tumour size was 4 cm.",
    "Octreotide 30 mg was given every 4 weeks between 2001 and 2019.",
    "An incomplete resection predicted recurrence (odds ratio 3.2).",
    "Heterogeneity was moderate (I² = 48%).",
    "Median length of stay was 7 days.",
    "The median duration of symptom control was 31 months.",
    "Previous series have reported 5-year survival rates of up to 60% after transplantation.",
])
def test_not_figures(text):
    assert figs(text) == [], [(f.metric, f.value) for f in figs(text)]


# --- real-text guards (docs/accuracy.md, audit round 1) -----------------------------------------------------------
def test_metrics_listed_then_values_respectively():
    fs = figs("The median PFS and OS were 2.8 and 13.2 months, respectively.")
    assert [(f.metric, f.value) for f in fs] == [("pfs", 2.8), ("os", 13.2)]


def test_mean_with_sd_takes_the_mean():
    f = one("Mean follow-up was 32.1 ± 12.3 months.", "followup")
    assert (f.measure, f.value, f.unit) == ("mean", 32.1, "months")


@pytest.mark.parametrize("text", [
    "Patients were seen at follow-up visits at 6 and 12 months.",
    "The obligatory follow-up period was 60 months.",
    "The composite of myocardial infarction, stroke or death occurred in 8% of patients.",
    "Cardiovascular mortality was 4% in the statin group.",
    "Two-year mortality was 12% in the intervention arm.",
    "Distant metastasis-free survival at 5 years was 80%.",
    "Implant survival at 5 years was 98%.",
    "There were no deaths during the 12-week drug trial.",
    "Pain relief (≥70%) was the primary end point.",
    "Samples were taken from each patient and pain was recorded.",
])
def test_real_text_non_figures(text):
    assert figs(text) == [], [(f.metric, f.value) for f in figs(text)]


def test_no_deaths_after_surgery_is_zero_mortality():
    f = one("After liver resection there were no deaths within 30 days.", "mortality")
    assert (f.value, f.timepoint) == (0, "30d")


def test_arms_named_as_groups_in_a_comparison():
    fs = figs("Five-year OS was higher in the resection group than in the observation group (70% vs 50%; p = 0.01).", "os")
    assert [(f.value, f.group, f.p_value) for f in fs] == [(70, "resection", 0.01), (50, "observation", 0.01)]


# --- real-text guards (docs/accuracy.md, audit round 2) -----------------------------------------------------------
def test_ranging_between_is_a_range():
    f = one("Mean follow-up was 13.4 months (ranging between 10 and 17).", "followup")
    assert (f.value, f.low, f.high) == (13.4, 10, 17)


@pytest.mark.parametrize("text", [
    "Wound complications occurred in 12% of patients.",
    "Pain relief was graded (⩾15%, ⩾30%, ⩾50%) by the patients.",
    "The 5-year overall survival difference was estimated with a 90% CI.",
    "Patients were dichotomized by 5-year survival above or below 60%.",
])
def test_round2_non_figures(text):
    assert figs(text) == [], [(f.metric, f.value) for f in figs(text)]


def test_all_cause_death_rate_at_a_window_is_mortality():
    """Real trials (GOLD.md, real-dev): an all-cause death rate at a stated window is mortality at that time."""
    f = one("Mortality at day 90 was 30% in the intensive care unit.", "mortality")
    assert (f.value, f.timepoint) == (30, "90d")
    f = one("Seven patients (11.3%) in the GDT group died during the hospital stay.", "mortality")
    assert f.value == 11.3
    assert figs("Treatment reduced the risk of death by 32% (HR 0.68; 95% CI 0.57-0.82).", "mortality") == []
    assert figs("A 25% lower relative risk of death was observed.", "mortality") == []
    assert figs("Non-relapse mortality was 24% in arm A.", "mortality") == []


# --- phenomena found on a second, independently written set of abstracts ----------------------------------------
def test_prepositional_timepoint_list_maps_in_order():
    fs = figs("Survival at 1, 3 and 5 years was 83%, 66% and 52%, with a median overall survival of 5.4 years.", "os")
    assert [(f.measure, f.value, f.timepoint) for f in fs] == [
        ("rate", 83, "1y"), ("rate", 66, "3y"), ("rate", 52, "5y"), ("median", 5.4, None)]


def test_timepoint_after_the_population():
    f = one("Hepatic recurrence was documented in 72% of patients at 5 years.", "recurrence")
    assert (f.value, f.timepoint) == (72, "5y")


def test_share_of_tumour_removed_is_a_threshold():
    fs = figs("Five-year OS was 87% after 90% debulking and 54% when less than 70% was removed.", "os")
    assert [f.value for f in fs] == [87, 54]


@pytest.mark.parametrize("text", [
    "Single-centre reports have described 5-year survival of 97% after transplantation.",
    "Operative mortality as high as 35% was reported before 1995.",
    "Intrahepatic recurrence exceeds 80% in most published series.",
])
def test_quoted_earlier_work_is_skipped(text):
    assert figs(text) == []


def test_disease_specific_death_hazard_ratio_is_dss():
    f = one("Liver metastases predicted disease-specific death (HR 5.8; 95% CI 2.1-16.0; P < .001).", "dss")
    assert (f.measure, f.value, f.low, f.high) == ("hr", 5.8, 2.1, 16.0)
    assert figs("Age predicted death (HR 1.8; 95% CI 1.1-2.9).", "os")


def test_zero_as_second_item_of_a_list():
    fs = figs("90-day mortality was 2.0% (1/49) after gastrectomy and nil after local excision.", "mortality")
    assert [f.value for f in fs] == [2.0, 0]
    assert fs[1].group == "local excision"
    assert figs("Charlson score (I/II vs none) and age were included.") == []


def test_count_restated_as_printed_percent_is_one_figure():
    fs = figs("Complete resection was achieved in 50 of 52 patients after PD and in 30 of 36 after local resection "
              "(96% vs 83%; P = .04).", "cc")
    assert [f.value for f in fs] == [96, 83]  # not a third figure from "50 of 52"
    assert (fs[0].events, fs[0].total) == (50, 52)  # the count it restates, not the one printed just before it


def test_age_cut_off_in_a_list_is_not_a_time():
    fs = figs("Median overall survival was 7.3 years in patients over 75 compared with 11.6 years in those aged 75 "
              "or younger (P < .001).", "os")
    assert [(f.value, f.unit) for f in fs] == [(7.3, "years"), (11.6, "years")]


def test_covariate_list_gives_each_hazard_ratio_its_covariate():
    fs = figs("In multivariable analysis, a pancreatic primary (HR 1.64; 95% CI 1.28-2.10), Ki-67 3-20% (HR 2.05; 95% CI "
              "1.59-2.64) and R2 resection (HR 2.48; 95% CI 1.87-3.29) were associated with disease-specific death.")
    assert [(f.metric, f.value, f.group) for f in fs] == [
        ("dss", 1.64, "pancreatic primary"), ("dss", 2.05, "Ki-67 3-20%"), ("dss", 2.48, "R2 resection")]
    # a clause with a verb before the bracket is not a covariate list item
    fs = figs("PTR was associated with improved overall survival (pooled HR 0.55; 95% CI 0.46-0.66), but the benefit was "
              "attenuated in the studies that adjusted for performance status (HR 0.78; 95% CI 0.60-1.02).")
    assert [f.group for f in fs] == ["PTR", "PTR"]


def test_arms_named_by_what_was_performed_in_how_many():
    from nettool.extract.arms import find_arms

    arms = find_arms("Systematic lymphadenectomy was performed in 126 patients and limited lymphadenectomy in 88. "
                     "Morbidity occurred in 11% and 9%, respectively.")
    assert [(a.name, a.n) for a in arms] == [("Systematic lymphadenectomy", 126), ("limited lymphadenectomy", 88)]
    fs = figs("Systematic lymphadenectomy was performed in 126 patients and limited lymphadenectomy in 88. "
              "Major morbidity occurred in 11% and 9%, respectively.", "morbidity")
    assert [(f.value, f.group) for f in fs] == [(11, "Systematic lymphadenectomy"), (9, "limited lymphadenectomy")]


def test_did_not_differ_between_a_and_b_names_the_arms():
    fs = figs("Five-year survival did not differ between bioprosthetic and mechanical valves (54% vs 48%; P = 0.62).", "os")
    assert [(f.value, f.group, f.p_value) for f in fs] == [(54, "bioprosthetic", 0.62), (48, "mechanical valves", 0.62)]
    assert [f.group for f in figs("Survival did not differ between 2005 and 2015 (54% vs 48%).", "os")] != ["2005", "2015"]


def test_a_count_of_groups_is_no_group():
    fs = figs("Major complications occurred in 11%, 14% and 19% of the three groups, respectively (P = .29).", "morbidity")
    assert [(f.value, f.group) for f in fs] == [(11, None), (14, None), (19, None)]


def test_hazard_ratios_of_a_sentence_that_refers_back_keep_the_endpoint_and_exposure():
    fs = figs("PTR was associated with longer overall survival (HR 0.52, 95% CI 0.45-0.60; P < 0.001). The association "
              "was present for small-intestinal primaries (HR 0.49, 95% CI 0.40-0.61) and for pancreatic primaries "
              "(HR 0.60, 95% CI 0.47-0.77).")
    assert [(f.metric, f.value, f.group) for f in fs] == [("os", 0.52, "PTR"), ("os", 0.49, "PTR"), ("os", 0.6, "PTR")]
    # without a back-reference, an HR with no endpoint in its sentence is still no figure
    assert figs("PTR was associated with longer overall survival (HR 0.52). Stroke was rarer (HR 0.81).") == figs(
        "PTR was associated with longer overall survival (HR 0.52).")


def test_fraction_restated_as_a_printed_percent_is_one_figure():
    fs = figs("Carcinoid syndrome resolved or improved in two-thirds of affected patients over 75 (8/12, 67%).", "relief")
    assert [(f.value, f.events, f.total) for f in fs] == [(67, 8, 12)]
    fs = figs("Postoperative morbidity occurred in 48.9% of the patients who underwent a major hepatic resection (22/45).",
              "morbidity")
    assert [(f.value, f.events, f.total) for f in fs] == [(48.9, 22, 45)]  # printed decimals win over the count


def test_complications_of_a_grade_or_higher_are_morbidity():
    f = one("Clavien-Dindo grade IIIa or higher complications developed in 21 patients (11%).", "morbidity")
    assert (f.value, f.events) == (11, 21)
