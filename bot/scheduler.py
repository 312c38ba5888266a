"""Scheduled work in a running bot: an APScheduler interval job plans, a task delivers.

Planning is cheap when nothing is due (two lookups, `bot/core/outbox/planning.py`), so it
runs every `SCHEDULER_INTERVAL_SECONDS`; when it adds rows it wakes the delivery loop, which
otherwise runs by itself while there is anything to send (`bot/delivery.py`).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.core.clock import utcnow
from bot.core.outbox.planning import Planner
from bot.delivery import Deliverer, worker_name

__all__ = ["Background", "Deliverer", "Planner", "start_scheduler", "worker_name"]
log = logging.getLogger(__name__)


@dataclass
class Background:
    scheduler: AsyncIOScheduler
    delivery: asyncio.Task[int]
    deliverer: Deliverer

    async def stop(self, timeout: float = 30) -> None:
        """Stop planning; let delivery finish what it started and record it."""
        self.scheduler.shutdown(wait=False)
        self.deliverer.stop()
        try:
            await asyncio.wait_for(self.delivery, timeout)
        except Exception:
            log.exception("delivery did not stop cleanly")


def start_scheduler(deliverer: Deliverer, interval_seconds: int) -> Background:
    """Must be called from inside the running event loop."""
    scheduler = AsyncIOScheduler(timezone="UTC")

    async def plan() -> None:
        try:
            if await asyncio.to_thread(deliverer.plan, utcnow()):
                deliverer.wake()
                await asyncio.to_thread(deliverer.refresh_statistics)
        except Exception:
            log.exception("scheduler planning failed")

    scheduler.add_job(
        plan, "interval", seconds=interval_seconds, max_instances=1, coalesce=True,
        id="plan", next_run_time=utcnow(),
    )
    scheduler.start()

    async def deliver() -> int:
        while True:
            try:
                return await deliverer.run()
            except Exception:  # the database went away: try again shortly
                log.exception("delivery loop failed")
                await asyncio.sleep(deliverer.idle.total_seconds())

    return Background(scheduler, asyncio.create_task(deliver()), deliverer)
