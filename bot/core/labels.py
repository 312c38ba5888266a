"""Button labels from templates/labels.toml, so no Vietnamese lives in handler code."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LABELS = Path(__file__).resolve().parent.parent.parent / "templates" / "labels.toml"
MAX_LABEL = 60


@cache
def _labels() -> dict[str, str]:
    with LABELS.open("rb") as handle:
        return {str(k): str(v) for k, v in tomllib.load(handle).items()}


def label(key: str) -> str:
    return _labels()[key]


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    """Long procedure names on buttons: cut at a word and mark the cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def distinct_labels(texts: list[str], limit: int = MAX_LABEL) -> list[str]:
    """Shortened labels that stay tell-apart: names sharing a long start keep their ends."""
    short = [shorten(t, limit) for t in texts]
    clashing = {label for label in short if short.count(label) > 1}
    for index, text in enumerate(texts):
        if short[index] in clashing:
            words = " ".join(text.split())
            head = shorten(words, limit // 2)
            tail = words[-(limit - len(head) - 1):].split(" ", 1)[-1]
            short[index] = f"{head.rstrip('…')}… {tail}"
    return short
