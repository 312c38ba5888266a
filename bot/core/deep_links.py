"""Links that open one procedure's card: the payload a QR code carries, and the link per channel.

A payload is `tt_1_004194` (procedure 1.004194) or `tt_1_004194_u3` (as shown by unit 3: its
address, hours, note and hidden procedures). Our choice of format; Telegram's rule is what
bounds it: a deep-link `start` parameter has at most 64 characters from A-Z, a-z, 0-9, "_" and
"-", and the bot receives `/start <payload>` (Telegram Bots, "Deep linking":
https://core.telegram.org/bots/features#deep-linking). The longest
payload we make is 11 + 2 + 10 digits of a unit id = 23 characters.

Where the link goes is configured (QR target):
- telegram: `https://t.me/<bot username>?start=<payload>`; Telegram sends the bot
  `/start <payload>` when the person taps Start.
- web: the web chat's public address with `?start=<payload>`; the page sends the same
  `/start <payload>` as its first message.
- zalo: the Official Account's link (`https://zalo.me/<OA id>`). Zalo passes no parameter
  to an OA chat that we could find documented, so this link only opens the chat; the sheet
  prints the procedure code to send, which the bot answers with the card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

Target = Literal["telegram", "web", "zalo"]
TARGETS: tuple[Target, ...] = ("telegram", "web", "zalo")
MAX_PAYLOAD = 64  # Telegram's limit for a start parameter

_CODE = re.compile(r"([0-9])\.([0-9]{6})")
_PAYLOAD = re.compile(r"tt_([0-9])_([0-9]{6})(?:_u([0-9]{1,10}))?")
_ALLOWED = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class CardLink:
    """What a payload asks for: a procedure's card, as a unit shows it (None: the default)."""

    code: str
    unit_id: int | None = None


def card_payload(code: str, unit_id: int | None = None) -> str:
    """`1.004194`, unit 3 -> `tt_1_004194_u3`; a code not in the catalog's shape is an error."""
    match = _CODE.fullmatch(code.strip())
    if match is None:
        raise ValueError(f"not a procedure code: {code!r}")
    payload = f"tt_{match.group(1)}_{match.group(2)}"
    if unit_id is not None:
        if unit_id < 0:
            raise ValueError("unit id must not be negative")
        payload += f"_u{unit_id}"
    assert _ALLOWED.fullmatch(payload)
    return payload


def parse_payload(text: str) -> CardLink | None:
    """The card a payload asks for, or None for anything else (a payload is never trusted)."""
    match = _PAYLOAD.fullmatch(text.strip())
    if match is None:
        return None
    unit = match.group(3)
    return CardLink(f"{match.group(1)}.{match.group(2)}", int(unit) if unit else None)


@dataclass(frozen=True)
class LinkSettings:
    """Where each target points; empty means not configured."""

    telegram_username: str = ""
    web_url: str = ""
    zalo_url: str = ""


def card_link(target: Target, payload: str, where: LinkSettings) -> str:
    """The address a QR code holds for this payload; ValueError if the target is unset."""
    if not _ALLOWED.fullmatch(payload):
        raise ValueError("payload has characters Telegram does not allow")
    if target == "telegram":
        if not where.telegram_username:
            raise ValueError("TELEGRAM_BOT_USERNAME")
        return f"https://t.me/{where.telegram_username}?start={payload}"
    if target == "web":
        if not where.web_url:
            raise ValueError("WEB_CHAT_PUBLIC_URL")
        return f"{where.web_url}?start={quote(payload)}"
    if not where.zalo_url:
        raise ValueError("ZALO_OA_LINK")
    return where.zalo_url
