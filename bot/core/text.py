"""Splitting long replies for channels with a message size limit."""

from __future__ import annotations

TELEGRAM_LIMIT = 4096


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Cut at paragraph, then line, then word boundaries; never lose or reorder a character.

    Each piece is at most `limit` characters. Joining the pieces with the separators they
    were cut at gives back the original text, minus the whitespace at the cuts.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > 0:
                break
        if cut <= 0:
            cut = limit  # one unbroken run longer than the limit: hard cut
        head, rest = rest[:cut].rstrip(), rest[cut:].strip()
        pieces.append(head)
    if rest:
        pieces.append(rest)
    return pieces
