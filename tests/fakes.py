"""Fakes for the process boundary only: a messenger that records instead of sending."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.core.messages import RateLimited, RenderedReply, Undeliverable


@dataclass
class FakeMessenger:
    channel: str = "console"
    sent: list[tuple[str, RenderedReply]] = field(default_factory=list)
    fail_times: int = 0
    # With a clock, the moment of each accepted message is kept in `times` (same order).
    clock: Callable[[], datetime] | None = None
    times: list[datetime] = field(default_factory=list)
    # address -> retry_after: the next message to that chat gets a 429, once.
    rate_limited: dict[str, float] = field(default_factory=dict)
    refused_at: dict[str, datetime] = field(default_factory=dict)
    # Addresses that blocked the bot: never deliverable.
    blocked: set[str] = field(default_factory=set)

    async def send(self, address: str, reply: RenderedReply) -> None:
        if self.fail_times > 0:
            self.fail_times -= 1
            raise ConnectionError("channel unreachable")
        if address in self.blocked:
            raise Undeliverable("Forbidden: bot was blocked by the user")
        if address in self.rate_limited:
            if self.clock is not None:
                self.refused_at[address] = self.clock()
            raise RateLimited(self.rate_limited.pop(address))
        self.sent.append((address, reply))
        if self.clock is not None:
            self.times.append(self.clock())
