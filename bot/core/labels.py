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
