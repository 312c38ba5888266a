"""One interval job per process: run planners, claim due notifications, send, mark sent."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlmodel import Session

from bot.core.clock import utcnow
from bot.core.messages import Messenger, Reply
from bot.core.outbox import claim_due, mark_failed, mark_sent
from bot.db import SessionFactory, transaction
from bot.rendering import Renderer

log = logging.getLogger(__name__)

# A planner looks at the data and schedules notifications (idempotently, by key).
Planner = Callable[[Session, datetime], int]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Deliverer:
    """Everything one scheduler tick does, with `now` passed in so tests drive the clock."""

    def __init__(
        self,
        sessions: SessionFactory,
        messengers: Mapping[str, Messenger],
        planners: list[Planner] | None = None,
        *,
        worker: str | None = None,
        lease: timedelta = timedelta(minutes=5),
    ) -> None:
        self.sessions = sessions
        self.messengers = messengers
        self.planners = planners or []
        self.worker = worker or worker_name()
        self.lease = lease
        self.renderers = {name: Renderer(name) for name in messengers}

    def plan(self, now: datetime) -> int:
        added = 0
        for planner in self.planners:
            with transaction(self.sessions) as session:
                added += planner(session, now)
        return added

    async def tick(self, now: datetime) -> int:
        """Plan, then send what is due; returns how many messages went out."""
        await asyncio.to_thread(self.plan, now)
        with transaction(self.sessions) as session:
            due = claim_due(session, now=now, worker=self.worker, lease=self.lease)
        sent = 0
        for item in due:
            messenger = self.messengers.get(item.recipient.channel)
            error = None
            if messenger is None:
                error = f"no messenger for channel {item.recipient.channel}"
            else:
                try:
                    reply = self.renderers[item.recipient.channel].render(
                        Reply(item.template, item.context, choices=item.choices)
                    )
                    await messenger.send(item.recipient.address, reply)
                except Exception as exc:  # a channel failure must not stop the others
                    log.warning("sending notification %s failed: %s", item.id, exc)
                    error = f"{type(exc).__name__}: {exc}"
            with transaction(self.sessions) as session:
                if error is None:
                    mark_sent(session, item.id, self.worker, now)
                    sent += 1
                else:
                    mark_failed(session, item.id, self.worker, now, error)
        return sent


def start_scheduler(deliverer: Deliverer, interval_seconds: int) -> AsyncIOScheduler:
    """Must be called from inside the running event loop."""
    scheduler = AsyncIOScheduler(timezone="UTC")

    async def job() -> None:
        try:
            await deliverer.tick(utcnow())
        except Exception:
            log.exception("scheduler tick failed")

    scheduler.add_job(
        job, "interval", seconds=interval_seconds, max_instances=1, coalesce=True,
        id="deliver", next_run_time=utcnow(),
    )
    scheduler.start()
    return scheduler
