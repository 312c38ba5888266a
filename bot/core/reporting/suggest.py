"""'Did you mean …?': the closest accepted spelling to a mistyped key."""

from __future__ import annotations

from collections.abc import Sequence


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance: edits plus adjacent swaps ("hl" vs "lh" is 1)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def closest(word: str, names: Sequence[str]) -> str | None:
    """The nearest name within a tolerance that grows with length, else a unique name the word
    starts; None when nothing is close enough to be a helpful guess."""
    if not word or len(word) > 40:
        return None
    # Short codes are dense ("th", "tt", "tc"): one edit on two letters is already a guess.
    tolerance = 1 if len(word) <= 4 else 2 if len(word) <= 8 else 3
    best: str | None = None
    best_distance = tolerance + 1
    for name in names:
        if name == word:
            continue
        d = distance(word, name)
        if d < best_distance or (d == best_distance and best is not None and len(name) > len(best)):
            best, best_distance = name, d
    if best is not None and best_distance <= tolerance:
        return best
    if len(word) >= 3:
        prefixed = [n for n in names if n.startswith(word)]
        if len(prefixed) == 1:
            return prefixed[0]
    return None
