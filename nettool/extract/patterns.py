"""Regex building helpers shared by the extractor's modules."""
from __future__ import annotations

import re
from typing import Iterable


def trie_alternation(words: Iterable[str | tuple[str, str]]) -> str:
    r"""A regex source matching exactly the given literal strings, factored by common prefixes.

    ``one|two|ten|twelve`` becomes ``(?:one|t(?:en|w(?:elve|o)))``: at each position the regex engine tests
    one branch per distinct first character instead of one per word, which matters for long vocabularies
    scanned over every sentence.  Where one word is a prefix of another, the longer one is tried first
    (``eight(?:een|y)?``).  A word may be a pair (literal, regex): the regex must follow the literal
    (``("complete", r"\s")`` for "complete" followed by white space); the literal part still starts with a
    character, so the whole alternation keeps its fast first-character test.
    """
    trie: dict = {}
    for w in words:
        literal, tail = (w, "") if isinstance(w, str) else w
        node = trie
        for ch in literal:
            node = node.setdefault(ch, {})
        node.setdefault("", set()).add(tail)

    def emit(node: dict) -> str:
        alts = [(ch if ch.isalnum() else re.escape(ch)) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        tails = node.get("", set())
        optional = "" in tails
        alts += [f"(?:{t})" for t in sorted(tails - {""})]
        if not alts:
            return ""
        if len(alts) == 1 and not optional:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if optional else "")

    return emit(trie)
