"""The arm registry: abbreviations the abstract defines, aliases, and the one matcher of arm names."""
from __future__ import annotations

import pytest

from nettool.extract.abbreviations import find_abbreviations
from nettool.extract.arms import find_arms, match_arm, same_arm, shares_words
from nettool.models import Arm


@pytest.mark.parametrize("text, expected", [
    ("Outcomes of isolated liver metastases (ILM) and liver and peritoneal metastases (LPM) were compared.",
     {"ILM": "isolated liver metastases", "LPM": "liver and peritoneal metastases"}),
    ("Patients received busulfan-cyclophosphamide (BuCy) or busulfan-fludarabine (BuFlu).",
     {"BuCy": "busulfan-cyclophosphamide", "BuFlu": "busulfan-fludarabine"}),
    ("Goal-directed therapy (GDT) has been shown to improve outcome.", {"GDT": "Goal-directed therapy"}),
    ("They compared enucleation (EN) and formal resection (FR; pancreatoduodenectomy).",
     {"EN": "enucleation", "FR": "formal resection"}),
    ("Median survival was 11.5 years (p = 0.10) and 5.2 years (range 1-9).", {}),
    ("Relief was complete (CR) in most.", {}),
])
def test_schwartz_hearst_abbreviations(text, expected):
    assert find_abbreviations(text) == expected


def test_registry_arms_carry_the_abbreviations_the_abstract_defines():
    text = ("Of 261 patients, 211 had isolated liver metastases (ILM) and 50 had liver and peritoneal metastases "
            "(LPM).")
    arms = find_arms(text)
    assert [(a.name, a.n) for a in arms] == [("isolated liver metastases (ILM)", 211),
                                             ("liver and peritoneal metastases (LPM)", 50)]
    assert arms[0].aliases == ("ILM", "isolated liver metastases")
    assert match_arm("ILM", arms) is arms[0] and match_arm("the LPM group", arms) is arms[1]


def test_match_arm_exact_then_unique_loose_never_negated():
    arms = [Arm("resection", 40), Arm("without resection", 30), Arm("liver resection plus ablation", 10)]
    assert match_arm("the resection group", arms) is arms[0]  # exact words beat the looser third arm
    assert match_arm("without resection", arms) is arms[1]
    assert match_arm("ablation", arms) is arms[2]
    assert match_arm("liver", arms) is arms[2]
    assert match_arm("placebo", arms) is None
    assert match_arm("patients", arms) is None  # no identifying word
    assert match_arm("resection", [Arm("without resection")]) is None


def test_same_arm_and_shared_words():
    assert same_arm("the GDT group", "GDT") and not same_arm("GDT", "control")
    assert shares_words("elderly", [Arm("elderly patients (75 years or older)")])
    assert not shares_words("younger", [Arm("elderly patients")])
