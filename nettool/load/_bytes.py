"""Byte-level helpers shared by the format parsers: decoding, binary sniffing, compression.

Everything here is linear in the input size and raises only :class:`InputError`.
"""
from __future__ import annotations

import bz2
import gzip
import lzma
import zlib
from typing import BinaryIO, Iterator

from nettool.errors import InputError

BOM_UTF8 = b"\xef\xbb\xbf"
HEAD_SIZE = 1 << 16  # bytes looked at to recognise a format
CHUNK_SIZE = 1 << 18  # bytes read at a time when streaming
MAX_DECOMPRESSED = 4 << 30  # refuse decompression bombs beyond 4 GiB

GZIP_MAGIC = b"\x1f\x8b"
BZ2_MAGIC = b"BZh"
XZ_MAGIC = b"\xfd7zXZ\x00"

HINT_EXPORT = "export the abstract from PubMed as text, MEDLINE (.nbib), XML or RIS"

# (magic prefix, what it is, what to do)
_BINARY_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "is a PDF, not text",
     "convert the PDF to text or export the abstract from PubMed as MEDLINE (.nbib)"),
    (b"\x89PNG", "is a PNG image, not text", HINT_EXPORT),
    (b"\xff\xd8\xff", "is a JPEG image, not text", HINT_EXPORT),
    (b"GIF8", "is a GIF image, not text", HINT_EXPORT),
    (b"II*\x00", "is a TIFF image, not text", HINT_EXPORT),
    (b"MM\x00*", "is a TIFF image, not text", HINT_EXPORT),
    (b"PK\x03\x04", "is a zip archive (or a .docx/.xlsx file), not text",
     "unzip it, or save a Word document as plain text (.txt), and pass the files"),
    (b"PK\x05\x06", "is an empty zip archive, not text", HINT_EXPORT),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "is an old Word/Excel document, not text",
     "save it as plain text (.txt) or " + HINT_EXPORT),
    (b"{\\rtf", "is an RTF document, not plain text", "save it as plain text (.txt)"),
    (b"7z\xbc\xaf\x27\x1c", "is a 7-Zip archive", "extract it and pass the files"),
    (b"Rar!", "is a RAR archive", "extract it and pass the files"),
    (b"\x7fELF", "is a program, not text", "pass abstract files only"),
    (b"MZ", "is a Windows program, not text", "pass abstract files only"),
    (b"SQLite format 3\x00", "is an SQLite database, not text", HINT_EXPORT),
)

_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


def binary_problem(head: bytes) -> tuple[str, str] | None:
    """(reason, hint) if ``head`` (the first bytes of a file) is not text, else None."""
    for magic, reason, hint in _BINARY_MAGIC:
        if head.startswith(magic):
            if magic == b"MZ" and b"\x00" not in head[:256]:
                continue  # "MZ" could start a text file
            return reason, hint
    if utf16_codec(head) is not None:
        return None  # UTF-16 text: decoded by decode()
    sample = head[:8192]
    if b"\x00" in sample:
        return "is a binary file (it contains NUL bytes), not text", HINT_EXPORT
    if sample:
        n_control = len(sample) - len(sample.translate(None, _CONTROL))
        if n_control * 20 > len(sample):  # more than 5% control characters
            return "is a binary file, not text", HINT_EXPORT
    return None


def utf16_codec(head: bytes) -> str | None:
    """"utf-16" (with a BOM), "utf-16-le"/"utf-16-be" (no BOM, ASCII-heavy text) or None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[:4096]
    if len(sample) >= 8:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) * 10 >= len(odd) * 9 and even.count(0) * 10 < len(even):
            return "utf-16-le"
        if even.count(0) * 10 >= len(even) * 9 and odd.count(0) * 10 < len(odd):
            return "utf-16-be"
    return None


def decode(data: bytes, codec: str | None = None) -> str:
    """Bytes to text: UTF-8 (strict), else Windows-1252, else Latin-1 (or ``codec`` for UTF-16).

    A BOM is dropped.  Line ends are normalised to ``\\n``; nothing else is altered.
    """
    if data.startswith(BOM_UTF8):
        data = data[3:]
    if codec is not None:
        text = data.decode(codec, errors="replace")
        if text.startswith("\ufeff"):
            text = text[1:]
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode_line(line: bytes) -> str:
    """One line of a tagged file (MEDLINE, RIS), decoded like :func:`decode`, line end kept out."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return line.decode("cp1252")
        except UnicodeDecodeError:
            return line.decode("latin-1")


def compression_of(head: bytes) -> str | None:
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(BZ2_MAGIC) and len(head) > 3 and head[3:4].isdigit():
        return "bzip2"
    if head.startswith(XZ_MAGIC):
        return "xz"
    return None


def open_decompressed(raw: BinaryIO, kind: str) -> BinaryIO:
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if kind == "bzip2":
        return bz2.BZ2File(raw, mode="rb")  # type: ignore[return-value]
    return lzma.LZMAFile(raw, mode="rb")  # type: ignore[return-value]


DECOMPRESS_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError)


def iter_chunks(stream: BinaryIO, source: str, first: bytes = b"",
                limit: int = MAX_DECOMPRESSED) -> Iterator[bytes]:
    """Yield ``first`` then the rest of ``stream`` in chunks; OS and decompression errors become InputError."""
    total = len(first)
    if first:
        yield first
    while True:
        try:
            chunk = stream.read(CHUNK_SIZE)
        except DECOMPRESS_ERRORS as exc:
            raise read_error(source, exc) from None
        if not chunk:
            return
        total += len(chunk)
        if total > limit:
            raise InputError(source, f"is larger than {limit >> 30} GiB (after decompression)",
                             "split it into smaller files")
        yield chunk


def read_error(source: str, exc: BaseException) -> InputError:
    """An OS or decompression error while reading, as an InputError."""
    if isinstance(exc, PermissionError):
        return InputError(source, "permission denied",
                          "check the file's permissions (chmod +r) or run as a user who can read it")
    if isinstance(exc, IsADirectoryError):
        return InputError(source, "is a directory where a file was expected", "pass the folder itself")
    if isinstance(exc, (EOFError, zlib.error, lzma.LZMAError)) or (
            isinstance(exc, OSError) and not getattr(exc, "errno", None)):
        return InputError(source, f"is a corrupt or truncated compressed file ({_short(exc)})",
                          "download or compress it again, or pass it uncompressed")
    return InputError(source, f"could not be read ({_short(exc)})", "check that the file is accessible")


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    text = " ".join(text.split())
    return text[:120]
