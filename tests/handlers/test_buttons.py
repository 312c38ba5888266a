"""Buttons act on what they were shown for; typed numbers mean only the buttons on screen."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.db import transaction
from bot.dispatch import unstamp
from models import DailyValue
from tests.chat import Chat, bare
from tests.handlers.report_helpers import make_center

OUTDATED = "Nút này thuộc một tin nhắn cũ"


def stored(chat: Chat) -> dict[str, int]:
    with transaction(chat.app.sessions) as session:
        return dict(session.execute(select(DailyValue.element, DailyValue.value)).all())


def test_a_form_button_from_an_older_message_changes_nothing(chat: Chat) -> None:
    make_center(chat)
    first = chat.send("/nhapso", user="an")[0]
    old_skip = first.choices[0].payload
    assert "mục 1/18" in first.text and unstamp(old_skip)[0] == "form:skip"
    assert "mục 2/18" in chat.say(payload=old_skip, user="an")
    # The same button pressed again (a double tap, or scrolling up): not a second skip.
    again = chat.say(payload=old_skip, user="an")
    assert OUTDATED in again and "chưa có gì thay đổi" in again
    assert "mục 3/18" in chat.say(press="form:skip", user="an")  # the current one works


def test_confirming_an_older_warning_stores_nothing(chat: Chat) -> None:
    make_center(chat)
    first = chat.send("bc tt=4 tiep=1 nhan=9", user="an")[0]
    old_confirm = first.choices[0].payload
    chat.send("bc tt=4 tiep=1 nhan=8", user="an")  # a corrected line, warned again
    assert OUTDATED in chat.say(payload=old_confirm, user="an")
    assert stored(chat) == {}
    assert "Đã lưu" in chat.say(press="report:confirm", user="an")
    assert stored(chat) == {"tt": 4, "tiep": 1, "nhan": 8}


def test_cancel_from_an_older_prompt_does_not_cancel_what_is_open_now(chat: Chat) -> None:
    make_center(chat)
    join = chat.send("/thamgia", user="an")[0]
    old_cancel = join.choices[0].payload
    chat.send("/nhapso", user="an")
    assert OUTDATED in chat.say(payload=old_cancel, user="an")
    assert "mục 2/18" in chat.say(press="form:skip", user="an")  # the form is still open
    assert "Đã huỷ" in chat.say(press="cancel", user="an")


def test_an_unversioned_or_mangled_dialogue_button_is_outdated(chat: Chat) -> None:
    make_center(chat)
    chat.send("/nhapso", user="an")
    for payload in ("form:skip", "form:skip@", "form:skip@abc", "form:skip@99999999999999999999"):
        assert OUTDATED in chat.say(payload=payload, user="an")
    assert "mục 2/18" in chat.say(press="form:skip", user="an")  # nothing was skipped before


def test_buttons_about_a_procedure_work_from_any_older_message(chat: Chat) -> None:
    birth = chat.send("lam giay khai sinh cho con")[0]
    chat.send("đăng ký thường trú")
    card = chat.say(payload=birth.choices[0].payload)  # scrolled up to the first results
    assert "Mã thủ tục: 1.001193" in card


def test_back_to_results_from_an_older_card_says_it_is_outdated(chat: Chat) -> None:
    chat.send("lam giay khai sinh cho con")
    card = chat.send("1")[0]
    back = next(c.payload for c in card.choices if unstamp(c.payload)[0] == "results")
    chat.send("đăng ký thường trú")  # the results that button meant are gone
    assert OUTDATED in chat.say(payload=back)


def test_a_typed_number_means_only_a_button_under_the_last_reply(chat: Chat) -> None:
    results = chat.send("dang ky ket hon")[0]
    assert results.choices
    chat.send("/trogiup")  # no buttons under this one
    assert "chưa hiểu" in chat.say("1")


def test_buttons_shown_long_ago_are_not_on_screen_any_more(chat: Chat) -> None:
    chat.send("dang ky ket hon")
    chat.later(hours=chat.app.settings.conversation_ttl_hours + 1)
    assert "chưa hiểu" in chat.say("1")


def test_huge_numbers_in_payloads_get_a_polite_answer(app: App, now) -> None:
    chat = Chat(app, now)  # both backends: PostgreSQL refused ids beyond 64 bits
    make_center(chat)
    huge = "9" * 30
    assert "Không tìm thấy yêu cầu duyệt" in chat.say(payload=f"approve:{huge}", user="lead")
    assert "Không tìm thấy yêu cầu duyệt" in chat.say(payload="reject:²", user="lead")
    assert "Thủ tục theo lĩnh vực" in chat.say(payload=f"field:{huge}:{huge}")
    assert "Thủ tục theo lĩnh vực" in chat.say(payload="fields:1e400")
    assert "Cách dùng: /nghi" in chat.say("/nghi ²", user="an")
    assert "Cách dùng: /nghi" in chat.say(f"/nghi {huge}", user="an")
    assert "Cách dùng: /chotky" in chat.say(f"/chotky 3/{huge}", user="lead")
    assert "Cách dùng: /chotky" in chat.say("/chotky ³/2025", user="lead")


def test_edits_carry_their_message_id_and_run_nothing(chat: Chat) -> None:
    make_center(chat)
    chat.say("bc tt=5", user="an")
    chat.say("bc tt=7", user="an")
    chat.say("/hoantac", user="an", message_id="3")
    assert stored(chat) == {"tt": 5}
    assert "không xử lý lại" in chat.say("/hoantac", user="an", message_id="3", edited=True)
    assert stored(chat) == {"tt": 5}


def test_a_message_without_text_is_answered(chat: Chat) -> None:
    assert "chỉ đọc được tin nhắn chữ" in chat.say("")
    assert bare(chat.send("dang ky ket hon")[0])  # and the conversation goes on
