"""Rules as data: every regular expression of the extractor is a :class:`Rule` with an id and examples.

A rule is declared where its pattern is used (``lexicon.py``: the metric vocabulary; ``numbers.py``: the number
grammar; ``sentences.py``: sentence bounds and section labels; ``study.py``: design, setting and period) and is
registered here by its id.  Its pattern compiles on first use, so importing the extractor costs the Python objects
only; a rule then behaves as its compiled pattern (``rule.search(text)``, ``rule.finditer(text)``, ...).

Fields (docs/extraction.md, "Rules"):

- ``id``: unique, dotted by area (``number.p_value``, ``term.os_words``);
- ``pattern``: the regex source; ``flags``: ``re`` flags;
- ``examples``: texts the pattern must find something in: a string (a match anywhere), a pair ``(text, surface)``
  (the first match is exactly ``surface``) or ``(text, {group: surface})`` (named groups of the first match;
  ``None`` for a group that must not take part);
- ``not_examples``: texts it must find nothing in;
- ``note``: why the rule is shaped as it is;
- ``needs`` / ``needs_cased``: literals of which a text must hold one for the pattern to have a chance (looked up in
  the lower-cased text / in the text as printed): :meth:`Rule.may_match` is the cheap test in front of a slow scan,
  and every example must pass it.

``tests/test_rules.py`` runs every example of every rule in :func:`all_rules`; a rule without an example fails.

Lexicon entries are rules too: :class:`Term` (a metric word, with the cues where it can start and the keys the
line gate looks for), :class:`Symptom` (a symptom name) and :class:`Table` (a word table: abbreviations, number
words; its examples are entries it must hold).  :func:`cue_tables` and :func:`gate_keys` derive the engine's cue
scan and gate keys from the terms, so no second list is kept by hand.
"""
from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING, Any, Iterable

from nettool.extract.patterns import trie_alternation

if TYPE_CHECKING:  # (no typing objects built at import)
    Example = str | tuple[str, str] | tuple[str, dict]
    Key = str | tuple[str, str]  # a literal, or (literal, regex that must follow it)

# The modules that declare rules: all_rules() imports them, so the registry is complete whatever was imported before.
# A new module with rules goes here too.
RULE_MODULES = (
    "nettool.extract.lexicon",
    "nettool.extract.numbers",
    "nettool.extract.sentences",
    "nettool.extract.tag",
    "nettool.extract.structure",
    "nettool.extract.link",
    "nettool.extract.judge",
    "nettool.extract.context",
    "nettool.extract.engine",
    "nettool.extract.arms",
    "nettool.extract.abbreviations",
    "nettool.extract.study",
)

REGISTRY: dict[str, "Rule | Table"] = {}

# what a compiled pattern offers; a rule hands these on, compiling its pattern on the first access
_PATTERN_API = frozenset({"search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
                          "groups", "groupindex"})


def _register(item: "Rule | Table") -> None:
    if item.id in REGISTRY:
        raise ValueError(f"rule id {item.id!r} is declared twice")
    REGISTRY[item.id] = item


class Rule:
    """A named regular expression with the examples it must and must not match; compiled on first use."""

    def __init__(self, id: str, pattern: str, *, flags: int = 0, examples: Iterable[Example] = (),  # noqa: A002
                 not_examples: Iterable[str] = (), note: str = "", needs: Iterable[str] = (),
                 needs_cased: Iterable[str] = ()) -> None:
        self.id = id
        self.pattern = pattern
        self.flags = int(flags)
        self.examples = tuple(examples)
        self.not_examples = tuple(not_examples)
        self.note = note
        self.needs = tuple(needs)
        self.needs_cased = tuple(needs_cased)
        _register(self)

    def may_match(self, text: str, low: str | None = None) -> bool:
        """False only when the text holds none of the rule's needs (so the pattern cannot match); ``low`` is the
        text lower-cased, if the caller has it.  A rule without needs may always match."""
        if not self.needs and not self.needs_cased:
            return True
        if any(n in text for n in self.needs_cased):
            return True
        if self.needs:
            low = text.lower() if low is None else low
            return any(n in low for n in self.needs)
        return False

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern (compiled once, on first use)."""
        compiled = self.__dict__.get("_regex")
        if compiled is None:
            try:
                compiled = self.__dict__["_regex"] = re.compile(self.pattern, self.flags)
            except re.error as exc:
                raise ValueError(f"rule {self.id!r} does not compile: {exc}") from exc
        return compiled

    def __getattr__(self, name: str) -> Any:
        # Only called for what the instance lacks: the pattern methods.  The bound method of the compiled pattern is
        # kept on the instance, so later calls (`rule.finditer(s)`) go straight to the regex engine.
        if name not in _PATTERN_API:
            raise AttributeError(f"{type(self).__name__} {self.__dict__.get('id')!r} has no attribute {name!r}")
        value = getattr(self.regex, name)
        self.__dict__[name] = value
        return value

    @property
    def compiled(self) -> bool:
        """Whether the pattern has been compiled yet (the start-up test checks that import compiles nothing)."""
        return "_regex" in self.__dict__

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"

    def check(self) -> list[str]:
        """What is wrong with the rule's examples (empty when every example holds)."""
        problems = []
        if not self.examples:
            problems.append(f"{self.id}: no example")
        for ex in self.examples:
            text, want = (ex, None) if isinstance(ex, str) else ex
            m = self.regex.search(text)
            if m is not None and not self.may_match(text):
                problems.append(f"{self.id}: {text!r} holds none of its needs")
            if m is None:
                problems.append(f"{self.id}: does not match {text!r}")
            elif isinstance(want, str) and m.group() != want:
                problems.append(f"{self.id}: in {text!r} matched {m.group()!r}, not {want!r}")
            elif isinstance(want, dict):
                for group, surface in want.items():
                    if m.group(group) != surface:
                        problems.append(f"{self.id}: in {text!r} group {group!r} is {m.group(group)!r}, not {surface!r}")
        for text in self.not_examples:
            m = self.regex.search(text)
            if m is not None:
                problems.append(f"{self.id}: must not match {text!r} (matched {m.group()!r})")
        return problems


class Term(Rule):
    """A metric word of the vocabulary: ``kind`` is a metric name or ``block`` (a quantity noun that is not an
    outcome), or None for a gate cue that is not a vocabulary term (hazard ratios).

    ``stems`` (matched lower-case or Capitalized), ``abbreviations`` (as written) and ``cue_patterns`` (regexes)
    are where a match can start: the engine tries the whole vocabulary only where one of them begins a word.
    ``keys`` (lower, Capitalized or UPPER) and ``key_abbreviations`` (as written) are what the line gate looks for
    anywhere in a line: every match of a metric term contains one.  Terms are case-insensitive unless written
    inside ``(?-i:...)``.
    """

    def __init__(self, id: str, kind: str | None, pattern: str, *, stems: Iterable[str] = (),  # noqa: A002
                 abbreviations: Iterable[str] = (), cue_patterns: Iterable[str] = (), keys: Iterable[Key] = (),
                 key_abbreviations: Iterable[Key] = (), **kw: Any) -> None:
        super().__init__(id, pattern, flags=re.IGNORECASE, **kw)
        self.kind = kind
        self.stems = tuple(stems)
        self.abbreviations = tuple(abbreviations)
        self.cue_patterns = tuple(cue_patterns)
        self.keys = tuple(keys)
        self.key_abbreviations = tuple(key_abbreviations)

    def check(self) -> list[str]:
        problems = super().check()
        if not (self.stems or self.abbreviations or self.cue_patterns):
            return problems + [f"{self.id}: no cue (stems, abbreviations or cue patterns)"]
        cue = re.compile(_cue_source([self]))
        key = re.compile(_key_source([self])) if self.keys or self.key_abbreviations else None
        for ex in self.examples:
            text = ex if isinstance(ex, str) else ex[0]
            m = self.regex.search(text)
            if m is None:
                continue
            if not cue.match(m.group()):
                problems.append(f"{self.id}: {m.group()!r} starts with none of its cues")
            if self.kind != "block" and (key is None or not key.search(m.group())):
                problems.append(f"{self.id}: {m.group()!r} holds none of its gate keys")
        return problems


class Symptom(Rule):
    """A symptom name: ``name`` is what a relief figure reports as its condition."""

    def __init__(self, id: str, name: str, pattern: str, **kw: Any) -> None:  # noqa: A002
        super().__init__(id, pattern, flags=re.IGNORECASE, **kw)
        self.name = name


class Table:
    """A word table (abbreviations, number words, design names): ``entries`` is a tuple of words or a dict;
    ``examples`` are entries it must hold (a word, or a (word, value) pair for a dict) and ``not_examples`` words
    it must not hold."""

    def __init__(self, id: str, entries: tuple | dict, *, examples: Iterable[Any] = (),  # noqa: A002
                 not_examples: Iterable[str] = (), note: str = "") -> None:
        self.id = id
        self.entries = entries
        self.examples = tuple(examples)
        self.not_examples = tuple(not_examples)
        self.note = note
        _register(self)

    def __repr__(self) -> str:
        return f"Table({self.id!r})"

    def check(self) -> list[str]:
        problems = [] if self.examples else [f"{self.id}: no example"]
        for ex in self.examples:
            if isinstance(ex, tuple):
                word, value = ex
                if not isinstance(self.entries, dict) or self.entries.get(word, object()) != value:
                    problems.append(f"{self.id}: {word!r} is not {value!r}")
            elif ex not in self.entries:
                problems.append(f"{self.id}: lacks {ex!r}")
        problems += [f"{self.id}: must not hold {w!r}" for w in self.not_examples if w in self.entries]
        return problems


def get(rule_id: str) -> "Rule | Table":
    """The rule or table with this id (KeyError if none)."""
    if rule_id not in REGISTRY:
        all_rules()
    return REGISTRY[rule_id]


def all_rules() -> list["Rule | Table"]:
    """Every declared rule and table, after importing every module that declares some."""
    for name in RULE_MODULES:
        importlib.import_module(name)
    return list(REGISTRY.values())


# -- tables derived from the terms -------------------------------------------------------------------------------
def _unique(items: Iterable[Any]) -> tuple:
    return tuple(dict.fromkeys(items))


def cue_tables(terms: Iterable[Term]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(stems, abbreviations, cue patterns) of the terms, each once, in the order first declared."""
    terms = list(terms)
    return (_unique(s for t in terms for s in t.stems), _unique(a for t in terms for a in t.abbreviations),
            _unique(p for t in terms for p in t.cue_patterns))


def gate_keys(terms: Iterable[Term]) -> tuple[tuple[Key, ...], tuple[Key, ...]]:
    """(keys, key abbreviations) of the terms that are not ``block``, each once: the line gate's table."""
    terms = [t for t in terms if t.kind != "block"]
    return _unique(k for t in terms for k in t.keys), _unique(k for t in terms for k in t.key_abbreviations)


def cased(word: Key) -> list[Key]:
    """lower, Capitalized and UPPER forms of a gate key (its regex tail, if any, is matched ignoring case)."""
    lit, tail = (word, "") if isinstance(word, str) else word
    forms = {lit, lit[0].upper() + lit[1:], lit.upper()}
    return [f if not tail else (f, f"(?i:{tail})") for f in sorted(forms)]


def _cue_source(terms: Iterable[Term]) -> str:
    """The regex source of where the terms can start: stems (lower or Capitalized), abbreviations, cue patterns."""
    stems, abbreviations, patterns = cue_tables(terms)
    words = [w[0].upper() + w[1:] for w in stems] + list(stems) + list(abbreviations)
    return "|".join(([trie_alternation(words)] if words else []) + list(patterns))


def _key_source(terms: Iterable[Term]) -> str:
    """The regex source of the gate's keys for these terms (cased keys and abbreviations as one trie)."""
    keys, abbreviations = gate_keys(terms)
    return trie_alternation([v for w in keys for v in cased(w)] + list(abbreviations))


__all__ = ["REGISTRY", "RULE_MODULES", "Rule", "Symptom", "Table", "Term", "all_rules", "cased", "cue_tables",
           "gate_keys", "get"]
