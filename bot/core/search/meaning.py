"""Whether a procedure answers what a question is about, not only shares its letters.

Ranking alone answers «đăng ký nghĩa vụ quân sự» with vehicle registration: both start with
"đăng ký". The terms in `bot/data/key_terms.toml` carry a question's meaning; a procedure
answers only if its name or field holds each of them. Diacritics decide where the citizen
typed them ("thuế" is not "thuê"); a word typed without them that stands for several
words is read from the rest of the question, and when nothing there decides, the citizen
is asked (`Resolved.ambiguous`).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.search.folding import fold

DEFAULT_KEY_TERMS_PATH = Path(__file__).resolve().parents[2] / "data" / "key_terms.toml"
_NOT_WORD = re.compile(r"[^\w]+|_")

# A word as typed (lowercase, diacritics kept) and folded: folding once per word, not per
# comparison, keeps the meaning checks to microseconds.
Word = tuple[str, str]
Phrase = tuple[Word, ...]


def marked_words(text: str) -> list[str]:
    """Lowercase syllables that keep their diacritics; as many as `tokens(text)` gives."""
    words = _NOT_WORD.sub(" ", unicodedata.normalize("NFC", text).lower()).split()
    return words if len(words) == len(fold(text).split()) else fold(text).split()


def words_of(text: str) -> Phrase:
    return tuple((word, fold(word)) for word in marked_words(text))


def _typed_as(typed: Word, word: Word) -> bool:
    """A word typed without diacritics may be any word it folds from; with them, only itself."""
    return typed[0] == word[0] or (typed[0] == typed[1] and typed[1] == word[1])


def find_phrase(words: Sequence[Word], phrase: Phrase) -> bool:
    size = len(phrase)
    first = phrase[0]
    return any(
        _typed_as(words[i], first)
        and all(_typed_as(words[i + k], phrase[k]) for k in range(1, size))
        for i in range(len(words) - size + 1)
    )


@dataclass(frozen=True)
class KeyTerm:
    says: tuple[Phrase, ...]
    needs: tuple[Phrase, ...]


@dataclass(frozen=True)
class Reading:
    word: str
    hints: tuple[str, ...]  # folded phrases


@dataclass(frozen=True)
class Collision:
    word: str  # folded
    readings: tuple[Reading, ...]
    default: str | None


@dataclass(frozen=True)
class Resolved:
    """The question's words with collisions read; `ambiguous` when one could not be."""

    words: Phrase
    ambiguous: tuple[int, Collision] | None = None

    def alternatives(self) -> tuple[str, ...]:
        """The question once per reading of the ambiguous word, for the citizen to pick."""
        if self.ambiguous is None:
            return ()
        at, collision = self.ambiguous
        typed = [word for word, _ in self.words]
        return tuple(
            " ".join((*typed[:at], reading.word, *typed[at + 1 :]))
            for reading in collision.readings
        )


def _phrases(values: Any, where: str) -> tuple[Phrase, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ValueError(f"key terms: {where} must be a list of phrases")
    return tuple(words_of(v) for v in values)


class KeyTerms:
    def __init__(self, terms: Sequence[KeyTerm], collisions: Sequence[Collision],
                 common: Sequence[Phrase]) -> None:
        self.terms = tuple(terms)
        self.collisions = {c.word: c for c in collisions}
        # Folded pairs and words that prove nothing when they are all a result shares.
        self.common = frozenset(" ".join(folded for _, folded in phrase) for phrase in common)

    @classmethod
    def parse(cls, text: str) -> KeyTerms:
        data = tomllib.loads(text)
        terms = []
        for number, entry in enumerate(data.get("term", []), start=1):
            says = _phrases(entry.get("says"), f"term {number} says")
            needs = _phrases(entry["needs"], f"term {number} needs") if "needs" in entry else says
            terms.append(KeyTerm(says, needs))
        collisions = []
        for entry in data.get("collision", []):
            readings = tuple(
                Reading(r["word"], tuple(fold(h) for h in r.get("hints", [])))
                for r in entry.get("reading", [])
            )
            if len(readings) < 2 or any(fold(r.word) != entry["word"] for r in readings):
                raise ValueError(f"key terms: collision {entry.get('word')!r} needs two readings "
                                 "that fold to it")
            collisions.append(Collision(entry["word"], readings, entry.get("default")))
        return cls(terms, collisions, _phrases(data.get("common", []), "common"))

    @classmethod
    def load(cls, path: str | Path = DEFAULT_KEY_TERMS_PATH) -> KeyTerms:
        return cls.parse(Path(path).read_text(encoding="utf-8"))

    def resolve(self, text: str) -> Resolved:
        words = list(words_of(text))
        padded = f" {' '.join(folded for _, folded in words)} "
        ambiguous: tuple[int, Collision] | None = None
        for at, (word, _) in enumerate(words):
            collision = self.collisions.get(word)
            if collision is None:
                continue
            hinted = [r.word for r in collision.readings
                      if any(f" {hint} " in padded for hint in r.hints)]
            if len(hinted) == 1:
                words[at] = (hinted[0], word)
            elif collision.default and (not hinted or collision.default in hinted):
                words[at] = (collision.default, word)
            elif ambiguous is None:
                ambiguous = (at, collision)  # asked about; later words are still read
        return Resolved(tuple(words), ambiguous)

    def required(self, words: Sequence[Word]) -> tuple[KeyTerm, ...]:
        """The key terms the question says."""
        return tuple(term for term in self.terms if any(find_phrase(words, p) for p in term.says))

    @staticmethod
    def satisfied(needed: Sequence[KeyTerm], procedure_words: Sequence[Word]) -> bool:
        """Does a procedure name (with diacritics) hold every needed term?"""
        return all(
            any(find_phrase(procedure_words, phrase) for phrase in term.needs) for term in needed
        )
