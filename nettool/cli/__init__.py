"""Command line: ``nettool COMMAND [OPTIONS] [PATH]...``

One module per command (``cmd_<name>.py``); importing the module registers its
command on :data:`app`.  To add a command, write ``cmd_<name>.py`` with
``@app.command()`` and add its import below -- one line.
"""
from __future__ import annotations

from nettool.cli._app import app

# Commands, in the order `nettool --help` lists them.
from nettool.cli import cmd_extract  # noqa: E402,F401
from nettool.cli import cmd_compare  # noqa: E402,F401
from nettool.cli import cmd_summarize  # noqa: E402,F401
from nettool.cli import cmd_studies  # noqa: E402,F401
from nettool.cli import cmd_check  # noqa: E402,F401
from nettool.cli import cmd_pool  # noqa: E402,F401
from nettool.cli import cmd_plot  # noqa: E402,F401
from nettool.cli import cmd_schema  # noqa: E402,F401


def main() -> None:
    """Console-script entry point (``nettool``) and ``python -m nettool``."""
    app()


__all__ = ["app", "main"]
