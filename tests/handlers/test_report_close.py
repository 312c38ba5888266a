"""/chotky: a past month closes at once; the current or a future month only after the lead
confirms, having been told why that is unusual."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.db import transaction
from models import PeriodLock, Unit
from tests.chat import Chat
from tests.handlers.report_helpers import make_center


def closed(chat: Chat) -> list[str]:
    with transaction(chat.app.sessions) as session:
        return list(session.exec(select(PeriodLock.period)).scalars())


def test_the_current_month_needs_a_confirmation(chat: Chat) -> None:
    make_center(chat)
    asked = chat.send("/chotky 3/2025", user="lead")[0]
    assert "Tháng 03/2025 chưa kết thúc (hôm nay là 14/03/2025)" in asked.text
    assert [c.payload for c in asked.choices] == ["chotky:2025-03", "chotky:cancel"]
    assert "Đã huỷ" in chat.say("2", user="lead")
    assert closed(chat) == []
    assert "Đã chốt số liệu tháng 03/2025" in chat.say(payload="chotky:2025-03", user="lead")
    assert closed(chat) == ["2025-03"]
    # Staff then need approval for this month, as the warning said.
    assert "cần lãnh đạo duyệt" in chat.say("bc tt=1", user="an")


def test_a_future_month_is_explained_and_a_past_one_closes_at_once(chat: Chat) -> None:
    make_center(chat)
    assert "Tháng 05/2025 chưa bắt đầu" in chat.say("/chotky 5/2025", user="lead")
    assert "Đã chốt số liệu tháng 01/2025" in chat.say("/chotky 1/2025", user="lead")
    assert "Cách dùng" in chat.say("/chotky 3/99999", user="lead")
    assert closed(chat) == ["2025-01"]
    assert "chỉ dành cho cán bộ" in chat.say(payload="chotky:2025-05", user="an")
    assert closed(chat) == ["2025-01"]


def set_cutoff(chat: Chat, unit_id: int, cutoff: int | None) -> None:
    with transaction(chat.app.sessions) as session:
        unit = session.get(Unit, unit_id)
        assert unit is not None
        unit.report_cutoff_day = cutoff


@pytest.mark.parametrize(("cutoff", "closed_key", "inside", "outside", "today"), [
    (15, "2025-03", "14/3", "15/3", 17),  # 15/02-14/03
    (20, "2025-03", "19/3", "20/3", 21),  # 20/02-19/03
    (0, "2025-02", "28/2", "1/3", 3),  # calendar months
])
def test_a_closed_period_follows_the_units_cutoff(
    chat: Chat, cutoff: int, closed_key: str, inside: str, outside: str, today: int
) -> None:
    unit_id = make_center(chat)
    set_cutoff(chat, unit_id, cutoff)
    chat.now = datetime(2025, 3, today, 2, 0, tzinfo=UTC)
    with transaction(chat.app.sessions) as session:
        session.add(PeriodLock(unit_id=unit_id, period=closed_key, closed_at=chat.now))
    assert "cần lãnh đạo duyệt" in chat.say(f"bc tt=1 ngay={inside}", user="an")
    assert "Đã lưu số liệu" in chat.say(f"bc tt=1 ngay={outside}", user="an")


def test_chotky_closes_the_period_before_todays_by_default(chat: Chat) -> None:
    unit_id = make_center(chat)
    chat.now = datetime(2025, 3, 16, 2, 0, tzinfo=UTC)  # 16/03: in 2025-04 with cut-off 15
    assert "Đã chốt số liệu tháng 03/2025" in chat.say("/chotky", user="lead")
    set_cutoff(chat, unit_id, 0)
    assert "Đã chốt số liệu tháng 02/2025" in chat.say("/chotky", user="lead")
    assert sorted(closed(chat)) == ["2025-02", "2025-03"]
