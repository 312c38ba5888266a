"""The one check every reply passes in tests: a Telegram message the Bot API accepts.

Written apart from bot/core/text.py on purpose, from the Bot API's "HTML style" rules: only
the tags Telegram knows, properly nested and closed, every `<`, `>` and `&` outside a tag
escaped, only `&lt; &gt; &amp; &quot;` and numeric entities, at most 4,096 UTF-16 units
(counted with the markup, which is stricter than Telegram), and not empty.
"""

from __future__ import annotations

import re

TELEGRAM_LIMIT = 4096
# Tag -> attributes it may carry (https://core.telegram.org/bots/api#html-style).
ALLOWED_TAGS: dict[str, set[str]] = {
    "b": set(), "strong": set(), "i": set(), "em": set(), "u": set(), "ins": set(),
    "s": set(), "strike": set(), "del": set(), "tg-spoiler": set(), "span": {"class"},
    "a": {"href"}, "tg-emoji": {"emoji-id"}, "code": {"class"}, "pre": set(),
    "blockquote": {"expandable"},
}
_TAG = re.compile(r"<(/?)([a-z][a-z-]*)((?:\s+[a-z-]+(?:=\"[^\"<>]*\")?)*)\s*>")
_ATTRIBUTE = re.compile(r"([a-z-]+)(?:=\"([^\"<>]*)\")?")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def problems(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """What makes `text` a message Telegram would refuse; empty when it is fine."""
    found: list[str] = []
    if utf16_units(text) > limit:
        found.append(f"{utf16_units(text)} UTF-16 units, over {limit}")
    open_tags: list[str] = []
    visible: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "<":
            tag = _TAG.match(text, position)
            if tag is None:
                found.append(f"unescaped '<' at {position}")
                position += 1
                continue
            closing, name, attributes = tag.group(1), tag.group(2), tag.group(3)
            if name not in ALLOWED_TAGS:
                found.append(f"tag <{name}> is not allowed")
            elif closing:
                if attributes.strip():
                    found.append(f"closing </{name}> has attributes")
                if not open_tags or open_tags[-1] != name:
                    found.append(f"</{name}> closes {open_tags[-1] if open_tags else 'nothing'}")
                else:
                    open_tags.pop()
            else:
                for attribute in _ATTRIBUTE.finditer(attributes):
                    if attribute.group(1) not in ALLOWED_TAGS[name]:
                        found.append(f"<{name}> may not carry {attribute.group(1)}")
                    found += _entity_problems(attribute.group(2) or "")
                if name == "span" and 'class="tg-spoiler"' not in attributes:
                    found.append("<span> without class=\"tg-spoiler\"")
                open_tags.append(name)
            position = tag.end()
        elif char == "&":
            entity = _ENTITY.match(text, position)
            if entity is None:
                found.append(f"unescaped '&' or unknown entity at {position}")
                position += 1
                continue
            visible.append("x")
            position = entity.end()
        elif char == ">":
            found.append(f"unescaped '>' at {position}")
            position += 1
        else:
            visible.append(char)
            position += 1
    if open_tags:
        found.append(f"left open: {open_tags}")
    if not "".join(visible).strip():
        found.append("empty message")
    return found


def _entity_problems(value: str) -> list[str]:
    stripped = _ENTITY.sub("", value)
    return [f"bad '&' in attribute {value!r}"] if "&" in stripped else []


def assert_telegram_html(text: str, limit: int = TELEGRAM_LIMIT) -> None:
    found = problems(text, limit)
    assert not found, f"{found} in {text[:300]!r}"
