"""Questions a commune center does not handle, and where to go instead.

Read from `bot/data/elsewhere.toml` (staff-editable). A question that names such a topic gets
"not handled here, go to …" rather than a commune procedure that only shares words with it:
a citizen who follows a wrong answer goes to the wrong desk with the wrong papers.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.search.meaning import Phrase, Word, find_phrase, words_of

DEFAULT_ELSEWHERE_PATH = Path(__file__).resolve().parents[2] / "data" / "elsewhere.toml"
_REQUIRED = ("title", "says", "where", "basis")


@dataclass(frozen=True)
class Topic:
    title: str
    where: str
    basis: str
    link: str
    says: tuple[Phrase, ...]
    unless: tuple[Phrase, ...]


def _phrases(entry: dict[str, Any], key: str) -> tuple[Phrase, ...]:
    return tuple(words_of(str(value)) for value in entry.get(key, []))


class Elsewhere:
    def __init__(self, topics: Sequence[Topic]) -> None:
        self.topics = tuple(topics)

    @classmethod
    def parse(cls, text: str) -> Elsewhere:
        topics = []
        for number, entry in enumerate(tomllib.loads(text).get("topic", []), start=1):
            missing = [key for key in _REQUIRED if not entry.get(key)]
            if missing:
                raise ValueError(f"elsewhere topic {number}: missing {', '.join(missing)}")
            topics.append(Topic(
                title=entry["title"], where=entry["where"], basis=entry["basis"],
                link=entry.get("link", ""), says=_phrases(entry, "says"),
                unless=_phrases(entry, "unless"),
            ))
        return cls(topics)

    @classmethod
    def load(cls, path: str | Path = DEFAULT_ELSEWHERE_PATH) -> Elsewhere:
        return cls.parse(Path(path).read_text(encoding="utf-8"))

    def match(self, words: Sequence[Word]) -> Topic | None:
        """The first topic the question names, unless it also says what the center handles."""
        for topic in self.topics:
            if any(find_phrase(words, p) for p in topic.says) and not any(
                find_phrase(words, p) for p in topic.unless
            ):
                return topic
        return None
