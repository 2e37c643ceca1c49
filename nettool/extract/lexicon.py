"""Metric vocabulary as data.

Each TERM is (id, kind, pattern, example).  ``kind`` is a metric name, or
``block`` for a quantity noun that is not an outcome (age, length of stay,
tumour size, dose, ...): a number attached to a block term yields no figure.
Patterns are case-insensitive unless they are written inside ``(?-i:...)``
(abbreviations such as OS or PFS).  The engine compiles them into one regex,
longest alternative first, so "progression-free survival" wins over
"survival" and "progression".  ``tests/test_extract_lexicon.py`` checks that
every term matches its example and resolves to its kind.

To add a phrasing: append a TERM with an id, the kind, the pattern and an
example sentence fragment it must match; run the tests.
"""
from __future__ import annotations

D = "[-\u2010\u2011\u2013\u2212 ]?"  # hyphen, dashes or a space: "disease-free", "disease free"

TERMS: list[tuple[str, str, str, str]] = [
    # --- survival -------------------------------------------------------------------------------------------
    ("dss_words", "dss", rf"(?:disease|cancer|tumou?r|NET|neuroendocrine){D}(?:specific|related){D}survival",
     "Disease-specific survival at 5 years"),
    ("dss_abbr", "dss", r"(?-i:\b(?:DSS|CSS)\b)", "Ten-year DSS was 71%"),
    ("pfs_words", "pfs", rf"progression{D}free{D}(?:survival|interval|rate)?", "median progression-free survival"),
    ("pfs_ttp", "pfs", rf"times?{D}to{D}(?:\w+\s+)?progression", "Median time to hepatic progression"),
    ("pfs_abbr", "pfs", r"(?-i:\b(?:PFS|TTP|pPFS)\b)", "Median PFS was 22.5 months"),
    ("dfs_words", "dfs", rf"(?:disease|recurrence|relapse|tumou?r){D}free{D}(?:survival|interval)?",
     "Median recurrence-free survival (RFS)"),
    ("dfs_ttr", "dfs", rf"time{D}to{D}(?:\w+\s+)?(?:recurrence|relapse)", "time to recurrence"),
    ("dfs_abbr", "dfs", r"(?-i:\b(?:DFS|RFS|LRFS)\b)", "predicted shorter RFS"),
    # other "-free" endpoints and the survival of things rather than patients are not outcomes here
    ("blk_free", "block", rf"\b[\w/]+{D}free{D}(?:survival|interval|rate)|(?-i:\b(?:EFS|MFS|DMFS|LPFS|TTF|PFS2|OS2)\b)|"
     rf"time{D}to{D}(?:\w+\s+)?(?:treatment\s+failure|next\s+treatment)",
     "distant metastasis-free survival"),
    ("blk_thing_surv", "block",
     r"\b(?:implant|graft|allograft|device|stent|valve|flap|catheter|prosthesis|prosthetic|technique|embryo|cell|"
     r"fistula|access|patency|tooth|teeth|restoration|bleb)(?:s|'s|\u2019s)?\s+survival\b", "implant survival was 98%"),
    ("os_words", "os", rf"overall{D}survival(?:\s+rates?)?", "median overall survival (OS)"),
    ("os_abbr", "os", r"(?-i:\b(?:OS|mOS)\b)", "Median OS was 112 months"),
    ("os_plain", "os", r"\bsurvival(?:\s+rates?)?\b", "Five-year survival rate was 62%"),
    ("os_survived", "os", r"\b(?:survived|lived)\b", "survived a median of only 6 weeks"),
    # --- complete cytoreduction / resection ---------------------------------------------------------------
    ("cc_complete", "cc",
     r"\b(?:(?:macroscopically|microscopically|radiologically)\s+)?complete(?:\s+or\s+near[-\s]complete)?"
     r"(?:\s*\([^()]{1,30}\))?(?:\s+(?:surgical|macroscopic|microscopic|gross|tumou?r|hepatic|liver|r0|r0/r1|cytoreductive))?"
     r"\s+(?:cytoreduction|resection|debulking|removal|clearance|excision|treatment)",
     "Complete cytoreduction was achieved in 78%"),
    ("cc_optimal", "cc", r"\boptimal\s+(?:cytoreduction|debulking|resection)", "Optimal cytoreduction (CC-0/1)"),
    ("cc_r0", "cc", r"(?-i:\bR0(?:/R1|/1| or R1)?\b)(?:\s*(?:resections?|resection\s+rates?|margins?))?",
     "R0 resection was obtained in 30 patients (68%)"),
    ("cc_cc0", "cc", rf"(?-i:\bCC{D}0(?:/1)?\b)", "Complete cytoreduction (CC-0)"),
    ("cc_visible", "cc", r"\ball\s+(?:visible|macroscopic|gross)\s+(?:disease|tumou?r)\s+was\s+(?:removed|resected)",
     "all visible disease was removed (R0/R1)"),
    # --- symptom relief ----------------------------------------------------------------------------------------
    ("relief_noun", "relief",
     r"\b(?:(?:complete|partial|symptomatic|durable|significant)\s+)?(?:relief|palliation|resolution|"
     r"improvement|abolition|disappearance|alleviation|amelioration)\b|\b(?:symptom|symptomatic)\s+(?:control|response)\b|"
     r"\bcontrol\s+of\b", "relief of carcinoid syndrome was ≥ 97%"),
    ("relief_verb", "relief",
     r"\b(?:relieved|improved|resolved|controlled|abolished|disappeared|alleviated|ameliorated|palliated|"
     r"subsided|ceased)\b", "symptoms resolved or improved in 88% of patients"),
    # --- morbidity, mortality, recurrence, follow-up --------------------------------------------------------------
    ("morb", "morbidity", r"\bmorbidity(?:\s+rates?)?\b", "Postoperative morbidity was 22%"),
    ("morb_compl", "morbidity", r"\bcomplications?(?:\s+rates?)?\b", "complications occurred in 31%"),
    ("blk_cause_death", "block",
     r"\b(?:cardiovascular|cardiac|CV|cancer|AIDS|HIV|stroke|infection|sepsis|respiratory|ICU|non-?relapse|neonatal|"
     r"infant|maternal|perinatal|fetal|cause[-\s]specific|disease[-\s]related|vascular)[-\s]+(?:related\s+)?(?:deaths?|mortality)\b",
     "cardiovascular death"),
    ("mort", "mortality", r"\bmortality(?:\s+rates?)?\b", "Thirty-day mortality was 3.4%"),
    ("mort_death", "mortality", r"\b(?:deaths?|died)\b", "There were no perioperative deaths"),
    ("rec_noun", "recurrence",
     r"\b(?:recurrences?|relapses?|re[-\s]?recurrence|progression|recurrence\s+rates?|relapse\s+rates?)\b",
     "Recurrence developed in 84% at 5 years"),
    ("rec_verb", "recurrence", r"\b(?:recurred|relapsed|progressed)\b", "the disease recurred in 40%"),
    ("fu", "followup", rf"\bfollow{D}?ups?(?:\s+(?:time|period|duration))?\b|\bfollowed(?:{D}up)?\s+for\b",
     "Median follow-up was 5.2 years"),
    # --- quantity nouns that are not outcomes (block attachment) ---------------------------------------------
    ("blk_other_rate", "block", r"\b(?:re-?operation|re-?admission|re-?intervention|conversion)s?\s+rates?\b",
     "reoperation rates were 17% and 10%"),
    ("blk_age", "block", r"\b(?:age[ds]?|years?\s+old|older|younger)\b", "median age 61 years"),
    ("blk_stay", "block", r"\b(?:(?:hospital|length\s+of)\s+stay|stay|hospitali[sz]ation)\b", "Median hospital stay was 4 vs 7 days"),
    ("blk_time", "block",
     r"\b(?:duration|interval|operative\s+time|operating\s+time|time\s+(?:of|from|since|between|until)|"
     r"waiting\s+time|delay|diagnosis)\b", "The median duration of symptom control was 31 months"),
    ("blk_size", "block", r"\b(?:size|diameter|volume|length|weight|BMI|dose|doses|dosage|index|score|PCI|level|levels|"
     r"concentration|lesions?|nodules?|tumou?rs?\s+burden|burden|involvement|cycles?)\b", "median tumour size 4.2 cm"),
    ("blk_change", "block", r"\b(?:fell|decreased|reduction|reduced|increased|declined|rose|dropped)\b(?:\s+by)?",
     "Urinary 5-HIAA fell by a median of 79%"),
]

SYMPTOMS: list[tuple[str, str]] = [
    # (pattern, canonical name)
    (r"carcinoid\s+syndrome|(?-i:\bCS\b)", "carcinoid syndrome"),
    (r"flushing\s+and\s+diarrho?ea|diarrho?ea\s+and\s+flushing", "flushing and diarrhoea"),
    (r"flushing", "flushing"),
    (r"diarrho?ea", "diarrhoea"),
    (r"hormonal\s+symptoms?|hormone[-\s]related\s+symptoms?|hormonal\s+excess|functional\s+symptoms?", "hormonal symptoms"),
    (r"obstructive\s+symptoms?|(?:bowel\s+|intestinal\s+)?obstruction|obstructive", "obstruction"),
    (r"ischa?emi(?:a|c)", "ischaemia"),
    (r"abdominal\s+pain|pain", "pain"),
    (r"jaundice", "jaundice"),
    (r"dysphagia", "dysphagia"),
    (r"hypoglyca?emi(?:a|c)(?:\s+(?:symptoms|episodes))?", "hypoglycaemia"),
    (r"heart\s+failure", "heart failure"),
    (r"bleeding|ha?emorrhage", "bleeding"),
    (r"nausea|vomiting", "nausea/vomiting"),
    (r"symptoms?|symptomatic", "symptoms"),
]

# Where a TERM can start.  The engine tries the full vocabulary only at a word boundary where one of these cues
# begins (~6x faster than trying it everywhere); tests/test_extract_lexicon.py checks that this finds exactly what a
# plain scan finds.  Stems match with either case of their first letter; abbreviations match as written; patterns are
# regexes for the cues that are not a fixed word.
CUE_STEMS = (
    "surviv", "lived", "overall", "disease", "cancer", "tumor", "tumour", "neuroendocrine", "progress", "event", "time",
    "recurr", "relaps", "metasta", "macroscop", "microscop", "radiolog", "complete", "optimal", "all", "partial",
    "symptom", "durable", "significant", "relie", "palliat", "resol", "improv", "aboli", "disappear", "allevia",
    "amelio", "control", "subsid", "ceased", "morbid", "complic", "mortal", "death", "died", "follow", "age", "year",
    "older", "younger", "hospital", "length", "stay", "duration", "interval", "operati", "waiting", "delay", "diagnos",
    "size", "diameter", "volume", "weight", "dos", "index", "score", "level", "concentration", "lesion", "nodule",
    "burden", "involvement", "cycle", "fell", "decreas", "reduc", "increas", "declin", "rose", "dropped", "implant",
    "graft", "allograft", "device", "stent", "valve", "flap", "catheter", "prosthe", "technique", "embryo", "cell",
    "fistula", "access", "patency", "tooth", "teeth", "restoration", "bleb", "cardi", "infection", "sepsis", "respirator",
    "neonatal", "infant", "maternal", "perinatal", "fetal", "vascular", "stroke", "reoperat", "re-operat", "readmi",
    "re-admi", "reinterven", "re-interven", "conversion",
)
CUE_ABBREVIATIONS = (
    "NET", "DSS", "CSS", "PFS", "pPFS", "TTP", "EFS", "DFS", "RFS", "MFS", "LRFS", "DMFS", "LPFS", "TTF", "OS", "mOS",
    "R0", "CC", "BMI", "PCI", "CV", "AIDS", "HIV", "ICU",
)
CUE_PATTERNS = (
    r"[Rr]e[-\u2010\u2011\u2013\u2212 ]?recurr",  # "re-recurrence", "rerecurrence"
    r"[\w/]+[-\u2010\u2011\u2013\u2212 ]free",  # any "X-free" endpoint
    r"[Nn]on[-\u2010\u2011\u2013\u2212 ]?relapse",  # "non-relapse mortality"
)
