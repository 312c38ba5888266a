"""Fold Vietnamese text so that "Đăng ký khai sinh", "dang ky khai sinh" and "ĐĂNG KÝ" meet."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

_PUNCT = re.compile(r"[^\w]+|_")


def fold(text: str) -> str:
    """NFC, strip diacritics (đ→d), lowercase, punctuation → single spaces."""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    return " ".join(_PUNCT.sub(" ", text).split())


def tokens(text: str) -> list[str]:
    """Folded syllables of `text`."""
    return fold(text).split()


def pairs(words: list[str]) -> list[str]:
    """Adjacent syllable pairs: Vietnamese words are mostly two syllables ("khai sinh")."""
    return [f"{a} {b}" for a, b in pairwise(words)]


def terms_of(words: list[str]) -> list[str]:
    """Unigrams and adjacent pairs of folded words."""
    return words + pairs(words)


def triples_of(words: list[str]) -> list[str]:
    """Three syllables in a row: rewards names that keep the query's word order."""
    return [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
