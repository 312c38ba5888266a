"""An edit of a report line corrects the submission that message made, on the day it was
for, and the audit says so; an edit of anything else changes nothing."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db import transaction
from models import DailyValue, Submission, ValueChange
from tests.chat import Chat
from tests.handlers.report_helpers import make_center

TODAY = date(2025, 3, 14)


@pytest.fixture
def center(chat: Chat) -> int:
    return make_center(chat)


def send(chat: Chat, text: str, message_id: str, *, user: str = "an", edited: bool = False,
         at: datetime | None = None) -> str:
    replies = chat.send(text, user=user, at=at, message_id=message_id, edited=edited)
    return "\n\n".join(r.text for r in replies)


def stored(chat: Chat, day: date = TODAY, sector: str = "xa") -> dict[str, int]:
    with transaction(chat.app.sessions) as session:
        rows = session.execute(select(DailyValue.element, DailyValue.value).where(
            DailyValue.day == day, DailyValue.sector == sector)).all()
    return dict(rows)


def audit(chat: Chat) -> list[tuple[str, int | None, str, int | None, int | None]]:
    with transaction(chat.app.sessions) as session:
        rows = session.execute(
            select(Submission.source, Submission.corrects_id, ValueChange.element,
                   ValueChange.old_value, ValueChange.new_value)
            .join(ValueChange, ValueChange.submission_id == Submission.id)
            .order_by(ValueChange.id)).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_an_edit_a_day_later_corrects_the_same_days_figures(chat: Chat, center: int) -> None:
    send(chat, "bc tt=45 tiep=12", "m1")
    tomorrow = chat.now + timedelta(days=1)
    reply = send(chat, "bc tt=50", "m1", edited=True, at=tomorrow)
    assert "Đã sửa theo tin nhắn bạn vừa chỉnh — số liệu ngày 14/03/2025" in reply
    assert "tt 45 → 50" in reply and "tiep 12 → bỏ trống" in reply
    assert stored(chat) == {"tt": 50}
    assert stored(chat, TODAY + timedelta(days=1)) == {}
    first = audit(chat)[0]
    assert audit(chat)[2:] == [("edit", 1, "tt", 45, 50), ("edit", 1, "tiep", 12, None)]
    assert first == ("line", None, "tt", None, 45)
    # Edited again: the message still stands for the same submission.
    send(chat, "bc tt=51 tiep=3", "m1", edited=True, at=tomorrow)
    assert stored(chat) == {"tt": 51, "tiep": 3}
    assert "Không có số liệu nào thay đổi" in send(chat, "bc tt=51 tiep=3", "m1", edited=True)


def test_relative_dates_keep_the_meaning_they_had_when_sent(chat: Chat, center: int) -> None:
    send(chat, "bc tt=5 ngay=homqua", "m1")
    send(chat, "bc tt=6 ngay=homqua", "m1", edited=True, at=chat.now + timedelta(days=2))
    assert stored(chat, TODAY - timedelta(days=1)) == {"tt": 6}


def test_an_edit_keeps_what_the_lead_changed_afterwards(chat: Chat, center: int) -> None:
    send(chat, "bc tt=45 tiep=12", "m1")
    chat.say("bc tt=40 nganh=xa", user="lead")
    reply = send(chat, "bc tt=60 tiep=13", "m1", edited=True)
    assert "tiep 12 → 13" in reply
    assert "Giữ nguyên vì đã được sửa sau lần gửi của bạn" in reply and "(tt): 40" in reply
    assert stored(chat) == {"tt": 40, "tiep": 13}


def test_undo_after_an_edit_takes_back_the_edit_first(chat: Chat, center: int) -> None:
    send(chat, "bc tt=45", "m1")
    send(chat, "bc tt=50", "m1", edited=True)
    assert "tt): 50 → 45" in chat.say("/hoantac", user="an")
    assert "tt): 45 → bỏ trống" in chat.say("/hoantac", user="an")
    assert "đã được hoàn tác" in send(chat, "bc tt=52", "m1", edited=True)
    assert stored(chat) == {}


@pytest.mark.parametrize(("edit", "expected"), [
    ("bc tt=5 ngay=13/3", "chỉ sửa được số liệu của ngày và ngành đó"),
    ("bc tt=-5", "không thể là số âm"),
])
def test_an_unclear_edit_changes_nothing(
    chat: Chat, center: int, edit: str, expected: str
) -> None:
    send(chat, "bc tt=45", "m1")
    assert expected in send(chat, edit, "m1", edited=True)
    assert stored(chat) == {"tt": 45} and len(audit(chat)) == 1


def test_edits_of_unknown_or_refused_lines_run_nothing(chat: Chat, center: int) -> None:
    send(chat, "bc tt=abc", "m1")  # refused: no submission
    assert "không tìm thấy số liệu nào đã lưu" in send(chat, "bc tt=4", "m1", edited=True)
    assert "không tìm thấy" in send(chat, "bc tt=4", "m404", edited=True)
    send(chat, "bc tt=4", "m2", user="binh")  # someone else's message id
    assert "không tìm thấy" in send(chat, "bc tt=9", "m2", edited=True)
    assert "không xử lý lại tin nhắn đã sửa" in send(chat, "xin chào", "m2", edited=True)
    assert stored(chat) == {} and stored(chat, sector="ca") == {"tt": 4}


def test_an_edit_with_warnings_is_confirmed_then_corrects(chat: Chat, center: int) -> None:
    send(chat, "bc tt=4 tiep=1", "m1")
    reply = send(chat, "bc tt=4 tiep=1 nhan=9", "m1", edited=True)
    assert "nhan = 9, còn tt + tiep = 5" in reply
    assert stored(chat) == {"tt": 4, "tiep": 1}
    assert "Đã sửa theo tin nhắn bạn vừa chỉnh" in chat.say(press="report:confirm", user="an")
    assert stored(chat) == {"tt": 4, "tiep": 1, "nhan": 9}
    assert audit(chat)[-1] == ("edit", 1, "nhan", None, 9)
