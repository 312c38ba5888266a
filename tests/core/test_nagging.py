"""Reminders: exactly the staff whose sector has not reported, once, never on a holiday."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete

from bot.app import App
from bot.db import transaction
from bot.scheduler import Deliverer
from models import CalendarOverride
from tests.chat import Chat
from tests.conftest import PG_URL
from tests.deliver_worker import run_two
from tests.fakes import FakeMessenger
from tests.handlers.report_helpers import make_center

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


@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL")
def test_two_processes_plan_and_send_each_reminder_once(app: App, database_url: str, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("this test is about PostgreSQL")
    chat = Chat(app, FRIDAY_1630)
    make_center(chat)
    lines = run_two(database_url, FRIDAY_1630.isoformat(), tmp_path, plan=True)
    sent = sorted(line.split("|")[0] for line in lines)
    assert sent == ["an", "binh", "chi"]
