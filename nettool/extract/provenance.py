"""The rules behind a figure's slots, as data: what each id in ``Figure.why`` means, with an example it fires on.

``Figure.why`` maps a slot (value, metric, timepoint, group, p) to the id of the rule that filled it; a metric's id
also names the lexicon term it linked to (``metric.nearest_before:term.os_words``).  tests/test_provenance.py extracts
every example below and checks that a figure of it carries the rule's id, and that the engine uses no id that is
not listed here.  docs/contract.md prints this table (`nettool.extract.provenance.markdown_table`).
"""
from __future__ import annotations

# id -> (what it means, an example sentence it fires on)
RULES: dict[str, tuple[str, str]] = {
    # --- values -----------------------------------------------------------------------------------------------
    "value.percent": ("a printed percent", "Morbidity was 22%."),
    "value.percent_list": ("a bare number compared before a percent shares it ('29 vs. 20 vs. 23 percent')",
                           "Morbidity was 29 vs. 20 percent."),
    "value.time": ("a number with a time unit", "Median overall survival was 11.5 years."),
    "value.time_list": ("bare numbers listed before a time share its unit ('2.9, 1.8 and 0.9 years')",
                        "Median overall survival was 2.9 and 1.8 years, respectively."),
    "value.mean_sd": ("a mean printed with its SD ('32.1 ± 12.3 months')",
                      "Mean follow-up was 32.1 ± 12.3 months."),
    "value.hazard_ratio": ("a hazard ratio", "Resection improved overall survival (HR 0.52; 95% CI 0.31-0.88)."),
    "value.zero_death": ("'no deaths', 'no patient died': 0% mortality", "There were no postoperative deaths."),
    "value.count": ("'41 of 58', '23/25': the percent derived from a count",
                    "Complete cytoreduction was achieved in 41 of 58 patients."),
    "value.word_count": ("'nine of ten': a count in words", "Symptoms resolved in nine of ten patients."),
    "value.fraction": ("'two-thirds', 'half'", "Flushing resolved in two-thirds of patients."),
    "value.all_patients": ("'all patients': 100%", "All patients had complete relief of obstruction."),
    "value.nil_in_list": ("a zero as the second item of a list ('2.0% ... and nil after')",
                          "90-day mortality was 2.0% after gastrectomy and nil after local excision."),
    # --- metrics ----------------------------------------------------------------------------------------------
    "metric.nearest_before": ("the nearest compatible metric term before the value", "Morbidity was 22%."),
    "metric.nearest_after": ("the nearest compatible metric term after the value, in its clause",
                             "We observed 22% postoperative morbidity."),
    "metric.share_then_outcome": ("'70% of patients had died': the outcome after the share",
                                  "At last contact, 70% of patients had died."),
    "metric.list_respectively": ("k metrics, k values (or k per metric), in order ('PFS and OS were 2.8 and 13.2 "
                                 "months, respectively')",
                                 "Median PFS and OS were 2.8 and 13.2 months, respectively."),
    "metric.list_per_arm": ("k metrics, one block of k values per arm ('5-year OS and DSS were 62% and 82%, "
                            "compared with 70% and 89%')",
                            "The 5-year OS and DSS rates after resection were 62% and 82%, compared with 70% and 89% "
                            "after ablation."),
    "metric.hr_endpoint_before": ("a hazard ratio takes the survival or death term before it",
                                  "Resection improved overall survival (HR 0.52; 95% CI 0.31-0.88)."),
    "metric.hr_endpoint_after": ("a hazard ratio takes the survival term after it when none precedes",
                                 "The HR of 0.52 favoured resection for overall survival."),
    "metric.hr_of_death": ("an HR for death is OS (disease-specific death: DSS)",
                           "Age predicted death (HR 1.8; 95% CI 1.1-2.9)."),
    "metric.hr_previous_sentence": ("an HR in a sentence referring back takes the previous sentence's endpoint",
                                    "Resection improved overall survival (HR 0.52; 95% CI 0.31-0.88). "
                                    "The association was present for small primaries (HR 0.49; 95% CI 0.3-0.8)."),
    "metric.zero_death": ("'no deaths' is mortality", "There were no postoperative deaths."),
    # --- timepoints ---------------------------------------------------------------------------------------------
    "timepoint.after_value": ("'84% at 5 years'", "Overall survival was 84% at 5 years."),
    "timepoint.of_metric": ("the metric's own timepoint ('5-year OS', 'OS at 5 years', '30-day mortality')",
                            "Five-year overall survival was 74%."),
    "timepoint.list_in_order": ("a list of timepoints maps onto the values in order",
                                "The 1-, 3- and 5-year overall survival rates were 90%, 70% and 50%."),
    "timepoint.earlier_list": ("the sentence's earlier timepoint list serves a later survival series",
                               "At 1, 3 and 5 years, the corresponding overall survival rates were 90%, 70% and 50%."),
    "timepoint.inside_zero_phrase": ("'no 30-day deaths'", "There were no 30-day deaths."),
    "timepoint.endpoint_defined_earlier": ("the timepoint the Methods gave the endpoint ('The primary endpoint was "
                                           "28-day mortality')",
                                           "The primary endpoint was 28-day mortality. Mortality was 21% in the drug "
                                           "group and 15% in the placebo group."),
    # --- groups ---------------------------------------------------------------------------------------------------
    "group.phrase_after_value": ("the arm phrase right after the value ('78% of patients with X', '11.5 years for X')",
                                 "Complete cytoreduction was 78% in patients with isolated liver metastases."),
    "group.bracket_name_after_value": ("an arm's name in brackets after its value ('87.6% (control) and 92% "
                                       "(intervention)')",
                                       "Survival rates at 5 years were 81.0% (control) and 88% (intervention)."),
    "group.named_before_bracket": ("the arm right before its bracketed value ('in the study group (24%)')",
                                   "Mortality was lower in the exercise group (12%) than in the control group (30%)."),
    "group.label_before_value": ("'(surgery: 14.2 months; chemotherapy: 10.9 months)', 'A = 106 days; B = 73.5 days'",
                                 "Median overall survival (surgery: 14.2 months; chemotherapy: 10.9 months) differed."),
    "group.named_right_before": ("'in group B was 12.88%'",
                                 "The overall complication rate in group B was 11.5% and in group A was 30%."),
    "group.between_metric_and_value": ("'Thirty-day mortality after PTR was 1.2%' (an arm already named)",
                                       "Of 50 patients, 20 underwent resection and 30 had observation. "
                                       "Morbidity after resection was 20%."),
    "group.shared_trailing_phrase": ("a trailing arm phrase shared by a sub-series ('88% and 77% after LT')",
                                     "Five- and ten-year overall survival were 88% and 77% after transplantation "
                                     "compared with 74% and 45% after resection."),
    "group.count_with_phrase": ("'in 12 of 15 patients with X (80%)'",
                                "Relief of flushing occurred in 4 of 11 patients with stage 4 disease (36.4%)."),
    "group.count_adjective": ("'in 12 of 15 elderly patients (80%)', an adjective naming a known arm",
                              "Elderly (n = 15) and younger patients (n = 40) were compared. Complete resection was "
                              "achieved in 12 of 15 elderly patients (80%)."),
    "group.bracketed_a_vs_b": ("'(within vs outside criteria; P = .004)' after the values",
                               "Five-year overall survival was 80% and 60% (within vs outside criteria; P = .004)."),
    "group.a_vs_b_before_values": ("'PFS and OS for A vs. B were 72% vs. 47%, and 88% vs. 67%'",
                                   "The 3 years PFS and OS for SX vs. SY were 70.9% vs. 45.9%, and 87.4% vs. 66.0%, "
                                   "respectively."),
    "group.comparison_in_sentence": ("'more frequent after A than after B (97% vs 63%)'",
                                     "Symptom relief was more frequent after resection than after embolisation "
                                     "(97% vs 63%)."),
    "group.arms_listed_in_sentence": ("'in the A, B, and C groups'",
                                      "Morbidity in the robotic, laparoscopic, and open groups was 25%, 21%, and 24%, "
                                      "respectively."),
    "group.arms_in_order": ("an unnamed 'x versus y' takes the arms named before (or the study's arms) in order, "
                            "the sentence's subject or the experimental arm first",
                            "Thirty patients were randomised to early feeding and 31 patients to delayed feeding. "
                            "Fewer patients developed complications (9 patients (30%) versus 16 patients (52%))."),
    "group.vs_pairs_study_arms": ("pairs per stratum ('pretreated: 10.0 vs 3.0 months; ...') take the study's arms",
                                  "Patients were randomly assigned (1:1) to placebo (n = 100) or drug Z (n = 101). "
                                  "Drug Z prolonged median PFS (pretreated: 10.0 vs 3.0 months; HR 0.35) "
                                  "(untreated: 11.0 vs 5.0 months; HR 0.40)."),
    "group.the_other_arm": ("of a two-arm study's compared pair, the unnamed value is the other arm's",
                            "Patients were randomized to drug A or drug B. Drug A resulted in a median overall "
                            "survival of 20.1 months compared with 15.2 months for drug B (p = 0.01)."),
    "group.sentence_lead": ("'In the subgroup with X, ...', 'Patients with X survived ...'",
                            "Patients with a pancreatic primary survived a median of 5.2 years."),
    "group.negated_sibling": ("'76 months without': the negation of its sibling arm",
                              "Median overall survival was 120 months with resection and 76 months without (p = 0.01)."),
    "group.both_arms": ("'in both groups': one figure per study arm",
                        "Isolated liver metastases (n = 211) and liver and peritoneal metastases (n = 50) were "
                        "compared. Relief of carcinoid syndrome was 97% in both groups."),
    "group.canonical_arm_name": ("one name per arm within a record",
                                 "Overall survival at 5 years was 70% after resection alone and 60% after "
                                 "ablation. Morbidity was 20% in the resection-only group."),
    "group.hr_exposure": ("an HR's group: the exposure it describes",
                          "Patients with a Ki-67 index of 10% or more had shorter overall survival (HR 2.1; "
                          "95% CI 1.2-3.6)."),
    # --- p-values ---------------------------------------------------------------------------------------------------
    "p.after_its_comparison": ("a p goes to the figures of its comparison, printed before it",
                               "Median overall survival was 11.5 years and 11.2 years (p = 0.10)."),
    "p.one_p_of_the_sentence": ("the one p of a sentence also goes to the arm figures printed after it",
                                "Drug X lowered the risk of death (HR 0.75; 95% CI 0.57-1.00; p = 0.047), with 40 "
                                "(9.9%) deaths in the drug X group and 52 (12.9%) deaths in the placebo group."),
}


def markdown_table() -> str:
    """The table of rule ids for docs/contract.md."""
    lines = ["| id | meaning |", "|---|---|"]
    lines += [f"| `{rid}` | {note} |" for rid, (note, _example) in RULES.items()]
    return "\n".join(lines)


def explain(why: dict[str, str]) -> str:
    """One line for a table: 'value percent; metric nearest_before (os_words); group phrase_after_value'."""
    parts = []
    for slot, rule in why.items():
        rid, _, term = rule.partition(":")
        name = rid.split(".", 1)[1] if "." in rid else rid
        parts.append(f"{slot} {name}" + (f" ({term})" if term else ""))
    return "; ".join(parts)


__all__ = ["RULES", "markdown_table", "explain"]
