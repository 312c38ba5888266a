"""Delivery paced to the channel: one rate shared by two senders, one message a second per
chat, a 429 delays only its chat, a stop loses and repeats nothing. Virtual time throughout."""

import itertools
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from bot.core.messages import Recipient, RenderedReply
from bot.core.outbox import schedule
from bot.core.outbox.pace import Pace
from bot.db import make_engine, make_session_factory, transaction
from bot.delivery import Deliverer
from models import Notification
from tests.fakes import FakeMessenger
from tests.virtual_time import VirtualTimer, together

RATE = Pace(30, timedelta(seconds=1))
SECOND = timedelta(seconds=1)


@pytest.fixture
def engines(engine: Engine, database_url: str) -> Iterator[tuple[Engine, Engine]]:
    """Two engines on one database, as two bot processes would have."""
    first, second = make_engine(database_url), make_engine(database_url)
    yield first, second
    first.dispose()
    second.dispose()


def plan(engine: Engine, now: datetime, chats: list[str]) -> None:
    with transaction(make_session_factory(engine)) as session:
        for i, chat in enumerate(chats):
            schedule(session, key=f"test:{i}", recipient=Recipient("telegram", chat),
                     template="report/nag", context={"day": "2025-03-14", "sector": "xã",
                                                     "unit": str(i)},
                     due_at=now, now=now)


def deliverer(engine: Engine, messenger: FakeMessenger, timer: VirtualTimer, worker: str,
              **options: object) -> Deliverer:
    return Deliverer(make_session_factory(engine), {"telegram": messenger}, worker=worker,
                     paces={"telegram": RATE}, timer=timer, **options)  # type: ignore[arg-type]


def most_in_one_second(times: list[datetime]) -> int:
    ordered = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= SECOND:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_the_window_count_would_catch_a_burst(now: datetime) -> None:
    assert most_in_one_second([now + timedelta(milliseconds=30 * i) for i in range(40)]) == 34
    assert most_in_one_second([now + timedelta(seconds=i / 30) for i in range(90)]) == 30


async def test_two_senders_together_keep_the_channel_rate(
    engines: tuple[Engine, Engine], now: datetime
) -> None:
    plan(engines[0], now, [f"chat{i}" for i in range(300)])
    timer = VirtualTimer(now)
    messenger = FakeMessenger("telegram", clock=timer.now)
    a = deliverer(engines[0], messenger, timer, "proc-a")
    b = deliverer(engines[1], messenger, timer, "proc-b")
    sent = await together(timer, a.run(until_idle=True), b.run(until_idle=True))
    assert sum(sent) == 300 and min(sent) > 0, "both processes took a share"
    assert len({address for address, _ in messenger.sent}) == 300
    assert most_in_one_second(messenger.times) == 30
    duration = max(messenger.times) - min(messenger.times)
    assert timedelta(seconds=9.9) <= duration <= timedelta(seconds=10.5)  # ≈ 30/s sustained


async def test_one_chat_gets_at_most_one_message_a_second(
    engines: tuple[Engine, Engine], now: datetime
) -> None:
    plan(engines[0], now, ["lan"] * 4 + [f"chat{i}" for i in range(40)] + ["lan"] * 2)
    timer = VirtualTimer(now)
    messenger = FakeMessenger("telegram", clock=timer.now)
    await together(timer, deliverer(engines[0], messenger, timer, "a").run(until_idle=True),
                   deliverer(engines[1], messenger, timer, "b").run(until_idle=True))
    to_lan = [t for (address, _), t in zip(messenger.sent, messenger.times, strict=True)
              if address == "lan"]
    gaps = [later - earlier for earlier, later in itertools.pairwise(to_lan)]
    assert len(to_lan) == 6 and min(gaps) >= SECOND
    assert max(gaps) < 3 * SECOND  # paced, not starved behind the other chats
    assert len(messenger.sent) == 46


async def test_a_429_delays_only_that_chat(engine: Engine, now: datetime) -> None:
    plan(engine, now, [f"chat{i}" for i in range(60)])
    timer = VirtualTimer(now)
    messenger = FakeMessenger("telegram", clock=timer.now, rate_limited={"chat7": 30})
    await together(timer, deliverer(engine, messenger, timer, "a").run(until_idle=True))
    sent_at = {address: t for (address, _), t in zip(messenger.sent, messenger.times,
                                                     strict=True)}
    assert len(sent_at) == 60
    assert sent_at["chat7"] >= messenger.refused_at["chat7"] + timedelta(seconds=30)
    others = [t for address, t in sent_at.items() if address != "chat7"]
    assert max(others) < now + 3 * SECOND  # everyone else went out at the channel's pace
    with transaction(make_session_factory(engine)) as session:
        delayed = session.exec(select(Notification).where(Notification.address == "chat7"))
        assert delayed.one()[0].attempts == 0  # a 429 is not a failed attempt


class StopAfter(FakeMessenger):
    """Stops its deliverer after `count` messages, like SIGTERM during delivery."""

    def __init__(self, count: int, timer: VirtualTimer) -> None:
        super().__init__("telegram", clock=timer.now)
        self.count = count
        self.deliverer: Deliverer | None = None

    async def send(self, address: str, reply: RenderedReply) -> None:
        await super().send(address, reply)
        if len(self.sent) == self.count and self.deliverer is not None:
            self.deliverer.stop()


async def test_a_stopped_sender_records_what_it_sent_and_releases_the_rest(
    engines: tuple[Engine, Engine], now: datetime
) -> None:
    plan(engines[0], now, [f"chat{i}" for i in range(100)])
    timer = VirtualTimer(now)
    first = StopAfter(25, timer)
    stopping = deliverer(engines[0], first, timer, "old", batch_size=10)
    first.deliverer = stopping
    assert await together(timer, stopping.run()) == [25]
    with transaction(make_session_factory(engines[0])) as session:
        rows = [r[0] for r in session.exec(select(Notification))]
    assert sum(r.sent_at is not None for r in rows) == 25
    assert not [r for r in rows if r.sent_at is None and r.claimed_by is not None]
    second = FakeMessenger("telegram", clock=timer.now)
    restarted = deliverer(engines[1], second, timer, "new")
    assert await together(timer, restarted.run(until_idle=True)) == [75]
    everyone = [address for address, _ in first.sent + second.sent]
    assert sorted(everyone) == sorted(f"chat{i}" for i in range(100))
