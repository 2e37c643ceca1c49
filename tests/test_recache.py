"""nettool._re: compiled patterns kept between runs behave exactly as re.compile's, and a bad cache costs nothing."""
from __future__ import annotations

import marshal
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nettool import _re

PATTERNS = [
    (r"(?P<n>\d+(?:\.\d+)?)\s*(?:%|per\s?cent)", re.IGNORECASE),
    (r"\b(?:overall|disease[- ]free)\s+survival\b", re.IGNORECASE),
    (r"(?<![\w.])(?P<e>\d+)\s*/\s*(?P<t>\d+)", 0),
    (r"^(?:RESULTS|METHODS):\s+", re.MULTILINE),
]
TEXTS = [
    "Median overall survival was 42 months; 5-year disease-free survival 61 per cent (12/20).",
    "RESULTS: 78% had complete cytoreduction.\nMETHODS: none",
    "",
]


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """The module with an empty state and its cache files in tmp_path."""
    paths = [tmp_path / "beside" / "cache.marshal", tmp_path / "user" / "cache.marshal"]
    monkeypatch.setattr(_re, "cache_paths", lambda: paths)
    monkeypatch.setattr(_re, "_entries", None)
    monkeypatch.setattr(_re, "_new", 0)
    monkeypatch.setattr(_re, "_used", set())
    monkeypatch.setattr(_re, "_memo", {})
    monkeypatch.setattr(_re.atexit, "register", lambda f: None)  # written by hand below
    return paths


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in TEXTS:
        assert [(m.span(), m.groups()) for m in a.finditer(text)] == [(m.span(), m.groups()) for m in b.finditer(text)]


def test_patterns_from_the_cache_are_those_of_re_compile(fresh_cache):
    first = [_re.compile(p, f) for p, f in PATTERNS]
    _re._write()
    assert fresh_cache[0].exists()
    _re._entries, _re._new = None, 0
    again = [_re.compile(p, f) for p, f in PATTERNS]
    assert _re._new == 0  # every pattern came from the file
    for (p, f), a, b in zip(PATTERNS, first, again):
        _same(a, re.compile(p, f))
        _same(b, re.compile(p, f))


def test_module_functions_match_re(fresh_cache):
    text = TEXTS[0]
    assert _re.search(r"\d+", text).group() == re.search(r"\d+", text).group()
    assert _re.match(r"median", text, re.I).span() == re.match(r"median", text, re.I).span()
    assert _re.fullmatch(r"\d+", "42").group() == "42"
    assert _re.findall(r"\d+", text) == re.findall(r"\d+", text)
    assert [m.span() for m in _re.finditer(r"\d+", text)] == [m.span() for m in re.finditer(r"\d+", text)]
    assert _re.sub(r"\s+", " ", "a  b\tc") == "a b c"
    assert _re.split(r";\s*", "a; b;c") == ["a", "b", "c"]
    with pytest.raises(re.error):
        _re.compile(r"(unclosed")


def test_a_damaged_cache_is_ignored(fresh_cache):
    fresh_cache[0].parent.mkdir(parents=True)
    fresh_cache[0].write_bytes(b"\x00not marshal data at all")
    p, f = PATTERNS[0]
    _same(_re.compile(p, f), re.compile(p, f))


def test_a_wrong_program_in_the_cache_is_compiled_again(fresh_cache):
    p, f = PATTERNS[0]
    good = _re._assemble(p, int(f))
    bad = (good[0], [1, 2, 3], good[2], good[3], good[4])  # _sre.compile rejects a program it cannot run
    fresh_cache[0].parent.mkdir(parents=True)
    fresh_cache[0].write_bytes(marshal.dumps({(p, int(f)): bad}))
    _same(_re.compile(p, f), re.compile(p, f))


def test_an_unwritable_first_place_falls_back_to_the_second(fresh_cache):
    fresh_cache[0].parent.parent.mkdir(parents=True, exist_ok=True)
    fresh_cache[0].parent.write_text("a file where the folder should be")
    _re.compile(*PATTERNS[1])
    _re._write()
    assert fresh_cache[1].exists()
    assert marshal.loads(fresh_cache[1].read_bytes())


def test_nothing_is_written_when_bytecode_writing_is_off(tmp_path):
    """PYTHONDONTWRITEBYTECODE=1 turns the cache off as it does .pyc files (a real process: atexit)."""
    code = (
        "import nettool._re as r, pathlib, sys; "
        f"r.cache_paths = lambda: [pathlib.Path({str(tmp_path / 'c.marshal')!r})]; "
        "r.compile(r'\\d+ years'); "
    )
    env = {"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert not (tmp_path / "c.marshal").exists()
    env.pop("PYTHONDONTWRITEBYTECODE")
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert (tmp_path / "c.marshal").exists()


def test_cache_lives_beside_the_bytecode():
    beside, user = _re.cache_paths()
    assert beside.name == user.name
    assert sys.implementation.cache_tag in beside.name
    if not sys.pycache_prefix:
        assert beside.parent == Path(_re.__file__).resolve().parent / "__pycache__"


def test_patterns_built_from_data_do_not_grow_the_cache_or_the_memo(fresh_cache):
    """A long run that builds patterns from the text it reads keeps memory and the cache file bounded."""
    for i in range(_re._MAX_NEW + 100):
        assert _re.search(rf"arm{i}\b", f"in arm{i} and") is not None
    assert _re._new == _re._MAX_NEW
    assert len(_re._entries) == _re._MAX_NEW
    assert len(_re._memo) <= _re._MAX_MEMO
