"""Splitting long replies for channels with a message size limit.

Telegram measures a message in UTF-16 code units (an emoji outside the Basic Multilingual
Plane counts two) and rejects HTML with a tag or an entity cut in half, or a tag left open.

The splitter works on positions in the text and visits only the markup (tags, entities),
never one Python object per character: a procedure's document list runs to 8,000 characters,
and a per-character pass cost 20–30 ms per message.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import NamedTuple

TELEGRAM_LIMIT = 4096

# A tag ("<b>", "</a>", '<a href="…">') or an entity ("&amp;", "&#39;") is never cut.
_ATOM = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*>|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z]+);")
_MARKUP = re.compile(r"<[^<>]*>")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # two UTF-16 units each


def utf16_len(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


class _Atom(NamedTuple):
    start: int
    end: int
    tag: str  # lower-cased tag name; empty for an entity
    closing: bool


class _Open(NamedTuple):
    tag: str
    text: str  # the opening tag as written, to reopen it in the next piece


Stack = tuple[_Open, ...]  # the opening tags in force, outermost first


def _closing(stack: Stack) -> str:
    return "".join(f"</{element.tag}>" for element in reversed(stack))


def _closing_width(stack: Stack) -> int:
    return sum(len(element.tag) + 3 for element in stack)  # "</" + tag + ">", ASCII


class _Text:
    """The text with its markup located once, and widths in UTF-16 units."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.atoms = [
            _Atom(m.start(), m.end(), (m.group(2) or "").lower(), m.group(1) == "/")
            for m in _ATOM.finditer(text)
        ]
        self.starts = [atom.start for atom in self.atoms]
        # Prefix widths only when something is wider than one unit (rare: emoji).
        self.prefix: list[int] | None = None
        if _ASTRAL.search(text):
            self.prefix = list(accumulate((2 if ord(ch) > 0xFFFF else 1 for ch in text),
                                          initial=0))

    def width(self, start: int, end: int) -> int:
        if self.prefix is None:
            return end - start
        return self.prefix[end] - self.prefix[start]

    def reach(self, start: int, budget: int) -> int:
        """The furthest end whose width from `start` is within `budget`."""
        if self.prefix is None:
            return min(len(self.text), start + max(budget, 0))
        return bisect_right(self.prefix, self.prefix[start] + budget) - 1

    def atom_at(self, position: int) -> _Atom | None:
        """The atom starting exactly at `position`."""
        index = bisect_left(self.starts, position)
        if index < len(self.atoms) and self.atoms[index].start == position:
            return self.atoms[index]
        return None

    def outside(self, position: int) -> int:
        """`position`, moved back to the start of the atom it falls inside, if any."""
        index = bisect_right(self.starts, position) - 1
        if index >= 0 and self.atoms[index].start < position < self.atoms[index].end:
            return self.atoms[index].start
        return position

    def stack_at(self, start: int, stack: Stack, end: int) -> Stack:
        """The open tags after the text from `start` to `end`, given those open at `start`."""
        for atom in self.atoms[bisect_left(self.starts, start):bisect_left(self.starts, end)]:
            if not atom.tag:
                continue
            if not atom.closing:
                stack = (*stack, _Open(atom.tag, self.text[atom.start:atom.end]))
                continue
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth].tag == atom.tag:
                    stack = stack[:depth] + stack[depth + 1:]
                    break
        return stack

    def first_visible_end(self, start: int) -> int:
        """The end of the first character or entity at or after `start` (tags skipped)."""
        position = start
        while position < len(self.text):
            atom = self.atom_at(position)
            if atom is None:
                return position + 1
            if not atom.tag:
                return atom.end
            position = atom.end
        return position


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Cut Telegram HTML at paragraph, then line, then word boundaries; else anywhere.

    Each piece is at most `limit` UTF-16 units, markup included, and is well-formed on its
    own: tags open at a cut are closed there and opened again at the start of the next
    piece; no tag or entity is cut. Joining the pieces' visible text gives back the
    original, minus the whitespace at the cuts. (Only a tag or an entity longer than the
    limit can make a piece longer; no reply has one.)
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    text = text.strip()
    if utf16_len(text) <= limit:
        return [text] if text else []
    source = _Text(text)
    pieces: list[str] = []
    start = 0
    reopened: Stack = ()
    while True:
        start, reopened = _skip(source, start, reopened)
        if start >= len(text):
            return pieces
        head = "".join(element.text for element in reopened)
        end = _cut(source, start, reopened, limit - utf16_len(head))
        stack = source.stack_at(start, reopened, end)
        body = text[start:end]
        if _MARKUP.sub("", body).strip():
            # (a stretch of markup around blanks only says nothing and is left out)
            pieces.append(head + body + _closing(stack))
        start, reopened = end, stack


def _skip(source: _Text, start: int, reopened: Stack) -> tuple[int, Stack]:
    """Whitespace at a cut goes, and so does an element that ends right at it."""
    text = source.text
    while start < len(text):
        if text[start].isspace():
            start += 1
            continue
        atom = source.atom_at(start)
        if atom is not None and atom.closing and reopened and reopened[-1].tag == atom.tag:
            start, reopened = atom.end, reopened[:-1]
            continue
        break
    return start, reopened


def _cut(source: _Text, start: int, reopened: Stack, budget: int) -> int:
    """Where the piece beginning at `start` ends: the best separator that fits, else the
    furthest point that fits; never inside an atom, never after an opening tag or blanks."""
    text = source.text
    end = source.outside(source.reach(start, budget))
    # The tags still open at the cut must be closed inside the budget too.
    while end > start and (
        source.width(start, end) + _closing_width(source.stack_at(start, reopened, end)) > budget
    ):
        end = source.outside(end - 1)
    minimum = source.first_visible_end(start)
    if end < minimum:
        end = minimum  # a piece holds at least one character, even past the limit
    elif end < len(text):
        # Best cut first: a paragraph break, a line break, any other blank.
        for found in (_separator_before(source, "\n\n", start, end),
                      _separator_before(source, "\n", start, end),
                      _last_space(source, start, end)):
            if found is not None:
                end = found
                break
    # Never end a piece on an opening tag (or blanks): it moves to the next piece.
    while end > minimum:
        if text[end - 1].isspace():
            end -= 1
            continue
        atom = source.atom_at(source.outside(end - 1))
        if atom is not None and atom.end == end and atom.tag and not atom.closing:
            end = atom.start
            continue
        break
    return max(end, minimum)


def _last_space(source: _Text, start: int, end: int) -> int | None:
    """The last whitespace character outside markup with something visible before it.

    Scanned backwards from `end`: the answer is nearly always a few characters away."""
    text = source.text
    position = end - 1
    while position > start:
        if text[position].isspace():
            outside = source.outside(position)
            if outside == position:
                return position if _MARKUP.sub("", text[start:position]).strip() else None
            position = outside  # inside a tag: go on before it
        position -= 1
    return None


def _separator_before(source: _Text, separator: str, start: int, end: int) -> int | None:
    """The last `separator` outside markup with something visible before it."""
    text = source.text
    position = text.rfind(separator, start, end)
    while position > start:
        if source.outside(position) == position:
            if _MARKUP.sub("", text[start:position]).strip():
                return position
            return None
        position = text.rfind(separator, start, source.outside(position))
    return None
