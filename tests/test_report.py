"""`nettool report` without a browser: the model (compute once), the HTML (escaping,
self-containment, provenance attributes) and the command (exit codes, messages).

The same report is opened in headless Chromium in tests/test_report_browser.py.
"""
from __future__ import annotations

import html.parser
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nettool.analyze import fmt_value
from nettool.analyze.compare import compare_rows
from nettool.analyze.pool import pool_metric
from nettool.models import PROPORTION_METRICS
from nettool.cli import app
from nettool.extract import study_of
from nettool.load import load_paths
from nettool.render.report import build_report, write_report

DATA = Path(__file__).parent / "data"
DEV = DATA / "dev"
UNSAFE = DATA / "report" / "unsafe_markup.txt"
runner = CliRunner()


def studies_of(*paths: Path):
    return [study_of(r) for r in load_paths([str(p) for p in paths])]


@pytest.fixture(scope="module")
def dev_studies():
    return studies_of(DEV)


@pytest.fixture(scope="module")
def dev_report(dev_studies):
    return build_report(dev_studies, inputs=[str(DEV)], version="test", date="2026-01-01")


def render(report) -> str:
    import io

    out = io.StringIO()
    write_report(report, out)
    return out.getvalue()


class Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(text: str) -> Elements:
    p = Elements()
    p.feed(text)
    return p


# ---------------------------------------------------------------- the model

def test_every_figure_is_a_compare_row_of_its_metric_section(dev_studies, dev_report):
    total = sum(len(s.figures) for s in dev_studies)
    assert dev_report.figures == total == sum(len(s.rows) for s in dev_report.sections)
    for section in dev_report.sections:
        expected = [r for s in dev_studies for r in compare_rows([s], section.metric)]
        key = section.value_key  # the column `compare` shows the value in
        assert dict(section.columns)["Value"] == key
        assert [(r["study"], r[key]) for r in section.rows] == [(r["study"], r[key]) for r in expected]
        for row in section.rows:  # each row is tied to the figure it shows
            study = dev_studies[row["fig"].rec]
            text = study.record.text[row["fig"].start:row["fig"].end]
            fig = next(f for f in study.figures if (f.start, f.end) == (row["fig"].start, row["fig"].end))
            assert text == fig.surface and fmt_value(fig) == row[key]


def test_forest_rows_are_the_pooled_rows_with_their_figures(dev_studies, dev_report):
    plots = 0
    for section in dev_report.sections:
        if section.metric not in PROPORTION_METRICS:
            continue
        assert section.poolings
        for view in section.poolings:
            if view.result is None:  # a refusal says why
                assert view.summary[0].startswith("Not pooled: ") and view.plot is None
                continue
            options = dict(part.split("=", 1) for part in view.group.split(", ")) if view.group else {}
            options = {("timepoint" if k == "window" else k): v for k, v in options.items()}
            result = pool_metric(dev_studies, section.metric, "dl", **options)  # what `nettool pool` prints
            assert view.plot is not None, (section.metric, view.group)
            plots += 1
            assert len(view.plot.rows) == len(result.included)
            for prow, row in zip(view.plot.rows, result.included):
                assert prow.fig is not None and prow.full_label.startswith(row.study)
                fig = next(f for f in dev_studies[prow.fig.rec].figures
                           if (f.start, f.end) == (prow.fig.start, prow.fig.end))
                assert fig.sentence == row.sentence and fig.value == row.value and fig.group == row.group
            p = result.pooled()
            assert f"{100 * p['estimate']:.1f}%" in " ".join(view.summary)
            if p["i2"] is not None:
                assert f"I² = {p['i2']:.1f}%" in " ".join(view.summary)
    assert plots >= 5  # every proportion metric of the dev corpus has at least one forest plot


def test_arms_keep_one_colour_within_a_study(dev_report):
    for section in dev_report.sections:
        seen: dict[tuple[int, str], int | None] = {}
        for row in section.rows:
            if row["group"]:
                key = (row["fig"].rec, row["group"].casefold())
                assert seen.setdefault(key, row["fig"].arm) == row["fig"].arm
                assert row["fig"].arm is not None
            else:
                assert row["fig"].arm is None


def test_check_rows_point_at_every_figure_of_their_sentence(dev_studies, dev_report):
    from nettool.analyze.checks import check_study

    assert len(dev_report.checks) == sum(len(check_study(s)) for s in dev_studies)
    assert [c["status"] for c in dev_report.checks] == sorted((c["status"] for c in dev_report.checks),
                                                              key=["fail", "warn", "ok"].index)
    with_figs = 0
    for c in dev_report.checks:
        study = dev_studies[c["rec"]]
        expected = sorted((f.start, f.end) for f in study.figures if c["sentence"] and f.sentence == c["sentence"])
        assert sorted((r.start, r.end) for r in c["figs"]) == expected
        with_figs += bool(expected)
    assert with_figs > 100


def test_abstract_parts_cover_the_text_and_each_span_exactly(dev_studies, dev_report):
    for study, abstract in zip(dev_studies, dev_report.abstracts):
        assert not abstract.excerpted
        joined = "".join(p.text for region in abstract.parts for p in region)
        assert joined == "".join(t for _, t in study.record.body())
        refs = {r.id: r for s in dev_report.sections for r in (row["fig"] for row in s.rows)}
        covered: dict[str, str] = {}
        for region in abstract.parts:
            for part in region:
                assert study.record.text[part.offset:part.offset + len(part.text)] == part.text
                for fid in part.figs:
                    covered[fid] = covered.get(fid, "") + part.text
        for fid, text in covered.items():
            assert text == refs[fid].surface


def test_long_records_show_excerpts_that_still_hold_every_span():
    from nettool.models import Figure, Record, Study

    body = ("Filler sentence without numbers. " * 800) + "Median overall survival was 54 months. " + \
           ("More filler text here. " * 800)
    start = body.index("54 months")
    fig = Figure(metric="os", measure="median", value=54, unit="months", surface="54 months", start=start,
                 end=start + 9, sentence="Median overall survival was 54 months.")
    study = Study(record=Record(source="long.txt", text=body), figures=[fig])
    report = build_report([study], inputs=["long.txt"], version="t", date="2026-01-01")
    abstract = report.abstracts[0]
    assert abstract.excerpted
    shown = sum(len(p.text) for region in abstract.parts for p in region)
    assert shown < 1200
    marked = [p for region in abstract.parts for p in region if p.figs]
    assert "".join(p.text for p in marked) == "54 months"


# ---------------------------------------------------------------- the HTML

def test_html_is_self_contained(dev_report):
    text = render(dev_report)
    doc = parse(text)
    for tag, attrs in doc.tags:
        for name in ("src", "href", "action", "data", "poster", "srcset", "xlink:href"):
            value = attrs.get(name)
            if value is None:
                continue
            assert value.startswith("#") or value.startswith("data:"), (tag, name, value)
        assert tag not in ("iframe", "object", "embed", "img", "base")
    assert "@import" not in text and "url(" not in text
    assert "@font-face" not in text
    csp = next(a["content"] for t, a in doc.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert len(doc.scripts) == 1
    ids = [a["id"] for _, a in doc.tags if "id" in a]
    assert len(ids) == len(set(ids))  # every link target is unambiguous


def test_script_and_style_hashes_match_the_policy(dev_report):
    import base64
    import hashlib

    text = render(dev_report)
    script = re.search(r"<script>(.*?)</script>", text, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", text, re.S).group(1)
    csp = next(a["content"] for t, a in parse(text).tags if t == "meta" and a.get("http-equiv"))
    policy = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    for body, directive in ((script, "script-src"), (style, "style-src")):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert policy[directive] == f"'sha256-{digest}'"


def test_every_figure_link_carries_its_span(dev_studies, dev_report):
    text = render(dev_report)
    links = [a for t, a in parse(text).tags if t == "a" and "data-fig" in a and "data-start" in a]
    spans = {(a["data-fig"].split("-")[0], int(a["data-start"]), int(a["data-end"])) for a in links}
    expected = {(f"r{i}", f.start, f.end) for i, s in enumerate(dev_studies) for f in s.figures}
    assert expected <= spans
    marks = {a["id"][2:] for t, a in parse(text).tags if t == "mark" and "id" in a}
    marks |= {a["id"][2:] for t, a in parse(text).tags if t == "span" and a.get("id", "").startswith("m-")}
    assert {a["data-fig"] for a in links} <= marks  # every link has its target


def test_unsafe_record_is_text_only():
    report = build_report(studies_of(UNSAFE), inputs=["<script>alert(1)</script>"], version="t",
                          date="2026-01-01")
    text = render(report)
    doc = parse(text)
    assert len(doc.scripts) == 1 and "__pwned" not in doc.scripts[0]
    assert not any(t in ("img", "textarea", "b") for t, _ in doc.tags)
    assert [t for t, _ in doc.tags].count("style") == 1
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in text
    assert "&lt;/textarea&gt;" in text and "&lt;img src=" in text
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text
    assert "{{ jinja }}" in text  # template syntax in the input is text, never evaluated
    # bidi overrides act only inside their isolated abstract paragraph; in labels and cells they are shown
    title = re.search(r'<p class="atitle">(.*?)</p>', text).group(1)
    assert "\u202e" not in title
    assert "\u202e" in re.search(r'<div class="text">(.*?)</div>', text, re.S).group(1)


# ---------------------------------------------------------------- the command

def test_cli_writes_the_report(tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(DEV), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == f"nettool: wrote {out} (24 records, 232 figures)"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>") and text.rstrip().endswith("</html>")
    assert '<dd id="n-records">24</dd>' in text and '<dd id="n-figures">232</dd>' in text
    from nettool import __version__
    from nettool.render.report import report_date

    assert f"<dd>{report_date()}</dd>" in text and f"<dd>{__version__}, pooling DL</dd>" in text
    assert f"<code>{DEV}</code>" in text  # the inputs as given


def test_cli_to_stdout_and_quiet():
    result = runner.invoke(app, ["report", str(UNSAFE), "-o", "-", "-q"])
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("<!doctype html>")


def test_cli_needs_output_and_a_good_method(tmp_path):
    result = runner.invoke(app, ["report", str(DEV)])
    assert result.exit_code == 2 and "--output" in result.stderr
    result = runner.invoke(app, ["report", str(DEV), "-o", str(tmp_path / "r.html"), "--method", "ml"])
    assert result.exit_code == 2
    assert result.stderr.startswith("nettool: error: unknown --method 'ml'") and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "r.html").exists()


def test_cli_bad_folder_and_no_input(tmp_path):
    result = runner.invoke(app, ["report", str(DEV), "-o", str(tmp_path / "missing" / "r.html")])
    assert result.exit_code == 2 and "does not exist" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["report", str(empty), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 1 and "no readable abstracts" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "r.html").exists()


def test_open_without_a_desktop_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(UNSAFE), "-o", str(out), "--open"])
    assert result.exit_code == 0 and out.exists()
    assert f"no desktop here (no DISPLAY); open {out} in a browser yourself" in result.stderr


def test_source_date_epoch_fixes_the_date(monkeypatch):
    from nettool.render.report import report_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert report_date() == "2023-11-14"


def test_cli_does_not_import_jinja2_for_other_commands():
    import subprocess
    import sys

    code = ("import sys; sys.argv=['nettool','compare','-m','os','--format','tsv']; "
            "from nettool.cli import main\ntry: main()\nexcept SystemExit: pass\n"
            "assert 'jinja2' not in sys.modules, 'jinja2 imported'")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
