"""Phenomena of real trial abstracts (tests/data/real-dev), one test each, on sentences written for these tests."""
from __future__ import annotations

import pytest

import nettool
from nettool.extract.arms import find_arms


def figs(text: str, metric: str | None = None):
    return [f for f in nettool.extract(text) if metric is None or f.metric == metric]


def one(text: str, metric: str):
    fs = figs(text, metric)
    assert len(fs) == 1, [(f.metric, f.value, f.group) for f in figs(text)]
    return fs[0]


# --- arms of a randomised trial -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, arms", [
    ("Forty patients were randomised to early feeding and 38 patients to delayed feeding.",
     [("early feeding", 40), ("delayed feeding", 38)]),
    ("We randomly assigned 120 patients to receive drug X and 118 to receive placebo.",
     [("drug X", 120), ("placebo", 118)]),
    ("Patients were randomly assigned (1:1) to drug Y 5 mg/d (n = 99) or placebo (n = 101).",
     [("drug Y", 99), ("placebo", 101)]),
    ("Adults were randomized to receive usual care only or a nurse-led programme plus usual care.",
     [("usual care only", None), ("nurse-led programme plus usual care", None)]),
])
def test_arms_from_the_allocation_sentence(text, arms):
    assert [(a.name, a.n) for a in find_arms(text)] == arms


def test_two_values_in_order_of_the_allocated_arms():
    text = ("Thirty patients were randomised to early feeding and 31 patients to delayed feeding. "
            "Fewer patients developed complications (9 patients (30%) versus 16 patients (52%); p = 0.04).")
    fs = figs(text, "morbidity")
    assert [(f.value, f.group, f.p_value) for f in fs] == [(30, "early feeding", 0.04), (52, "delayed feeding", 0.04)]


def test_main_between_arm_hazard_ratio_has_no_group():
    text = ("Patients were randomly assigned to drug X or placebo. "
            "Overall survival was longer with drug X (hazard ratio [HR] 0.70; 95% CI 0.55-0.90; p = 0.004).")
    f = one(text, "os")
    assert (f.measure, f.value, f.group) == ("hr", 0.70, None)


# --- deaths in trials -------------------------------------------------------------------------------------------
def test_deaths_in_each_arm_take_the_sentences_one_p():
    text = ("Drug X lowered the risk of death (HR 0.75; 95% CI 0.57-1.00; p = 0.047), with 40 (9.9%) deaths in the "
            "drug X group and 52 (12.9%) deaths in the placebo group.")
    fs = figs(text, "mortality")
    assert [(f.value, f.group, f.p_value) for f in fs] == [(9.9, "drug X", 0.047), (12.9, "placebo", 0.047)]


def test_share_of_the_cohort_or_of_deaths_is_no_mortality():
    assert figs("Consumers (32% of the cohort) had a 39% lower mortality risk.", "mortality") == []
    assert figs("Cancer accounts for 30% of all deaths in this age group.", "mortality") == []


def test_a_later_value_owns_the_mention_after_it():
    fs = figs("At the median follow-up of 30 months, 80% of patients had progressed and 70% of patients had died.")
    assert [(f.metric, f.value) for f in fs if f.metric == "mortality"] == [("mortality", 70)]


# --- survival and follow-up ----------------------------------------------------------------------------------------
def test_survival_that_was_improved_is_no_relief():
    fs = figs("Progression-free survival at 2 years was improved from 30% in controls to 45% in the treatment group.",
              "pfs")
    assert [(f.value, f.timepoint, f.group) for f in fs] == [(30, "2y", "controls"), (45, "2y", "treatment")]


def test_ci_with_bracketed_abbreviation_and_unit():
    text = ("Median PFS was 2.9 months (95% confidence interval [CI], 1.4-3.6 months) for the AB group and "
            "2.5 months (95% CI, 1.2-3.1 months) for the B group (P = 0.80).")
    fs = figs(text, "pfs")
    assert [(f.value, f.low, f.high, f.group, f.p_value) for f in fs] == [
        (2.9, 1.4, 3.6, "AB", 0.80), (2.5, 1.2, 3.1, "B group", 0.80)]


@pytest.mark.parametrize("text, value", [
    ("At the median follow-up time of 40.2 months, most patients were alive.", 40.2),
    ("All patients were followed-up for 10 to 30 months (average 19.5 months).", 19.5),
])
def test_follow_up_phrasings(text, value):
    f = one(text, "followup")
    assert f.value == value


# --- named complication types are not the morbidity rate -------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Complications of the stent were migration (n=5, 17%), pain (n=3, 10%) and bleeding (n=2, 6.7%).",
    "Complications occurred in 18 (12.0%) patients: pancreatitis in 5 (3.3%) and bleeding in 13 (8.7%).",
])
def test_complication_types_listed_after_the_morbidity_word(text):
    assert [f.value for f in figs(text, "morbidity")] in ([], [12.0])


def test_morbidity_that_was_similar_is_still_morbidity():
    fs = figs("Major morbidity was similar (17% vs 20%; P = .58).", "morbidity")
    assert [f.value for f in fs] == [17, 20]


def test_arms_labelled_in_brackets_of_the_allocation_sentence():
    text = ("Patients were randomised to drug A (10 mg daily, A arm), drug A with drug B (B arm), "
            "or drug A followed by drug C (AC arm).")
    assert [a.name for a in find_arms(text)] == ["A", "B", "AC"]
    text = "They were randomly assigned to cold (Cold group, n = 12, 28°C) or warm (Warm group, n = 11, 34°C) bypass."
    assert [(a.name, a.n) for a in find_arms(text)] == [("Cold", 12), ("Warm", 11)]


def test_three_values_respectively_over_three_arms():
    text = ("Patients were randomised to drug A (10 mg daily, A arm), drug A with drug B (B arm), "
            "or drug A followed by drug C (AC arm). Corresponding median survival times were 9.1, 8.8, and 7.0 months "
            "(P=0.61), respectively.")
    fs = figs(text, "os")
    assert [(f.value, f.group, f.p_value) for f in fs] == [(9.1, "A", 0.61), (8.8, "B", 0.61), (7.0, "AC", 0.61)]


def test_arm_names_in_brackets_after_their_values():
    fs = figs("Survival rates at 5 years were 81.0% (control) and 88% (intervention).", "os")
    assert [(f.value, f.group) for f in fs] == [(81.0, "control"), (88, "intervention")]


def test_arm_named_right_before_its_bracketed_value():
    fs = figs("In addition, lower mortality was noted in the exercise group (12%) as compared to the control group (30%) "
              "(P = 0.01).", "mortality")
    assert [(f.value, f.group, f.condition, f.p_value) for f in fs] == [
        (12, "exercise", None, 0.01), (30, "control", None, 0.01)]


def test_number_words_and_counts_are_no_arm_names():
    f = one("Hypoglycaemia recurred in four patients (3.6%).", "recurrence")
    assert f.group is None


def test_survival_rate_without_timepoint_when_plainly_stated():
    fs = figs("There was no difference in OS (51.0% versus 49.5%).", "os")
    assert [(f.value, f.timepoint) for f in fs] == [(51.0, None), (49.5, None)]
    assert figs("Disease-free survival events occurred in 517 of 2073 patients.", "dfs") == []
    assert figs("Resection improved survival (pooled HR 0.42; 95% CI 0.33-0.54; I² = 48%).", "os")[0].measure == "hr"
    assert [f.measure for f in figs("Resection improved survival (pooled HR 0.42; I2 = 48%).")] == ["hr"]
    assert figs("A 12% higher overall survival at 2 years was considered clinically relevant.", "os") == []
    assert figs("Patients with a Ki-67 of 30% or less had better OS than those above 30% (HR 0.39).", "os")[0].measure == "hr"


def test_plural_year_timepoint_before_the_metric():
    f = one("The 3 years OS was 71.9%.", "os")
    assert (f.value, f.timepoint) == (71.9, "3y")


def test_two_metrics_two_arms_respectively():
    fs = figs("The 3 years PFS and OS for SX vs. SY were 70.9% vs. 45.9%, and 87.4% vs. 66.0%, respectively.")
    assert [(f.metric, f.value, f.timepoint, f.group) for f in fs] == [
        ("pfs", 70.9, "3y", "SX"), ("pfs", 45.9, "3y", "SY"), ("os", 87.4, "3y", "SX"), ("os", 66.0, "3y", "SY")]


def test_timepoint_after_a_metric_that_follows_the_value():
    f = one("In the control group, 71.3% of patients were alive and disease-free at 5 years.", "dfs")
    assert (f.value, f.timepoint) == (71.3, "5y")


def test_bare_numbers_compared_before_a_percent_over_listed_arms():
    fs = figs("Morbidity and readmission rates in the robotic, laparoscopic, and open groups were comparable "
              "(25 vs. 21 vs. 24 percent and 15 vs.11 vs. 12 percent, respectively).")
    assert [(f.metric, f.value, f.group) for f in fs] == [
        ("morbidity", 25, "robotic"), ("morbidity", 21, "laparoscopic"), ("morbidity", 24, "open")]


def test_reoperation_is_no_block_after_a_preposition():
    f = one("Median progression-free survival after reoperation was 4.1 years.", "pfs")
    assert f.value == 4.1


def test_difference_between_arms_is_no_rate():
    fs = figs("2-year overall survival was 56% in arm A and 51% in arm B (absolute difference between the "
              "treatment groups 5.3%).", "os")
    assert [f.value for f in fs] == [56, 51]


def test_trial_hr_next_to_arm_figures_has_no_group():
    text = ("Patients were randomly assigned to drug X or placebo. Median PFS was 6.0 months in the drug X arm and "
            "4.0 months in the placebo group (hazard ratio 0.70, 95% CI 0.5-0.9; p=0.01).")
    fs = figs(text, "pfs")
    assert [(f.measure, f.value, f.group) for f in fs] == [
        ("median", 6.0, "drug X"), ("median", 4.0, "placebo"), ("hr", 0.70, None)]


def test_pairs_per_stratum_take_the_allocated_arms_experimental_first():
    text = ("Patients were randomly assigned (1:1) to placebo (n = 100) or drug Z (n = 101). "
            "Drug Z prolonged median PFS (pretreated: 10.0 vs 3.0 months; HR 0.35; P < 0.001) "
            "(untreated: 11.0 vs 5.0 months; HR 0.40; P < 0.001).")
    fs = [f for f in figs(text, "pfs") if f.measure == "median"]
    assert [(f.value, f.group) for f in fs] == [(10.0, "drug Z"), (3.0, "placebo"), (11.0, "drug Z"), (5.0, "placebo")]


def test_the_arm_the_sentence_is_about_comes_first():
    text = ("Patients were randomized to receive usual care only or device therapy. "
            "There was a trend toward higher OS at 90 days (66.0% versus 51.0%; P = .08).")
    fs = figs(text, "os")
    assert [(f.value, f.timepoint, f.group) for f in fs] == [(66.0, "90d", "device therapy"),
                                                             (51.0, "90d", "usual care only")]
    text = ("Patients were randomized to receive verapamil or nifedipine. "
            "Nifedipine was associated with higher OS at 90 days (66.0% versus 51.0%; P = .08).")
    assert [f.group for f in figs(text, "os")] == ["nifedipine", "verapamil"]


def test_group_named_right_before_its_value():
    fs = figs("The overall complication rate in group B was 11.5% and in group A was 30%.", "morbidity")
    assert [(f.value, f.group) for f in fs] == [(11.5, "group B"), (30, "group A")]


def test_zero_deaths_in_a_named_group():
    f = one("No treatment-related deaths occurred in the DZ group.", "mortality")
    assert (f.value, f.group) == (0, "DZ")


def test_comparison_of_women_with_and_without_a_marker():
    fs = figs("In contrast, women with marker M had significantly shorter OS than those without marker M "
              "(11.0 versus 14.0 months; P = 0.002).", "os")
    assert [(f.value, f.group) for f in fs] == [(11.0, "marker M"), (14.0, "without marker M")]


def test_bracketed_values_of_another_coordinated_outcome():
    text = ("Median overall survival (15.0 vs. 24.0 months; HR, 1.17; P = 0.35) and objective response rates "
            "(11 vs. 16%; odds ratio, 0.65; P = 0.11) were inferior with drug A.")
    assert [(f.measure, f.value) for f in figs(text, "os")] == [("median", 15.0), ("median", 24.0), ("hr", 1.17)]
    text = "Mortality (50% in arm A; 52% in arm B) and dialysis dependence (24% in arm A; 19% in arm B) were similar."
    assert [f.value for f in figs(text, "mortality")] == [50, 52]
    text = ("Drug A did not prolong PFS in patients with mutation M (13.0 vs. 10.0 months) or those with wild-type M "
            "(0.9 vs. 2.0 months).")
    assert [f.value for f in figs(text, "pfs")] == [13.0, 10.0, 0.9, 2.0]


def test_numbered_groups_listed_with_respectively():
    fs = figs("The mean follow-up duration in group 1 and group 2 was 22 ± 1 months and 21 ± 1.6 months, respectively.",
              "followup")
    assert [(f.value, f.group) for f in fs] == [(22, "group 1"), (21, "group 2")]


def test_bleb_survival_is_no_patient_survival():
    assert figs("The filtering bleb's survival was longer in the MMC group (median 14 days vs 7 days).", "os") == []


# --- phenomena the issue lists ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Median overall survival was 14.2 months with surgery versus 10.9 months with chemotherapy.",
    "Median overall survival was 14.2 months for surgery and 10.9 months for chemotherapy.",
    "Median overall survival (surgery: 14.2 months; chemotherapy: 10.9 months) differed.",
    "Median overall survival differed (surgery vs chemotherapy, 14.2 vs 10.9 months; p = 0.03).",
])
def test_two_arms_however_the_values_name_them(text):
    assert [(f.value, f.group) for f in figs(text, "os")] == [(14.2, "surgery"), (10.9, "chemotherapy")]


def test_one_timepoint_for_a_coordinated_list_of_metrics():
    fs = figs("The 90-day major morbidity and mortality were 21% and 3%, respectively.")
    assert [(f.metric, f.value, f.timepoint) for f in fs] == [("morbidity", 21, "90d"), ("mortality", 3, "90d")]


def test_follow_up_list_is_no_arm():
    fs = figs("Patients were followed for a median 6 and 11 years of follow-up in the two cohorts.", "followup")
    assert [(f.value, f.group) for f in fs] == [(6, None), (11, None)]


def test_endpoint_named_in_methods_gives_the_timepoint_and_the_metric():
    fs = figs("The primary endpoint was 28-day mortality. Mortality was 21% in the drug group and 15% in the "
              "placebo group.", "mortality")
    assert [(f.value, f.timepoint, f.group) for f in fs] == [(21, "28d", "drug"), (15, "28d", "placebo")]
    assert fs[0].why["timepoint"] == "timepoint.endpoint_defined_earlier"
    fs = figs("Recurrence-free survival was the primary endpoint. Two-year rates were 61% and 42% in arms A and B.")
    assert [(f.metric, f.value, f.timepoint, f.group) for f in fs] == [
        ("dfs", 61, "2y", "arm A"), ("dfs", 42, "2y", "arm B")]
    assert fs[0].why["metric"] == "metric.nearest_before:context.primary_endpoint"
    assert figs("Response rates were 40% and 30%.") == []


def test_sample_size_assumptions_are_no_figures():
    assert figs("The trial was powered to detect a hazard ratio of 0.71 for overall survival.") == []
    assert figs("Assuming a 5-year survival of 60% in the control arm, 300 patients were needed.") == []


def test_relief_of_a_named_complaint_without_a_listed_symptom_word():
    f = one("Relief from urinary retention was achieved in 45 of 50 men (90%).", "relief")
    assert (f.value, f.symptom) == (90, "urinary retention")


def test_two_chunks_of_listed_arms_with_their_own_timepoints():
    fs = figs("The 2-year overall survival rates in groups A and B were 92.4 and 65.0 %, and the 5-year rates were "
              "80.4 and 47.3 %, respectively.", "os")
    assert [(f.value, f.timepoint, f.group, f.condition) for f in fs] == [
        (92.4, "2y", "group A", None), (65.0, "2y", "group B", None),
        (80.4, "5y", "group A", None), (47.3, "5y", "group B", None)]


def test_free_of_a_complaint_is_no_relief():
    fs = figs("Rate of pain relief at 2 h was 58% for drug A and 64% for drug B, while rate of pain free at 2 h was "
              "31 and 34%, respectively.", "relief")
    assert [f.value for f in fs] == [58, 64]


def test_arms_named_before_keep_their_order():
    text = ("Progression-free survival at 3 years was improved from 30% in controls to 45% in the treatment group, "
            "corresponding to median times to progression of 16 and 40 months (P = 0.03). "
            "Three-year overall survival was 55% and 70% accordingly.")
    fs = figs(text)
    assert [(f.metric, f.value, f.group) for f in fs if f.measure == "median" or f.metric == "os"] == [
        ("pfs", 16, "controls"), ("pfs", 40, "treatment"), ("os", 55, "controls"), ("os", 70, "treatment")]


def test_the_subject_arm_by_a_word_only_it_has():
    text = ("Patients were randomized to receive standard care (SC) only or 3-5 days of device therapy plus SC. "
            "The device was associated with higher OS at 90 days (66.0% versus 51.0%; P = .08).")
    assert [f.group for f in figs(text, "os")] == ["device therapy plus SC", "standard care (SC) only"]


def test_a_group_before_a_value_holds_no_metric_and_no_comparison():
    f = [f for f in figs("Deaths were 86 (9.9%) in the drug group and 111 (12.9%) in the control group during a "
                         "mean follow-up of 4.2 years.") if f.metric == "followup"][0]
    assert (f.value, f.group) == (4.2, None)


# --- phenomena of audit round 3 (docs/accuracy.md), on sentences written for the tests -----------------------------
def test_metric_list_with_one_block_per_arm():
    fs = figs("The 5-year OS and DSS rates after resection were 61% and 81%, compared with 69% and 88% after ablation.")
    assert [(f.metric, f.value, f.timepoint) for f in fs] == [
        ("os", 61, "5y"), ("dss", 81, "5y"), ("os", 69, "5y"), ("dss", 88, "5y")]


@pytest.mark.parametrize("text", [
    "The absolute increase in rate of progression-free survival at 3 years was 7.1% with drug A.",
    "Pain relief was faster with a lidocaine gel (2%) than with placebo.",
    "Over 80% of patients reported no complications from radiotherapy.",
    "The difference in recurrence was 2.4% (2-sided 90%CI +2.6 to +9.8%).",
    "Of those randomised, 29 (3%) receiving drug A withdrew before the first visit, while no patient died.",
    "Grade 3/4 toxicities were more frequent with drug A, and overall survival did not differ.",
])
def test_differences_concentrations_complements_and_labels_are_no_rates(text):
    assert [(f.metric, f.value) for f in figs(text) if f.unit == "percent" and f.value != 0] == []


def test_hazard_ratio_of_another_outcome_is_not_survivals():
    fs = figs("Overall survival did not differ; the cumulative incidence of relapse (70% vs 66%; HR 0.91, 95% CI "
              "0.7-1.1) was similar.")
    assert [f for f in fs if f.measure == "hr"] == []


def test_the_other_arm_of_a_two_arm_pair():
    text = ("Patients were randomized to verapamil or nifedipine. Verapamil resulted in a median overall survival of "
            "20.1 months compared with 15.2 months for nifedipine (p = 0.01).")
    assert [(f.value, f.group, f.p_value) for f in figs(text, "os")] == [
        (20.1, "verapamil", 0.01), (15.2, "nifedipine", 0.01)]


def test_an_arm_phrase_before_the_value_set_against_a_named_sibling():
    fs = figs("The median PFS for patients receiving gemcitabine was 5.1 months, compared to 3.2 months for those "
              "receiving placebo.", "pfs")
    assert [(f.value, f.group, f.condition) for f in fs] == [(5.1, "gemcitabine", None), (3.2, "placebo", None)]
