"""Period summaries sent by themselves: the lead gets the report due once, on the first
working morning after the period ends, with its three files, and the month is closed; on
the period's last working day staff hear which days are still missing."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.app import App
from bot.db import transaction
from bot.delivery import Deliverer
from models import DailyValue, Notification, PeriodLock, Unit, User
from tests.chat import Chat
from tests.fakes import FakeMessenger
from tests.handlers.report_helpers import make_center


def at_local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 7, minute, tzinfo=UTC)


# With the default cut-off (15), "tháng 3/2025" is 15/02/2025-14/03/2025; 14/03 is a
# Friday, so its first working day after is Monday 17/03/2025; month 3 completes quarter 1.
LAST_DAY = date(2025, 3, 14)
MONDAY = date(2025, 3, 17)


def seed_days(app: App, unit_id: int, days: list[date], sectors: tuple[str, ...]) -> None:
    with transaction(app.sessions) as session:
        lead = session.scalars(select(User.id).where(User.address == "lead")).one()
        for day in days:
            for sector in sectors:
                for element, value in {"tt": 3, "tiep": 2, "som": 1, "dung": 3, "tre": 0,
                                       "rut": 0, "tc": 0, "th": 4, "qh": 1}.items():
                    session.add(DailyValue(unit_id=unit_id, day=day, sector=sector,
                                           element=element, value=value, updated_by=lead,
                                           updated_at=at_local(day, 17)))


def deliverer(app: App, messenger: FakeMessenger, worker: str = "test") -> Deliverer:
    return Deliverer(app.sessions, {"console": messenger}, app.planners, worker=worker,
                     composers=app.composers)


def summaries(messenger: FakeMessenger) -> list[str]:
    """The texts of the summaries sent (the lead's morning digest may come too)."""
    return [reply.text for _, reply in messenger.sent if reply.attachments]


def quarter_days() -> list[date]:
    first = date(2024, 12, 15)
    return [first + timedelta(days=i) for i in range((LAST_DAY - first).days + 1)]


async def test_the_lead_gets_the_report_due_once_on_the_first_working_morning(
        app: App) -> None:
    chat = Chat(app, at_local(LAST_DAY, 9))
    unit_id = make_center(chat)
    seed_days(app, unit_id, quarter_days(), ("xa", "ca", "dd"))
    messenger = FakeMessenger()
    first, second = deliverer(app, messenger), deliverer(app, messenger, "other process")
    await first.tick(at_local(date(2025, 3, 15), 8))  # Saturday: a day off
    await first.tick(at_local(MONDAY, 7, 59))  # not yet
    assert summaries(messenger) == []
    await first.tick(at_local(MONDAY, 8))
    assert len(summaries(messenger)) == 1
    await second.tick(at_local(MONDAY, 8, 5))  # never twice
    await first.tick(at_local(MONDAY + timedelta(days=1), 8))  # the next day: no summary
    [(address, reply)] = [(a, r) for a, r in messenger.sent if r.attachments]
    assert address == "lead"
    assert "quý I/2025" in reply.text and "15/12/2024" in reply.text
    assert "đã được chốt" in reply.text
    # Q1 (15/12/2024-14/03/2025) holds December, January and February whole: the estimate.
    assert "ƯỚC TÍNH điểm Bộ chỉ số 766" in reply.text
    assert "Từ tháng 12/2024 đến tháng 2/2025" in reply.text
    names = sorted(a.filename.rsplit(".", 1)[1] for a in reply.attachments)
    assert names == ["docx", "png", "xlsx"]
    files = {a.filename.rsplit(".", 1)[1]: a.content for a in reply.attachments}
    document = "\n".join(p.text for p in Document(io.BytesIO(files["docx"])).paragraphs)
    assert "Trung tâm xã Hoà Bình".upper() in document.upper() and "2025" in document
    sheet = load_workbook(io.BytesIO(files["xlsx"])).worksheets[0]
    assert any("Hoà Bình" in str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    with transaction(app.sessions) as session:
        locks = session.scalars(select(PeriodLock.period).where(
            PeriodLock.unit_id == unit_id)).all()
        assert locks == ["2025-03"]  # the month is closed for edits


async def test_edits_after_the_summary_go_to_the_lead(app: App) -> None:
    chat = Chat(app, at_local(MONDAY, 8))
    make_center(chat)
    await deliverer(app, FakeMessenger()).tick(at_local(MONDAY, 8))
    chat.now = at_local(MONDAY, 9)
    reply = chat.say("bc tt=4 tiep=1 ngay=14/03/2025", user="an")
    assert "duyệt" in reply  # closed: the change waits for a lead's approval


async def test_units_with_another_cut_off_wait_for_their_own_day(app: App) -> None:
    chat = Chat(app, at_local(MONDAY, 8))
    unit_id = make_center(chat)
    with transaction(app.sessions) as session:
        unit = session.get(Unit, unit_id)
        assert unit is not None
        unit.report_cutoff_day = 20  # tháng 3 ends on 19/03 (a Wednesday)
    messenger = FakeMessenger()
    run = deliverer(app, messenger)
    await run.tick(at_local(MONDAY, 8))
    assert summaries(messenger) == []
    await run.tick(at_local(date(2025, 3, 20), 8))
    [summary] = summaries(messenger)
    assert "quý I/2025" in summary and "20/12/2024" in summary


async def test_staff_hear_the_missing_days_on_the_periods_last_working_day(app: App) -> None:
    chat = Chat(app, at_local(LAST_DAY, 9))
    unit_id = make_center(chat)
    days = [d for d in quarter_days() if d >= date(2025, 2, 15)]
    seed_days(app, unit_id, days, ("xa", "ca"))
    seed_days(app, unit_id, [d for d in days if d != date(2025, 3, 10)], ("dd",))
    messenger = FakeMessenger()
    run = deliverer(app, messenger)
    assert await run.tick(at_local(date(2025, 3, 13), 15)) == 0  # not the last working day
    assert await run.tick(at_local(LAST_DAY, 15)) == 3
    assert sorted(a for a, _ in messenger.sent) == ["an", "binh", "chi"]
    text = messenger.sent[0][1].text
    assert "Văn phòng đăng ký đất đai: 10/03/2025" in text and "Công an" not in text
    assert await run.tick(at_local(LAST_DAY, 15, 30)) == 0


async def test_a_reminder_that_became_needless_is_not_sent(app: App) -> None:
    chat = Chat(app, at_local(LAST_DAY, 9))
    unit_id = make_center(chat, sectors=("xa",))
    days = [d for d in quarter_days() if d >= date(2025, 2, 15)]
    seed_days(app, unit_id, [d for d in days if d != LAST_DAY], ("xa",))
    messenger = FakeMessenger()
    run = deliverer(app, messenger)
    # Planned, but before it goes out the last day is reported: nothing is left to say.
    with transaction(app.sessions) as session:
        from bot.core.calendar_service import working_calendar
        from bot.core.outbox.planning import Slot
        from bot.core.summaries.sending import PeriodReminder
        connection = session.connection()
        slot = Slot("Asia/Ho_Chi_Minh", LAST_DAY, at_local(LAST_DAY, 15),
                    working_calendar(connection))
        assert PeriodReminder(at_local(LAST_DAY, 15).time()).plan(connection, slot) == 1
    seed_days(app, unit_id, [LAST_DAY], ("xa",))
    await run.tick(at_local(LAST_DAY, 15, 1))
    assert messenger.sent == []
    with transaction(app.sessions) as session:
        done = session.scalar(select(func.count()).select_from(Notification).where(
            Notification.sent_at.is_not(None)))  # type: ignore[union-attr]
        assert done == 1
