"""Regex building helpers shared by the extractor's modules."""
from __future__ import annotations

import re
from typing import Iterable


def trie_alternation(words: Iterable[str]) -> str:
    """A regex source matching exactly the given literal strings, factored by common prefixes.

    ``one|two|ten|twelve`` becomes ``(?:one|t(?:en|w(?:elve|o)))``: at each position the regex engine tests
    one branch per distinct first character instead of one per word, which matters for long vocabularies
    scanned over every sentence.  Where one word is a prefix of another, the longer one is tried first
    (``eight(?:een|y)?``).
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [(ch if ch.isalnum() else re.escape(ch)) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")

    return emit(trie)
