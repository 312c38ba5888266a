"""Term shapes shared by the index and query analysis."""

from __future__ import annotations


def pairs(words: list[str]) -> list[str]:
    """Adjacent syllable pairs: Vietnamese words are mostly two syllables ("khai sinh")."""
    return [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def terms_of(words: list[str]) -> list[str]:
    """Unigrams and adjacent pairs of folded words."""
    return words + pairs(words)


def triples_of(words: list[str]) -> list[str]:
    """Three syllables in a row: rewards names that keep the query's word order."""
    return [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
