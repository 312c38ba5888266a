"""Everyday words → procedure words, from `bot/data/synonyms.tsv` (format documented there)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.search.folding import tokens

DEFAULT_SYNONYMS_PATH = Path(__file__).resolve().parents[2] / "data" / "synonyms.tsv"


@dataclass(frozen=True)
class Rule:
    phrase: tuple[str, ...]
    expansion: tuple[str, ...]


@dataclass(frozen=True)
class Expansion:
    """One rule matched in a query: which query positions it covers and what it adds."""

    start: int
    end: int
    words: tuple[str, ...]


class SynonymTable:
    """Folded phrase rules; matching is on whole folded words."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = tuple(rules)
        self._by_first: dict[str, list[Rule]] = {}
        for rule in self.rules:
            self._by_first.setdefault(rule.phrase[0], []).append(rule)

    @classmethod
    def parse(cls, text: str) -> SynonymTable:
        """Rules from TSV text; malformed lines (no tab, empty side) raise ValueError."""
        rules = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            phrase, sep, expansion = line.partition("\t")
            rule = Rule(tuple(tokens(phrase)), tuple(tokens(expansion)))
            if not sep or not rule.phrase or not rule.expansion:
                raise ValueError(f"synonyms line {number}: expected 'phrase<TAB>expansion'")
            rules.append(rule)
        return cls(rules)

    @classmethod
    def load(cls, path: str | Path = DEFAULT_SYNONYMS_PATH) -> SynonymTable:
        return cls.parse(Path(path).read_text(encoding="utf-8"))

    def expand(self, words: list[str]) -> list[Expansion]:
        """Every rule occurrence in the folded `words`, partly overlapping ones included.

        A rule lying inside a longer matched phrase gives way to it: "nhận con nuôi" is
        adoption, not the "nhận con" (paternity) it contains.
        """
        found = []
        for start, word in enumerate(words):
            for rule in self._by_first.get(word, ()):
                end = start + len(rule.phrase)
                if tuple(words[start:end]) == rule.phrase:
                    found.append(Expansion(start, end, rule.expansion))
        return [
            e for e in found
            if not any(o.start <= e.start and e.end <= o.end and o.end - o.start > e.end - e.start
                       for o in found)
        ]
