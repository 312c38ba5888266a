"""Typo repair against the index vocabulary: one edit away, or a common Vietnamese confusion.

Citizens type without a Vietnamese keyboard and mix up sounds that merge in dialects
(ch/tr, s/x, d/gi/r, l/n, final n/ng, c/t). Folded syllables are short, so a deletion index
over the vocabulary finds edit-distance-1 neighbours in microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable

_INITIAL_SWAPS = (
    ("ch", "tr"), ("tr", "ch"), ("s", "x"), ("x", "s"), ("d", "gi"), ("gi", "d"),
    ("r", "d"), ("d", "r"), ("r", "gi"), ("gi", "r"), ("l", "n"), ("n", "l"),
    ("ngh", "ng"), ("ng", "ngh"), ("gh", "g"), ("g", "gh"), ("k", "c"), ("c", "k"),
    ("v", "d"), ("d", "v"),
)
_FINAL_SWAPS = (("ng", "n"), ("n", "ng"), ("c", "t"), ("t", "c"), ("i", "y"), ("y", "i"))


MIN_EDIT_LENGTH = 5


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class TypoIndex:
    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = set(vocabulary)
        self._deleted: dict[str, set[str]] = {}
        for word in self.vocabulary:
            if len(word) >= 3 and word.isalpha():
                for key in _deletes(word) | {word}:
                    self._deleted.setdefault(key, set()).add(word)

    def near(self, word: str) -> set[str]:
        """Vocabulary words within one insertion, deletion, substitution or swap."""
        # Short syllables have dozens of neighbours ("bong" → dong, long, song…): too risky.
        if len(word) < MIN_EDIT_LENGTH or not word.isalpha():
            return set()
        found: set[str] = set()
        for key in _deletes(word) | {word}:
            found |= self._deleted.get(key, set())
        found.discard(word)
        # The deletion index over-approximates (two deletions); keep true distance 1 only.
        return {w for w in found if _distance_one(word, w)}

    def sound_alikes(self, word: str) -> set[str]:
        found = set()
        for old, new in _INITIAL_SWAPS:
            if word.startswith(old):
                found.add(new + word[len(old) :])
        for old, new in _FINAL_SWAPS:
            if word.endswith(old):
                found.add(word[: -len(old)] + new)
        return {w for w in found if w in self.vocabulary and w != word}

    def candidates(self, word: str) -> set[str]:
        return self.sound_alikes(word) | self.near(word)


def _distance_one(a: str, b: str) -> bool:
    if a == b:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        i, j = diffs[0], diffs[-1]
        return len(diffs) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
