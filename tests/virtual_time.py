"""Virtual time for delivery tests: nobody sleeps, and the clock is never the wall clock.

Time stands still while any participant works and jumps to the earliest wake-up once every
participant is asleep — a discrete-event clock, so pacing is measured exactly and instantly.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import datetime, timedelta
from typing import Any, TypeVar

T = TypeVar("T")


class VirtualTimer:
    def __init__(self, start: datetime, participants: int = 1) -> None:
        self._now = start
        self.participants = participants
        self._sleepers: list[tuple[datetime, int, asyncio.Future[None]]] = []
        self._seq = 0

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        """Between runs: the test moves the clock (never backwards)."""
        self._now = max(self._now, moment)

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (self._now + timedelta(seconds=max(seconds, 0)), self._seq, future)
        self._seq += 1
        self._sleepers.append(entry)
        try:
            for _ in range(5):  # let tasks just started (a send) run at the current moment
                await asyncio.sleep(0)
            self._advance()
            await future
        finally:
            if entry in self._sleepers:
                self._sleepers.remove(entry)

    def leave(self) -> None:
        self.participants -= 1
        self._advance()

    def _advance(self) -> None:
        if not self._sleepers or len(self._sleepers) < self.participants:
            return
        self._now = max(self._now, min(wake for wake, _, _ in self._sleepers))
        for entry in [e for e in self._sleepers if e[0] <= self._now]:
            self._sleepers.remove(entry)
            if not entry[2].done():
                entry[2].set_result(None)


async def together(timer: VirtualTimer, *runs: Awaitable[T]) -> list[T]:
    """Run participants of `timer` concurrently; each leaves the clock when it is done."""
    timer.participants = len(runs)

    async def one(run: Awaitable[T]) -> T:
        try:
            return await run
        finally:
            timer.leave()

    results: list[Any] = await asyncio.gather(*(one(r) for r in runs))
    return results
