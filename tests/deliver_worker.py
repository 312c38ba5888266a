"""Bot processes delivering on one database, on one virtual clock kept by the test.

Each worker is a real OS process running the real `Deliverer` on PostgreSQL. Its timer does
not sleep: it writes "sleep <µs>" and waits for the test to answer "now <µs> <horizon µs>"
(or "stop", which stops it as SIGTERM stops `motcua run`). The test's `Coordinator` answers
only when every worker waits, moving time to the earliest wake-up — a discrete-event clock
across processes, so a 20,000-message backlog at 30 messages a second takes a minute, not
eleven, and every send time it records is exactly what a wall clock would have shown.

The horizon is the earliest wake-up of the other workers: until then nobody else can act,
so a worker sleeps up to it on its own without asking (conservative lookahead), which saves
a round trip through the test for most sends.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from bot.core.messages import RenderedReply
from bot.core.outbox.pace import Pace, from_us, to_us
from bot.db import make_engine, make_session_factory
from bot.delivery import Deliverer


class PipeTimer:
    def __init__(self, start_us: int, answers: TextIO, questions: TextIO) -> None:
        self._now = from_us(start_us)
        self.horizon = start_us  # until then nobody else acts: no need to ask
        self.answers, self.questions = answers, questions
        self.on_stop: Callable[[], None] = lambda: None

    def now(self):  # type: ignore[no-untyped-def]
        return self._now

    async def sleep(self, seconds: float) -> None:
        for _ in range(2):  # sends started at this moment run at this moment
            await asyncio.sleep(0)
        wake = to_us(self._now + timedelta(seconds=max(seconds, 0)))
        if wake < self.horizon:
            self._now = from_us(wake)
            return
        self.questions.write(f"sleep {wake}\n")
        self.questions.flush()
        answer = self.answers.readline().split()
        if not answer or answer[0] == "stop":
            self.on_stop()
            return
        self._now = from_us(max(int(answer[1]), to_us(self._now)))
        self.horizon = int(answer[2])


class FileMessenger:
    """The channel: one line per accepted message, written through at once (kill -9 safe)."""

    def __init__(self, path: str, channel: str, timer: PipeTimer) -> None:
        self.out = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115
        self.channel, self.timer = channel, timer

    async def send(self, address: str, reply: RenderedReply) -> None:
        self.out.write(f"{address}|{to_us(self.timer.now())}|{reply.text.splitlines()[0]}\n")


async def main(options: argparse.Namespace) -> None:
    engine = make_engine(options.url)
    timer = PipeTimer(options.start_us, sys.stdin, sys.stdout)
    messenger = FileMessenger(options.out, options.channel, timer)
    planners = []
    if options.plan:  # the bot's real planners, as `motcua run` has them
        from bot.app import build_app
        from bot.settings import Settings

        planners = build_app(Settings(_env_file=None, database_url=options.url)).planners
    deliverer = Deliverer(
        make_session_factory(engine), {options.channel: messenger}, planners,
        worker=options.worker, paces={options.channel: Pace(options.rate)},
        batch_size=options.batch, timer=timer,
    )
    timer.on_stop = deliverer.stop
    if planners and await asyncio.to_thread(deliverer.plan, timer.now()):
        await asyncio.to_thread(deliverer.refresh_statistics)  # as the scheduler's job does
    await deliverer.run(until_idle=True)
    engine.dispose()


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("start_us", type=int)
    parser.add_argument("worker")
    parser.add_argument("--channel", default="telegram")
    parser.add_argument("--rate", type=float, default=30)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--plan", action="store_true")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse(sys.argv[1:])))


@dataclass(frozen=True)
class Delivery:
    address: str
    at_us: int
    text: str
    worker: str


class Coordinator:
    """Starts workers and keeps their shared virtual clock (see the module docstring)."""

    def __init__(self, url: str, start_us: int, out_dir: Path, *options: str) -> None:
        self.url, self.now, self.out_dir, self.options = url, start_us, out_dir, options
        self.procs: dict[str, subprocess.Popen[str]] = {}
        self.waiting: dict[str, int] = {}
        self.names: list[str] = []

    def spawn(self, name: str) -> None:
        self.names.append(name)
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", "tests.deliver_worker", self.url,
             str(self.out_dir / f"{name}.txt"), str(self.now), name, *self.options],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )

    def stop(self, name: str) -> None:
        """Like SIGTERM: finish what was started, record it, release the rest."""
        del self.waiting[name]
        self._tell(name, "stop")

    def kill(self, name: str) -> None:
        """kill -9 while it waits: whatever it sent and had not recorded is lost to the DB."""
        proc = self.procs.pop(name)
        self.waiting.pop(name, None)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)

    def run(self, hook: Callable[[Coordinator], None] = lambda _c: None) -> list[Delivery]:
        while self.procs:
            for name in [n for n in self.procs if n not in self.waiting]:
                stdout = self.procs[name].stdout
                assert stdout is not None
                line = stdout.readline()
                if line.startswith("sleep "):
                    self.waiting[name] = int(line.split()[1])
                else:  # finished
                    assert self.procs.pop(name).wait(timeout=60) == 0, f"{name} failed"
            if not self.waiting:
                continue
            self.now = max(self.now, min(self.waiting.values()))
            hook(self)
            woken = [name for name, wake in self.waiting.items() if wake <= self.now]
            for name in woken:
                del self.waiting[name]
            # Others asleep cannot act before their wake-up. Two woken together, or a worker
            # just started, may act at any moment: then every step must ask.
            running = len(self.procs) - len(self.waiting)
            horizon = min(self.waiting.values(), default=2**62) if running == 1 else self.now
            for name in woken:
                self._tell(name, f"now {self.now} {horizon}")
        return self.deliveries()

    def _tell(self, name: str, line: str) -> None:
        stdin = self.procs[name].stdin
        assert stdin is not None
        stdin.write(line + "\n")
        stdin.flush()

    def deliveries(self) -> list[Delivery]:
        found = []
        for name in self.names:
            path = self.out_dir / f"{name}.txt"
            if path.exists():
                for line in path.read_text(encoding="utf-8").splitlines():
                    address, at_us, text = line.split("|", 2)
                    found.append(Delivery(address, int(at_us), text, name))
        return found
