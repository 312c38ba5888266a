"""A rendered reply as Zalo OA message bodies: plain text in pieces, buttons, errors.

What we rely on, and where from (the official pages of developers.zalo.me were not in the
stored copies we could search; these are public client code and help pages that quote them):
- the consultation ("cs") message body `{"recipient": {"user_id"}, "message": {"text",
  "attachment": {"type": "template", "payload": {"buttons": [...]}}}}`, buttons with a
  `title`, a `type` and a `payload`; `oa.query.hide` sends the payload back as the user's
  text without showing it in the chat (redai-zalo-sdk, "Button Types Guide": title at most
  100 characters, payload at most 1,000; Zalo OA v3 clients in public code);
- at most 5 buttons and about 2,000 characters of text per message: our design guide. We
  count UTF-16 units (never fewer than characters), so the limit holds however Zalo counts;
- errors come with HTTP 200 and `{"error": <non-zero>, "message": …}`.

Chosen: a button's payload is our payload behind BUTTON_MARK, so a tap is told from typed
text; a person who types the mark by hand gets what the button would give, nothing more
(the dispatcher checks every payload). Beyond 5 choices, the first 5 are buttons and the
rest are listed with their numbers, which the dispatcher reads as a typed choice.
"""

from __future__ import annotations

from typing import Any

from bot.core.messages import RenderedReply
from bot.core.text import utf16_len
from bot.rendering import Renderer

TEXT_LIMIT = 2000
MAX_BUTTONS = 5
TITLE_LIMIT = 100
BUTTON_MARK = "#btn:"
# Error codes of the OA API as public error tables and client code give them; not confirmed
# against developers.zalo.me. Anything else non-zero is an ordinary failure (retried).
TOKEN_ERRORS = frozenset({-216, -124})  # access token invalid or expired
UNREACHABLE = frozenset({-213, -230})  # not a follower / no recent interaction
RATE_LIMITED = frozenset({-32})  # the app's per-minute request quota is used up


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Pieces of at most `limit` UTF-16 units, cut at a blank line, a line end or a space
    when there is one in the second half of a piece."""
    pieces: list[str] = []
    rest = text.strip()
    while utf16_len(rest) > limit:
        cut = _fit(rest, limit)
        window = rest[:cut]
        for separator in ("\n\n", "\n", " "):
            at = window.rfind(separator)
            if at > cut // 2:
                cut = at
                break
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def _fit(text: str, limit: int) -> int:
    """The longest prefix (in characters) within `limit` UTF-16 units."""
    units, index = 0, 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return max(index, 1)
    return len(text)


def button_title(label: str) -> str:
    return label if len(label) <= TITLE_LIMIT else label[: TITLE_LIMIT - 1].rstrip() + "…"


def bodies(address: str, reply: RenderedReply, renderer: Renderer) -> list[dict[str, Any]]:
    """One message body per API call, the buttons under the last text."""
    text = reply.text
    buttons = reply.choices[:MAX_BUTTONS]
    extra = reply.choices[MAX_BUTTONS:]
    if extra:
        hash_ = "" if reply.choices_by_number else "#"
        listed = [(number, c.label) for number, c in enumerate(extra, start=MAX_BUTTONS + 1)]
        text += "\n\n" + renderer.text("common/zalo_more_choices", choices=listed, hash=hash_)
    if reply.attachments:
        names = [a.filename for a in reply.attachments]
        text += "\n\n" + renderer.text("common/zalo_files_not_sent", names=names)
    pieces = split_text(text)
    result: list[dict[str, Any]] = []
    for index, piece in enumerate(pieces):
        message: dict[str, Any] = {"text": piece}
        if buttons and index == len(pieces) - 1:
            message["attachment"] = {"type": "template", "payload": {"buttons": [
                {"title": button_title(c.label), "type": "oa.query.hide",
                 "payload": BUTTON_MARK + c.payload}
                for c in buttons]}}
        result.append({"recipient": {"user_id": address}, "message": message})
    return result


def error_of(answer: Any) -> tuple[int, str]:
    """(code, message) of an API answer; code 0 is success, a body that is not Zalo's
    JSON counts as an unknown error."""
    if not isinstance(answer, dict):
        return -1, "unexpected answer"
    try:
        code = int(answer.get("error", -1))
    except (TypeError, ValueError):
        code = -1
    return code, str(answer.get("message", ""))[:200]
