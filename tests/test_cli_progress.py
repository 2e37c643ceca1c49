"""Progress line: only on a terminal, only after PROGRESS_AFTER seconds, never with --quiet."""
from __future__ import annotations

import io

from typer.testing import CliRunner

from nettool.cli import _run, app


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_starts_only_when_enabled_and_late(monkeypatch):
    monkeypatch.setattr(_run, "PROGRESS_AFTER", 0.0)
    off = _run._Progress(enabled=False)
    off.advance()
    assert off.bar is None
    monkeypatch.setattr("sys.stderr", FakeTTY())
    on = _run._Progress(enabled=True)
    on.advance()
    on.advance()
    assert on.bar is not None and on.count == 2
    on.close()
    assert on.bar is None


def test_no_progress_when_stderr_is_not_a_terminal_or_quiet(monkeypatch):
    monkeypatch.setattr(_run, "PROGRESS_AFTER", 0.0)
    result = CliRunner().invoke(app, ["extract", "--format", "jsonl", _run.seed_folder()])
    assert result.exit_code == 0 and result.stderr == ""
    monkeypatch.setattr(_run, "_stderr_is_terminal", lambda: True)
    assert _run.Pipeline(None, quiet=True).progress.enabled is False
    assert _run.Pipeline(None, quiet=False).progress.enabled is True
