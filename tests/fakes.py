"""Fakes for the process boundary only: a messenger that records instead of sending."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.messages import RenderedReply


@dataclass
class FakeMessenger:
    channel: str = "console"
    sent: list[tuple[str, RenderedReply]] = field(default_factory=list)
    fail_times: int = 0

    async def send(self, address: str, reply: RenderedReply) -> None:
        if self.fail_times > 0:
            self.fail_times -= 1
            raise ConnectionError("channel unreachable")
        self.sent.append((address, reply))
