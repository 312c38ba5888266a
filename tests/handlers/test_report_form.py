"""/nhapso: one question at a time, buttons to skip/back/cancel, survives a restart."""

from datetime import datetime, timedelta

from sqlalchemy import select

from bot.app import build_app
from bot.db import transaction
from models import DailyValue
from tests.chat import Chat, bare
from tests.conftest import make_settings
from tests.handlers.report_helpers import make_center


def stored(chat: Chat) -> dict[str, int]:
    with transaction(chat.app.sessions) as session:
        return dict(session.execute(select(DailyValue.element, DailyValue.value)).all())


def test_guided_entry_with_skip_back_and_confirm(chat: Chat) -> None:
    make_center(chat)
    chat.say("bc som=3", user="an")
    first = chat.send("/nhapso", user="an")[0]
    assert "mục 1/18" in first.text and "(tt)?" in first.text
    assert bare(first) == ["form:skip", "cancel"]
    assert not first.choices_by_number  # "1" is a value here, not button 1
    chat.say("1", user="an")  # tt = 1
    chat.say("#1", user="an")  # skip tiep
    third = chat.say("4000", user="an")
    assert "quá lớn" in third and "mục 3/18" in third and "Đã lưu trước đó: 3" in third
    chat.say("#2", user="an")  # back to tiep
    chat.say("6", user="an")  # tiep = 6
    chat.say("7", user="an")  # som = 7
    for _ in range(15):
        last = chat.press("form:skip", user="an")[-1]
    assert "Kiểm tra lại số liệu" in last.text and "(tt): 1" in last.text
    assert bare(last)[0] == "form:save"
    assert stored(chat) == {"som": 3}
    saved = chat.say(press="form:save", user="an")
    assert "Đã lưu số liệu" in saved and "som 3 → 7" in saved
    assert stored(chat) == {"tt": 1, "tiep": 6, "som": 7}


def test_form_for_another_sector_and_day(chat: Chat) -> None:
    make_center(chat)
    text = chat.say("/nhapso ca 13/3", user="lead")
    assert "Công an, ngày 13/03/2025" in text
    assert "Không hiểu «xyz»" in chat.say("/nhapso xyz", user="an")
    # Staff fill the form only for the sectors they were given.
    refused = chat.say("/nhapso ca", user="an")
    assert "chưa được giao báo cáo cho ngành Công an" in refused and "/canbo" in refused
    assert "đã quá 7 ngày" in chat.say("/nhapso 1/3", user="an")


def test_cancel_leaves_nothing(chat: Chat) -> None:
    make_center(chat)
    chat.say("/nhapso", user="an")
    chat.say("5", user="an")
    assert "Đã huỷ" in chat.say("/huy", user="an")
    assert stored(chat) == {}


def test_form_survives_a_restart(database_url: str, now: datetime) -> None:
    first = build_app(make_settings(database_url))
    chat = Chat(first, now)
    make_center(chat)
    chat.say("/nhapso", user="an")
    chat.say("12", user="an")
    first.engine.dispose()  # the process is killed mid-form

    second = build_app(make_settings(database_url))
    resumed = Chat(second, now + timedelta(minutes=3))
    question = resumed.say("9", user="an")
    assert "mục 3/18" in question
    for _ in range(16):
        resumed.press("form:skip", user="an")
    assert "Đã lưu" in resumed.say(press="form:save", user="an")
    with transaction(second.sessions) as session:
        rows = session.execute(select(DailyValue.element, DailyValue.value, DailyValue.day))
        assert {(e, v) for e, v, d in rows} == {("tt", 12), ("tiep", 9)}
    second.engine.dispose()
