"""Splitting long replies for channels with a message size limit.

Telegram measures a message in UTF-16 code units (an emoji outside the Basic Multilingual
Plane counts two) and rejects HTML with a tag or an entity cut in half, or a tag left open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TELEGRAM_LIMIT = 4096

# A tag ("<b>", "</a>", '<a href="…">') or an entity ("&amp;", "&#39;") is never cut.
_ATOM = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*>|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z]+);")
PARAGRAPH, LINE, WORD, ANYWHERE = 3, 2, 1, 0


def utf16_len(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class _Unit:
    text: str
    width: int
    tag: str = ""  # tag name for "<b>"/"</b>", empty for characters and entities
    closing: bool = False

    @property
    def space(self) -> bool:
        return not self.tag and self.text.isspace()


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    position = 0
    for match in _ATOM.finditer(text):
        units.extend(_Unit(ch, utf16_len(ch)) for ch in text[position:match.start()])
        atom = match.group(0)
        units.append(_Unit(atom, utf16_len(atom), (match.group(2) or "").lower(),
                           match.group(1) == "/"))
        position = match.end()
    units.extend(_Unit(ch, utf16_len(ch)) for ch in text[position:])
    return units


Stack = tuple[_Unit, ...]  # the opening tags in force, outermost first


def _after(stack: Stack, unit: _Unit) -> Stack:
    if not unit.tag:
        return stack
    if not unit.closing:
        return (*stack, unit)
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth].tag == unit.tag:
            return stack[:depth] + stack[depth + 1:]
    return stack


def _closing(stack: Stack) -> str:
    return "".join(f"</{unit.tag}>" for unit in reversed(stack))


def _priority(units: list[_Unit], k: int) -> int:
    """How good a cut before units[k] is (the whitespace there is dropped)."""
    unit = units[k] if k < len(units) else None
    if unit is None or not unit.space:
        return ANYWHERE
    if unit.text == "\n":
        pair = (k + 1 < len(units) and units[k + 1].text == "\n") or units[k - 1].text == "\n"
        return PARAGRAPH if pair else LINE
    return WORD


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
    units = _units(text)
    pieces: list[str] = []
    start = 0
    reopened: Stack = ()
    while True:
        # Whitespace at a cut goes, and so does an element that ends right at it.
        while start < len(units) and (
            units[start].space
            or (units[start].closing and reopened and reopened[-1].tag == units[start].tag)
        ):
            if units[start].closing:
                reopened = reopened[:-1]
            start += 1
        if start >= len(units):
            return pieces
        cut, stacks = _window(units, start, reopened, limit)
        end = cut
        # Never end a piece on an opening tag (or blanks): it moves to the next piece.
        while end < len(units) and end > start + 1 and (
            units[end - 1].space or (units[end - 1].tag and not units[end - 1].closing)
        ):
            end -= 1
        if any(not unit.tag and not unit.space for unit in units[start:end]):
            # (a stretch of markup around blanks only says nothing and is left out)
            body = "".join(unit.text for unit in units[start:end])
            head = "".join(unit.text for unit in reopened)
            pieces.append(head + body + _closing(stacks[end - start]))
        start, reopened = end, stacks[end - start]


def _window(units: list[_Unit], start: int, reopened: Stack, limit: int) -> tuple[int, list[Stack]]:
    """Where to cut the piece beginning at `start`, and the open tags after each unit."""
    width = sum(unit.width for unit in reopened)
    stack = reopened
    stacks = [stack]
    best, best_priority = start + 1, -1
    visible = False  # a piece holds at least one character, even past the limit
    k = start
    while k < len(units):
        after = _after(stack, units[k])
        needed = width + units[k].width + utf16_len(_closing(after))
        if needed > limit and visible:
            break
        width += units[k].width
        stack = after
        stacks.append(stack)
        visible = visible or not units[k].tag
        k += 1
        priority = _priority(units, k)
        if visible and priority >= best_priority:
            best, best_priority = k, priority
    if k == len(units):
        return k, stacks
    return best, stacks
