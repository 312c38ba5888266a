"""The outbox: rows planned once, claimed by one process, retried by the clock, given up for
good with the reason, and the most urgent kind first."""

import asyncio
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Connection, Engine, func, select, text

from bot.core.messages import Attachment, Recipient, Reply
from bot.core.outbox import Due, schedule
from bot.core.outbox.claims import claim
from bot.core.outbox.failures import list_failed, retry
from bot.db import make_session_factory, transaction
from bot.delivery import Deliverer
from models import Notification
from tests.fakes import FakeMessenger

pytestmark = pytest.mark.usefixtures("engine")
LEASE = timedelta(minutes=5)


def plan(engine: Engine, now: datetime, count: int, due_in: timedelta = timedelta(),
         kind: str = "test", channel: str = "console", chat: str = "user") -> None:
    with transaction(make_session_factory(engine)) as session:
        for i in range(count):
            schedule(session, key=f"{kind}:{i}", recipient=Recipient(channel, f"{chat}{i}"),
                     template="common/cancelled", context={}, due_at=now + due_in, now=now)


def row(engine: Engine, key: str) -> Notification:
    with transaction(make_session_factory(engine)) as session:
        return session.exec(select(Notification).where(Notification.key == key)).one()[0]


def claim_now(engine: Engine, now: datetime, worker: str, limit: int = 50) -> list[int]:
    with transaction(make_session_factory(engine)) as session:
        return [d.id for d in claim(session.connection(), now=now, worker=worker, lease=LEASE,
                                    limit=limit, channels={"console"})]


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
    assert (row(engine, "nag:1").kind, row(engine, "nag:1").priority) == ("nag", 50)


def test_claims_are_exclusive_until_the_lease_ends(engine: Engine, now: datetime) -> None:
    plan(engine, now, 3)
    first = claim_now(engine, now, "a")
    second = claim_now(engine, now, "b")
    after_lease = claim_now(engine, now + LEASE, "b")  # `<=`: the lease's last instant frees it
    assert len(first) == 3 and second == []
    assert set(after_lease) == set(first)


def test_nothing_is_claimed_before_it_is_due(engine: Engine, now: datetime) -> None:
    plan(engine, now, 2, due_in=timedelta(hours=1))
    assert claim_now(engine, now, "a") == []
    assert len(claim_now(engine, now + timedelta(hours=1), "a")) == 2


def test_the_most_urgent_kind_goes_first(engine: Engine, now: datetime) -> None:
    plan(engine, now, 5, kind="nag")
    plan(engine, now, 5, kind="summary", chat="other")
    later = now + timedelta(minutes=1)
    with transaction(make_session_factory(engine)) as session:
        schedule(session, key="deadline:dossier-7", recipient=Recipient("console", "lan"),
                 template="common/cancelled", context={}, due_at=later, now=later)
        schedule(session, key="approval:3:1", recipient=Recipient("console", "lead"),
                 template="common/cancelled", context={}, due_at=later, now=later)
    ids = claim_now(engine, later, "a", limit=12)
    with transaction(make_session_factory(engine)) as session:
        kinds = [session.get(Notification, i).kind for i in ids]  # type: ignore[union-attr]
    assert kinds == ["deadline", "approval"] + ["nag"] * 5 + ["summary"] * 5


def test_one_chat_has_one_message_in_flight(engine: Engine, now: datetime) -> None:
    with transaction(make_session_factory(engine)) as session:
        for i in range(3):
            schedule(session, key=f"test:{i}", recipient=Recipient("console", "same"),
                     template="common/cancelled", context={}, due_at=now, now=now)
    assert len(claim_now(engine, now, "a")) == 1
    assert claim_now(engine, now, "b") == []  # the chat's head is in flight with "a"


async def test_tick_sends_each_notification_once(engine: Engine, now: datetime) -> None:
    plan(engine, now, 4)
    messenger = FakeMessenger()
    deliverer = Deliverer(make_session_factory(engine), {"console": messenger}, worker="w1")
    assert await deliverer.tick(now) == 4
    assert await deliverer.tick(now + timedelta(hours=1)) == 0
    assert sorted(a for a, _ in messenger.sent) == ["user0", "user1", "user2", "user3"]
    assert "Đã huỷ" in messenger.sent[0][1].text


async def test_retries_wait_their_delay_whatever_the_tick(engine: Engine, now: datetime) -> None:
    plan(engine, now, 1)
    messenger = FakeMessenger(fail_times=2)
    deliverer = Deliverer(make_session_factory(engine), {"console": messenger}, worker="w1")
    assert await deliverer.tick(now) == 0
    assert row(engine, "test:0").due_at == now + timedelta(minutes=2)
    assert await deliverer.tick(now + timedelta(seconds=119)) == 0  # backing off
    assert await deliverer.tick(now + timedelta(minutes=2)) == 0  # exactly due: second attempt
    assert await deliverer.tick(now + timedelta(minutes=6)) == 1  # 2 + 4 minutes
    done = row(engine, "test:0")
    assert len(messenger.sent) == 1 and done.attempts == 2 and done.sent_at is not None


async def test_after_the_last_attempt_the_message_is_failed_with_its_reason(
    engine: Engine, now: datetime
) -> None:
    plan(engine, now, 1)
    deliverer = Deliverer(make_session_factory(engine), {"console": FakeMessenger(fail_times=99)},
                          worker="w1", max_attempts=3)
    moment = now
    for _ in range(6):
        await deliverer.tick(moment)
        moment += timedelta(hours=1)
    failed = row(engine, "test:0")
    assert failed.attempts == 3 and failed.sent_at is None and failed.failed_at is not None
    assert failed.last_error == "ConnectionError: channel unreachable"


async def test_unknown_channels_and_blocked_chats_fail_at_once(
    engine: Engine, now: datetime
) -> None:
    plan(engine, now, 1, kind="viber", channel="viber")
    plan(engine, now, 1, kind="telegram", channel="telegram")  # served by `motcua run`
    plan(engine, now, 1, kind="zalo", channel="zalo")  # likewise
    plan(engine, now, 1, kind="console")
    messenger = FakeMessenger(blocked={"user0"})
    deliverer = Deliverer(make_session_factory(engine), {"console": messenger}, worker="w1")
    assert await deliverer.tick(now) == 0
    viber, blocked = row(engine, "viber:0"), row(engine, "console:0")
    assert viber.failed_at == now and viber.attempts == 1
    assert viber.last_error == "unknown channel 'viber'"
    assert blocked.failed_at == now and "blocked" in (blocked.last_error or "")
    for known in ("telegram:0", "zalo:0"):
        left = row(engine, known)
        assert left.failed_at is None and left.claimed_by is None  # left for its sender


def test_failed_messages_are_listed_and_can_be_sent_again(engine: Engine, now: datetime) -> None:
    plan(engine, now, 2)
    sessions = make_session_factory(engine)
    asyncio.run(Deliverer(sessions, {"console": FakeMessenger(blocked={"user1"})},
                          worker="w1").tick(now))
    with transaction(sessions) as session:
        listed = list_failed(session.connection())
        assert [(f.address, f.kind) for f in listed] == [("user1", "test")]
        failed_id = listed[0].id
        assert retry(session.connection(), failed_id, now + timedelta(days=1)) == "requeued"
        assert retry(session.connection(), failed_id, now) == "not_failed"
        assert retry(session.connection(), 999_999, now) == "missing"
    again = row(engine, "test:1")
    assert again.failed_at is None and again.attempts == 0
    assert again.due_at == now + timedelta(days=1)


async def test_two_deliverers_in_one_process_never_double_send(
    engine: Engine, now: datetime
) -> None:
    plan(engine, now, 60)
    messenger = FakeMessenger()
    sessions = make_session_factory(engine)
    a = Deliverer(sessions, {"console": messenger}, worker="a", batch_size=7)
    b = Deliverer(sessions, {"console": messenger}, worker="b", batch_size=7)
    results = await asyncio.gather(a.tick(now), b.tick(now), a.tick(now), b.tick(now))
    assert sum(results) == 60
    assert len({addr for addr, _ in messenger.sent}) == 60 == len(messenger.sent)


async def test_dates_in_a_context_come_back_as_dates(engine: Engine, now: datetime) -> None:
    with transaction(make_session_factory(engine)) as session:
        schedule(session, key="nag:9:2025-03-14", recipient=Recipient("console", "an"),
                 template="report/nag",
                 context={"day": date(2025, 3, 14), "sector": "Công an", "unit": "Xã A"},
                 due_at=now, now=now)
    messenger = FakeMessenger()
    await Deliverer(make_session_factory(engine), {"console": messenger}).tick(now)
    assert "hôm nay 14/03/2025, Công an (Xã A)" in messenger.sent[0][1].text


async def test_a_composer_builds_its_kinds_message_when_it_is_sent(
    engine: Engine, now: datetime
) -> None:
    with transaction(make_session_factory(engine)) as session:
        schedule(session, key="summary:1:2026-03", recipient=Recipient("console", "lead"),
                 template="common/cancelled", context={"unit": 7}, due_at=now, now=now)
        schedule(session, key="nag:1", recipient=Recipient("console", "staff"),
                 template="common/cancelled", context={}, due_at=now, now=now)
    seen: list[tuple[str, object, datetime]] = []

    def compose(connection: Connection, due: Due, at: datetime) -> Reply:
        seen.append((due.kind, due.context["unit"], at))
        count = connection.execute(text("select count(*) from notification")).scalar()
        return Reply("common/nothing_to_cancel", {},
                     attachments=(Attachment(f"{count}.txt", b"x", "text/plain"),))

    messenger = FakeMessenger()
    deliverer = Deliverer(make_session_factory(engine), {"console": messenger}, worker="w1",
                          composers={"summary": compose})
    assert await deliverer.tick(now) == 2
    assert seen == [("summary", 7, now)]  # the nag has no composer: its row is its message
    sent = dict(messenger.sent)
    assert [a.filename for a in sent["lead"].attachments] == ["2.txt"]
    assert sent["staff"].attachments == () and "Đã huỷ" in sent["staff"].text
