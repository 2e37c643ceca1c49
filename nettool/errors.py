"""Typed errors raised by the library and the exit codes the CLI maps them to.

Nothing below the CLI prints or exits: library code raises one of these and
``nettool.cli`` turns it into a one-line message on stderr and an exit code.
"""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes (see docs/errors.md)."""

    OK = 0
    NO_INPUT = 1  # no readable input at all, or a run that failed (e.g. `check --strict`)
    USAGE = 2  # bad option, unknown metric, bad output path


class NettoolError(Exception):
    """Base class of every error nettool raises on purpose."""

    exit_code: ExitCode = ExitCode.NO_INPUT


class InputError(NettoolError):
    """A path or a file that cannot be read as abstracts.

    ``path`` names the file, ``reason`` says what went wrong and ``hint`` what to do.
    """

    exit_code = ExitCode.NO_INPUT

    def __init__(self, path: str, reason: str, hint: str = "") -> None:
        self.path = path
        self.reason = reason
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        msg = f"{self.path}: {self.reason}"
        return f"{msg}; {self.hint}" if self.hint else msg


class UsageError(NettoolError):
    """A command-line value that cannot be honoured (unknown metric, bad output path)."""

    exit_code = ExitCode.USAGE


class AnalysisError(NettoolError):
    """An analysis that cannot be run as asked: unknown metric or method, figures that must not
    be pooled together (the message names the groups and the option that picks one)."""

    exit_code = ExitCode.USAGE


class NothingToAnalyze(AnalysisError):
    """The input holds nothing the analysis can use (no figure to pool or plot)."""

    exit_code = ExitCode.NO_INPUT


class OutputError(NettoolError):
    """The output could not be written."""

    exit_code = ExitCode.USAGE
