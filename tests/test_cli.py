"""CLI tests (typer CliRunner): every command and format, exit codes, stdout vs stderr, -o.

Machine formats are parsed; human formats are compared with golden files in
tests/golden/ (extraction still improves: NETTOOL_UPDATE_GOLDEN=1 pytest
tests/test_cli.py rewrites them; review the diff).  Inputs are the seed
abstracts shipped inside the package and small files written by the tests.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nettool import __version__
from nettool.analyze.compare import COLUMNS as COMPARE_COLUMNS
from nettool.analyze.studies import COLUMNS as STUDIES_COLUMNS
from nettool.analyze.summary import COLUMNS as SUMMARY_COLUMNS
from nettool.cli import app
from nettool.cli._run import seed_folder
from nettool.errors import ExitCode
from nettool.models import FIGURE_FIELDS, METRICS
from tests.goldens import check_golden

DOCS = Path(__file__).parent.parent / "docs"
ANSI = "\x1b["
SEEDS = sorted(Path(seed_folder()).glob("*.txt"))
runner = CliRunner()

TABLE_COMMANDS = {
    "extract": (["extract"], FIGURE_FIELDS),
    "compare": (["compare", "--metric", "os"], COMPARE_COLUMNS),
    "studies": (["studies"], STUDIES_COLUMNS),
    "summarize": (["summarize"], SUMMARY_COLUMNS),
}


def run(*args: str, input: str | bytes | None = None):
    """Invoke the CLI.  Without a PATH and without ``input`` the seed folder is passed explicitly:
    CliRunner's stdin is an (empty) pipe, which nettool would read."""
    args_list = list(args)
    if input is None and args_list and args_list[0] not in ("--version", "--help", "schema") \
            and not any(a == "-" or (not a.startswith("-") and ("/" in a or Path(a).exists())
                                     and (i == 0 or args_list[i - 1] not in ("-o", "--output")))
                        for i, a in enumerate(args_list)):
        args_list.append(seed_folder())
    return runner.invoke(app, args_list, input=input)


def ok(*args: str, input: str | bytes | None = None):
    result = run(*args, input=input)
    assert result.exit_code == 0, (result.exit_code, result.stderr, result.exception)
    assert result.stderr == ""
    assert ANSI not in result.stdout
    return result


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("nettool: error: ")
    assert "Traceback" not in stderr
    return lines[0]


# ---------------------------------------------------------------- basics

def test_version():
    result = ok("--version")
    assert result.stdout == f"nettool {__version__}\n"


def test_help_lists_every_command():
    result = ok("--help")
    for name in ("extract", "compare", "summarize", "studies", "schema"):
        assert name in result.stdout


def test_seeds_are_shipped_in_the_package():
    assert [p.name for p in SEEDS] == ["000_277575e362f372a1.txt", "003_3f3ffb5706d1ef7e.txt"]


# ---------------------------------------------------------------- machine formats

@pytest.mark.parametrize("command", sorted(TABLE_COMMANDS))
def test_tsv_is_the_default_off_terminal(command):
    args, columns = TABLE_COMMANDS[command]
    if command == "summarize":
        args = args + ["--format", "tsv"]
    result = ok(*args)
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == list(columns)
    assert len(lines) > 1 and all(line.count("\t") == len(columns) - 1 for line in lines)
    if command != "summarize":
        assert ok(*args, "--format", "tsv").stdout == result.stdout


@pytest.mark.parametrize("command", sorted(TABLE_COMMANDS))
def test_csv_parses_with_the_csv_module(command):
    args, columns = TABLE_COMMANDS[command]
    rows = list(csv.reader(io.StringIO(ok(*args, "--format", "csv").stdout)))
    assert rows[0] == list(columns) and len(rows) > 1
    assert all(len(r) == len(columns) for r in rows)


@pytest.mark.parametrize("command", sorted(TABLE_COMMANDS))
def test_json_and_jsonl_carry_the_same_objects(command):
    args, columns = TABLE_COMMANDS[command]
    objs = [json.loads(line) for line in ok(*args, "--format", "jsonl").stdout.splitlines()]
    assert objs and all(list(o) == list(columns) for o in objs)
    if command == "summarize":
        data = json.loads(ok(*args, "--format", "json").stdout)
        assert set(data) == {"studies", "synthesis"}
    else:
        assert json.loads(ok(*args, "--format", "json").stdout) == objs


def test_extract_jsonl_is_the_contract_and_validates_against_the_schema():
    from nettool.load import load_paths
    from nettool.schema import validate_figure

    texts = {"seeds/" + Path(r.source).name: r.text for r in load_paths([seed_folder()])}
    objs = [json.loads(line) for line in ok("extract", "--format", "jsonl").stdout.splitlines()]
    assert {o["metric"] for o in objs} <= set(METRICS)
    for o in objs:
        assert tuple(o) == FIGURE_FIELDS
        validate_figure(o)
        assert texts[o["source"]][o["start"]:o["end"]] == o["surface"]
        assert o["surface"] in o["sentence"]


def test_extract_tsv_columns_match_jsonl_values():
    tsv = list(csv.DictReader(io.StringIO(ok("extract", "--format", "tsv").stdout), delimiter="\t"))
    jsonl = [json.loads(x) for x in ok("extract", "--format", "jsonl").stdout.splitlines()]
    assert len(tsv) == len(jsonl)
    for t, j in zip(tsv, jsonl):
        assert t["surface"] == j["surface"] and t["metric"] == j["metric"]
        assert float(t["value"]) == j["value"]
        assert "\t" not in t["sentence"] and "\n" not in t["sentence"]


def test_compare_csv_has_meta_analysis_columns():
    rows = list(csv.DictReader(io.StringIO(ok("compare", "-m", "cc", "--format", "csv").stdout)))
    assert rows and {"events", "total", "value", "low", "high", "n", "p_value"} <= set(rows[0])
    assert all(r["metric"] == "cc" for r in rows)
    for r in rows:
        float(r["value"])  # numbers, not "78%"
        assert r["events"] == "" or int(r["events"]) <= int(r["total"])


@pytest.mark.parametrize("alias", ["overall-survival", "survival", "OS", "Overall Survival"])
def test_compare_accepts_aliases(alias):
    assert ok("compare", "--metric", alias).stdout == ok("compare", "--metric", "os").stdout


def test_compare_order_is_stable_by_study_then_position():
    objs = [json.loads(x) for x in ok("compare", "-m", "os", "-f", "jsonl", *map(str, SEEDS)).stdout.splitlines()]
    assert [o["source"] for o in objs] == sorted(o["source"] for o in objs)
    assert ok("compare", "-m", "os", *map(str, SEEDS)).stdout == ok("compare", "-m", "os", *map(str, SEEDS)).stdout


def test_jobs_do_not_change_the_output():
    one = ok("extract", "--format", "jsonl", "--jobs", "1").stdout
    assert ok("extract", "--format", "jsonl", "--jobs", "2").stdout == one


def test_jobs_keep_the_records_of_studies():
    """Pool workers do not send records back; the main process puts its own back in each study."""
    dev = str(Path(__file__).parent / "data" / "dev")
    one = ok("studies", "--format", "jsonl", "--jobs", "1", dev).stdout
    rows = [json.loads(line) for line in one.splitlines()]
    assert len(rows) > 10 and all(r["source"] and r["title"] for r in rows)
    assert ok("studies", "--format", "jsonl", "--jobs", "2", dev).stdout == one


def test_schema_lists_exactly_the_contract_fields():
    schema = json.loads(ok("schema").stdout)
    assert list(schema["properties"]) == list(FIGURE_FIELDS)
    assert schema["required"] == list(FIGURE_FIELDS) and schema["additionalProperties"] is False


# ---------------------------------------------------------------- human formats (golden)

@pytest.mark.parametrize("name,args", [
    ("cli_compare_os.table.txt", ["compare", "--metric", "os", "--format", "table"]),
    ("cli_compare_relief.markdown.md", ["compare", "--metric", "relief", "--format", "markdown"]),
    ("cli_studies.table.txt", ["studies", "--format", "table"]),
    ("cli_extract.markdown.md", ["extract", "--format", "markdown"]),
    ("cli_summarize.txt", ["summarize"]),
    ("cli_summarize.md", ["summarize", "--format", "markdown"]),
])
def test_human_formats_golden(name, args):
    check_golden(name, ok(*args).stdout)


def test_terminal_defaults_to_a_table_and_styled_text(monkeypatch):
    monkeypatch.setattr("nettool.cli._output.stdout_is_terminal", lambda: True)
    table = ok("compare", "--metric", "os").stdout
    assert "Study" in table and "─" in table and "\t" not in table
    text = ok("summarize").stdout
    assert "Findings" in text and "Across 2 studies" in text


def test_summarize_plain_text_reads_without_a_terminal():
    text = ok("summarize").stdout
    assert "Findings" in text and max(len(line) for line in text.splitlines()) <= 78
    assert re.search(r"^Complete cytoreduction: .*", text, re.M) or "Complete cytoreduction:" in text


# ---------------------------------------------------------------- usage errors

def test_unknown_metric_exits_2_and_lists_valid_metrics():
    result = run("compare", "--metric", "survivorship")
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    line = one_error_line(result.stderr)
    assert "survivorship" in line and all(m in line for m in METRICS)


@pytest.mark.parametrize("args", [
    ["compare", "--metric", "os", "--format", "xml"],
    ["extract", "--jobs", "-1"],
    ["extract", "--no-such-option"],
    ["compare"],
    ["frobnicate"],
    ["extract", "--format", "text"],
])
def test_bad_options_exit_2_with_one_line(args):
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    one_error_line(result.stderr)


def test_output_into_missing_folder_is_a_usage_error(tmp_path):
    target = tmp_path / "no" / "such" / "out.tsv"
    result = run("extract", "-o", str(target))
    assert result.exit_code == ExitCode.USAGE and result.stdout == ""
    assert "does not exist" in one_error_line(result.stderr)
    assert not target.parent.exists()


# ---------------------------------------------------------------- inputs

def test_missing_input_alone_exits_1_with_warning_and_error(tmp_path):
    result = run("extract", str(tmp_path / "missing.txt"))
    assert result.exit_code == ExitCode.NO_INPUT and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("nettool: warning: ") and "missing.txt" in lines[0]
    assert lines[-1].startswith("nettool: error: ") and "no readable abstracts" in lines[-1]
    assert "Traceback" not in result.stderr


def test_bad_input_among_good_warns_and_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "fig.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = run("extract", "--format", "jsonl", str(tmp_path / "missing.txt"), str(tmp_path), str(SEEDS[1]))
    assert result.exit_code == ExitCode.NO_INPUT  # some input unreadable, the rest processed: 1, as `cat` does
    warnings = result.stderr.splitlines()
    assert len(warnings) >= 3 and all(w.startswith("nettool: warning: ") for w in warnings)
    assert any("missing.txt" in w for w in warnings) and any("empty.txt" in w for w in warnings)
    assert [json.loads(x)["source"] for x in result.stdout.splitlines()][0] == f"seeds/{SEEDS[1].name}"


def test_quiet_silences_warnings_not_errors(tmp_path):
    result = run("extract", "--quiet", str(tmp_path / "missing.txt"), str(SEEDS[1]))
    assert result.exit_code == ExitCode.NO_INPUT and result.stderr == "" and result.stdout
    result = run("extract", "-q", str(tmp_path / "missing.txt"))
    assert result.exit_code == ExitCode.NO_INPUT
    one_error_line(result.stderr)


def test_stdin_dash():
    result = ok("extract", "--format", "jsonl", "-", input=SEEDS[1].read_bytes())
    objs = [json.loads(x) for x in result.stdout.splitlines()]
    assert objs and {o["source"] for o in objs} == {"<stdin>"}
    from_file = [json.loads(x) for x in ok("extract", "-f", "jsonl", str(SEEDS[1])).stdout.splitlines()]
    assert [o["value"] for o in objs] == [o["value"] for o in from_file]


def test_internal_errors_are_one_line_unless_debug(monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr("nettool.render.render_table", boom)
    result = run("studies")
    assert result.exit_code == 1 and result.stdout == ""
    assert "renderer exploded" in one_error_line(result.stderr)
    result = run("--debug", "studies")
    assert isinstance(result.exception, RuntimeError)


def test_a_record_that_breaks_the_extractor_is_skipped_with_a_warning(monkeypatch):
    import importlib

    extract_pkg = importlib.import_module("nettool.extract")  # `nettool.extract` itself is the API function
    real = extract_pkg.study_of

    def flaky(record):
        if record.source.endswith("000_277575e362f372a1.txt"):
            raise ValueError("bad record")
        return real(record)

    monkeypatch.setattr(extract_pkg, "study_of", flaky)
    result = run("studies", "--format", "jsonl")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr.startswith("nettool: warning: ") and "bad record" in result.stderr


# ---------------------------------------------------------------- -o FILE

def test_output_file_gets_the_data_and_stdout_nothing(tmp_path):
    target = tmp_path / "figs.jsonl"
    result = ok("extract", "-o", str(target))  # format from the extension
    assert result.stdout == ""
    assert target.read_text() == ok("extract", "--format", "jsonl").stdout
    assert [p.name for p in tmp_path.iterdir()] == ["figs.jsonl"]


def test_output_file_is_replaced_atomically_and_survives_a_failed_run(tmp_path):
    target = tmp_path / "os.tsv"
    target.write_text("previous results\n")
    result = run("compare", "-m", "os", "-o", str(target), str(tmp_path / "missing"))
    assert result.exit_code == ExitCode.NO_INPUT
    assert target.read_text() == "previous results\n"
    assert [p.name for p in tmp_path.iterdir()] == ["os.tsv"]  # no temporary file left behind
    ok("compare", "-m", "os", "-o", str(target))
    assert target.read_text().startswith("study\tpmid\t")


def test_output_file_survives_a_crash_mid_write(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_text("old\n")

    def half(table, fmt, out, **kw):
        out.write("half a row")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("nettool.render.render_table", half)
    result = run("studies", "-o", str(target))
    assert result.exit_code == 1 and target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_output_format_flag_beats_extension(tmp_path):
    target = tmp_path / "x.json"
    ok("studies", "--format", "csv", "-o", str(target))
    assert target.read_text().startswith("study,pmid,")


# ---------------------------------------------------------------- docs

def test_every_command_is_documented_in_usage():
    from typer.main import get_command

    usage = (DOCS / "usage.md").read_text(encoding="utf-8")
    for name in get_command(app).commands:
        assert re.search(rf"^#+ .*`nettool {name}\b", usage, re.M), f"nettool {name} is not documented"


def test_contract_doc_lists_every_field_in_order():
    contract = (DOCS / "contract.md").read_text(encoding="utf-8")
    fields = re.findall(r"^\| \d+ \| `(\w+)` \|", contract, re.M)
    assert tuple(fields) == FIGURE_FIELDS


def test_readme_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick, re.S)
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    assert "nettool summarize seeds/" in commands[0] and commands[1].endswith("pytest")
    assert "<!-- test-command -->\n```sh\n" + commands[1] in quick


# ---------------------------------------------------------------- issue 12: numbers a reviewer can put in a paper
DEV = Path(__file__).parent / "data" / "dev"


def test_bare_nettool_prints_help_and_exits_0():
    res = run()
    assert res.exit_code == 0 and res.stdout.startswith("Usage: nettool") and res.stderr == ""


def test_p_and_interval_are_shown_as_printed():
    res = run("extract", "-f", "markdown")
    assert "p=0.10" in res.stdout and "p=0.1 " not in res.stdout and "range 6-156" in res.stdout
    rows = [json.loads(line) for line in run("extract", "-f", "jsonl", str(DEV)).stdout.splitlines()]
    lt = [r for r in rows if r["p_bound"] == "<"]
    assert lt and all(r["p_text"].startswith("p<0") for r in lt)  # "P < .001" -> "p<0.001", never "p=0.001"
    assert {r["interval"] for r in rows} >= {"ci", "range", "iqr", None}
    ci = next(r for r in rows if r["interval"] == "ci")
    assert ci["interval_text"] and ("-" in ci["interval_text"] or " to " in ci["interval_text"])


def test_n_is_never_borrowed_for_a_condition_or_a_subgroup():
    rows = list(csv.DictReader(io.StringIO(run("compare", "-m", "os", "-f", "csv").stdout)))
    after = [r for r in rows if r["condition"].startswith("After complete")]
    assert after and all(r["n"] == "" for r in after)  # not the arm's 211
    rows = list(csv.DictReader(io.StringIO(run("compare", "-m", "os", "-f", "csv",
                                               str(DEV / "06_liver_transplant.txt")).stdout)))
    assert {r["group"]: r["n"] for r in rows}["outside criteria"] == "25"  # "38 met the criteria and 25 did not"


def test_compare_csv_gives_metafor_what_it_needs():
    rows = list(csv.DictReader(io.StringIO(run("compare", "-m", "cc", "-f", "csv", str(DEV)).stdout)))
    pooled = [r for r in rows if r["pooled"] == "true"]
    assert all(r["events"] and r["total"] for r in pooled)
    res = json.loads(run("pool", "-m", "cc", "-f", "json", str(DEV)).stdout)["pooled"]
    assert len(pooled) == res["k"] == 10
    meta = [r for r in rows if r["kind"] == "meta-analysis"]
    assert meta and all(r["pooled"] == "false" and "meta-analysis" in r["pool_note"] for r in meta)


def test_compare_filters_and_several_metrics_and_aliases():
    rows = list(csv.DictReader(io.StringIO(run("compare", "-m", "os", "-t", "5y", "-f", "csv", str(DEV)).stdout)))
    assert rows and {r["timepoint"] for r in rows} == {"5y"}
    rows = list(csv.DictReader(io.StringIO(run("compare", "-m", "os", "--measure", "median", "-f", "csv",
                                               str(DEV)).stdout)))
    assert rows and {r["measure"] for r in rows} == {"median"}
    rows = list(csv.DictReader(io.StringIO(run("compare", "-m", "css", "-m", "ttp", "-m", "rfs", "-f", "csv",
                                               str(DEV)).stdout)))
    assert {r["metric"] for r in rows} <= {"dss", "pfs", "dfs"} and len({r["metric"] for r in rows}) >= 2
    assert run("compare", "-m", "os", "--measure", "average").exit_code == 2


def test_studies_report_kind_and_design_from_methods():
    rows = {r["study"]: r for r in csv.DictReader(io.StringIO(run("studies", "-f", "csv", str(DEV)).stdout))}
    kinds = {r["kind"] for r in rows.values()}
    assert {"study", "meta-analysis"} <= kinds
    assert rows["doi:10.99999/sor.2020.0219"]["design"] == "retrospective"  # "a randomised trial is warranted"
    assert rows["PMID 99000003"]["design"] == "retrospective"  # "prospectively maintained databases"
