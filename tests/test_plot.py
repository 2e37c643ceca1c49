"""Plots write valid PNG/SVG/PDF files (magic bytes); skipped when matplotlib is missing."""
from __future__ import annotations

import io

import pytest

from nettool.analyze.pool import pool_proportions, summarize_medians
from nettool.errors import NothingToAnalyze, OutputError, UsageError
from nettool.models import Arm, Figure, Record, Study
from nettool.render import plot

MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-", "svg": b"<?xml"}
LONG = ("patients with small intestinal neuroendocrine tumours metastatic to the liver and the peritoneum "
        "who underwent cytoreductive hepatectomy")


def fig(metric, value, group=None, events=None, total=None, **kw):
    s = f"{value}%"
    return Figure(metric=metric, measure=kw.pop("measure", "rate"), value=value, unit=kw.pop("unit", "percent"),
                  surface=s, start=0, end=len(s), sentence=s, group=group, events=events, total=total, **kw)


def studies():
    data = [(44, 57, LONG), (164, 211, None), (28, 50, "LPM"), (0, 14, None)]
    return [Study(record=Record(source=f"s{i}.txt", text="", pmid=str(100 + i)),
                  figures=[fig("cc", round(100 * x / n), group=g, events=x, total=n)])
            for i, (x, n, g) in enumerate(data)]


def medians():
    return [Study(record=Record(source="a.txt", text="", pmid="1"),
                  figures=[fig("os", 11.5, "ILM", measure="median", unit="years"),
                           fig("os", 11.2, LONG, measure="median", unit="years", low=8, high=14)],
                  arms=[Arm("ILM", 211), Arm(LONG, 50)])]


def test_wrap_label_two_lines_then_ellipsis():
    text = plot.wrap_label(LONG, width=30)
    lines = text.split("\n")
    assert len(lines) == 2 and all(len(line) <= 30 for line in lines) and lines[-1].endswith("…")
    assert plot.wrap_label("short") == "short"


def test_plot_format_from_suffix():
    assert plot.plot_format("out/forest.PNG") == "png"
    assert plot.plot_format("x", "svg") == "svg"
    with pytest.raises(UsageError):
        plot.plot_format("forest.jpg")
    with pytest.raises(UsageError):
        plot.plot_format("forest")


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_forest_plot_writes_valid_file(fmt):
    pytest.importorskip("matplotlib")
    buf = io.BytesIO()
    plot.write_plot(pool_proportions(studies(), "cc"), buf, fmt)
    data = buf.getvalue()
    assert data.startswith(MAGIC[fmt]) and len(data) > 1000
    if fmt == "svg":
        assert b"<svg" in data[:2000]


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_interval_plot_writes_valid_file(fmt):
    pytest.importorskip("matplotlib")
    buf = io.BytesIO()
    plot.write_plot(summarize_medians(medians(), "os"), buf, fmt)
    assert buf.getvalue().startswith(MAGIC[fmt])


def test_png_grows_with_rows():
    pytest.importorskip("matplotlib")
    import struct

    def height(n):
        buf = io.BytesIO()
        plot.write_plot(pool_proportions(studies()[:n], "cc"), buf, "png")
        return struct.unpack(">I", buf.getvalue()[20:24])[0]  # IHDR height

    assert height(4) > height(2)


def test_nothing_to_plot_is_nothing_to_analyze():
    pytest.importorskip("matplotlib")
    with pytest.raises(NothingToAnalyze):
        plot.write_plot(pool_proportions([], "cc"), io.BytesIO(), "png")
    with pytest.raises(NothingToAnalyze):
        plot.write_plot(summarize_medians([], "os"), io.BytesIO(), "png")


def test_missing_matplotlib_gives_install_hint(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError("no matplotlib")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(OutputError, match=r"install nettool\[plot\]"):
        plot.require_matplotlib()


# --------------------------------------------------------------------------- CLI
from pathlib import Path  # noqa: E402

from typer.testing import CliRunner  # noqa: E402

from nettool.cli import app  # noqa: E402

DATA = Path(__file__).parent / "data" / "analysis"


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_cli_plot_writes_file(tmp_path, suffix):
    pytest.importorskip("matplotlib")
    out = tmp_path / f"forest.{suffix}"
    res = CliRunner().invoke(app, ["plot", "--metric", "cc", "-o", str(out), str(DATA)])
    assert res.exit_code == 0, res.stderr
    assert out.read_bytes().startswith(MAGIC[suffix]) and res.stdout == ""


def test_cli_plot_medians_and_errors(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "os.png"
    res = CliRunner().invoke(app, ["plot", "-m", "os", "-o", str(out), str(DATA)])
    assert res.exit_code == 0 and out.read_bytes().startswith(MAGIC["png"])
    bad = CliRunner().invoke(app, ["plot", "-m", "cc", "-o", str(tmp_path / "x.jpg"), str(DATA)])
    assert bad.exit_code == 2 and ".png, .svg or .pdf" in bad.stderr
    none = CliRunner().invoke(app, ["plot", "-m", "recurrence", "-o", str(tmp_path / "r.png"), str(DATA)])
    assert none.exit_code == 1 and "no recurrence figures" in none.stderr and not (tmp_path / "r.png").exists()


# ---------------------------------------------------------------- issue 12: labels, PI, intervals, options
def test_forest_caption_reads_as_a_journal_caption():
    res = pool_proportions(studies(), "cc")
    text = plot.forest_caption(res)
    assert "Random-effects meta-analysis of proportions" in text and "DerSimonian–Laird" in text
    assert "95% prediction interval" in text and "I² =" in text and "Wilson 95% CIs" in text
    assert "nettool pool" not in text


def test_row_label_is_author_year_when_known():
    assert plot.row_label("Smith 2021", "ILM", None, 2021) == "Smith 2021 — ILM"
    assert plot.row_label("PMID 1", None, None, 2020) == "PMID 1 (2020)"


def test_sort_dpi_and_size(tmp_path):
    pytest.importorskip("matplotlib")
    from PIL import Image

    res = pool_proportions(studies(), "cc")
    small, big = io.BytesIO(), io.BytesIO()
    plot.write_plot(res, small, "png", dpi=100, size=(6, 4))
    plot.write_plot(res, big, "png", dpi=200, size=(6, 4), sort="estimate")
    assert Image.open(io.BytesIO(small.getvalue())).size == (600, 400)
    assert Image.open(io.BytesIO(big.getvalue())).size == (1200, 800)
    with pytest.raises(UsageError):
        plot.write_plot(res, io.BytesIO(), "png", sort="colour")
    assert plot.parse_size("7x5") == (7.0, 5.0)
    with pytest.raises(UsageError):
        plot.parse_size("big")


def test_sorted_by_year_then_estimate():
    from nettool.analyze.pool import PoolRow

    rows = [PoolRow(study="b", source="", pmid=None, group=None, value=1, year=2020, proportion=0.9),
            PoolRow(study="a", source="", pmid=None, group=None, value=1, year=2010, proportion=0.5),
            PoolRow(study="c", source="", pmid=None, group=None, value=1, year=None, proportion=0.1)]
    assert [r.study for r in plot._sorted(rows, "year", lambda r: r.proportion)] == ["a", "b", "c"]
    assert [r.study for r in plot._sorted(rows, "estimate", lambda r: r.proportion)] == ["c", "a", "b"]


def test_interval_kinds_are_drawn_differently():
    assert len({str(v) for v in plot.INTERVAL_STYLE.values()}) == 3


def test_cli_plot_options(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "f.png"
    res = CliRunner().invoke(app, ["plot", "-m", "cc", "-o", str(out), "--sort", "year", "--dpi", "72",
                                   "--size", "8x6", str(DATA)])
    assert res.exit_code == 0, res.stderr
    from PIL import Image

    assert Image.open(out).size == (576, 432)
    bad = CliRunner().invoke(app, ["plot", "-m", "cc", "-m", "os", "-o", str(tmp_path / "x.png"), str(DATA)])
    assert bad.exit_code == 2 and "--metric given 2 times" in bad.stderr
