"""Reminders: exactly the staff whose sector has not reported, once, never on a holiday;
planned by a fixed number of statements whatever the number of units, each unit on its
own local time."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, delete, event, func, select

from bot.app import App
from bot.db import transaction
from bot.delivery import Deliverer
from models import CalendarOverride, Notification, PlanningMark
from tests.chat import Chat
from tests.fakes import FakeMessenger
from tests.handlers.report_helpers import make_center
from tests.scale import add_units

# Friday 14/03/2025, 16:30 in Hà Nội (UTC+7), and Tết 2026.
FRIDAY_1630 = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
TET_1630 = datetime(2026, 2, 17, 9, 30, tzinfo=UTC)


def at_local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 7, minute, tzinfo=UTC)


def deliverer(app: App, messenger: FakeMessenger) -> Deliverer:
    return Deliverer(app.sessions, {"console": messenger}, app.planners, worker="test")


async def test_staff_without_a_report_are_reminded_once(app: App) -> None:
    chat = Chat(app, FRIDAY_1630 - timedelta(hours=2))
    make_center(chat)
    chat.say("bc tt=4 tiep=2", user="an")  # the commune's own desk reported
    messenger = FakeMessenger()
    run = deliverer(app, messenger)
    assert await run.tick(FRIDAY_1630 - timedelta(minutes=1)) == 0  # 16:29: not yet
    assert await run.tick(FRIDAY_1630) == 2
    assert await run.tick(FRIDAY_1630 + timedelta(minutes=5)) == 0  # never twice
    assert sorted(address for address, _ in messenger.sent) == ["binh", "chi"]
    binh = next(reply for address, reply in messenger.sent if address == "binh")
    assert "hôm nay 14/03/2025, Công an" in binh.text and "bc tt=" in binh.text


async def test_nobody_is_reminded_on_tet(app: App) -> None:
    chat = Chat(app, TET_1630)
    make_center(chat)
    messenger = FakeMessenger()
    assert await deliverer(app, messenger).tick(TET_1630) == 0
    assert messenger.sent == []


async def test_weekends_local_days_off_and_paused_staff_are_skipped(app: App) -> None:
    chat = Chat(app, FRIDAY_1630)
    make_center(chat)
    chat.say("/nghi 2", user="chi")
    messenger = FakeMessenger()
    run = deliverer(app, messenger)
    await run.tick(at_local(date(2025, 3, 15), 16, 30))  # Saturday
    assert messenger.sent == []
    with transaction(app.sessions) as session:
        session.add(CalendarOverride(day=date(2025, 3, 14), working=False, note="nghỉ bù"))
    await run.tick(FRIDAY_1630)
    assert messenger.sent == []
    with transaction(app.sessions) as session:
        session.execute(delete(CalendarOverride))
    await run.tick(FRIDAY_1630 + timedelta(minutes=1))
    assert sorted(a for a, _ in messenger.sent) == ["an", "binh"]  # chi is on leave


async def test_a_make_up_saturday_is_a_working_day(app: App) -> None:
    saturday = date(2025, 3, 15)
    chat = Chat(app, at_local(saturday, 9))
    make_center(chat, sectors=("xa",))
    with transaction(app.sessions) as session:
        session.add(CalendarOverride(day=saturday, working=True, note="làm bù"))
    messenger = FakeMessenger()
    assert await deliverer(app, messenger).tick(at_local(saturday, 16, 30)) == 1


async def test_too_late_in_the_evening_nobody_is_reminded(app: App) -> None:
    chat = Chat(app, FRIDAY_1630)
    make_center(chat)
    messenger = FakeMessenger()
    assert await deliverer(app, messenger).tick(at_local(date(2025, 3, 14), 22)) == 0


async def test_lead_hears_next_working_morning_which_sectors_are_missing(app: App) -> None:
    chat = Chat(app, FRIDAY_1630)
    make_center(chat)
    chat.say("bc tt=4", user="an")
    messenger = FakeMessenger()
    run = deliverer(app, messenger)
    await run.tick(at_local(date(2025, 3, 15), 8))  # Saturday: no digest
    assert [a for a, _ in messenger.sent] == []
    monday = at_local(date(2025, 3, 17), 8, 1)
    await run.tick(monday)
    await run.tick(monday + timedelta(minutes=10))
    digests = [reply.text for address, reply in messenger.sent if address == "lead"]
    assert len(digests) == 1
    assert "ngày 14/03/2025" in digests[0]
    assert "còn 2/3 ngành chưa báo cáo: Công an, Văn phòng đăng ký đất đai" in digests[0]


async def test_a_lead_hears_whom_the_bot_could_not_reach(app: App) -> None:
    chat = Chat(app, FRIDAY_1630)
    make_center(chat, sectors=("xa", "ca"))
    chat.say("bc tt=4", user="an")
    messenger = FakeMessenger(blocked={"binh"})  # binh never opened the bot, or blocked it
    run = deliverer(app, messenger)
    await run.tick(FRIDAY_1630)
    chat.say("bc tt=1", user="binh", at=FRIDAY_1630 + timedelta(minutes=20))  # all reported
    await run.tick(at_local(date(2025, 3, 17), 8, 1))
    digest = [reply.text for address, reply in messenger.sent if address == "lead"]
    assert len(digest) == 1
    assert "ngày 14/03/2025 — Trung tâm xã Hoà Bình: cả 2 ngành đã báo cáo" in digest[0]
    assert "không gửi được tin nhắn tới binh" in digest[0]
    await run.tick(at_local(date(2025, 3, 18), 8, 1))  # Monday's digest: said once is enough
    tuesday = [reply.text for address, reply in messenger.sent if address == "lead"][1]
    assert "ngày 17/03/2025" in tuesday and "không gửi được" not in tuesday


class Statements:
    """Counts the SQL statements an engine runs (executemany counts once)."""

    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: object) -> None:
        self.count += 1

    def during(self, work) -> int:  # type: ignore[no-untyped-def]
        before = self.count
        work()
        return self.count - before


@pytest.fixture
def statements(app: App) -> Iterator[Statements]:
    counter = Statements(app.engine)
    yield counter
    event.remove(app.engine, "before_cursor_execute", counter._seen)


def test_planning_costs_the_same_statements_for_10_and_100_units(
    app: App, statements: Statements
) -> None:
    run = deliverer(app, FakeMessenger())
    counts = []
    # Two ordinary working days (14/03 would also be the last day of a report month, when
    # the period reminder plans too).
    for units, day in ((10, date(2025, 3, 12)), (100, date(2025, 3, 13))):
        with app.engine.begin() as connection:
            add_units(connection, units - len(counts) * 10, staff=10, now=FRIDAY_1630,
                      first=len(counts) * 10)
        nag = at_local(day, 16, 30)
        first = statements.during(lambda: run.plan(nag))  # noqa: B023
        again = statements.during(lambda: run.plan(nag + timedelta(minutes=1)))  # noqa: B023
        counts.append((first, again))
    with transaction(app.sessions) as session:
        nags = session.scalar(select(func.count()).where(Notification.kind == "nag"))
    assert nags == 10 * 10 + 100 * 10  # every staff member, both days
    assert counts[0] == counts[1], counts
    assert counts[1][1] == 2  # a repeated tick: the time zones, then the marks


def test_each_unit_is_reminded_at_its_own_local_time(app: App) -> None:
    with app.engine.begin() as connection:
        add_units(connection, 2, staff=3, now=FRIDAY_1630)
        add_units(connection, 2, staff=3, now=FRIDAY_1630, timezone="Asia/Tokyo", first=2)
    # The nag alone: 14/03 is also a report month's last day, when the period reminder plans.
    run = Deliverer(app.sessions, {"console": FakeMessenger()},
                    [p for p in app.planners if p.kind == "nag"], worker="test")
    tokyo_1630 = FRIDAY_1630 - timedelta(hours=2)
    assert run.plan(tokyo_1630) == 6  # 16:30 in Tokyo is 14:30 in Hà Nội
    assert run.plan(FRIDAY_1630) == 6
    with transaction(app.sessions) as session:
        marks = {(m.scope, m.planned) for m in session.exec(
            select(PlanningMark).where(PlanningMark.kind == "nag")).scalars()}
    assert marks == {("Asia/Tokyo", 6), ("Asia/Ho_Chi_Minh", 6)}
