import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from bot.core.messages import Recipient
from bot.core.outbox import MAX_ATTEMPTS, claim_due, schedule
from bot.db import make_session_factory, transaction
from bot.scheduler import Deliverer
from models import Notification
from tests.conftest import PG_URL
from tests.deliver_worker import run_two
from tests.fakes import FakeMessenger

pytestmark = pytest.mark.usefixtures("engine")


def plan(engine: Engine, now: datetime, count: int, due_in: timedelta = timedelta()) -> None:
    with transaction(make_session_factory(engine)) as session:
        for i in range(count):
            schedule(session, key=f"test:{i}", recipient=Recipient("console", f"user{i}"),
                     template="common/cancelled", context={}, due_at=now + due_in, now=now)


def test_scheduling_the_same_key_twice_keeps_one_row(engine: Engine, now: datetime) -> None:
    sessions = make_session_factory(engine)
    with transaction(sessions) as session:
        first = schedule(session, key="nag:1", recipient=Recipient("console", "a"),
                         template="common/cancelled", context={}, due_at=now, now=now)
        second = schedule(session, key="nag:1", recipient=Recipient("console", "a"),
                          template="common/cancelled", context={}, due_at=now, now=now)
    with transaction(sessions) as session:
        assert (first, second) == (True, False)
        assert session.scalar(select(func.count()).select_from(Notification)) == 1


def test_claims_are_exclusive_until_the_lease_ends(engine: Engine, now: datetime) -> None:
    plan(engine, now, 3)
    sessions = make_session_factory(engine)
    lease = timedelta(minutes=5)
    with transaction(sessions) as session:
        first = claim_due(session, now=now, worker="a", lease=lease)
    with transaction(sessions) as session:
        second = claim_due(session, now=now, worker="b", lease=lease)
    with transaction(sessions) as session:
        after_lease = claim_due(session, now=now + lease + timedelta(seconds=1), worker="b",
                                lease=lease)
    assert len(first) == 3 and second == []
    assert {d.id for d in after_lease} == {d.id for d in first}


def test_nothing_is_claimed_before_it_is_due(engine: Engine, now: datetime) -> None:
    plan(engine, now, 2, due_in=timedelta(hours=1))
    with transaction(make_session_factory(engine)) as session:
        assert claim_due(session, now=now, worker="a", lease=timedelta(minutes=5)) == []


async def test_tick_sends_each_notification_once(engine: Engine, now: datetime) -> None:
    plan(engine, now, 4)
    messenger = FakeMessenger()
    deliverer = Deliverer(make_session_factory(engine), {"console": messenger}, worker="w1")
    assert await deliverer.tick(now) == 4
    assert await deliverer.tick(now + timedelta(hours=1)) == 0
    assert sorted(a for a, _ in messenger.sent) == ["user0", "user1", "user2", "user3"]
    assert "Đã huỷ" in messenger.sent[0][1].text


async def test_failed_send_is_retried_later_then_given_up(engine: Engine, now: datetime) -> None:
    plan(engine, now, 1)
    messenger = FakeMessenger(fail_times=1)
    deliverer = Deliverer(make_session_factory(engine), {"console": messenger}, worker="w1")
    assert await deliverer.tick(now) == 0
    assert await deliverer.tick(now + timedelta(seconds=30)) == 0  # backing off
    assert await deliverer.tick(now + timedelta(minutes=3)) == 1
    assert len(messenger.sent) == 1

    plan_key_always_failing = FakeMessenger(fail_times=100)
    with transaction(make_session_factory(engine)) as session:
        schedule(session, key="doomed", recipient=Recipient("console", "x"),
                 template="common/cancelled", context={}, due_at=now, now=now)
    deliverer = Deliverer(make_session_factory(engine), {"console": plan_key_always_failing})
    moment = now
    for _ in range(MAX_ATTEMPTS + 3):
        moment += timedelta(days=1)
        await deliverer.tick(moment)
    with transaction(make_session_factory(engine)) as session:
        doomed = session.exec(select(Notification).where(Notification.key == "doomed")).one()[0]
        assert doomed.attempts == MAX_ATTEMPTS and doomed.sent_at is None
        assert "ConnectionError" in (doomed.last_error or "")


async def test_two_deliverers_in_one_process_never_double_send(
    engine: Engine, now: datetime
) -> None:
    plan(engine, now, 60)
    messenger = FakeMessenger()
    sessions = make_session_factory(engine)
    a = Deliverer(sessions, {"console": messenger}, worker="a")
    b = Deliverer(sessions, {"console": messenger}, worker="b")
    results = await asyncio.gather(a.tick(now), b.tick(now), a.tick(now), b.tick(now))
    assert sum(results) == 60
    assert len({addr for addr, _ in messenger.sent}) == 60 == len(messenger.sent)


@pytest.mark.skipif(not PG_URL, reason="two-process delivery needs TEST_DATABASE_URL")
def test_two_processes_on_postgresql_send_each_row_exactly_once(
    engine: Engine, now: datetime, tmp_path, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("this test is about PostgreSQL row locks")
    plan(engine, now, 1000)
    lines = run_two(database_url, now.isoformat(), tmp_path)
    sent = [line.split("|")[0] for line in lines]
    assert len(sent) == 1000 and len(set(sent)) == 1000
    assert {(tmp_path / n).exists() for n in ("a.txt", "b.txt")} == {True}, "both took a share"
