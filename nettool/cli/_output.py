"""Where output goes: stdout, or a file written atomically; which format by default."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import IO, Iterator

from nettool.errors import OutputError, UsageError

# -o FILE with no --format: the format its extension names.
SUFFIX_FORMATS = {
    ".tsv": "tsv", ".tab": "tsv", ".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".md": "markdown", ".markdown": "markdown", ".txt": "text",
}


class StdoutClosed(Exception):
    """The reader of stdout went away (EPIPE).  Not an OSError, so that Typer lets it through
    to nettool's handler, which exits quietly."""


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def resolve_format(fmt: object, output: str | None, *, human: str, machine: str,
                   allowed: tuple[str, ...]) -> str:
    """The format to write: an explicit --format wins; then the -o file's extension; then
    ``human`` on a terminal and ``machine`` anywhere else."""
    if fmt is not None:
        return getattr(fmt, "value", fmt)  # type: ignore[return-value]
    if output and output != "-":
        guess = SUFFIX_FORMATS.get(os.path.splitext(output)[1].lower())
        return guess if guess in allowed else machine
    return human if stdout_is_terminal() else machine


def to_terminal(output: str | None) -> bool:
    """True when the data goes to a terminal (colour and terminal width allowed)."""
    return (output is None or output == "-") and stdout_is_terminal()


def check_output_path(path: str) -> None:
    """Fail fast, before any work, on an -o path that cannot be written."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"cannot write {path}: folder {os.path.dirname(path) or folder} does not exist; "
                         "create it first or choose another path")
    if os.path.isdir(path):
        raise UsageError(f"cannot write {path}: it is a folder; give a file name")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write {path}: no permission to write in {folder}")


@contextmanager
def open_output(path: str | None, *, binary: bool = False) -> Iterator[IO]:
    """stdout, or a temporary file beside ``path`` that replaces it only when the block succeeds.

    On any exception the temporary file is removed and an existing ``path`` is
    left untouched, so a failed run never leaves a half-written file.
    """
    if path is None or path == "-":
        stream = sys.stdout.buffer if binary else sys.stdout
        try:
            yield stream
            stream.flush()
        except BrokenPipeError:
            raise StdoutClosed() from None
        return
    check_output_path(path)
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")) as fh:
            yield fh
            try:
                fh.flush()
                os.fsync(fh.fileno())
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        _set_mode(tmp, path)
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _set_mode(tmp: str, path: str) -> None:
    """Give the new file the old file's mode, or the usual 0666 & ~umask (mkstemp makes it 0600)."""
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        os.chmod(tmp, mode)
    except OSError:  # pragma: no cover - e.g. a file system without modes
        pass
