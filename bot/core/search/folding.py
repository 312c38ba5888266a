"""Fold Vietnamese text so that "Đăng ký khai sinh", "dang ky khai sinh" and "ĐĂNG KÝ" meet."""

from __future__ import annotations

import re
import unicodedata

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
