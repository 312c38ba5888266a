"""Time and fee lines of a procedure card, as a citizen reads them on a phone.

The portal writes fees as "2,000 Việt Nam Đồng(/trang)", "10 USD(/bản)", "8,000 VNĐ" with a
note in brackets, and dates in notes in any style. A card says "2.000 đồng/trang",
"10 USD/bản", "8.000 đồng": Vietnamese thousands (1.234), the unit glued to the amount, no
empty or bracket-only fragments, dates as 14/03/2026. Nothing is invented: an amount or a
note the portal gives is shown, reformatted; one it does not give is not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.core.catalog.model import ChannelOption

_AMOUNT = re.compile(
    r"^(?P<amount>\d[\d.,]*)\s*"
    r"(?P<currency>Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD)\b\s*(?P<rest>.*)$",
    re.S,
)
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Notes that say nothing ("Không", "Không quy định.") and the portal's stray "Đồng (" heads.
_EMPTY_NOTE = re.compile(r"^(không( có| quy định)?|chưa quy định)\.?$", re.I)
_STRAY_HEAD = re.compile(r"^(lệ phí\s*:\s*)?([\d.,]+\s*)?đồng\s*\(?", re.I)
PER_UNIT_LIMIT = 20  # "(/trang)", "(/giao dịch)": a unit, glued to the amount
NOTE_LIMIT = 220  # longer notes are cut at a word; the card links the official page


def vietnamese_numbers(text: str) -> str:
    """"10,000" → "10.000"; ISO dates → 14/03/2026."""
    text = _THOUSANDS.sub(lambda m: m.group(0).replace(",", "."), text)
    return _ISO_DATE.sub(lambda m: f"{m.group(3)}/{m.group(2)}/{m.group(1)}", text)


def _balanced(text: str) -> str:
    """Drop brackets the portal left unmatched ("((Miễn lệ phí…", "…2016))")."""
    keep = [True] * len(text)
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            opened.append(i)
        elif ch == ")":
            if opened:
                opened.pop()
            else:
                keep[i] = False
    for i in opened:
        keep[i] = False
    return "".join(ch for ch, kept in zip(text, keep, strict=True) if kept)


def _strip_outer(note: str) -> str:
    while note.startswith("(") and note.endswith(")") and _balanced(note[1:-1]) == note[1:-1]:
        note = note[1:-1].strip()
    return note


def _unwrap(note: str) -> str:
    note = _strip_outer(_balanced(note.strip()))
    note = _strip_outer(_balanced(_STRAY_HEAD.sub("", note).strip()))
    # "(bốn triệu…)Lệ phí" → "(bốn triệu…) Lệ phí"; a leading "- " is a list the note lost.
    return re.sub(r"\)(?=\w)", ") ", note).strip(" ;-")


def _cut(text: str, limit: int = NOTE_LIMIT) -> str:
    """Cut at a word; a bracket the cut left open is dropped."""
    if len(text) <= limit:
        return text
    return _balanced(text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:(")) + "…"


def fee_line(fee_text: str) -> str:
    """One readable fee: "2.000 đồng/trang", "Miễn phí (Không thu …)", "10 USD/bản"."""
    text = " ".join(fee_text.split())
    match = _AMOUNT.match(text)
    if match:
        currency = "USD" if match["currency"] == "USD" else "đồng"
        head, rest = f"{vietnamese_numbers(match['amount'])} {currency}", match["rest"]
    elif text.lower().startswith("miễn phí"):
        head, rest = "Miễn phí", text[len("miễn phí"):]
    else:
        return _cut(vietnamese_numbers(text))
    note = _unwrap(rest)
    if not note or _EMPTY_NOTE.match(note):
        return head
    if note.startswith("/") and len(note) <= PER_UNIT_LIMIT:
        return head + note
    return f"{head} — {_cut(vietnamese_numbers(note))}"


UNITS = {"working_day": "ngày làm việc", "day": "ngày", "hour": "giờ"}


def duration_text(value: float | None, unit: str | None) -> str:
    """"7 ngày làm việc"; a bare number whose unit the portal left out is said so."""
    if value is None:
        return ""
    number = str(int(value)) if value == int(value) else str(value).replace(".", ",")
    if unit in UNITS:
        return f"{number} {UNITS[unit]}"
    return f"cổng dịch vụ công ghi «{number}», không ghi rõ là ngày hay giờ"


@dataclass(frozen=True)
class CardLine:
    """Channels sharing one time and fee, shown once: "Trực tuyến, trực tiếp: …"."""

    channels: tuple[str, ...]
    duration: str
    fee: str
    case: str  # the portal's description, when one channel has several cases


def card_lines(options: Sequence[ChannelOption], known: Callable[[str | None], str]
               ) -> list[CardLine]:
    """Every case the portal gives, channels with the same time and fee merged.

    `known` keeps a text only when it states something (the card's "no information" filter);
    several rows of one channel keep their descriptions, so "10 USD/bản" reads as the case it
    is ("Tại cơ quan đại diện…").
    """
    per_channel: dict[str, int] = {}
    for option in options:
        per_channel[option.channel] = per_channel.get(option.channel, 0) + 1
    lines: dict[tuple[str, str, str], list[str]] = {}
    for option in options:
        fee_text = known(option.fee_text)
        fee = fee_line(fee_text) if fee_text else ""
        case = ""
        if per_channel[option.channel] > 1:
            case = _cut(vietnamese_numbers(" ".join(option.description.split())), 120)
        key = (duration_text(option.duration_value, option.duration_unit), fee, case)
        if option.channel not in lines.setdefault(key, []):
            lines[key].append(option.channel)
    return [CardLine(tuple(channels), *key) for key, channels in lines.items()]
