"""The Typer application and the one place where errors become messages and exit codes.

``NettoolGroup.main`` runs every command (from the console script, ``python -m
nettool`` and ``typer.testing.CliRunner`` alike) and turns what escapes into one
line on stderr:

* usage errors (bad option, unknown metric, bad -o path) -> ``nettool: error: ...``, exit 2;
* nettool's typed errors -> ``nettool: error: <file>: <reason>; <hint>``, their exit code;
* a closed stdout (``nettool extract | head -1``) -> nothing printed, exit 0 (the reader
  chose to stop; ``set -o pipefail`` scripts keep working);
* anything else -> one line naming the error, exit 1; ``--debug`` (or NETTOOL_DEBUG=1)
  shows the traceback instead.
"""
from __future__ import annotations

import os
import sys
from typing import Annotated, Any, Sequence

import typer
from typer.core import TyperGroup

from nettool import __version__
from nettool.cli import _fastparams
from nettool.cli._output import StdoutClosed
from nettool.errors import ExitCode, NettoolError

try:  # typer >= 0.2x vendors click
    from typer._click import exceptions as _click_exc
    from typer._click.globals import get_current_context
except ImportError:  # pragma: no cover - older typer depends on click
    from click import exceptions as _click_exc  # type: ignore[no-redef]
    from click import get_current_context  # type: ignore[no-redef]

PROG = "nettool"


def error_line(message: str) -> str:
    return f"{PROG}: error: {' '.join(str(message).split())}"


def debug_enabled() -> bool:
    """True when the run was started with ``nettool --debug`` or NETTOOL_DEBUG=1."""
    if os.environ.get("NETTOOL_DEBUG", "") not in ("", "0"):
        return True
    ctx = get_current_context(silent=True)
    return bool(ctx is not None and ctx.find_root().params.get("debug"))


def _silence_stdout() -> None:
    """After EPIPE: point stdout at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests): nothing to silence
        pass


def _is_broken_pipe(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError) and exc.errno == 32)


class NettoolGroup(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        """Run the command; a run that asked for an exit status (some input unreadable) returns it."""
        from nettool.cli._run import EXIT_META

        rv = super().invoke(ctx)
        return ctx.meta.get(EXIT_META, rv)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if not argv:  # bare `nettool`: the help, on stdout, exit 0 (not a usage error)
            argv = ["--help"]
        debug = "--debug" in argv[: argv.index("--")] if "--" in argv else "--debug" in argv
        debug = debug or os.environ.get("NETTOOL_DEBUG", "") not in ("", "0")
        code: int = ExitCode.OK
        _fastparams.install(self)
        try:
            rv = super().main(argv, prog_name or PROG, complete_var, standalone_mode=False, **extra)
            code = rv if isinstance(rv, int) else ExitCode.OK
            sys.stdout.flush()
        except _click_exc.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            print(error_line(exc.format_message()) + hint, file=sys.stderr)
            code = ExitCode.USAGE
        except _click_exc.ClickException as exc:
            print(error_line(exc.format_message()), file=sys.stderr)
            code = exc.exit_code
        except NettoolError as exc:
            if debug:
                raise
            print(error_line(str(exc)), file=sys.stderr)
            code = exc.exit_code
        except typer.Abort:
            print(f"{PROG}: aborted", file=sys.stderr)
            code = ExitCode.NO_INPUT
        except StdoutClosed:
            _silence_stdout()
            code = ExitCode.OK
        except KeyboardInterrupt:
            print(f"{PROG}: interrupted", file=sys.stderr)
            code = 130
        except Exception as exc:  # noqa: BLE001 - the one place where anything becomes a message
            if _is_broken_pipe(exc):
                _silence_stdout()
                code = ExitCode.OK
            elif debug:
                raise
            else:
                print(error_line(f"internal error: {type(exc).__name__}: {exc}") +
                      " (run 'nettool --debug ...' for the traceback and please report it)", file=sys.stderr)
                code = ExitCode.NO_INPUT
        if standalone_mode:
            sys.exit(int(code))
        return int(code)


def _version(value: bool) -> None:
    if value:
        print(f"{PROG} {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=NettoolGroup,
    name=PROG,
    help="Outcome figures (survival, cytoreduction, symptom relief, morbidity, ...) from abstracts on "
         "surgery for neuroendocrine tumours, with their provenance.",
    epilog="Without PATH every command reads standard input when something is piped in, else the seed "
           "abstracts shipped with nettool. Exit codes: 0 ok, 1 no readable input or some input unreadable "
           "(the rest is processed), 2 usage error. Docs: docs/usage.md.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors "
                                                        "(also NETTOOL_DEBUG=1).")] = False,
) -> None:
    """nettool: evidence tables from abstracts on neuroendocrine-tumour surgery."""
