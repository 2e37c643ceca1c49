"""The CLI as a real process: `python -m nettool`, closed pipes, no ANSI off a terminal,
what the everyday command imports at start-up."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nettool.cli._run import seed_folder

SEEDS = seed_folder()
ENV = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NETTOOL_DEBUG", "COLUMNS")}


def nettool(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nettool", *args], capture_output=True, env=ENV, timeout=120, **kw)


def test_python_dash_m_runs_and_keeps_streams_apart(tmp_path):
    result = nettool("extract", "--format", "jsonl", str(tmp_path / "missing.txt"), SEEDS)
    assert result.returncode == 1  # one input could not be read; the others were processed (like cat)
    assert result.stdout.count(b"\n") > 0 and b"nettool: warning" not in result.stdout
    assert result.stderr.decode().startswith("nettool: warning: ")


@pytest.mark.parametrize("fmt", ["table", "tsv", "csv", "json", "jsonl", "markdown"])
def test_no_ansi_codes_when_piped_even_for_tables(fmt):
    result = nettool("compare", "--metric", "os", "--format", fmt, SEEDS)
    assert result.returncode == 0 and result.stderr == b""
    assert b"\x1b[" not in result.stdout


def test_summarize_piped_is_plain_text():
    result = nettool("summarize", SEEDS)
    assert result.returncode == 0 and b"\x1b[" not in result.stdout and b"Findings" in result.stdout


def _many_records(folder: Path, n: int = 200) -> list[str]:
    """``n`` copies of a seed abstract with distinct PMIDs (copies with one PMID would be merged)."""
    text = (Path(SEEDS) / "000_277575e362f372a1.txt").read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        path = folder / f"copy{i:03d}.txt"
        path.write_text(text.replace("38689169", str(1000 + i)), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_closed_pipe_is_quiet_and_exits_0(tmp_path):
    """`nettool extract | head -1`: the reader stops early; nothing on stderr, exit 0."""
    proc = subprocess.Popen([sys.executable, "-m", "nettool", "extract", *_many_records(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0
    assert first.startswith(b"source\t")
    assert stderr == b""


def test_closed_pipe_through_the_shell(tmp_path):
    if not Path("/bin/sh").exists():
        pytest.skip("no POSIX shell")
    cmd = f'"{sys.executable}" -m nettool extract --format jsonl {" ".join(_many_records(tmp_path))} | head -1'
    result = subprocess.run(["/bin/sh", "-c", cmd], capture_output=True, env=ENV, timeout=120)
    assert result.returncode == 0 and result.stdout.count(b"\n") == 1 and result.stderr == b""


def test_usage_error_in_a_real_process_is_one_line():
    result = nettool("compare", "--metric", "nope")
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode().count("\n") == 1


def test_everyday_command_imports_no_rich_tabulate_or_pydantic():
    """Start-up: `compare --format tsv` must not pay for the human renderers or pydantic."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "nettool", "compare", "--metric", "os",
                             "--format", "tsv", SEEDS], capture_output=True, env=ENV, timeout=120)
    assert result.returncode == 0
    modules = {line.split("|")[-1].strip().split(".")[0]
               for line in result.stderr.decode().splitlines() if line.startswith("import time:")}
    assert not modules & {"rich", "tabulate", "pydantic", "pydantic_core", "matplotlib"}, modules
