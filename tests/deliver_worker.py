"""Run as a separate process by the two-process test: tick until nothing is due."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime

from bot.app import build_app
from bot.core.messages import RenderedReply
from bot.db import make_engine, make_session_factory
from bot.scheduler import Deliverer
from bot.settings import Settings


class FileMessenger:
    channel = "console"

    def __init__(self, path: str) -> None:
        self.path = path

    async def send(self, address: str, reply: RenderedReply) -> None:
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(f"{address}|{reply.text.splitlines()[0]}\n")


async def main(url: str, out_path: str, now_iso: str, worker: str, plan: str = "") -> None:
    engine = make_engine(url)
    # With "plan", the process also runs the bot's real planners (reminders) each tick.
    planners = build_app(Settings(_env_file=None, database_url=url)).planners if plan else []
    deliverer = Deliverer(
        make_session_factory(engine), {"console": FileMessenger(out_path)}, planners,
        worker=worker,
    )
    now = datetime.fromisoformat(now_iso)
    sys.stdin.readline()  # start line: both processes begin claiming together
    while await deliverer.tick(now):
        pass
    engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:6]))
