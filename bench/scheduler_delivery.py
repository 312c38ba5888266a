"""Delivery half of bench/scheduler.py: a simulated Telegram, bot processes sending to it,
and the AIORateLimiter check. Run as `python bench/scheduler_delivery.py worker …` for one
sending process."""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections import deque
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pydantic import SecretStr
from sqlalchemy import insert, text
from telegram.request import RequestData

from bot.app import build_app
from bot.channels.telegram import TelegramMessenger, build_telegram
from bot.core.messages import RateLimited, RenderedReply
from bot.core.outbox.pace import Pace
from bot.db import make_engine, make_session_factory, upgrade
from bot.delivery import Deliverer
from bot.settings import Settings
from models import Notification
from tests.conftest import reset_postgres
from tests.telegram_fakes import RecordingRequest

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


class SimulatedTelegram:
    """One server for all senders: answers after `latency`, 429 beyond 30/s or 1/s a chat."""

    def __init__(self, latency: float, limits: bool) -> None:
        self.latency, self.limits = latency, limits
        self.recent: deque[float] = deque()
        self.last_in_chat: dict[str, float] = {}
        self.accepted: list[tuple[str, float]] = []
        self.refused = 0

    def decide(self, chat: str) -> str:
        now = time.monotonic()
        while self.recent and now - self.recent[0] >= 1:
            self.recent.popleft()
        if self.limits and (len(self.recent) >= 30 or now - self.last_in_chat.get(chat, -9) < 1):
            self.refused += 1
            return "429 1"
        self.recent.append(now)
        self.last_in_chat[chat] = now
        self.accepted.append((chat, now))
        return "ok"

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async def answer(number: str, verdict: str) -> None:
            await asyncio.sleep(self.latency)
            writer.write(f"{number} {verdict}\n".encode())

        pending = set()
        while line := await reader.readline():
            number, chat = line.decode().split()
            task = asyncio.ensure_future(answer(number, self.decide(chat)))
            pending.add(task)
            task.add_done_callback(pending.discard)
        writer.close()


class SimulatedTelegramMessenger:
    """A bot process's side: one connection, many requests in flight."""

    channel = "telegram"

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.waiting: dict[str, asyncio.Future[str]] = {}
        self.count = 0
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        reader, self.writer = await asyncio.open_connection(self.host, self.port)

        async def answers() -> None:
            while line := await reader.readline():
                number, verdict = line.decode().split(" ", 1)
                self.waiting.pop(number).set_result(verdict.strip())

        self.reader_task = asyncio.ensure_future(answers())

    async def send(self, address: str, reply: RenderedReply) -> None:
        assert self.writer is not None
        self.count += 1
        number = str(self.count)
        self.waiting[number] = asyncio.get_running_loop().create_future()
        self.writer.write(f"{number} {address}\n".encode())
        verdict = await self.waiting[number]
        if verdict.startswith("429"):
            raise RateLimited(float(verdict.split()[1]))


async def worker(url: str, name: str, pace: float, host: str, port: int) -> None:
    engine = make_engine(url)
    messenger = SimulatedTelegramMessenger(host, port)
    await messenger.connect()
    deliverer = Deliverer(make_session_factory(engine), {"telegram": messenger}, worker=name,
                          paces={"telegram": Pace(pace)})
    await deliverer.run(until_idle=True)
    engine.dispose()


def backlog_rows(messages: int) -> list[dict[str, Any]]:
    """One message per chat, except every seventh chat, which has two."""
    rows, chat = [], 0
    while len(rows) < messages:
        for _ in range(2 if chat % 7 == 0 else 1):
            rows.append({"key": f"bench:{len(rows)}", "kind": "nag", "priority": 50,
                         "channel": "telegram", "address": str(500_000 + chat),
                         "template": "report/nag", "choices": [], "due_at": NOW,
                         "created_at": NOW, "attempts": 0,
                         "context": {"day": "2025-03-14", "sector": "Công an", "unit": "Xã A"}})
        chat += 1
    return rows[:messages]


async def deliver_backlog(url: str, messages: int, pace: float, *, processes: int,
                          latency: float = 0.1, limits: bool = True) -> dict[str, float]:
    reset_postgres(url).dispose()
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(insert(Notification.__table__), backlog_rows(messages))  # type: ignore[attr-defined]
        connection.execute(text("ANALYZE notification"))
    engine.dispose()
    telegram = SimulatedTelegram(latency, limits)
    server = await asyncio.start_server(telegram.serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    procs = [await asyncio.create_subprocess_exec(
        sys.executable, __file__, "worker", url, f"bench-{i}", str(pace), "127.0.0.1", str(port))
        for i in range(processes)]
    assert [await p.wait() for p in procs] == [0] * processes
    server.close()
    times = [t for _, t in telegram.accepted]
    per_chat: dict[str, list[float]] = {}
    for chat, moment in telegram.accepted:
        per_chat.setdefault(chat, []).append(moment)
    gaps = [b - a for seen in per_chat.values() for a, b in pairwise(seen)]
    return {"sent": len(times), "rate": (len(times) - 1) / (max(times) - min(times)),
            "refused": telegram.refused, "peak": _peak(times),
            "chat_gap": min(gaps) if gaps else float("nan")}


def _peak(times: list[float]) -> int:
    ordered, best, start = sorted(times), 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= 1:
            start += 1
        best = max(best, end - start + 1)
    return best


class SlowBotApi(RecordingRequest):
    """The Bot API at 100 ms a call, with the moment each message arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived: list[float] = []

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         **timeouts: Any) -> tuple[int, bytes]:
        if url.endswith("/sendMessage"):
            self.arrived.append(time.monotonic())
            await asyncio.sleep(0.1)
        return await super().do_request(url, method, request_data, **timeouts)


async def limiter_check(limiter: bool, *, messages: int, pace: float) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp),  # type: ignore[call-arg]
                            telegram_token=SecretStr("1:bench"))
        app = build_app(settings)
        with app.engine.begin() as connection:
            connection.execute(insert(Notification.__table__),  # type: ignore[attr-defined]
                               [{**row, "address": str(1_000 + i)}
                                for i, row in enumerate(backlog_rows(messages))])
        request = SlowBotApi()
        application, _ = build_telegram(settings, app.dispatcher, request=request,
                                        rate_limit=limiter, with_updater=False)
        async with application:
            deliverer = Deliverer(app.sessions, {"telegram": TelegramMessenger(application)},
                                  paces={"telegram": Pace(pace)})
            await deliverer.run(until_idle=True)
        app.engine.dispose()
        return (len(request.arrived) - 1) / (max(request.arrived) - min(request.arrived))


if __name__ == "__main__" and sys.argv[1] == "worker":
    url, name, pace, host, port = sys.argv[2:7]
    asyncio.run(worker(url, name, float(pace), host, int(port)))  # the server counts
