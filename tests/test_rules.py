"""Rules as data: every example of every rule holds, tables derived from the rules are the ones the engine uses, and
importing the extractor compiles no rule."""
from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

import nettool  # noqa: F401
from nettool.extract import lexicon, numbers, rules
from nettool.extract.patterns import trie_alternation

engine = importlib.import_module("nettool.extract.engine")
tag = importlib.import_module("nettool.extract.tag")
ALL = rules.all_rules()
# the extractor's stage modules whose module-level patterns are rules (id: "<module>.<name>")
STAGE_AREAS = {"tag", "structure", "context", "judge", "link", "engine", "arms", "abbreviations"}


@pytest.mark.parametrize("rule", ALL, ids=lambda r: r.id)
def test_rule_examples(rule):
    """Each rule has examples; each example matches (with the surface or groups given), each not-example does not."""
    assert rule.check() == []


def test_registry_has_every_area():
    areas = {r.id.split(".")[0] for r in ALL}
    assert areas == {"term", "symptom", "number", "sentence", "study"} | STAGE_AREAS
    assert len(ALL) == len({r.id for r in ALL})
    assert rules.get("number.p_value") is numbers.P_VALUE


def test_a_rule_without_an_example_fails():
    rule = rules.Rule("test.no_example", r"x")
    try:
        assert rule.check() == ["test.no_example: no example"]
    finally:
        del rules.REGISTRY["test.no_example"]


def test_wrong_examples_are_reported():
    rule = rules.Rule("test.wrong", r"(?P<n>\d+) days", examples=[("in 30 days", "30 day"), ("2 days", {"n": "3"}),
                                                                   "no number"], not_examples=["5 days"])
    try:
        assert rule.check() == [
            "test.wrong: in 'in 30 days' matched '30 days', not '30 day'",
            "test.wrong: in '2 days' group 'n' is '2', not '3'",
            "test.wrong: does not match 'no number'",
            "test.wrong: must not match '5 days' (matched '5 days')",
        ]
    finally:
        del rules.REGISTRY["test.wrong"]


def test_a_duplicate_id_is_refused():
    with pytest.raises(ValueError, match="declared twice"):
        rules.Rule("number.p_value", r"p")


def test_a_bad_pattern_names_its_rule():
    rule = rules.Rule("test.bad", r"(unclosed", examples=["x"])
    try:
        with pytest.raises(ValueError, match="test.bad"):
            rule.search("x")
    finally:
        del rules.REGISTRY["test.bad"]


def test_term_checks_its_cues_and_keys():
    """A term whose match starts with none of its cues, or holds none of its gate keys, is reported."""
    term = rules.Term("test.term", "os", r"\bsurvival\b", stems=("overall",), keys=("mortal",),
                      examples=["Median survival was 4 years"])
    try:
        assert term.check() == ["test.term: 'survival' starts with none of its cues",
                                "test.term: 'survival' holds none of its gate keys"]
    finally:
        del rules.REGISTRY["test.term"]
    term = rules.Term("test.term", "os", r"\bsurvival\b", keys=("surviv",), examples=["Median survival was 4 years"])
    try:
        assert term.check() == ["test.term: no cue (stems, abbreviations or cue patterns)"]
    finally:
        del rules.REGISTRY["test.term"]


def test_rule_behaves_as_its_compiled_pattern():
    rx = re.compile(numbers.P_VALUE.pattern)
    text = "OS 40 vs 30 months (p = 0.002); PFS (P<.05)"
    assert [m.span() for m in numbers.P_VALUE.finditer(text)] == [m.span() for m in rx.finditer(text)]
    assert numbers.P_VALUE.regex.pattern == numbers.P_VALUE.pattern
    assert numbers.P_VALUE.groupindex == rx.groupindex
    with pytest.raises(AttributeError):
        numbers.P_VALUE.no_such_method  # noqa: B018


def test_import_compiles_no_rule():
    """Patterns compile on first use: importing the extractor and the CLI compiles none of the rules."""
    code = ("import nettool, nettool.cli, nettool.extract.engine, nettool.extract.study; from nettool.extract import rules; "
            "print(sum(r.compiled for r in rules.all_rules() if isinstance(r, rules.Rule)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"


def test_importing_the_engine_compiles_no_stage_rule():
    """Importing nettool.extract.engine (which imports every stage module) compiles none of the stage modules' rules,
    and every module-level pattern of those modules is a rule."""
    code = ("import ast, re, sys, nettool.extract.engine; from nettool.extract import rules\n"
            f"areas = {sorted(STAGE_AREAS)!r}\n"
            "stage = [r for r in rules.REGISTRY.values() if r.id.split('.')[0] in areas]\n"
            "plain = []\n"
            "for a in areas:\n"
            "    mod = sys.modules['nettool.extract.' + a]\n"
            "    tree = ast.parse(open(mod.__file__, encoding='utf-8').read())\n"
            "    own = {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}\n"
            "    plain += [f'{a}.{k}' for k in sorted(own) if isinstance(getattr(mod, k), re.Pattern)]\n"
            "print(len(stage), sum(r.compiled for r in stage), plain)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split(" ", 2)
    assert int(out[0]) > 0
    assert out[1:] == ["0", "[]\n"]


# -- the engine's tables are derived from the rules --------------------------------------------------------------
def test_engine_vocabulary_is_the_terms():
    assert [t[:3] for t in lexicon.TERMS] == [(t.id, t.kind, t.pattern) for t in lexicon.TERM_RULES]
    assert lexicon.SYMPTOMS == [(s.pattern, s.name) for s in lexicon.SYMPTOM_RULES]


def test_gate_keys_derived_from_the_terms_equal_the_engines():
    """The gate's keys come from the metric terms' own keys: the derived table is the one tag.py uses."""
    keys, abbreviations = lexicon.gate_tables()
    assert set(keys) == set(tag._KEY_STEMS)
    assert set(abbreviations) == set(tag._KEY_ABBREVIATIONS)
    assert len(keys) == len(set(keys)) and len(abbreviations) == len(set(abbreviations))
    derived = trie_alternation([v for w in keys for v in rules.cased(w)] + list(abbreviations))
    assert derived == tag._KEY_RE.pattern


def test_cue_tables_are_every_terms_cues():
    stems, abbreviations, patterns = rules.cue_tables(lexicon.TERM_RULES)
    assert (stems, abbreviations, patterns) == (lexicon.CUE_STEMS, lexicon.CUE_ABBREVIATIONS, lexicon.CUE_PATTERNS)
    assert set(stems) == {s for t in lexicon.TERM_RULES for s in t.stems}
    assert "hazard" not in stems  # a gate cue is not a place where the vocabulary is tried


def test_block_terms_have_no_gate_keys():
    """A quantity noun (age, stay, dose) must not let a line through the gate."""
    assert all(not t.keys and not t.key_abbreviations for t in lexicon.TERM_RULES if t.kind == "block")


def test_needs_reject_only_what_cannot_match():
    rule = rules.Rule("test.needs", r"\bHR\s+\d|hazard\s+ratio", flags=re.I, needs=("hazard",), needs_cased=("HR",),
                      examples=["HR 0.5", "The Hazard Ratio was"])
    bare = rules.Rule("test.no_needs", r"x", examples=["x"])
    try:
        assert rule.check() == []
        assert rule.may_match("HR 0.5") and rule.may_match("the HAZARD ratio") and not rule.may_match("hr 0.5 was")
        assert bare.may_match("anything")
    finally:
        del rules.REGISTRY["test.needs"], rules.REGISTRY["test.no_needs"]
    rule = rules.Rule("test.needs", r"\bHR\s+\d", flags=re.I, needs_cased=("HR",), examples=["hr 0.5"])
    try:
        assert rule.check() == ["test.needs: 'hr 0.5' holds none of its needs"]
    finally:
        del rules.REGISTRY["test.needs"]


def test_needs_of_the_number_rules_are_the_engines_guards():
    """numbers.P_VALUE and numbers.NS carry the needs the engine's _NEEDS guards (tag.py) test today, on every dev sentence."""
    from nettool.extract.sentences import split_sentences

    checked = 0
    for path in sorted((Path(__file__).parent / "data" / "dev").glob("*.*")):
        for _, sentence, _ in split_sentences(path.read_text(encoding="utf-8")):
            low = sentence.lower()
            for rule in (numbers.P_VALUE, numbers.NS):
                assert rule.may_match(sentence, low) == tag._NEEDS[rule](sentence, low), (rule.id, sentence)
                checked += 1
    assert checked > 500


@pytest.mark.parametrize("term", lexicon.TERM_RULES, ids=lambda t: t.id)
def test_engine_reads_each_term_example_as_its_kind(term):
    """Where a term's example matches, the engine's mention scan (cues, order: first term wins) finds that kind."""
    for ex in term.examples:
        text = ex if isinstance(ex, str) else ex[0]
        m = term.search(text)
        kinds = [x.kind for x in tag.find_mentions(text) if x.start == m.start()]
        assert kinds == [term.kind], (text, kinds)
