"""A test transcript: send messages as someone, read back the rendered replies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.app import App
from bot.core.messages import Incoming, RenderedReply
from bot.rendering import Renderer


@dataclass
class Chat:
    app: App
    now: datetime
    channel: str = "console"
    transcript: list[tuple[str, str]] = field(default_factory=list)

    def send(self, text: str = "", *, user: str = "citizen", payload: str | None = None,
             at: datetime | None = None) -> list[RenderedReply]:
        msg = Incoming(channel=self.channel, sender=user, now=at or self.now, text=text,
                       payload=payload)
        renderer = Renderer(self.channel)
        replies = [renderer.render(r) for r in self.app.dispatcher.handle(msg)]
        self.transcript.append((user, text or f"[{payload}]"))
        for reply in replies:
            self.transcript.append(("bot", reply.text))
        return replies

    def say(self, text: str = "", **kwargs: object) -> str:
        """Send and return all reply texts joined, for `in` assertions."""
        return "\n\n".join(r.text for r in self.send(text, **kwargs))  # type: ignore[arg-type]

    def later(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)
