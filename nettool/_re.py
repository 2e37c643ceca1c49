"""``re`` with compiled patterns kept between runs, as Python keeps compiled modules in ``__pycache__``.

Modules on the extraction path import it as ``from nettool import _re as re``: ``compile``, ``search``, ``match``,
``fullmatch``, ``finditer``, ``findall``, ``sub`` and ``split`` behave as ``re``'s, and everything else (flags,
``escape``, ``Pattern``, ``Match``, ``error``) is ``re``'s own.

The extractor's vocabulary is about 120 regular expressions, some of several kilobytes.  ``re.compile`` parses and
assembles each in Python on every start: about 75 ms, a third of a short command's run.  The assembled program of a
pattern is a list of integers that ``_sre.compile`` turns into a pattern object directly, so this module stores
those programs in one marshal file and rebuilds the patterns from it in about 1 ms.

- The file is keyed by the interpreter (``sys.implementation.cache_tag``) and the regex engine's version
  (``_sre.MAGIC``); entries by pattern text and flags, so a changed pattern is simply compiled again.
- It lives beside nettool's bytecode (``__pycache__``, or under ``sys.pycache_prefix``), or, where that folder cannot
  be written, in the user's cache folder (``$XDG_CACHE_HOME/nettool`` or ``~/.cache/nettool``).
- Like bytecode, nothing is written when ``sys.dont_write_bytecode`` is set (``PYTHONDONTWRITEBYTECODE``); the file
  is replaced atomically, and any problem reading or writing it falls back to ``re.compile`` without a word.
- ``_sre.compile`` checks every program it is given, so a damaged file cannot build a wrong pattern: it raises, and
  the pattern is compiled from its text instead.
"""
from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
from pathlib import Path
from re import ASCII, DOTALL, IGNORECASE, MULTILINE, UNICODE, VERBOSE, A, I, M, Match, Pattern, S, U, X, error, escape  # noqa: F401

try:
    import _sre
    from re import _compiler, _parser
except ImportError:  # another interpreter: plain re.compile
    _sre = None  # type: ignore[assignment]

_NAME = f"nettool-regex.{sys.implementation.cache_tag}-sre{getattr(_sre, 'MAGIC', 0)}.marshal"
_MAX_ENTRIES = 2000  # older patterns beyond this are dropped when the file is written again
_MAX_NEW = 500  # patterns one process adds to the file at most (patterns built from data are not worth keeping)
_MAX_MEMO = 512  # as re's own cache: the module-level functions' patterns, cleared when full

_entries: dict[tuple[str, int], tuple] | None = None
_new = 0
_used: set[tuple[str, int]] = set()
_memo: dict[tuple[str, int], re.Pattern[str]] = {}  # this process's patterns, for the module-level functions


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:  # noqa: A001 (mirrors re.compile)
    """``re.compile(pattern, flags)``, from the cache when this pattern was compiled in an earlier run."""
    global _entries, _new
    if _sre is None or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    flags = int(flags)
    if _entries is None:
        _entries = _read()
    key = (pattern, flags)
    entry = _entries.get(key)
    if entry is not None:
        _used.add(key)
        try:
            return _sre.compile(pattern, *entry)
        except Exception:  # damaged or foreign entry: compile it again
            pass
    try:
        entry = _assemble(pattern, flags)
        compiled = _sre.compile(pattern, *entry)
    except re.error:
        raise
    except Exception:  # a private API of re changed: this pattern the plain way
        return re.compile(pattern, flags)
    if _new < _MAX_NEW:
        if _new == 0 and not sys.dont_write_bytecode:
            atexit.register(_write)
        _entries[key] = entry
        _used.add(key)
        _new += 1
    return compiled


def _get(pattern: str, flags: int) -> re.Pattern[str]:
    p = _memo.get((pattern, flags))
    if p is None:
        if len(_memo) >= _MAX_MEMO:
            _memo.clear()
        p = _memo[(pattern, flags)] = compile(pattern, flags)
    return p


def search(pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
    return _get(pattern, flags).search(string)


def match(pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
    return _get(pattern, flags).match(string)


def fullmatch(pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
    return _get(pattern, flags).fullmatch(string)


def finditer(pattern: str, string: str, flags: int = 0):
    return _get(pattern, flags).finditer(string)


def findall(pattern: str, string: str, flags: int = 0) -> list:
    return _get(pattern, flags).findall(string)


def sub(pattern: str, repl, string: str, count: int = 0, flags: int = 0) -> str:
    return _get(pattern, flags).sub(repl, string, count)


def split(pattern: str, string: str, maxsplit: int = 0, flags: int = 0) -> list[str]:
    return _get(pattern, flags).split(string, maxsplit)


def _assemble(pattern: str, flags: int) -> tuple:
    """What re._compiler.compile passes to _sre.compile, in plain types marshal can store."""
    tree = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(tree, flags)]
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | tree.state.flags), code, tree.state.groups - 1, groupindex, tuple(indexgroup))


def cache_paths() -> list[Path]:
    """Where the cache is read from, in order; the first that can be written is written."""
    here = Path(__file__).resolve().parent
    if sys.pycache_prefix:
        beside = Path(sys.pycache_prefix) / here.relative_to(here.anchor) / _NAME
    else:
        beside = here / "__pycache__" / _NAME
    user = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nettool" / _NAME
    return [beside, user]


def _read() -> dict[tuple[str, int], tuple]:
    for path in cache_paths():
        try:
            with open(path, "rb") as fh:
                data = marshal.loads(fh.read())  # marshal.load(fh) reads in small pieces: 20x slower
        except (OSError, EOFError, ValueError, TypeError):
            continue
        if isinstance(data, dict):
            return data
    return {}


def _write() -> None:
    if not _entries or not _new:
        return
    keep = _entries
    if len(keep) > _MAX_ENTRIES:
        keep = {k: v for k, v in _entries.items() if k in _used}
    try:
        data = marshal.dumps(keep)
    except ValueError:
        return
    for path in cache_paths():
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
            return
        except OSError:
            try:
                tmp.unlink()
            except OSError:
                pass
