"""Renderers on hand-built rows: machine formats parsed back, human formats against golden files.

Golden files live in tests/golden/; after an intended change of layout run
    NETTOOL_UPDATE_GOLDEN=1 pytest tests/test_render.py
and review the diff.
"""
from __future__ import annotations

import csv
import io
import json

import pytest

from nettool.analyze import Table
from nettool.analyze.summary import summarize
from nettool.models import Arm, Figure, Record, Study
from nettool.render import render_table
from nettool.render import text as summary_text
from nettool.render.machine import cell, clean
from tests.goldens import check_golden
from tests.helpers import with_n

ANSI = "\x1b["


COLUMNS = ("study", "value", "low", "group", "p_value", "flag")
ROWS = [
    {"study": "PMID 1", "value": 78.0, "low": None, "group": "isolated\tliver\nmetastases", "p_value": 0.002,
     "flag": True, "value_text": "78%"},
    {"study": "doi:10.1/x", "value": 11.5, "low": 6.0, "group": 'a "quoted", | piped \x1b[31mred\x1b[0m arm',
     "p_value": None, "flag": False, "value_text": "11.5 years"},
]
HUMAN = (("Study", "study"), ("Value", "value_text"), ("Group", "group"), ("p", "p_value"))


def table(rows=None) -> Table:
    return Table(columns=COLUMNS, rows=iter(ROWS if rows is None else rows), human=HUMAN)


def render(fmt: str, rows=None, **kw) -> str:
    out = io.StringIO()
    render_table(table(rows), fmt, out, **kw)
    return out.getvalue()


def test_cells_are_clean_single_line_text():
    assert clean("a\tb\nc\r\n\x1b[1mbold\x1b[0m") == "a b c bold"
    assert cell(None) == "" and cell(78.0) == "78" and cell(0.1) == "0.1" and cell(True) == "true"


def test_tsv_has_header_and_one_clean_line_per_row():
    text = render("tsv")
    lines = text.splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    assert len(lines) == 3 and all(len(line.split("\t")) == len(COLUMNS) for line in lines)
    assert lines[1].split("\t") == ["PMID 1", "78", "", "isolated liver metastases", "0.002", "true"]
    assert ANSI not in text


def test_csv_round_trips_through_the_csv_module():
    rows = list(csv.DictReader(io.StringIO(render("csv"))))
    assert [r["value"] for r in rows] == ["78", "11.5"]
    assert rows[1]["group"] == 'a "quoted", | piped red arm'
    assert rows[0]["low"] == "" and rows[1]["flag"] == "false"


def test_jsonl_one_object_per_line_with_exactly_the_columns():
    objs = [json.loads(line) for line in render("jsonl").splitlines()]
    assert [list(o) for o in objs] == [list(COLUMNS)] * 2
    assert objs[0]["value"] == 78 and isinstance(objs[0]["value"], int)
    assert objs[1]["low"] == 6 and objs[1]["p_value"] is None and objs[0]["flag"] is True
    assert objs[0]["group"] == "isolated\tliver\nmetastases"  # JSON escapes: value kept as is


def test_json_is_a_list_even_when_empty():
    assert json.loads(render("json")) == [json.loads(x) for x in render("jsonl").splitlines()]
    assert json.loads(render("json", rows=[])) == []
    assert render("tsv", rows=[]) == "\t".join(COLUMNS) + "\n"


def test_machine_renderers_stream_generators():
    consumed = []

    def gen():
        for r in ROWS:
            consumed.append(r["study"])
            yield r

    out = io.StringIO()
    render_table(Table(columns=COLUMNS, rows=gen(), human=HUMAN), "jsonl", out)
    assert consumed == ["PMID 1", "doi:10.1/x"]


def test_rich_table_golden_no_ansi_off_terminal():
    text = render("table", width=100)
    assert ANSI not in text
    check_golden("render_table.txt", text)


def test_markdown_golden_escapes_pipes():
    text = render("markdown")
    assert "\\|" in text and text.splitlines()[1].startswith("|:")
    check_golden("render_markdown.md", text)


def sample_summary():
    text = "Complete cytoreduction in 78% and 56% (p = 0.002). Morbidity was 22%."
    rec = Record(source="a.txt", text=text, pmid="1", doi="10.1/x", title="A study of cytoreduction",
                 journal="Surgery", year=2020)

    def f(surface, nth=0, **kw):
        s = text.index(surface)
        return Figure(surface=surface, start=s, end=s + len(surface), sentence=text, **kw)

    figs = [f("78%", metric="cc", measure="rate", value=78.0, unit="percent", group="liver only", p_value=0.002),
            f("56%", metric="cc", measure="rate", value=56.0, unit="percent", group="liver and peritoneum",
              p_value=0.002),
            f("22%", metric="morbidity", measure="rate", value=22.0, unit="percent")]
    study = with_n(Study(record=rec, figures=figs, design="retrospective", setting="Mayo Clinic", period="2000-2020",
                  n_total=261, arms=[Arm("liver only", 211), Arm("liver and peritoneum", 50)],
                  conclusion="Peritoneal disease should not by itself preclude surgical cytoreduction in this "
                             "population, the authors conclude after a long sentence that needs wrapping."))
    return summarize([study])


@pytest.mark.parametrize("fmt,name", [("text", "summary.txt"), ("markdown", "summary.md")])
def test_summary_text_formats_golden(fmt, name):
    out = io.StringIO()
    (summary_text.write_text if fmt == "text" else summary_text.write_markdown)(sample_summary(), out)
    text = out.getvalue()
    assert ANSI not in text
    if fmt == "text":
        assert max(len(line) for line in text.splitlines()) <= summary_text.WIDTH
    check_golden(name, text)


def test_summary_json_nests_figures_in_the_extract_contract():
    from nettool.models import FIGURE_FIELDS

    out = io.StringIO()
    summary_text.write_json(sample_summary(), out)
    data = json.loads(out.getvalue())
    finding = data["studies"][0]["findings"][0]
    assert finding["text"].startswith("Complete cytoreduction: 78% liver only (n=211) vs 56%")
    assert [list(f) for f in finding["figures"]] == [list(FIGURE_FIELDS)] * 2
    assert data["synthesis"][0]["heading"] == "Complete cytoreduction: 1 study, 261 patients"


def test_rich_table_fits_a_narrow_terminal_without_losing_columns():
    rows = [dict(r, group=r["group"] + " with a much longer arm name that has to wrap", p_value=0.123)
            for r in ROWS]
    text = render("table", rows=rows, width=60)
    assert max(len(line) for line in text.splitlines()) <= 60
    for value in ("PMID 1", "doi:10.1/x", "78%", "11.5 years", "0.123"):
        assert value in text  # short values stay whole: prose columns wrap instead


# ---------------------------------------------------------------- narrow terminals (issue 12)
import shutil  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

DEV = Path(__file__).parent / "data" / "dev"
ROOT = Path(__file__).parent.parent


def _compare_table(width):
    from nettool.analyze.compare import compare_table
    from nettool.extract import study_of
    from nettool.load import load_paths

    studies = [study_of(r) for r in load_paths([str(DEV)])]
    out = io.StringIO()
    render_table(compare_table(studies, "os"), "table", out, width=width)
    return out.getvalue(), list(compare_table(studies, "os").rows)


def _tokens_whole(text, rows, keys):
    """Every word of every shown cell appears whole on some line: nothing breaks inside a number or an id."""
    words = {w for line in text.splitlines() for w in line.split()}
    return [w for r in rows for k in keys for w in str(r.get(k) or "").split() if w not in words]


@pytest.mark.parametrize("width", [80, 120])
def test_table_never_breaks_a_number_a_p_or_an_identifier(width):
    text, rows = _compare_table(width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert _tokens_whole(text, rows, ["study", "value_shown", "interval_shown", "p_shown", "timepoint"]) == []
    check_golden(f"compare_os_dev.{width}.txt", text)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed: real-terminal check skipped")
@pytest.mark.parametrize("width", [80, 120])
def test_real_terminal_matches_the_golden(width, tmp_path):
    """The same table in a real terminal (tmux, $width columns) as in the golden file."""
    sock = f"nettool-test-{width}-{tmp_path.name}"
    out = tmp_path / "screen.txt"
    import shlex
    import sys

    nettool = f"{shlex.quote(sys.executable)} -m nettool"
    # COLUMNS/LINES from the test process would override the terminal size rich reads
    cmd = f"unset COLUMNS LINES; cd {ROOT} && {nettool} compare -m os {DEV}; tmux wait-for -S done-{width}"
    subprocess.run(["tmux", "-L", sock, "new-session", "-d", "-x", str(width), "-y", "300", "sh", "-c",
                    cmd + "; sleep 20"], check=True)
    golden = (Path(__file__).parent / "golden" / f"compare_os_dev.{width}.txt").read_text(encoding="utf-8")
    strip = lambda t: [line.rstrip() for line in t.splitlines() if line.strip()]  # noqa: E731
    try:
        subprocess.run(["tmux", "-L", sock, "wait-for", f"done-{width}"], timeout=60, check=True)
        for _ in range(100):  # the pane may lag behind the program's exit: wait for the last line
            screen = subprocess.run(["tmux", "-L", sock, "capture-pane", "-p", "-S", "-300"], capture_output=True,
                                    text=True, check=True).stdout
            if strip(screen)[-1:] == strip(golden)[-1:]:
                break
            time.sleep(0.1)
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)
    assert strip(screen) == strip(golden)
