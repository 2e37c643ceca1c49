"""Metric vocabulary as data: every term and symptom name is a rule (``nettool.extract.rules``).

A :class:`~nettool.extract.rules.Term` has an id, a ``kind`` (a metric name, or ``block`` for a quantity noun that
is not an outcome: age, length of stay, tumour size, dose, ...: a number attached to a block term yields no
figure), its pattern, examples it must match and texts it must not, the cues where it can start and the keys the
line gate looks for.  Patterns are case-insensitive unless they are written inside ``(?-i:...)`` (abbreviations such
as OS or PFS).  The engine compiles them into one regex in the order below, so "progression-free survival" wins
over "survival" and "progression": specific terms come first.

Derived here, for the engine (no second list is kept by hand):

- ``TERMS``: (id, kind, pattern, example) of every term, in order; ``SYMPTOMS``: (pattern, name);
- ``CUE_STEMS``, ``CUE_ABBREVIATIONS``, ``CUE_PATTERNS``: where a term can start.  The engine tries the full
  vocabulary only at a word boundary where one of these begins (~6x faster than trying it everywhere).  Stems match
  with either case of their first letter; abbreviations as written; patterns are regexes;
- ``GATE_KEYS``, ``GATE_KEY_ABBREVIATIONS``: what the line gate looks for (every match of a metric term holds one).

To add a phrasing: add a Term with an id, the kind, the pattern, examples, its cues and (for a metric) its gate
keys; ``tests/test_rules.py`` checks every example, that each match starts with one of the term's cues and holds one
of its keys.
"""
from __future__ import annotations

from nettool.extract.numbers import DASH
from nettool.extract.rules import Symptom, Term, cue_tables, gate_keys

D = "[-\u2010\u2011\u2013\u2212 ]?"  # hyphen, dashes or a space: "disease-free", "disease free"
_FREE_CUE = r"[\w/]+[-\u2010\u2011\u2013\u2212 ]free"  # any "X-free" endpoint

TERM_RULES: list[Term] = [
    # --- survival -------------------------------------------------------------------------------------------
    Term("term.dss_words", "dss", rf"(?:disease|cancer|tumou?r|NET|neuroendocrine){D}(?:specific|related){D}survival",
         stems=("disease", "cancer", "tumor", "tumour", "neuroendocrine"), abbreviations=("NET",), keys=("surviv",),
         examples=[("Ten-year cancer-specific survival reached 64%", "cancer-specific survival"),
                   ("tumour related survival", "tumour related survival"), "NET-specific survival was longer"],
         not_examples=["disease-free survival was 40%", "cancer survivors"]),
    Term("term.dss_abbr", "dss", r"(?-i:\b(?:DSS|CSS)\b)", abbreviations=("DSS", "CSS"),
         key_abbreviations=("DSS", "CSS"),
         examples=[("The 5-year CSS reached 81%", "CSS"), "median DSS, 9.1 years"],
         not_examples=["the DSSB score", "dss was 80%"], note="as printed: capitals only"),
    Term("term.pfs_words", "pfs", rf"progression{D}free{D}(?:survival|interval|rate)?", stems=("progress",),
         keys=("progress",),
         examples=[("Median progression-free survival was 14 months", "progression-free survival"),
                   ("a progression free interval of 2 years", "progression free interval")],
         not_examples=["disease progression was seen"]),
    Term("term.pfs_ttp", "pfs", rf"times?{D}to{D}(?:\w+\s+)?progression", stems=("time",), keys=("progress",),
         examples=[("the time to local progression was 11 months", "time to local progression"),
                   "Time to progression", ("median times to progression were", "times to progression")],
         not_examples=["time to surgery"]),
    Term("term.pfs_abbr", "pfs", r"(?-i:\b(?:PFS|TTP|pPFS)\b)", abbreviations=("PFS", "TTP", "pPFS"),
         key_abbreviations=("PFS", "TTP"),
         examples=[("median PFS of 19 months", "PFS"), ("TTP was shorter", "TTP"), ("a pPFS of 8 months", "pPFS")],
         not_examples=["pfs"]),
    Term("term.dfs_words", "dfs", rf"(?:disease|recurrence|relapse|tumou?r){D}free{D}(?:survival|interval)?",
         stems=("disease", "recurr", "relaps", "tumor", "tumour"), keys=("free",),
         examples=[("Five-year recurrence-free survival (RFS) was 52%", "recurrence-free survival"),
                   ("a disease free interval of 30 months", "disease free interval"), "tumor-free"],
         not_examples=["progression-free survival"]),
    Term("term.dfs_ttr", "dfs", rf"time{D}to{D}(?:\w+\s+)?(?:recurrence|relapse)", stems=("time",),
         keys=("recurr", "relaps"),
         examples=[("the median time to relapse was 3 years", "time to relapse"), "time to hepatic recurrence"],
         not_examples=["time to progression"]),
    Term("term.dfs_abbr", "dfs", r"(?-i:\b(?:DFS|RFS|LRFS)\b)", abbreviations=("DFS", "RFS", "LRFS"),
         key_abbreviations=("DFS", "RFS"),
         examples=[("3-year DFS was 70%", "DFS"), ("a longer RFS", "RFS"), ("LRFS at 2 years", "LRFS")],
         not_examples=["RFSA", "dfs"]),
    # other "-free" endpoints and the survival of things rather than patients are not outcomes here
    Term("term.blk_free", "block",
         rf"\b[\w/]+{D}free{D}(?:survival|interval|rate)|(?-i:\b(?:EFS|MFS|DMFS|LPFS|TTF|PFS2|OS2)\b)|"
         rf"time{D}to{D}(?:\w+\s+)?(?:treatment\s+failure|next\s+treatment)",
         stems=("event", "metasta", "time"), abbreviations=("EFS", "MFS", "DMFS", "LPFS", "TTF", "PFS", "OS"),
         cue_patterns=(_FREE_CUE,),
         examples=[("event-free survival was 58%", "event-free survival"),
                   ("median time to treatment failure", "time to treatment failure"), ("the PFS2 was", "PFS2"),
                   "distant metastasis-free interval", "stoma-free rate"],
         not_examples=["PFS was 12 months"],
         note="'-free' endpoints other than disease/recurrence/progression-free survival block their numbers"),
    Term("term.blk_complaint_free", "block", rf"\b(?:pain|headache|migraine|seizure|symptom|nausea|itch|dyspnoea|dyspnea){D}free\b",
         stems=("pain", "headache", "migraine", "seizure", "symptom", "nausea", "itch", "dyspn"),
         examples=[("the rate of pain free at 2 h was 31%", "pain free"), "seizure-free", "symptom-free"],
         not_examples=["pain relief at 2 h was 58%", "disease-free survival"],
         note="being free of a complaint is another outcome than the relief of it; its numbers are no relief"),
    Term("term.blk_thing_surv", "block",
         r"\b(?:implant|graft|allograft|device|stent|valve|flap|catheter|prosthesis|prosthetic|technique|embryo|cell|"
         r"fistula|access|patency|tooth|teeth|restoration|bleb)(?:s|'s|\u2019s)?\s+survival\b",
         stems=("implant", "graft", "allograft", "device", "stent", "valve", "flap", "catheter", "prosthe",
                "technique", "embryo", "cell", "fistula", "access", "patency", "tooth", "teeth", "restoration", "bleb"),
         examples=[("Graft survival at 1 year was 94%", "Graft survival"), "catheter survival", "cell survival",
                   ("The filtering bleb's survival was longer", "bleb's survival")],
         not_examples=["patient survival"], note="the survival of a thing, not of patients"),
    Term("term.os_words", "os", rf"overall{D}survival(?:\s+rates?)?", stems=("overall",), keys=("surviv",),
         examples=[("The overall survival rate was 71%", "overall survival rate"), "Overall-survival"],
         not_examples=["overall, 12 patients survived"]),
    Term("term.os_abbr", "os", r"(?-i:\b(?:OS|mOS)\b)", abbreviations=("OS", "mOS"), key_abbreviations=("OS",),
         examples=[("3-year OS, 62%", "OS"), ("the mOS was 20 months", "mOS")],
         not_examples=["the OSI score", "os"]),
    Term("term.os_plain", "os", r"\bsurvival(?:\s+rates?)?\b", stems=("surviv",), keys=("surviv",),
         examples=[("Median survival was 40 months", "survival"), ("survival rates at 5 years", "survival rates")],
         not_examples=["survivorship"]),
    Term("term.os_survived", "os", r"\b(?:survived|lived)\b", stems=("surviv", "lived"), keys=("surviv", "lived"),
         examples=[("two patients survived beyond 10 years", "survived"), ("they lived a median of 8 months", "lived")],
         not_examples=["survivors were few"]),
    # --- complete cytoreduction / resection ---------------------------------------------------------------
    Term("term.cc_complete", "cc",
         r"\b(?:(?:macroscopically|microscopically|radiologically)\s+)?complete(?:\s+or\s+near[-\s]complete)?"
         r"(?:\s*\([^()]{1,30}\))?(?:\s+(?:surgical|macroscopic|microscopic|gross|tumou?r|hepatic|liver|r0|r0/r1|cytoreductive))?"
         r"\s+(?:cytoreduction|resection|debulking|removal|clearance|excision|treatment)",
         stems=("macroscop", "microscop", "radiolog", "complete"), keys=(("complete", r"\s|\s*\("),),
         examples=[("Complete cytoreduction was reached in 41 patients", "Complete cytoreduction"),
                   ("a macroscopically complete resection", "macroscopically complete resection"),
                   ("complete (R0) resection", "complete (R0) resection")],
         not_examples=["the questionnaire was completed"]),
    Term("term.cc_optimal", "cc", r"\boptimal\s+(?:cytoreduction|debulking|resection)", stems=("optimal",),
         keys=("optimal",), examples=[("Optimal debulking in 30 of 35", "Optimal debulking")],
         not_examples=["optimal dose"]),
    Term("term.cc_r0", "cc", r"(?-i:\bR0(?:/R1|/1| or R1)?\b)(?:\s*(?:resections?|resection\s+rates?|margins?))?",
         abbreviations=("R0",), key_abbreviations=("R0",),
         examples=[("an R0 resection rate of 80%", "R0 resection"), ("R0/R1 in 22", "R0/R1"),
                   ("clear (R0 margins)", "R0 margins")],
         not_examples=["r0 resection", "R01 grant"],
         note="the alternative 'resection rates?' never wins: 'resections?' is tried first and matches"),
    Term("term.cc_cc0", "cc", rf"(?-i:\bCC{D}0(?:/1)?\b)", abbreviations=("CC",), key_abbreviations=(("CC", rf"[{DASH}\s]?0"),),
         examples=[("CC-0/1 was achieved in 90%", "CC-0/1"), ("a CC0 resection", "CC0")],
         not_examples=["CC-1 in 3 patients", "cc-0"]),
    Term("term.cc_visible", "cc", r"\ball\s+(?:visible|macroscopic|gross)\s+(?:disease|tumou?r)\s+was\s+(?:removed|resected)",
         stems=("all",), keys=("visible", ("all", r"\s+(?:visible|macroscopic|gross)\b")),
         examples=[("In 18 patients all gross tumour was removed", "all gross tumour was removed")],
         not_examples=["all visible disease was biopsied"]),
    # --- symptom relief ----------------------------------------------------------------------------------------
    Term("term.relief_noun", "relief",
         r"\b(?:(?:complete|partial|symptomatic|durable|significant)\s+)?(?:relief|palliation|resolution|"
         r"improvement|abolition|disappearance|alleviation|amelioration)\b|\b(?:symptom|symptomatic)\s+(?:control|response)\b|"
         r"\bcontrol\s+of\b",
         stems=("complete", "partial", "symptom", "durable", "significant", "relie", "palliat", "resol", "improv",
                "aboli", "disappear", "allevia", "amelio", "control"),
         keys=("relie", "palliat", "resol", "disappear", "allevia", "ameliora", "improvement", "abolition",
               "symptomatic", ("symptom", r"\s+(?:control|response)\b"), ("control", r"\s+of\b")),
         examples=[("Partial relief of flushing in 12", "Partial relief"), ("symptom control lasted", "symptom control"),
                   ("good control of diarrhoea", "control of"), ("durable palliation", "durable palliation"),
                   ("disappearance of pain", "disappearance")],
         not_examples=["the control group", "a symptom score"]),
    Term("term.relief_verb", "relief",
         r"\b(?:relieved|improved|resolved|controlled|abolished|disappeared|alleviated|ameliorated|palliated|"
         r"subsided|ceased)\b",
         stems=("relie", "improv", "resol", "control", "aboli", "disappear", "allevia", "amelio", "palliat", "subsid",
                "ceased"),
         keys=("relie", "palliat", "resol", "controlled", "disappear", "allevia", "ameliora", "subsid", "ceased",
               "improved", "abolished"),
         examples=[("flushing subsided in 9 of 11", "subsided"), ("Pain was relieved in most", "relieved"),
                   ("diarrhoea ceased", "ceased")],
         not_examples=["improving care", "controls were matched"]),
    # --- morbidity, mortality, recurrence, follow-up --------------------------------------------------------------
    Term("term.morb", "morbidity", r"\bmorbidity(?:\s+rates?)?\b", stems=("morbid",), keys=("morbid",),
         examples=[("Major morbidity was 18%", "morbidity"), ("a morbidity rate of 25%", "morbidity rate")],
         not_examples=["morbid obesity"]),
    Term("term.morb_compl", "morbidity", r"\bcomplications?(?:\s+rates?)?\b", stems=("complic",),
         keys=("complication",),
         examples=[("Complications arose in 14 patients", "Complications"), ("the complication rate", "complication rate")],
         not_examples=["a complicated course"]),
    Term("term.blk_cause_death", "block",
         r"\b(?:cardiovascular|cardiac|CV|cancer|AIDS|HIV|stroke|infection|sepsis|respiratory|ICU|non-?relapse|neonatal|"
         r"infant|maternal|perinatal|fetal|cause[-\s]specific|disease[-\s]related|vascular)[-\s]+(?:related\s+)?(?:deaths?|mortality)\b",
         stems=("cardi", "cancer", "stroke", "infection", "sepsis", "respirator", "neonatal", "infant",
                "maternal", "perinatal", "fetal", "disease", "vascular"),
         abbreviations=("CV", "AIDS", "HIV", "ICU"), cue_patterns=(r"[Nn]on[-\u2010\u2011\u2013\u2212 ]?relapse",),
         examples=[("cardiac deaths numbered 4", "cardiac deaths"), ("sepsis-related mortality", "sepsis-related mortality"),
                   ("two ICU deaths", "ICU deaths"), ("Non-relapse mortality at 1 year", "Non-relapse mortality")],
         not_examples=["operative mortality", "all-cause mortality"],
         note="a death of one cause is not the study's mortality (all-cause deaths are: real-dev's trial convention).  "
              "'cause-specific' has no cue, so the engine's cue scan does not try this term there: 'cause-specific "
              "mortality' is read as mortality"),
    Term("term.mort", "mortality", r"\bmortality(?:\s+rates?)?\b", stems=("mortal",), keys=("mortal",),
         examples=[("90-day mortality was 2%", "mortality"), ("Mortality rates were low", "Mortality rates")],
         not_examples=["immortality"]),
    Term("term.mort_death", "mortality", r"\b(?:deaths?|died)\b", stems=("death", "died"), keys=("death", "died"),
         examples=[("one patient died on day 12", "died"), ("No deaths occurred", "deaths")],
         not_examples=["a deathbed"]),
    Term("term.rec_noun", "recurrence",
         r"\b(?:recurrences?|relapses?|re[-\s]?recurrence|progression|recurrence\s+rates?|relapse\s+rates?)\b",
         stems=("recurr", "relaps", "progress"), cue_patterns=(r"[Rr]e[-\u2010\u2011\u2013\u2212 ]?recurr",),
         keys=("recurr", "relaps", "progress"),
         examples=[("Local recurrence occurred in 6", "recurrence"), ("re-recurrence in two", "re-recurrence"),
                   ("Relapses were rare", "Relapses")],
         not_examples=["recurrent laryngeal nerve"]),
    Term("term.rec_verb", "recurrence", r"\b(?:recurred|relapsed|progressed)\b", stems=("recurr", "relaps", "progress"),
         keys=("recurr", "relaps", "progress"),
         examples=[("the tumour recurred in 5 of 30", "recurred"), ("12 progressed", "progressed")],
         not_examples=["progressive disease"]),
    Term("term.fu", "followup", rf"\bfollow{D}?ups?(?:\s+(?:time|period|duration))?\b|\bfollowed(?:{D}up)?\s+for\b",
         stems=("follow",), keys=("followed", ("follow", rf"[{DASH}\s]?ups?\b")),
         examples=[("after a median follow-up of 41 months", "follow-up"), ("followed up for 6 years", "followed up for"),
                   ("Follow up was complete", "Follow up"), ("the median follow-up period was", "follow-up period"),
                   ("followed-up for 3 years", "followed-up for")],
         not_examples=["following resection", "the follower"]),
    # --- quantity nouns that are not outcomes (block attachment) ---------------------------------------------
    Term("term.blk_other_rate", "block", r"\b(?:re-?operation|re-?admission|re-?intervention|conversion)s?\s+rates?\b",
         stems=("reoperat", "re-operat", "readmi", "re-admi", "reinterven", "re-interven", "conversion"),
         examples=[("the re-admission rate was 9%", "re-admission rate"), ("Conversion rates were low", "Conversion rates"),
                   ("reintervention rates of 4% and 6%", "reintervention rates")],
         not_examples=["a reoperation in 3 patients"],
         note="the rate of a procedure after the operation, listed beside the outcomes: not one of them"),
    Term("term.blk_age", "block", r"\b(?:age[ds]?|years?\s+old|older|younger)\b", stems=("age", "year", "older", "younger"),
         examples=[("patients aged 70 or more", "aged"), ("an 81 years old man", "years old"), "older than 75"],
         not_examples=["stage IV", "images"]),
    Term("term.blk_stay", "block", r"\b(?:(?:hospital|length\s+of)\s+stay|stay|hospitali[sz]ation)\b",
         stems=("hospital", "length", "stay"),
         examples=[("median hospital stay of 6 days", "hospital stay"), ("Length of stay was 9 days", "Length of stay"),
                   "hospitalization lasted"],
         not_examples=["hospital mortality"]),
    Term("term.blk_time", "block",
         r"\b(?:duration|interval|operative\s+time|operating\s+time|time\s+(?:of|from|since|between|until)|"
         r"waiting\s+time|delay|diagnosis)\b",
         stems=("duration", "interval", "operati", "time", "waiting", "delay", "diagnos"),
         examples=[("the mean operative time was 240 minutes", "operative time"), ("time from diagnosis", "time from"),
                   ("a delay of 3 weeks", "delay")],
         not_examples=["timely care"]),
    Term("term.blk_size", "block",
         r"\b(?:size|diameter|volume|length|weight|BMI|dose|doses|dosage|index|score|PCI|level|levels|"
         r"concentration|lesions?|nodules?|tumou?rs?\s+burden|burden|involvement|cycles?)\b",
         stems=("size", "diameter", "volume", "length", "weight", "dos", "index", "score", "level", "concentration",
                "lesion", "nodule", "tumor", "tumour", "burden", "involvement", "cycle"),
         abbreviations=("BMI", "PCI"),
         examples=[("a median tumour diameter of 3 cm", "diameter"), ("PCI of 12", "PCI"), ("six cycles", "cycles"),
                   ("tumour burden above 50%", "tumour burden")],
         not_examples=["sizeable"]),
    Term("term.blk_change", "block", r"\b(?:fell|decreased|reduction|reduced|increased|declined|rose|dropped)\b(?:\s+by)?",
         stems=("fell", "decreas", "reduc", "increas", "declin", "rose", "dropped"),
         examples=[("chromogranin A dropped by 60%", "dropped by"), ("Serotonin fell", "fell"),
                   ("a reduction of 30%", "reduction")],
         not_examples=["reducible hernia"]),
]

# Gate cues that are not vocabulary terms: a hazard ratio in a sentence that refers back to the endpoint of the
# hazard ratios before it ("The association held for small primaries (HR 0.49 ...)").
GATE_CUES: list[Term] = [
    Term("term.gate_hazard_ratio", None, r"\bhazard\s+ratios?\b|(?-i:\bHRs?\b)", stems=("hazard",),
         abbreviations=("HR",), keys=(("hazard", r"\s+ratio"),), key_abbreviations=(("HR", r"s?\b"),),
         examples=[("the hazard ratio for death was 0.6", "hazard ratio"), ("HRs below 1", "HRs")],
         not_examples=["HRT use", "hazardous"],
         note="not a metric: the engine's gate lets hazard ratios through for back-referring sentences"),
]

SYMPTOM_RULES: list[Symptom] = [
    Symptom("symptom.carcinoid_syndrome", "carcinoid syndrome", r"carcinoid\s+syndrome|(?-i:\bCS\b)",
            examples=[("relief of the carcinoid syndrome", "carcinoid syndrome"), ("CS improved", "CS")],
            not_examples=["cs improved"]),
    Symptom("symptom.flushing_diarrhoea", "flushing and diarrhoea",
            r"flushing\s+and\s+diarrho?ea|diarrho?ea\s+and\s+flushing",
            examples=["flushing and diarrhea", "diarrhoea and flushing"], not_examples=["flushing or diarrhoea"]),
    Symptom("symptom.flushing", "flushing", r"flushing", examples=["Flushing stopped"], not_examples=["flush"]),
    Symptom("symptom.diarrhoea", "diarrhoea", r"diarrho?ea", examples=["diarrhea", "Diarrhoea"],
            not_examples=["dysentery"]),
    Symptom("symptom.hormonal", "hormonal symptoms",
            r"hormonal\s+symptoms?|hormone[-\s]related\s+symptoms?|hormonal\s+excess|functional\s+symptoms?",
            examples=["hormone-related symptoms", "functional symptom", "hormonal excess"],
            not_examples=["hormonal therapy"]),
    Symptom("symptom.obstruction", "obstruction",
            r"obstructive\s+symptoms?|(?:bowel\s+|intestinal\s+)?obstruction|obstructive",
            examples=[("small bowel obstruction", "bowel obstruction"), "obstructive jaundice"],
            not_examples=["obstacle"]),
    Symptom("symptom.ischaemia", "ischaemia", r"ischa?emi(?:a|c)", examples=["mesenteric ischemia", "ischaemic pain"],
            not_examples=["ischium"]),
    Symptom("symptom.pain", "pain", r"abdominal\s+pain|pain", examples=[("Abdominal pain resolved", "Abdominal pain")],
            not_examples=["pail"]),
    Symptom("symptom.jaundice", "jaundice", r"jaundice", examples=["Jaundice"], not_examples=["jaunty"]),
    Symptom("symptom.dysphagia", "dysphagia", r"dysphagia", examples=["relief of dysphagia"], not_examples=["dysphasia"]),
    Symptom("symptom.hypoglycaemia", "hypoglycaemia", r"hypoglyca?emi(?:a|c)(?:\s+(?:symptoms|episodes))?",
            examples=[("hypoglycemic episodes ceased", "hypoglycemic episodes"), "hypoglycaemia"],
            not_examples=["hyperglycaemia"]),
    Symptom("symptom.heart_failure", "heart failure", r"heart\s+failure", examples=["right heart failure"],
            not_examples=["heart valve"]),
    Symptom("symptom.bleeding", "bleeding", r"bleeding|ha?emorrhage", examples=["haemorrhage", "GI bleeding"],
            not_examples=["bleed"]),
    Symptom("symptom.nausea_vomiting", "nausea/vomiting", r"nausea|vomiting", examples=["Nausea", "vomiting"],
            not_examples=["vomit"]),
    Symptom("symptom.symptoms", "symptoms", r"symptoms?|symptomatic", examples=["symptomatic patients", "symptom"],
            not_examples=["syndrome"]),
]

# -- the tables the engine reads, derived from the rules above ------------------------------------------------------
TERMS: list[tuple[str, str, str, str]] = [
    (t.id, t.kind, t.pattern, t.examples[0] if isinstance(t.examples[0], str) else t.examples[0][0])
    for t in TERM_RULES
]
SYMPTOMS: list[tuple[str, str]] = [(s.pattern, s.name) for s in SYMPTOM_RULES]
CUE_STEMS, CUE_ABBREVIATIONS, CUE_PATTERNS = cue_tables(TERM_RULES)
GATE_KEYS, GATE_KEY_ABBREVIATIONS = gate_keys(TERM_RULES + GATE_CUES)


def gate_tables() -> tuple[tuple, tuple]:
    """The line gate's (keys, key abbreviations), derived from the metric terms and the gate cues: what
    ``tag._KEY_STEMS`` and ``tag._KEY_ABBREVIATIONS`` hold (``tests/test_rules.py`` checks they are equal)."""
    return GATE_KEYS, GATE_KEY_ABBREVIATIONS
