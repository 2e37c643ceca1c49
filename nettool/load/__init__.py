"""Load abstracts from files, folders and stdin into :class:`nettool.models.Record` objects.

    >>> from nettool.load import load_paths
    >>> for record in load_paths(["corpus/", "-"], on_error=print):
    ...     ...

* Formats are recognised by content (the extension is only a tie-breaker):
  plain text (``text``), MEDLINE/.nbib (``medline``), PubMed XML (``xml``) and
  RIS (``ris``); gzip, bzip2 and xz files are read transparently.
* ``"-"`` is stdin.  Folders are walked recursively in sorted order; hidden files
  and folders, ``README*`` and ``*.json``/``*.jsonl`` files are skipped there.
* Loading is lazy: records are yielded one by one and big MEDLINE, RIS and XML
  files are streamed, so memory does not grow with the number of records.
* Every bad input becomes an :class:`InputError` (path, reason, hint) passed to
  ``on_error``; processing then goes on with the next input.  Without
  ``on_error`` the error is raised.
"""
from __future__ import annotations

import io
import os
import stat
import sys
from typing import BinaryIO, Callable, Iterable, Iterator

from nettool.errors import InputError
from nettool.load import _bytes
from nettool.load.sniff import sniff
from nettool.models import Record

FORMATS: tuple[str, ...] = ("text", "medline", "xml", "ris")
STDIN_NAME = "<stdin>"
MAX_TEXT_BYTES = 1 << 30  # a plain-text file is read whole: refuse more than 1 GiB

_SKIP_SUFFIXES = (".json", ".jsonl", ".pyc")

ErrorHandler = Callable[[InputError], None]


def load_paths(paths: list[str], *, on_error: ErrorHandler | None = None,
               stdin: BinaryIO | None = None) -> Iterator[Record]:
    """Yield the records of every file under ``paths`` ("-" is stdin), lazily."""
    report = on_error if on_error is not None else _raise
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guard(_load_stream(stream, STDIN_NAME), STDIN_NAME, report)
            continue
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if os.path.islink(path):
                report(InputError(path, "is a broken symbolic link", "fix or remove the link"))
            else:
                report(InputError(path, "no such file or folder", "check the path (quote names with spaces)"))
            continue
        except OSError as exc:
            report(_bytes.read_error(path, exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _load_folder(path, report)
        else:
            yield from _guard(_load_file(path), path, report)


def load_bytes(data: bytes, source: str) -> list[Record]:
    """Every record of one file's content (format sniffed); raises InputError."""
    return list(iter_bytes(data, source))


def iter_bytes(data: bytes, source: str) -> Iterator[Record]:
    """Lazy :func:`load_bytes`."""
    return _load_stream(io.BytesIO(data), source)


# --- internals ---------------------------------------------------------------------------------

def _raise(error: InputError) -> None:
    raise error


def _guard(records: Iterator[Record], source: str, report: ErrorHandler) -> Iterator[Record]:
    """Pass records through; turn what goes wrong into a report, then stop this input."""
    try:
        yield from records
    except InputError as exc:
        report(exc)
    except (OSError, EOFError) as exc:
        report(_bytes.read_error(source, exc))
    except MemoryError:
        report(InputError(source, "is too large to load in memory", "split the file into smaller files"))
    except RecursionError:  # pragma: no cover - defensive
        report(InputError(source, "is nested too deeply to parse", "pass a simpler export of the abstracts"))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch of thousands
        detail = " ".join(str(exc).split())[:200]
        report(InputError(source, f"could not be parsed (internal error {type(exc).__name__}: {detail})",
                          "please report this file to the nettool maintainers"))


def _open(path: str) -> BinaryIO:
    """Open a file for reading (a seam for tests: root can read any file, so chmod cannot show EACCES)."""
    return open(path, "rb")


def _load_file(path: str) -> Iterator[Record]:
    try:
        fh = _open(path)
    except OSError as exc:
        raise _bytes.read_error(path, exc) from None
    with fh:
        yield from _load_stream(fh, path, suffix=os.path.splitext(path)[1].lower())


def _read_head(stream: BinaryIO, source: str, size: int) -> bytes:
    try:
        head = stream.read(size)
    except _bytes.DECOMPRESS_ERRORS as exc:
        raise _bytes.read_error(source, exc) from None
    return head or b""


def _load_stream(stream: BinaryIO, source: str, suffix: str = "") -> Iterator[Record]:
    head = _read_head(stream, source, _bytes.HEAD_SIZE)
    kind = _bytes.compression_of(head)
    if kind is not None:
        raw = io.BufferedReader(_Prepend(head, stream))
        stream = _bytes.open_decompressed(raw, kind)  # type: ignore[arg-type]
        head = _read_head(stream, source, _bytes.HEAD_SIZE)
        if _bytes.compression_of(head) is not None:
            raise InputError(source, f"is compressed twice ({kind} inside compression)",
                             "decompress it once and pass the result")
        for ext in (".gz", ".bz2", ".xz"):
            if suffix == ext:
                suffix = ""
    if not head.strip(b" \t\r\n\x0c\xef\xbb\xbf"):
        rest = _read_head(stream, source, _bytes.CHUNK_SIZE) if head else b""
        if not rest.strip():
            raise InputError(source, "is empty", "pass a file that holds at least one abstract")
        head += rest
    problem = _bytes.binary_problem(head)
    if problem is not None:
        raise InputError(source, *problem)
    utf16 = _bytes.utf16_codec(head)
    if utf16 is not None:
        # rare: re-encode the whole input as UTF-8 and go on as usual
        data = b"".join(_bytes.iter_chunks(stream, source, head, limit=MAX_TEXT_BYTES))
        head = _bytes.decode(data, utf16).encode("utf-8")
        del data
        stream = io.BytesIO(b"")
        problem = _bytes.binary_problem(head)
        if problem is not None:
            raise InputError(source, *problem)
    fmt = sniff(head, suffix)
    if fmt == "xml":
        from nettool.load import pubmed_xml

        yield from pubmed_xml.parse(_bytes.iter_chunks(stream, source, head), source)
    elif fmt in ("medline", "ris"):
        if fmt == "medline":
            from nettool.load import medline as parser
        else:
            from nettool.load import ris as parser  # type: ignore[no-redef]
        yield from parser.parse(_iter_lines(_bytes.iter_chunks(stream, source, head)), source)
    elif fmt == "html":
        raise InputError(source, "is an HTML page, not an abstract export",
                         "save the page as plain text, or export the abstract from PubMed as MEDLINE")
    else:
        from nettool.load import text

        data = b"".join(_bytes.iter_chunks(stream, source, head, limit=MAX_TEXT_BYTES))
        decoded = _bytes.decode(data)
        del data
        if not decoded.strip():
            raise InputError(source, "is empty", "pass a file that holds at least one abstract")
        yield text.parse(decoded, source)


def _iter_lines(chunks: Iterable[bytes]) -> Iterator[str]:
    """Decoded lines (each ending in "\\n" but maybe the last) from byte chunks; CRLF and CR normalised.

    Each block of whole lines is decoded at once as UTF-8; a block that is not
    valid UTF-8 is decoded line by line (Windows-1252, else Latin-1).
    """
    pending = b""
    first = True
    carry = b""
    for chunk in chunks:
        if first:
            first = False
            if chunk.startswith(_bytes.BOM_UTF8):
                chunk = chunk[3:]
        chunk = carry + chunk
        carry = b""
        if b"\r" in chunk:
            if chunk.endswith(b"\r"):  # a CRLF may straddle two chunks
                chunk, carry = chunk[:-1], b"\r"
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        data = pending + chunk
        cut = data.rfind(b"\n") + 1
        pending = data[cut:]
        if cut:
            yield from _decode_block(data[:cut])
    pending += carry.replace(b"\r", b"\n")
    if pending:
        yield from _decode_block(pending)


def _decode_block(block: bytes) -> Iterator[str]:
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        for line in block.splitlines(keepends=True):
            yield _bytes.decode_line(line)
        return
    lines = text.split("\n")  # not str.splitlines(): U+2028, \x0c, \x85... are not line ends here
    last = lines.pop()
    for line in lines:
        yield line + "\n"
    if last:
        yield last


class _Prepend(io.RawIOBase):
    """A read-only stream: ``head`` (already read) followed by the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        n = len(buffer)
        if self._head:
            part, self._head = self._head[:n], self._head[n:]
            buffer[:len(part)] = part
            return len(part)
        data = self._stream.read(n)
        if not data:
            return 0
        buffer[:len(data)] = data
        return len(data)


def _load_folder(folder: str, report: ErrorHandler) -> Iterator[Record]:
    n_files = n_records = 0
    for path in _walk(folder, report):
        n_files += 1
        for record in _guard(_load_file(path), path, report):
            n_records += 1
            yield record
    if n_files == 0:
        report(InputError(folder, "folder holds no files to read (hidden files are skipped)",
                          "pass a folder that contains abstract files (.txt, .nbib, .xml, .ris)"))
    elif n_records == 0:
        report(InputError(folder, f"folder holds no readable abstract ({n_files} file(s) could not be read)",
                          "see the messages above for each file"))


def _walk(folder: str, report: ErrorHandler) -> Iterator[str]:
    """Files under ``folder``, recursively, sorted, hidden entries skipped, symlink loops avoided."""
    seen: set[tuple[int, int]] = set()

    def visit(path: str) -> Iterator[str]:
        try:
            st = os.stat(path)
        except OSError as exc:
            report(_bytes.read_error(path, exc))
            return
        key = (st.st_dev, st.st_ino)
        if key in seen:
            return  # a symlink loop or a second link to a folder already walked
        seen.add(key)
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            report(_bytes.read_error(path, exc))
            return
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name.startswith("~$"):
                continue
            child = os.path.join(path, name)
            try:
                is_dir = entry.is_dir()  # follows symlinks
                is_file = entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                yield from visit(child)
            elif is_file:
                low = name.lower()
                if low.endswith(_SKIP_SUFFIXES) or low.startswith("readme"):
                    continue
                yield child
            elif entry.is_symlink():
                report(InputError(child, "is a broken symbolic link", "fix or remove the link"))

    yield from visit(folder)


__all__ = ["FORMATS", "STDIN_NAME", "load_paths", "load_bytes", "iter_bytes", "sniff"]
