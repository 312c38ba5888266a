"""The delivery loop: claim due rows in batches, send each at its channel's pace, record
outcomes in batches; and the planning step that fills the outbox.

While there is work the loop runs back to back: each step is one transaction that records
what finished since the last step and claims the next batch (`bot/core/outbox/claims.py`),
then reserves send slots for the paced channels (`pace.py`, shared by every process). Each
message is started at its slot, without waiting for the previous one to be answered — a Bot
API call takes a few hundred milliseconds, longer than a slot — so the channel's rate, not
its latency, sets the pace. When nothing is claimable the loop sleeps until the next row is
due, at most `idle`, or until woken (a planner added rows, or the bot is stopping).

Time comes from a `Timer`, so tests drive it: `tick(now)` plans and delivers as of `now`;
`run()` reads the timer and runs until stopped (or, with `until_idle`, until nothing is left).

A kind may have a `Composer`: its rows carry only what to send (a unit, a period), and the
message is built when it is sent, in its own read transaction — a period summary with its
files is compiled then, from the figures as they are, instead of being stored in the row.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, text

from bot.core.calendar import WorkingCalendar
from bot.core.calendar_service import working_calendar
from bot.core.clock import utcnow
from bot.core.messages import Messenger, RateLimited, Reply, Undeliverable
from bot.core.outbox import Due
from bot.core.outbox.claims import (
    Backlog,
    Failed,
    Limited,
    Outcome,
    Released,
    Sent,
    backlog,
    claim,
    fail_unknown,
    flush,
)
from bot.core.outbox.pace import Pace, reserve
from bot.core.outbox.planning import Planner, due_slots, run_slot
from bot.db import SessionFactory, transaction
from bot.rendering import Renderer

log = logging.getLogger(__name__)
T = TypeVar("T")


class Timer(Protocol):
    def now(self) -> datetime: ...

    async def sleep(self, seconds: float) -> None: ...


class Composer(Protocol):
    """Builds the message of a claimed row at send time (files included); None when there
    is nothing to say any more (the row is then done without a message)."""

    def __call__(self, connection: Connection, due: Due, now: datetime) -> Reply | None: ...


class SystemTimer:
    def now(self) -> datetime:
        return utcnow()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class _From:
    """Time inside one `tick(now)`: `now` plus what the tick has slept."""

    def __init__(self, start: datetime, timer: Timer) -> None:
        self.start, self.timer, self.slept = start, timer, timedelta()

    def now(self) -> datetime:
        return self.start + self.slept

    async def sleep(self, seconds: float) -> None:
        await self.timer.sleep(seconds)
        self.slept += timedelta(seconds=seconds)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Deliverer:
    def __init__(
        self,
        sessions: SessionFactory,
        messengers: Mapping[str, Messenger],
        planners: Sequence[Planner] | None = None,
        *,
        worker: str | None = None,
        paces: Mapping[str, Pace] | None = None,
        lease: timedelta = timedelta(minutes=5),
        batch_size: int = 20,
        max_attempts: int = 5,
        idle: timedelta = timedelta(seconds=5),
        timer: Timer | None = None,
        composers: Mapping[str, Composer] | None = None,
    ) -> None:
        self.sessions = sessions
        self.messengers = messengers
        self.planners = list(planners or [])
        self.worker = worker or worker_name()
        self.paces = dict(paces or {})
        self.lease, self.batch_size, self.max_attempts, self.idle = (
            lease, batch_size, max_attempts, idle)
        self.timer: Timer = timer or SystemTimer()
        self.renderers = {name: Renderer(name) for name in messengers}
        self.composers = dict(composers or {})
        self.chat_intervals = {name: pace.chat_interval for name, pace in self.paces.items()}
        # An embedded SQLite answers faster than a thread hop; PostgreSQL goes off the loop.
        self.inline = sessions.kw["bind"].dialect.name == "sqlite"
        self._stopping = False
        self._wake: asyncio.Event | None = None

    # --- planning -------------------------------------------------------------------------

    def plan(self, now: datetime) -> int:
        """Run the planners whose time has come; one transaction per (planner, zone, day)."""
        with transaction(self.sessions) as session:
            runs = due_slots(session.connection(), now, self.planners)
        added, errors = 0, []
        calendar: WorkingCalendar | None = None
        for run in runs:
            try:
                with transaction(self.sessions) as session:
                    connection = session.connection()
                    calendar = calendar or working_calendar(connection)
                    added += run_slot(connection, run, now, calendar)
            except Exception as exc:  # one broken planner must not stop the others
                log.exception("planner %s failed for %s", run.planner.kind, run.timezone)
                errors.append(exc)
        if errors:
            raise errors[0]
        return added

    def refresh_statistics(self) -> None:
        """After a plan added rows: thousands of new pending rows at once. PostgreSQL's
        planner needs fresh numbers now, not at autovacuum's next round, or claims scan
        instead of probing ix_notification_chat (measured on a new table: 75–250 ms instead
        of 1 ms a claim). Maintenance, not planning: run it after waking the sender."""
        if not self.inline:
            with transaction(self.sessions) as session:
                session.execute(text("ANALYZE notification"))

    # --- delivery -------------------------------------------------------------------------

    async def tick(self, now: datetime) -> int:
        """Plan as of `now`, then send everything claimable; returns messages sent."""
        await self._db(self.plan, now)
        return await self._deliver(_From(now, self.timer))

    async def run(self, *, until_idle: bool = False) -> int:
        """Deliver until `stop()` (or, with `until_idle`, until nothing is left to send)."""
        total = 0
        while not self._stopping:
            self._event().clear()
            total += await self._deliver(self.timer)
            if self._stopping:
                break
            now = self.timer.now()
            state = await self._db(self._backlog, now)
            if until_idle and not state.waiting:
                break
            await self._pause(self._wait(state, now))
        return total

    def wake(self) -> None:
        self._event().set()

    def stop(self) -> None:
        """Finish the messages already started, record them, release the rest, return."""
        self._stopping = True
        self.wake()

    def _event(self) -> asyncio.Event:
        if self._wake is None:
            self._wake = asyncio.Event()
        return self._wake

    def _wait(self, state: Backlog, now: datetime) -> float:
        wait = self.idle
        if state.next_due is not None:
            wait = min(wait, state.next_due - now)
        if state.held:  # due rows another process holds, or a chat's earlier message
            wait = min(wait, timedelta(seconds=1))
        return max(wait.total_seconds(), 0.001)

    async def _pause(self, seconds: float) -> None:
        sleeper = asyncio.ensure_future(self.timer.sleep(seconds))
        waker = asyncio.ensure_future(self._event().wait())
        _, pending = await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _deliver(self, clock: Timer) -> int:
        sent = 0
        outcomes: list[Outcome] = []
        tasks: set[asyncio.Task[Outcome]] = set()
        while not self._stopping:
            outcomes += _finished(tasks)
            batch = await self._db(self._step, outcomes, clock)
            sent += _count_sent(outcomes)
            outcomes = []
            if not batch:
                if not tasks:
                    break
                await asyncio.wait(tasks)  # their chats may have more to send
                continue
            for due, slot in batch:
                unknown = fail_unknown(due, self.messengers)
                if unknown is not None:
                    outcomes.append(unknown)
                    continue
                if not self._stopping and slot is not None and slot > clock.now():
                    await clock.sleep((slot - clock.now()).total_seconds())
                if self._stopping:
                    outcomes.append(Released(due.id))
                    continue
                tasks.add(asyncio.ensure_future(self._send(due, clock)))
            if len(tasks) >= 2 * self.batch_size:  # a channel that stopped answering
                await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        if tasks:
            await asyncio.wait(tasks)
        outcomes += _finished(tasks)
        if outcomes:
            await self._db(self._record, outcomes, clock.now())
            sent += _count_sent(outcomes)
        return sent

    async def _send(self, due: Due, clock: Timer) -> Outcome:
        channel = due.recipient.channel
        try:
            composer = self.composers.get(due.kind)
            message = (Reply(due.template, due.context, choices=due.choices) if composer is None
                       else await self._db(self._compose, composer, due, clock.now()))
            if message is not None:
                reply = self.renderers[channel].render(message)
                await self.messengers[channel].send(due.recipient.address, reply)
        except RateLimited as exc:
            return Limited(due.id, due.recipient,
                           clock.now() + timedelta(seconds=exc.retry_after))
        except Undeliverable as exc:
            return Failed(due.id, due.attempts, f"{type(exc).__name__}: {exc}", permanent=True)
        except Exception as exc:  # a channel failure must not stop the others
            log.warning("sending notification %s failed: %s", due.id, type(exc).__name__)
            return Failed(due.id, due.attempts, f"{type(exc).__name__}: {exc}")
        return Sent(due.id, due.recipient, clock.now())

    # --- database steps (each one transaction) --------------------------------------------

    def _step(self, outcomes: list[Outcome],
              clock: Timer) -> list[tuple[Due, datetime | None]]:
        """Record what finished, claim the next batch, reserve its send slots."""
        now = clock.now()
        with transaction(self.sessions) as session:
            connection = session.connection()
            self._flush(connection, outcomes, now)
            batch = claim(connection, now=now, worker=self.worker, lease=self.lease,
                          limit=self.batch_size, channels=self.messengers)
            slots: dict[int, datetime] = {}
            for channel, pace in self.paces.items():
                mine = [d for d in batch if d.recipient.channel == channel]
                # The time again: slots that began while the claim ran would go out at once.
                reserved = reserve(connection, channel, len(mine), clock.now(), pace)
                for due, slot in zip(mine, reserved, strict=True):
                    slots[due.id] = slot
        ordered = [(due, slots.get(due.id)) for due in batch]
        ordered.sort(key=lambda pair: pair[1] or now)
        return ordered

    def _compose(self, composer: Composer, due: Due, now: datetime) -> Reply | None:
        with transaction(self.sessions) as session:
            return composer(session.connection(), due, now)

    def _record(self, outcomes: list[Outcome], now: datetime) -> None:
        with transaction(self.sessions) as session:
            self._flush(session.connection(), outcomes, now)

    def _flush(self, connection: Connection, outcomes: list[Outcome], now: datetime) -> None:
        flush(connection, outcomes, worker=self.worker, now=now,
              max_attempts=self.max_attempts, chat_intervals=self.chat_intervals)

    def _backlog(self, now: datetime) -> Backlog:
        with transaction(self.sessions) as session:
            return backlog(session.connection(), now=now, channels=self.messengers)

    async def _db(self, work: Callable[..., T], *args: Any) -> T:
        if self.inline:
            return work(*args)
        return await asyncio.to_thread(work, *args)


def _finished(tasks: set[asyncio.Task[Outcome]]) -> list[Outcome]:
    done = [task for task in tasks if task.done()]
    tasks.difference_update(done)
    return [task.result() for task in done]


def _count_sent(outcomes: Collection[Outcome]) -> int:
    return sum(1 for o in outcomes if isinstance(o, Sent))
