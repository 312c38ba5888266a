"""A test transcript: send messages as someone, read back the rendered replies.

Every reply of every test goes through the same check as a Telegram message (rendered with
the Telegram templates, split, each piece valid Telegram HTML) and may never be the internal
error, whatever channel the test itself plays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.app import App
from bot.core.messages import Attachment, Incoming, RenderedReply, Reply
from bot.core.text import split_message
from bot.dispatch import unstamp
from bot.rendering import Renderer
from tests.telegram_html import assert_telegram_html

TELEGRAM = Renderer("telegram")


def check_replies(replies: list[Reply]) -> None:
    """No internal error, and each reply a valid Telegram message once split."""
    for reply in replies:
        assert reply.template != "common/internal_error", "the dispatcher hit an error"
        pieces = split_message(TELEGRAM.render(reply).text)
        assert pieces, f"{reply.template} rendered empty"
        for piece in pieces:
            assert_telegram_html(piece)


@dataclass(repr=False)  # a falsifying example prints the fixture; keep it short
class Chat:
    app: App
    now: datetime
    channel: str = "console"
    transcript: list[tuple[str, str]] = field(default_factory=list)
    # Per person: bare payload -> the payload of that button as last shown to them.
    buttons: dict[str, dict[str, str]] = field(default_factory=dict)

    def send(self, text: str = "", *, user: str = "citizen", payload: str | None = None,
             at: datetime | None = None, message_id: str = "", edited: bool = False,
             delivery_id: str = "", attachments: tuple[Attachment, ...] = ()
             ) -> list[RenderedReply]:
        msg = Incoming(channel=self.channel, sender=user, now=at or self.now, text=text,
                       payload=payload, message_id=message_id, edited=edited,
                       delivery_id=delivery_id, attachments=attachments)
        renderer = Renderer(self.channel)
        raw = self.app.dispatcher.handle(msg)
        check_replies(raw)
        replies = [renderer.render(r) for r in raw]
        shown = self.buttons.setdefault(user, {})
        for reply in replies:
            shown.update({unstamp(c.payload)[0]: c.payload for c in reply.choices})
        self.transcript.append((user, text or f"[{payload or 'file'}]"))
        for reply in replies:
            self.transcript.append(("bot", reply.text))
        return replies

    def press(self, payload: str, *, user: str = "citizen", **kwargs: object
              ) -> list[RenderedReply]:
        """Press a button this person was shown (any earlier message), by its bare payload."""
        shown = self.buttons.get(user, {})
        assert payload in shown, f"no button {payload!r} was shown to {user}: {list(shown)}"
        return self.send(payload=shown[payload], user=user, **kwargs)  # type: ignore[arg-type]

    def say(self, text: str = "", *, press: str | None = None, **kwargs: object) -> str:
        """Send (or press a shown button) and return all reply texts joined, for `in`."""
        replies = self.press(press, **kwargs) if press else self.send(text, **kwargs)  # type: ignore[arg-type]
        return "\n\n".join(r.text for r in replies)

    def __repr__(self) -> str:
        return f"Chat({self.channel}, {len(self.transcript)} lines)"

    def later(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)


def bare(reply: RenderedReply) -> list[str]:
    """The payloads of a reply's buttons without the dialogue version they carry."""
    return [unstamp(c.payload)[0] for c in reply.choices]
