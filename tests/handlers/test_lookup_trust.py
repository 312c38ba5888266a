"""Issue 12 in chat: no confident wrong procedure, where to go instead, the center's own
questions answered from its settings."""

from __future__ import annotations

import pytest

from bot.core.people import create_unit
from bot.db import transaction
from tests.chat import Chat


def set_up_center(chat: Chat, **fields: str) -> None:
    with transaction(chat.app.sessions) as session:
        unit = create_unit(session, code="xa", name="Trung tâm xã Hoà Bình", now=chat.now)
        for key, value in fields.items():
            setattr(unit, key, value)


@pytest.mark.parametrize(("query", "where"), [
    ("đăng ký nghĩa vụ quân sự", "Ban Chỉ huy quân sự"),
    ("đổi bằng lái xe máy", "Cảnh sát giao thông"),
    ("làm hộ chiếu mới", "xuất nhập cảnh"),
    ("nộp thuế đất", "Cơ quan thuế"),
])
def test_other_desks_questions_get_where_to_go_not_a_procedure(
    chat: Chat, query: str, where: str
) -> None:
    reply = chat.send(query)[0]
    assert where in reply.text and "không tiếp nhận" in reply.text
    assert not reply.choices  # no list of unrelated procedures


def test_sang_ten_so_do_never_offers_a_vehicle(chat: Chat) -> None:
    reply = chat.send("sang tên sổ đỏ")[0]
    assert reply.choices and all("xe" not in c.label.lower().split() for c in reply.choices)


def test_a_folded_word_that_could_be_two_is_asked_about(chat: Chat) -> None:
    reply = chat.send("thue dat")[0]
    assert "thuế hay thuê" in reply.text
    assert [c.label for c in reply.choices] == ["thuế đất", "thuê đất"]
    lease = chat.send(payload=reply.choices[1].payload)[0]
    assert "thuê đất" in lease.text and lease.choices[0].payload.startswith("proc:")
    chat.send("thue dat")
    tax = chat.press("reading:0")[0]
    assert "Cơ quan thuế" in tax.text and not tax.choices


def test_polite_filler_still_finds_the_procedure(chat: Chat) -> None:
    reply = chat.send("cho em hỏi thủ tục đăng ký kết hôn cần những giấy tờ gì ạ")[0]
    assert reply.choices[0].payload == "proc:1.000894"


def test_greeting_and_thanks_get_a_short_friendly_reply(chat: Chat) -> None:
    set_up_center(chat)
    assert "Xin chào" in chat.say("chào") and "Trung tâm xã Hoà Bình" in chat.say("Chào bạn ạ")
    thanks = chat.say("cảm ơn nhiều nhé")
    assert "Không có gì" in thanks and "chưa tìm thấy" not in thanks


def test_hours_phone_address_come_from_the_unit(chat: Chat) -> None:
    set_up_center(chat, opening_hours="7h30–11h30, 13h30–17h, thứ Hai đến thứ Sáu",
                  phone="0203 3822 111", address="Số 1 đường Lê Lợi")
    assert "7h30–11h30" in chat.say("mấy giờ mở cửa")
    assert "0203 3822 111" in chat.say("số điện thoại trung tâm")
    assert "Số 1 đường Lê Lợi" in chat.say("trung tâm ở đâu")
    everything = chat.say("/lienhe")
    assert "7h30" in everything and "0203" in everything and "Lê Lợi" in everything


def test_a_center_without_the_setting_says_so_and_gives_what_it_has(chat: Chat) -> None:
    set_up_center(chat, phone="0203 3822 111")
    reply = chat.say("mấy giờ mở cửa")
    assert "chưa cập nhật giờ làm việc" in reply and "0203 3822 111" in reply


def test_a_procedure_about_a_phone_number_is_still_searched(chat: Chat) -> None:
    reply = chat.send("thay đổi số điện thoại trong cơ sở dữ liệu cư trú")[0]
    assert "chưa cập nhật" not in reply.text


def test_long_document_lists_are_grouped_once_and_cut_with_a_button(chat: Chat) -> None:
    chat.say("/thutuc 1.004222")
    first = chat.press("docs:1.004222")[0]
    headings = [line for line in first.text.splitlines() if line.startswith("Đăng ký thường trú")]
    assert len(headings) == len(set(headings))  # each case once
    assert first.choices[1].payload == "docs:1.004222:1" and "Còn giấy tờ khác" in first.text
    rest = chat.send(payload="docs:1.004222:1")[0]
    assert "tiếp theo" in rest.text and rest.choices[0].payload == "proc:1.004222"


def test_the_form_comes_first_in_its_group() -> None:
    from bot.core.catalog.documents_view import grouped
    from bot.core.catalog.model import Document

    groups = grouped([Document("Bản sao giấy tờ", "1"), Document("Tờ khai CT01", "1"),
                      Document("Bản sao giấy tờ", "1")])
    assert [item["name"] for item in groups[0].items] == ["Tờ khai CT01", "Bản sao giấy tờ"]
