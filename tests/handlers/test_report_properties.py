"""Whatever a staff member sends, the bot either stores exactly the sent figures or names
the problem (or asks to confirm) and leaves the database as it was."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.core.reporting import load_elements
from bot.db import transaction
from models import DailyValue
from tests.chat import Chat
from tests.handlers.report_helpers import make_center

ELEMENTS = load_elements()
codes = st.sampled_from([e.code for e in ELEMENTS.elements] + ["tructuyn", "xx", "ngay"])
values = st.one_of(st.integers(-5, 5000).map(str), st.sampled_from(["", "abc", "1.5", "07"]))
pairs = st.lists(st.tuples(codes, values), min_size=0, max_size=6)
noise = st.text(alphabet=" ,;|!?-", max_size=10)  # separators and stray punctuation


def snapshot(chat: Chat) -> dict[tuple[str, str, str], int]:
    with transaction(chat.app.sessions) as session:
        rows = session.execute(select(DailyValue.day, DailyValue.sector, DailyValue.element,
                                      DailyValue.value)).all()
    return {(str(d), s, e): v for d, s, e, v in rows}


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=pairs, tail=noise)
def test_stored_exactly_or_problem_named(chat: Chat, pairs, tail: str) -> None:
    if not chat.transcript:
        make_center(chat)
    text = "bc " + " ".join(f"{code}={value}" for code, value in pairs) + " " + tail
    before = snapshot(chat)
    replies = chat.send(text, user="an")
    after = snapshot(chat)
    reply = "\n".join(r.text for r in replies)
    chat.send("/huy", user="an")  # leave any confirmation open from this example
    if "Đã lưu số liệu" in reply:
        sent = {code: int(value) for code, value in pairs}
        changed = {key: v for key, v in after.items() if before.get(key) != v}
        assert {key[2]: v for key, v in changed.items()}.items() <= sent.items()
        assert all(after[("2025-03-14", "xa", code)] == value for code, value in sent.items())
    else:
        assert after == before
        assert ("chưa được ghi nhận" in reply or "kiểm tra lại trước khi ghi nhận" in reply
                or "Gửi số liệu trong ngày" in reply), reply
