"""Figure.why: every rule id the engine writes is documented with an example, and every example fires its rule."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import nettool
from nettool.extract.provenance import RULES, explain, markdown_table

ENGINE = Path(nettool.__file__).parent / "extract"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_each_rule_fires_on_its_example(rule_id):
    _note, example = RULES[rule_id]
    slot = rule_id.split(".", 1)[0]
    slot = {"value": "value", "metric": "metric", "timepoint": "timepoint", "group": "group", "p": "p"}[slot]
    whys = [f.why.get(slot, "").partition(":")[0] for f in nettool.extract(example)]
    assert rule_id in whys, (example, [f.why for f in nettool.extract(example)])


def test_the_engine_writes_only_documented_ids():
    used = set()
    for path in ENGINE.glob("*.py"):
        if path.name == "provenance.py":
            continue
        used |= set(re.findall(r'"((?:value|metric|timepoint|group|p)\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used and used <= set(RULES), sorted(used - set(RULES))
    assert set(RULES) <= used, sorted(set(RULES) - used)


def test_every_figure_says_what_made_its_value_and_metric():
    for f in nettool.extract(nettool.load([str(Path(__file__).parent / "data" / "seeds")]).__iter__().__next__()):
        assert f.why["value"] in RULES and f.why["metric"].partition(":")[0] in RULES


def test_contract_doc_lists_the_rule_ids():
    doc = (Path(__file__).parent.parent / "docs" / "contract.md").read_text(encoding="utf-8")
    assert markdown_table() in doc


def test_explain_reads_as_one_line():
    assert explain({"value": "value.percent", "metric": "metric.nearest_before:term.morb"}) == (
        "value percent; metric nearest_before (term.morb)")


def test_extract_explain_shows_the_rules_beside_each_figure():
    from typer.testing import CliRunner

    from nettool.cli import app

    seeds = str(Path(__file__).parent / "data" / "seeds")
    plain = CliRunner().invoke(app, ["extract", "--format", "markdown", seeds])
    explained = CliRunner().invoke(app, ["extract", "--explain", "--format", "markdown", seeds])
    assert plain.exit_code == explained.exit_code == 0
    header = explained.stdout.splitlines()[0]
    assert "| Why" in header and "Why" not in plain.stdout.splitlines()[0]
    assert "metric nearest_before (term.os_abbr)" in explained.stdout
    rows = [json.loads(line) for line in CliRunner().invoke(app, ["extract", "--format", "jsonl", seeds]).stdout.splitlines()]
    assert all(set(r["why"]) <= {"value", "metric", "timepoint", "group", "p"} and "value" in r["why"] for r in rows)
