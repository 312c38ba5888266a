"""The period's feedback figures come from the tickets, without typing, and match what
happened: received, answered on time and late, pending at the end, the ratings."""

from __future__ import annotations

import pytest

from bot.app import App
from bot.core.summaries.compile import compile_report
from bot.core.summaries.model import Source
from bot.core.summaries.periods import PeriodScheme, parse_period
from tests.chat import Chat
from tests.handlers.feedback_helpers import code_in, local, send_feedback, ticket_row
from tests.handlers.report_helpers import make_center

PERIOD = parse_period("5/2026", PeriodScheme(15))  # 15/04/2026 – 14/05/2026


@pytest.fixture
def chat(app: App) -> Chat:
    chat = Chat(app, local(4, 15))
    make_center(chat)
    return chat


def answer(chat: Chat, code: str, at_month: int, at_day: int) -> None:
    ticket_id = ticket_row(chat.app, code)["id"]
    chat.say(f"/phananh {code}", user="an", at=local(at_month, at_day))
    chat.say(press=f"pa:reply:{ticket_id}", user="an", at=local(at_month, at_day))
    chat.say("Đã xử lý xong, cảm ơn ông/bà.", user="an", at=local(at_month, at_day))


def rate(chat: Chat, code: str, level: str, user: str, day: tuple[int, int]) -> None:
    ticket_id = ticket_row(chat.app, code)["id"]
    chat.say(f"/phananh {code}", user=user, at=local(*day))
    chat.say(press=f"pa_rate:{ticket_id}:{level}", user=user, at=local(*day))


def test_the_period_counts_what_happened(chat: Chat) -> None:
    # Before the period: not counted as received (and typed daily figures are not used).
    early = code_in(send_feedback(chat, local(4, 10), user="early"))
    late = code_in(send_feedback(chat, local(4, 15), user="late"))  # due 11/05 17:00
    on_time = code_in(send_feedback(chat, local(4, 24, 16), user="a"))  # due 20/05
    refused = code_in(send_feedback(chat, local(4, 24, 16), user="b"))
    pending = code_in(send_feedback(chat, local(4, 24, 16), user="c"))
    last_day = code_in(send_feedback(chat, local(5, 14, 16), user="d"))
    answer(chat, on_time, 5, 4)
    answer(chat, early, 5, 4)
    answer(chat, late, 5, 12)
    ticket_id = ticket_row(chat.app, refused)["id"]
    chat.say(f"/phananh {refused}", user="binh", at=local(4, 28))
    chat.say(press=f"pa:refuse:{ticket_id}", user="binh", at=local(4, 28))
    chat.say("Thuộc thẩm quyền của tỉnh.", user="binh", at=local(4, 28))
    rate(chat, on_time, "satisfied", "a", (5, 5))
    rate(chat, refused, "very_satisfied", "b", (4, 29))
    rate(chat, late, "unsatisfied", "late", (5, 13))
    rate(chat, early, "satisfied", "early", (5, 20))  # after the period
    assert ticket_row(chat.app, pending)["status"] == "waiting"
    assert ticket_row(chat.app, last_day)["status"] == "waiting"
    with chat.app.engine.connect() as connection:
        report = compile_report(connection, ticket_row(chat.app, late)["unit_id"], PERIOD,
                                now=local(5, 21), elements=chat.app.services.elements)
    t = report.total
    assert (t.feedback, t.feedback_on_time, t.feedback_late, t.feedback_pending) == (5, 2, 1, 2)
    assert (t.very_satisfied, t.satisfied, t.unsatisfied) == (1, 1, 1)
    assert report.sources["feedback"] is Source.FEEDBACK
    rate_on_time = report.rates["feedback_on_time"]
    assert (rate_on_time.numerator, rate_on_time.denominator) == (2, 5)
    summary = chat.say("/baocao 5/2026", user="lead", at=local(5, 21))
    assert ("Phản ánh, kiến nghị: 5 (trả lời đúng hạn 2, trễ hạn 1, chưa trả lời cuối kỳ 2)"
            in summary)
    assert "[phản ánh gửi qua bot]" in summary
