"""Run as a separate process by the two-process test: tick until nothing is due."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import datetime
from pathlib import Path

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


def run_two(url: str, now_iso: str, out_dir: Path, plan: bool = False) -> list[str]:
    """Start two worker processes, release them together, return every line they sent."""
    outputs = [out_dir / "a.txt", out_dir / "b.txt"]
    procs = [
        subprocess.Popen([sys.executable, "-m", "tests.deliver_worker", url, str(out),
                          now_iso, f"proc-{i}", "plan" if plan else ""],
                         stdin=subprocess.PIPE, text=True)
        for i, out in enumerate(outputs)
    ]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    return [line for out in outputs if out.exists() for line in out.read_text().splitlines()]
