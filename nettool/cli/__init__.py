"""Command line: ``nettool COMMAND [OPTIONS] [PATH]...``

One module per command (``cmd_<name>.py``); importing the module registers its
command on the Typer app.  To add a command, write ``cmd_<name>.py`` with
``@app.command()`` and add its name to :data:`COMMANDS` -- one word.

``main()`` registers only the command it is asked to run (Typer builds a Click
command from every registered function's signature on each start, ~10 ms for
all eight); ``nettool --help``, an unknown command and ``nettool.cli.app`` get
them all.
"""
from __future__ import annotations

import importlib
import sys
from typing import Any

# Commands, in the order `nettool --help` lists them.
COMMANDS = ("extract", "compare", "summarize", "studies", "check", "pool", "plot", "report", "schema")


def _register(names: tuple[str, ...] | list[str]) -> Any:
    from nettool.cli._app import app

    for name in names:
        importlib.import_module(f"nettool.cli.cmd_{name}")
    return app


def _command_named(argv: list[str]) -> str | None:
    """The command of a command line whose root options come first: 'nettool --debug compare ...' -> 'compare'."""
    for arg in argv:
        if arg == "--debug":
            continue
        return arg if arg in COMMANDS else None
    return None


def main() -> None:
    """Console-script entry point (``nettool``) and ``python -m nettool``."""
    name = _command_named(sys.argv[1:])
    _register([name] if name else list(COMMANDS))()


def __getattr__(attr: str) -> Any:
    if attr == "app":  # the whole application, as tests and `typer.testing.CliRunner` use it
        return _register(COMMANDS)
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")


__all__ = ["COMMANDS", "app", "main"]
