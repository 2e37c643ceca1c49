"""Load abstracts from files, folders and stdin into :class:`nettool.models.Record` objects.

    >>> from nettool.load import load_paths
    >>> for record in load_paths(["corpus/", "-"], on_error=print):
    ...     ...

* Formats are recognised by content (the extension is only a tie-breaker):
  plain text and page copies (``text``), PubMed "Abstract (text)" exports
  (``pubmed-text``), MEDLINE/.nbib (``medline``), PubMed XML (``xml``), RIS
  (``ris``), CSV/TSV with an abstract column (``table``), BibTeX (``bibtex``),
  CSL-JSON (``csl``), EndNote XML (``endnote``) and Web of Science tagged text
  (``wos``); gzip, bzip2 and xz files are read transparently.
* ``"-"`` is stdin.  Folders are walked recursively in sorted order; hidden files
  and folders, ``README*`` and ``*.json``/``*.jsonl`` files are skipped there.
* Loading is lazy: records are yielded one by one and big MEDLINE, RIS and XML
  files are streamed, so memory does not grow with the number of records.
* Every bad input becomes an :class:`InputError` (path, reason, hint) passed to
  ``on_error``; processing then goes on with the next input.  Without
  ``on_error`` the error is raised.  A bad record inside a good file (a BibTeX
  entry without an abstract, a truncated WoS record) is reported the same way and
  the file's other records are still read.
* A full-text article (a PMC text with a body after the abstract) gives its
  abstract only unless ``full_text=True``; ``on_note`` hears of each one
  (:func:`load_run` counts them into one notice).
* :func:`load_run` is the whole load stage of a run (what every command uses):
  every record of every input, duplicates merged and "Surname Year" study labels
  assigned (:mod:`nettool.load.merge`); :func:`load_records` is the same as a list.
"""
from __future__ import annotations

import io
import os
import stat
import sys
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterable, Iterator, Union

from nettool.errors import InputError
from nettool.load import _bytes
from nettool.load.sniff import sniff
from nettool.models import Record

FORMATS: tuple[str, ...] = ("text", "pubmed-text", "medline", "xml", "ris", "table", "bibtex", "csl", "endnote",
                             "wos")
STDIN_NAME = "<stdin>"
MAX_TEXT_BYTES = 1 << 30  # a plain-text file is read whole: refuse more than 1 GiB

_SKIP_SUFFIXES = (".json", ".jsonl", ".pyc")

ErrorHandler = Callable[[InputError], None]
NoteHandler = Callable[["Notice"], None]


@dataclass(frozen=True, slots=True)
class Notice:
    """Something a user should know about an input that is not an error: ``kind`` "full-text" (the body of a
    full-text article was left out), "duplicates" (``count`` copies merged)."""

    kind: str
    source: str = ""
    count: int = 1


@dataclass(slots=True)
class Options:
    """How records are read: ``full_text`` keeps the body of full-text articles (figures from the abstract only
    otherwise)."""

    full_text: bool = False


WINDOW_RECORDS = 20_000  # records of a run held whole for exact merging and labels ...
WINDOW_CHARS = 64 << 20  # ... or this many characters of text, whichever comes first; the rest is streamed


def load_run(paths: list[str], *, on_error: ErrorHandler | None = None, on_note: NoteHandler | None = None,
             stdin: BinaryIO | None = None, full_text: bool = False, names: dict[str, str] | None = None,
             window: tuple[int, int] = (WINDOW_RECORDS, WINDOW_CHARS)) -> Iterator[Record]:
    """The load stage of a run: every record of ``paths``, duplicates merged, study labels set, lazily.

    The first records (``window``: 20,000 records or 64 MB of text) are read whole, so merging and labels
    are exact for any ordinary review; beyond them records are streamed (:class:`merge.Merger`), so memory
    stays bounded however large the input.  ``names`` maps a path prefix to the name shown in ``source``
    (the bundled seeds show as ``seeds/<file>``).  Notices: one "full-text" notice with the number of
    full-text articles whose body was left out, one "duplicates" notice with the number of copies merged.
    """
    from nettool.load import merge

    n_full = 0

    def count(notice: Notice) -> None:
        nonlocal n_full
        if notice.kind == "full-text":
            n_full += notice.count
        elif on_note is not None:
            on_note(notice)

    def named(rec: Record) -> Record:
        for prefix, shown in (names or {}).items():
            if rec.source.startswith(prefix):
                rec.source = shown + rec.source[len(prefix):].replace(os.sep, "/")
                break
        return rec

    records = load_paths(paths, on_error=on_error, on_note=count, stdin=stdin, full_text=full_text)
    merger = merge.Merger()
    held: list[Record] = []
    chars = 0
    for rec in records:
        held.append(named(rec))
        chars += len(rec.text)
        if len(held) >= window[0] or chars >= window[1]:
            break
    kept = merger.window(held)
    del held
    yield from kept
    del kept
    for rec in records:
        if merger.stream(named(rec)):
            yield rec
    if n_full and on_note is not None:
        on_note(Notice("full-text", count=n_full))
    if merger.merged and on_note is not None:
        on_note(Notice("duplicates", count=merger.merged))


def load_records(paths: list[str], **kw: object) -> list[Record]:
    """:func:`load_run` as a list."""
    return list(load_run(paths, **kw))  # type: ignore[arg-type]


def load_paths(paths: list[str], *, on_error: ErrorHandler | None = None, on_note: NoteHandler | None = None,
               stdin: BinaryIO | None = None, full_text: bool = False) -> Iterator[Record]:
    """Yield the records of every file under ``paths`` ("-" is stdin), lazily (no merging, no labels)."""
    report = on_error if on_error is not None else _raise
    note = on_note if on_note is not None else _ignore
    opts = Options(full_text=full_text)
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guard(_load_stream(stream, STDIN_NAME, opts=opts), STDIN_NAME, report, note)
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
            yield from _load_folder(path, report, note, opts)
        else:
            yield from _guard(_load_file(path, opts), path, report, note)


def load_bytes(data: bytes, source: str, *, on_error: ErrorHandler | None = None,
               full_text: bool = False) -> list[Record]:
    """Every record of one file's content (format sniffed); raises InputError (a bad record too, unless
    ``on_error`` takes it)."""
    return list(iter_bytes(data, source, on_error=on_error, full_text=full_text))


def iter_bytes(data: bytes, source: str, *, on_error: ErrorHandler | None = None,
               full_text: bool = False) -> Iterator[Record]:
    """Lazy :func:`load_bytes`."""
    return _records_only(_load_stream(io.BytesIO(data), source, opts=Options(full_text=full_text)),
                         on_error if on_error is not None else _raise)


# --- internals ---------------------------------------------------------------------------------

Item = Union[Record, InputError, Notice]  # what a parser yields: records, bad-record reports, notices


def _raise(error: InputError) -> None:
    raise error


def _ignore(notice: Notice) -> None:
    return None


def _records_only(items: Iterator[Item], report: ErrorHandler) -> Iterator[Record]:
    for item in items:
        if isinstance(item, Record):
            yield item
        elif isinstance(item, InputError):
            report(item)


def _guard(records: Iterator[Item], source: str, report: ErrorHandler, note: NoteHandler) -> Iterator[Record]:
    """Pass records through, bad-record reports and notices to their handlers; turn what goes wrong into a
    report, then stop this input."""
    try:
        for item in records:
            if isinstance(item, Record):
                yield item
            elif isinstance(item, InputError):
                report(item)
            else:
                note(item)
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


def _load_file(path: str, opts: Options) -> Iterator[Item]:
    try:
        fh = _open(path)
    except OSError as exc:
        raise _bytes.read_error(path, exc) from None
    with fh:
        yield from _load_stream(fh, path, suffix=os.path.splitext(path)[1].lower(), opts=opts)


def _read_head(stream: BinaryIO, source: str, size: int) -> bytes:
    try:
        head = stream.read(size)
    except _bytes.DECOMPRESS_ERRORS as exc:
        raise _bytes.read_error(source, exc) from None
    return head or b""


def _load_stream(stream: BinaryIO, source: str, suffix: str = "", opts: Options | None = None) -> Iterator[Item]:
    opts = opts or Options()
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
    if fmt in ("xml", "endnote"):
        if fmt == "xml":
            from nettool.load import pubmed_xml as xml_parser
        else:
            from nettool.load import endnote_xml as xml_parser  # type: ignore[no-redef]
        yield from xml_parser.parse(_bytes.iter_chunks(stream, source, head), source)
    elif fmt in ("medline", "ris", "wos"):
        if fmt == "medline":
            from nettool.load import medline as parser
        elif fmt == "ris":
            from nettool.load import ris as parser  # type: ignore[no-redef]
        else:
            from nettool.load import wos as parser  # type: ignore[no-redef]
        yield from parser.parse(_iter_lines(_bytes.iter_chunks(stream, source, head)), source)
    elif fmt == "html":
        raise InputError(source, "is an HTML page, not an abstract export",
                         "save the page as plain text, or export the abstract from PubMed as MEDLINE")
    else:
        data = b"".join(_bytes.iter_chunks(stream, source, head, limit=MAX_TEXT_BYTES))
        decoded = _bytes.decode(data)
        del data
        if not decoded.strip():
            raise InputError(source, "is empty", "pass a file that holds at least one abstract")
        if fmt == "text":
            from nettool.load import text

            yield from text.parse_all(decoded, source, full_text=opts.full_text)
            return
        if fmt == "pubmed-text":
            from nettool.load import pubmed_text as text_parser
        elif fmt == "table":
            from nettool.load import tabular as text_parser  # type: ignore[no-redef]
        elif fmt == "bibtex":
            from nettool.load import bibtex as text_parser  # type: ignore[no-redef]
        else:
            from nettool.load import csl_json as text_parser  # type: ignore[no-redef]
        yield from text_parser.parse(decoded, source)


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


def _load_folder(folder: str, report: ErrorHandler, note: NoteHandler, opts: Options) -> Iterator[Record]:
    n_files = n_records = 0
    for path in _walk(folder, report):
        n_files += 1
        for record in _guard(_load_file(path, opts), path, report, note):
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


__all__ = ["FORMATS", "STDIN_NAME", "Notice", "load_run", "load_records", "load_paths", "load_bytes", "iter_bytes",
           "sniff"]
