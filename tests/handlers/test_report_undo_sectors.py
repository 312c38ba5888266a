"""/hoantac undoes only what the person's last submission still determines; staff report
only for the sectors they were given, leads for any."""

from datetime import date

import pytest
from sqlalchemy import select

from bot.db import transaction
from models import DailyValue, Submission, User, ValueChange
from tests.chat import Chat
from tests.handlers.report_helpers import make_center

TODAY = date(2025, 3, 14)


@pytest.fixture
def center(chat: Chat) -> int:
    unit_id = make_center(chat)
    with transaction(chat.app.sessions) as session:
        lead = session.exec(select(User).where(User.address == "lead")).scalars().one()
        lead.display_name = "Chị Hạnh"
    return unit_id


def stored(chat: Chat, sector: str = "xa", day: date = TODAY) -> dict[str, int]:
    with transaction(chat.app.sessions) as session:
        rows = session.execute(select(DailyValue.element, DailyValue.value).where(
            DailyValue.day == day, DailyValue.sector == sector)).all()
    return dict(rows)


def test_the_leads_correction_survives_a_staff_undo(chat: Chat, center: int) -> None:
    chat.say("bc tt=20 tiep=5", user="an")
    chat.later(minutes=30)
    assert "tt 20 → 25" in chat.say("bc tt=25 nganh=xa", user="lead")
    chat.later(minutes=30)
    reply = chat.say("/hoantac", user="an")
    assert "tiep): 5 → bỏ trống" in reply
    assert "Giữ nguyên vì đã được sửa sau lần gửi của bạn" in reply
    assert "(tt): 25 (Chị Hạnh sửa)" in reply
    assert stored(chat) == {"tt": 25}
    with transaction(chat.app.sessions) as session:
        undo = session.exec(select(Submission).where(Submission.source == "undo")
                            ).scalars().one()
        changes = session.execute(select(ValueChange.element, ValueChange.old_value,
                                         ValueChange.new_value)
                                  .where(ValueChange.submission_id == undo.id)).all()
    assert [tuple(c) for c in changes] == [("tiep", 5, None)]  # tt is not in the undo at all
    # The staff member's submission is done with; the next undo has nothing of theirs.
    assert "chưa có lần gửi" in chat.say("/hoantac", user="an")
    # The lead's own undo puts back what their correction replaced.
    assert "tt): 25 → 20" in chat.say("/hoantac", user="lead")
    assert stored(chat) == {"tt": 20}


def test_an_undo_of_a_later_line_hands_figures_back_to_the_earlier_one(
    chat: Chat, center: int
) -> None:
    chat.say("bc tt=45 tiep=12", user="an")
    chat.say("bc tt=50", user="an")
    chat.say("/hoantac", user="an")
    assert stored(chat) == {"tt": 45, "tiep": 12}
    # tt is the first line's again, so undoing that line takes tt too.
    reply = chat.say("/hoantac", user="an")
    assert "tt): 45 → bỏ trống" in reply and "Giữ nguyên" not in reply
    assert stored(chat) == {}


def test_staff_of_one_sector_cannot_report_another(chat: Chat, center: int) -> None:
    reply = chat.say("bc tt=3 nganh=ca", user="an")
    assert "chưa được giao báo cáo cho ngành Công an" in reply
    assert "Các ngành bạn được giao: Thủ tục của xã" in reply and "/canbo" in reply
    assert stored(chat, "ca") == {}
    assert "Đã lưu số liệu ngày 14/03/2025 — Công an" in chat.say("bc tt=3 nganh=ca",
                                                                  user="lead")
    assert stored(chat, "ca") == {"tt": 3}


def test_a_person_given_several_sectors_reports_each(chat: Chat, center: int) -> None:
    with transaction(chat.app.sessions) as session:
        an = session.exec(select(User).where(User.address == "an")).scalars().one()
        an.sectors = ["xa", "dd"]
    assert "Văn phòng đăng ký đất đai" in chat.say("bc tt=2 nganh=dd", user="an")
    assert "Thủ tục của xã" in chat.say("bc tt=4", user="an")  # their usual sector
    assert stored(chat, "dd") == {"tt": 2} and stored(chat, "xa") == {"tt": 4}
    assert "chưa được giao" in chat.say("bc tt=1 nganh=ca", user="an")


def test_no_undo_for_a_sector_taken_away(chat: Chat, center: int) -> None:
    chat.say("bc tt=7", user="an")
    with transaction(chat.app.sessions) as session:
        an = session.exec(select(User).where(User.address == "an")).scalars().one()
        an.sectors, an.sector = ["dd"], "dd"
    assert "chưa được giao báo cáo cho ngành Thủ tục của xã" in chat.say("/hoantac", user="an")
    assert stored(chat) == {"tt": 7}


def test_staff_given_no_sector_report_for_the_communes_desk(chat: Chat, center: int) -> None:
    with transaction(chat.app.sessions) as session:
        an = session.exec(select(User).where(User.address == "an")).scalars().one()
        an.sectors, an.sector = [], None
    assert "Thủ tục của xã" in chat.say("bc tt=1", user="an")
    assert "chưa được giao báo cáo cho ngành Công an" in chat.say("bc tt=1 nganh=ca", user="an")


def test_a_row_with_only_the_usual_sector_counts_as_given_it(chat: Chat, center: int) -> None:
    with transaction(chat.app.sessions) as session:
        binh = session.exec(select(User).where(User.address == "binh")).scalars().one()
        binh.sectors = []  # as rows written by code that knows only `sector` look
    assert "Công an" in chat.say("bc tt=2", user="binh")
    assert "chưa được giao" in chat.say("bc tt=2 nganh=xa", user="binh")
