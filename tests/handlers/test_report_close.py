"""/chotky: a past month closes at once; the current or a future month only after the lead
confirms, having been told why that is unusual."""

from sqlalchemy import select

from bot.db import transaction
from models import PeriodLock
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
