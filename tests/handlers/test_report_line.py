"""One-line daily reports: stored exactly as sent, refused with reasons, audited, undone."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.db import transaction
from models import ApprovalRequest, DailyValue, Notification, ValueChange
from tests.chat import Chat, bare
from tests.handlers.report_helpers import make_center

# conftest's `now`: 14/03/2025 09:00 in Hà Nội, a Friday.
TODAY = date(2025, 3, 14)


@pytest.fixture
def center(chat: Chat) -> int:
    return make_center(chat)


def stored(chat: Chat, day: date = TODAY, sector: str = "xa") -> dict[str, int]:
    with transaction(chat.app.sessions) as session:
        rows = session.execute(select(DailyValue.element, DailyValue.value).where(
            DailyValue.day == day, DailyValue.sector == sector)).all()
        return dict(rows)


def count(chat: Chat, model: type) -> int:
    with transaction(chat.app.sessions) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_one_line_is_stored_and_echoed_with_what_is_missing(chat: Chat, center: int) -> None:
    reply = chat.say("bc tt=45, tiep=12 | som=3 dung=30", user="an")
    assert "Đã lưu số liệu ngày 14/03/2025 — Thủ tục của xã" in reply
    assert "Hồ sơ tiếp nhận trực tuyến (tt): 45" in reply
    assert "Giải quyết đúng hạn (không gồm rút, trả lại) (dung): 30" in reply
    assert "Còn thiếu trong ngày: tre, rut, tc" in reply
    assert stored(chat) == {"tt": 45, "tiep": 12, "som": 3, "dung": 30}


def test_full_names_sector_and_date(chat: Chat, center: int) -> None:
    reply = chat.say("baocao tructuyen=7 ngay=13/3 nganh=congan", user="binh")
    assert "ngày 13/03/2025 — Công an" in reply
    assert stored(chat, date(2025, 3, 13), "ca") == {"tt": 7}


def test_typo_gets_a_suggestion_and_nothing_is_stored(chat: Chat, center: int) -> None:
    reply = chat.say("bc tructuyn=4 tiep=2", user="an")
    assert "Có phải ý bạn là «tructuyen»" in reply and "chưa được ghi nhận" in reply
    assert stored(chat) == {}


def test_negative_value_is_refused_and_nothing_is_stored(chat: Chat, center: int) -> None:
    reply = chat.say("bc tt=-3 tiep=2", user="an")
    assert "không thể là số âm" in reply
    assert stored(chat) == {} and count(chat, ValueChange) == 0


@pytest.mark.parametrize(("line", "expected"), [
    ("bc tt=1 ngay=20/3", "chưa tới"),
    ("bc tt=1 ngay=1/1/2025", "đã quá 7 ngày"),
    ("bc tt=1 nganh=bhxh", "không có"),
    ("bc tt=abc", "không phải là số nguyên"),
    ("bc tt=99999", "quá lớn"),
])
def test_bad_input_is_named_and_nothing_is_stored(
    chat: Chat, center: int, line: str, expected: str
) -> None:
    reply = chat.say(line, user="an")
    assert expected in reply and "chưa được ghi nhận" in reply
    assert count(chat, DailyValue) == 0


def test_correction_overwrites_field_by_field_and_keeps_history(chat: Chat, center: int) -> None:
    chat.say("bc tt=45 tiep=12", user="an")
    chat.later(hours=2)
    reply = chat.say("/sua tt=50", user="an")
    assert "tt 45 → 50" in reply
    assert stored(chat) == {"tt": 50, "tiep": 12}
    with transaction(chat.app.sessions) as session:
        history = session.execute(select(ValueChange.element, ValueChange.old_value,
                                         ValueChange.new_value)
                                  .order_by(ValueChange.id)).all()
    assert [tuple(h) for h in history] == [("tt", None, 45), ("tiep", None, 12), ("tt", 45, 50)]


def test_undo_reverts_the_last_submission_only(chat: Chat, center: int) -> None:
    chat.say("bc tt=45 tiep=12", user="an")
    chat.say("bc tt=50 som=2", user="an")
    reply = chat.say("/hoantac", user="an")
    assert "tt): 50 → 45" in reply and "som): 2 → bỏ trống" in reply
    assert stored(chat) == {"tt": 45, "tiep": 12}
    chat.say("/hoantac", user="an")
    assert stored(chat) == {}
    assert "chưa có lần gửi" in chat.say("/hoantac", user="an")


def test_outlier_asks_for_confirmation_before_storing(chat: Chat, center: int) -> None:
    for offset in range(1, 31):  # a month of 30–59 a day, each sent on its own day
        chat.say(f"bc tt={30 + offset % 30}", user="an", at=chat.now - timedelta(days=offset))
    replies = chat.send("bc tt=450", user="an")
    assert "kiểm tra lại trước khi ghi nhận" in replies[0].text
    assert bare(replies[0]) == ["report:confirm", "cancel"]
    assert "tt" not in stored(chat)
    assert "Đã lưu" in chat.say("1", user="an")
    assert stored(chat)["tt"] == 450


def test_identity_mismatch_warns_and_cancel_stores_nothing(chat: Chat, center: int) -> None:
    replies = chat.send("bc tt=4 tiep=1 nhan=9", user="an")
    assert "nhan = 9, còn tt + tiep = 5" in replies[0].text
    assert "Đã huỷ" in chat.say("2", user="an")
    assert stored(chat) == {}


def test_closed_month_needs_a_lead_and_approval_stores_it(chat: Chat, center: int) -> None:
    # 13/02 is within the 7-day window; with the 15th cut-off 02/2025 is 15/01-14/02.
    chat.now = datetime(2025, 2, 17, 2, 0, tzinfo=UTC)
    assert "Đã chốt số liệu tháng 02/2025" in chat.say("/chotky", user="lead")
    reply = chat.say("bc tt=5 ngay=13/2", user="an")
    assert "cần lãnh đạo duyệt" in reply and "Chưa có số liệu nào bị thay đổi" in reply
    assert stored(chat, date(2025, 2, 13)) == {}
    with transaction(chat.app.sessions) as session:
        request = session.exec(select(ApprovalRequest)).scalars().one()
        notice = session.exec(select(Notification)).scalars().one()
    assert notice.address == "lead" and ["Duyệt", f"approve:{request.id}"] in notice.choices
    assert "chỉ dành cho cán bộ" in chat.say(payload=f"approve:{request.id}", user="an")
    assert "Đã duyệt" in chat.say(payload=f"approve:{request.id}", user="lead")
    assert stored(chat, date(2025, 2, 13)) == {"tt": 5}
    assert "đã được duyệt trước đó" in chat.say(payload=f"approve:{request.id}", user="lead")


def test_lead_can_reject_and_nothing_changes(chat: Chat, center: int) -> None:
    chat.now = datetime(2025, 2, 17, 2, 0, tzinfo=UTC)
    chat.say("/chotky 2/2025", user="lead")
    chat.say("bc tt=5 ngay=13/2", user="an")
    listing = chat.send("/duyet", user="lead")[0]
    assert "#1" in listing.text and listing.choices[1].payload == "reject:1"
    assert "Đã từ chối" in chat.say(payload="reject:1", user="lead")
    assert stored(chat, date(2025, 2, 28)) == {}


def test_citizens_are_refused_report_commands(chat: Chat, center: int) -> None:
    assert "chỉ dành cho cán bộ" in chat.say("bc tt=4", user="stranger")
    assert "chỉ dành cho cán bộ" in chat.say("/homnay", user="stranger")
    assert count(chat, DailyValue) == 0


def test_today_view_by_sector_with_reporters(chat: Chat, center: int) -> None:
    chat.say("bc tt=4", user="an")
    chat.say("bc tt=2 tiep=1", user="binh")
    view = chat.say("/homnay", user="lead")
    assert "✔ Thủ tục của xã (an): tt=4" in view
    assert "✔ Công an (binh): tt=2 tiep=1" in view
    assert "✘ Văn phòng đăng ký đất đai: chưa báo cáo" in view
    assert "Ngày khác" not in view
    assert "việc của lãnh đạo" in chat.say("/homnay 13/3", user="an")
    assert "Số liệu ngày 13/03/2025" in chat.say("/homnay 13/3", user="lead")


def test_pause_reminders(chat: Chat, center: int) -> None:
    assert "đến hết ngày 16/03/2025" in chat.say("/nghi 3", user="an")
    assert "bật lại" in chat.say("/nghi 0", user="an")
    assert "Cách dùng" in chat.say("/nghi ba", user="an")
