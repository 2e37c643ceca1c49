"""nettool/cli/_fastparams.py: option values are coerced without pydantic, with these messages.

It stays because it is worth it: without it, typer 0.29 imports pydantic to coerce every option value, and
`nettool compare --metric os --format tsv seeds/` took 363 ms of CPU instead of 210 ms (docs/performance.md). These
tests pin its messages and check that it accepts and refuses the same values as typer's own coercion.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest
from typer.testing import CliRunner

from nettool.cli import _fastparams, app
from nettool.cli.options import Format

SEEDS = [str(Path(__file__).parent / "data" / "seeds")]

# (arguments, the one line on stderr)
BAD = [
    (["extract", "--jobs", "x"], "nettool: error: Invalid value for '--jobs' / '-j': 'x' is not a valid integer. "
                                 "(see 'nettool extract --help')"),
    (["extract", "--jobs", "2.5"], "nettool: error: Invalid value for '--jobs' / '-j': '2.5' is not a valid integer. "
                                   "(see 'nettool extract --help')"),
    (["extract", "--jobs", "-1"], "nettool: error: Invalid value for '--jobs' / '-j': -1 is not a valid value: must "
                                  "be >= 0. (see 'nettool extract --help')"),
    (["extract", "--format", "nope"], "nettool: error: Invalid value for '--format' / '-f': 'nope' is not one of "
                                      "'table', 'tsv', 'csv', 'json', 'jsonl', 'markdown'. "
                                      "(see 'nettool extract --help')"),
    (["summarize", "--format", "nope"], "nettool: error: Invalid value for '--format' / '-f': 'nope' is not one of "
                                        "'text', 'table', 'tsv', 'csv', 'json', 'jsonl', 'markdown'. "
                                        "(see 'nettool summarize --help')"),
    (["plot", "--format", "gif", "-o", "x.gif"], "nettool: error: Invalid value for '--format' / '-f': 'gif' is not "
                                                 "one of 'png', 'svg', 'pdf'. (see 'nettool plot --help')"),
]
GOOD = [
    ["extract", "--format", "JSONL", "--jobs", "1"],
    ["extract", "--format", "jsonl", "--jobs", " 1", "--quiet"],
    ["compare", "--metric", "os", "--format", "tsv"],
    ["summarize", "--format", "Markdown"],
]


def _run(args: list[str], fast: bool, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as m:
        if not fast:
            m.setattr(_fastparams, "install", lambda command: None)
        return CliRunner().invoke(app, args + SEEDS)


@pytest.mark.parametrize("args, message", BAD, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_bad_value_message(args, message, monkeypatch):
    result = _run(args, True, monkeypatch)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [message]


@pytest.mark.parametrize("args, message", BAD, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_typer_refuses_the_same_values(args, message, monkeypatch):
    """Typer's own (pydantic) coercion refuses them too, with the same exit code and option named."""
    result = _run(args, False, monkeypatch)
    assert result.exit_code == 2
    assert result.stderr.startswith(message.split(":")[0] + ": error: Invalid value for '")


@pytest.mark.parametrize("args", GOOD, ids=" ".join)
def test_good_values_give_what_typer_gives(args, monkeypatch):
    fast, slow = _run(args, True, monkeypatch), _run(args, False, monkeypatch)
    assert fast.exit_code == slow.exit_code == 0, fast.stderr
    assert fast.stdout == slow.stdout and fast.stdout


def test_only_simple_parameters_are_taken_over():
    assert _fastparams._simple(int) and _fastparams._simple(Optional[Format]) and _fastparams._simple(Optional[list[str]])
    assert not _fastparams._simple(float) and not _fastparams._simple(dict[str, int])
    assert not _fastparams._simple(list[float])


def test_every_option_of_every_command_is_fitted():
    """No parameter is left to typer's pydantic coercion (that would import pydantic on start-up again)."""
    import typer.main

    group = typer.main.get_command(app)
    _fastparams.install(group)
    for name, command in group.commands.items():
        for param in command.params:
            assert isinstance(param._runtime_param, _fastparams.SimpleRuntimeParam), (name, param.name)
