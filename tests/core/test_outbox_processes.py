"""Several bot processes on one PostgreSQL: each message once, at the channel's rate, no chat
over one message a second — through a restart, and (at least once) through a kill -9."""

import re
from collections import Counter, defaultdict
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select, text

from bot.app import App
from bot.core.outbox.pace import to_us
from bot.core.people import create_unit
from bot.db import transaction
from models import Notification, Role, User
from tests.conftest import PG_URL
from tests.deliver_worker import Coordinator, Delivery

pytestmark = pytest.mark.skipif(not PG_URL, reason="processes share a PostgreSQL")
FRIDAY_1630 = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
SECOND_US = 1_000_000


def postgres_only(url: str) -> None:
    if not url.startswith("postgresql"):
        pytest.skip("this test is about PostgreSQL")


def most_in_one_second(times_us: list[int]) -> int:
    ordered, best, start = sorted(times_us), 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= SECOND_US:
            start += 1
        best = max(best, end - start + 1)
    return best


def closest_in_one_chat(deliveries: list[Delivery]) -> int:
    per_chat: dict[str, list[int]] = defaultdict(list)
    for d in deliveries:
        per_chat[d.address].append(d.at_us)
    gaps = [b - a for times in per_chat.values() if len(times) > 1
            for a, b in pairwise(sorted(times))]
    return min(gaps)


def backlog(engine: Engine, now: datetime) -> int:
    """20,000 messages: 14,000 chats with one, 3,000 chats with two (planned one after the
    other, so the second always waits for the first)."""
    rows, number = [], 0
    for chat in range(17_000):
        for _ in range(2 if chat < 3_000 else 1):
            rows.append({"key": f"backlog:{number}", "kind": "nag", "priority": 50,
                         "channel": "telegram", "address": str(100_000 + chat),
                         "template": "report/nag", "choices": [], "due_at": now,
                         "created_at": now, "attempts": 0,
                         "context": {"day": "2025-03-14", "sector": "xã", "unit": str(number)}})
            number += 1
    with engine.begin() as connection:
        connection.execute(insert(Notification.__table__), rows)  # type: ignore[attr-defined]
        # As the scheduler does after planning (autovacuum would, a minute later).
        connection.execute(text("ANALYZE notification"))
    return number


def test_two_processes_deliver_a_20000_message_backlog_once_each_at_the_channel_rate(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    postgres_only(database_url)
    count = backlog(engine, FRIDAY_1630)
    start = to_us(FRIDAY_1630)
    coordinator = Coordinator(database_url, start, tmp_path, "--rate", "30")
    coordinator.spawn("a")
    coordinator.spawn("b")
    restarted = []

    def restart_a_midway(c: Coordinator) -> None:
        if not restarted and c.now >= start + 200 * SECOND_US and "a" in c.waiting:
            c.stop("a")  # SIGTERM-like: a new process takes its place
            c.spawn("c")
            restarted.append(c.now)

    deliveries = coordinator.run(restart_a_midway)
    numbers = sorted(int(re.search(r"\((\d+)\)", d.text).group(1))  # type: ignore[union-attr]
                     for d in deliveries)
    assert numbers == list(range(count)), "every message exactly once"
    assert {d.worker for d in deliveries} == {"a", "b", "c"} and restarted
    times = [d.at_us for d in deliveries]
    assert most_in_one_second(times) <= 30
    assert closest_in_one_chat(deliveries) >= SECOND_US
    sustained = count / ((max(times) - min(times)) / SECOND_US)
    assert sustained >= 29, f"{sustained:.1f} messages/s"
    with engine.connect() as connection:
        table = Notification.__table__  # type: ignore[attr-defined]
        unsent = connection.scalar(select(func.count()).where(table.c.sent_at.is_(None)))
        assert unsent == 0


def make_units(app: App, units: int, staff: int) -> list[str]:
    """`units` communes, each with `staff` staff over its sectors and a lead, on Telegram."""
    addresses = []
    with transaction(app.sessions) as session:
        for u in range(units):
            unit = create_unit(session, code=f"x{u}", name=f"Xã {u}", now=FRIDAY_1630,
                               sectors=["xa", "ca", "qs", "dd", "bhxh"])
            for s in range(staff):
                address = str(10_000 * (u + 1) + s)
                addresses.append(address)
                session.add(User(channel="telegram", address=address, role=Role.STAFF.value,
                                 unit_id=unit.id, sector=unit.sectors[s % 5],
                                 created_at=FRIDAY_1630, last_seen_at=FRIDAY_1630))
            session.add(User(channel="telegram", address=str(10_000 * (u + 1) + 999),
                             role=Role.LEAD.value, unit_id=unit.id, created_at=FRIDAY_1630,
                             last_seen_at=FRIDAY_1630))
    return addresses


@pytest.mark.parametrize("restart", ["stop", "kill"])
def test_two_processes_plan_and_nag_each_person_once_through_a_restart(
    app: App, database_url: str, tmp_path: Path, restart: str
) -> None:
    postgres_only(database_url)
    staff = make_units(app, units=30, staff=10)
    start = to_us(FRIDAY_1630)
    coordinator = Coordinator(database_url, start, tmp_path, "--plan", "--batch", "20")
    coordinator.spawn("a")
    coordinator.spawn("b")
    done = []

    def restart_a(c: Coordinator) -> None:
        if not done and c.now >= start + 5 * SECOND_US and "a" in c.waiting:
            c.stop("a") if restart == "stop" else c.kill("a")
            c.spawn("c")  # plans again on start, like any new process
            done.append(restart)

    deliveries = coordinator.run(restart_a)
    assert done
    with app.engine.connect() as connection:
        table = Notification.__table__  # type: ignore[attr-defined]
        planned = connection.execute(select(table.c.address).where(table.c.kind == "nag"))
        assert sorted(a for (a,) in planned) == sorted(staff), "one row per person/day/kind"
    times = Counter(d.address for d in deliveries)
    assert set(times) == set(staff), "everyone was reminded"
    twice = [address for address, n in times.items() if n > 1]
    if restart == "stop":
        assert twice == [], "a stopped process records what it sent: nothing repeats"
    else:
        # At least once: what the killed process sent but had not recorded went out again,
        # at most one batch, and only messages it had sent.
        first_by_a = {d.address for d in deliveries if d.worker == "a"}
        assert len(twice) <= 20 and set(twice) <= first_by_a
    assert max(times.values()) <= 2
