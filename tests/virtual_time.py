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
        self._driving = False

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
            self._advance_soon()
            await future
        finally:
            if entry in self._sleepers:
                self._sleepers.remove(entry)

    def leave(self) -> None:
        self.participants -= 1
        self._advance_soon()

    def _all_asleep(self) -> bool:
        return bool(self._sleepers) and len(self._sleepers) >= self.participants

    def _advance_soon(self) -> None:
        """Advance only once the loop is quiet: work already scheduled at this moment (a send
        just started) runs first, as it would in real time."""
        if not self._driving and self._all_asleep():
            self._driving = True
            asyncio.get_running_loop().call_soon(self._drive, 20)

    def _drive(self, rounds: int) -> None:
        if rounds > 0:  # each round goes to the back of the ready queue
            asyncio.get_running_loop().call_soon(self._drive, rounds - 1)
            return
        self._driving = False
        if not self._all_asleep():
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
