"""Citizens find procedures by chat; cards show only what the catalog states."""

import pytest

from bot.core.people import create_unit
from bot.db import transaction
from models import Role, User
from tests.chat import Chat


def first_button(chat: Chat, text: str) -> str:
    replies = chat.send(text)
    return replies[-1].choices[0].payload


@pytest.mark.parametrize(("query", "code", "name"), [
    ("lam giay khai sinh cho con", "1.001193", "đăng ký khai sinh"),
    ("xin giấy xác nhận độc thân", "1.004873", "xác nhận tình trạng hôn nhân"),
    ("nhập hộ khẩu cho vợ", "1.004222", "Đăng ký thường trú"),
])
def test_everyday_queries_put_the_right_procedure_first(
    chat: Chat, query: str, code: str, name: str
) -> None:
    replies = chat.send(query)
    assert "1. " in replies[0].text and code in replies[0].text.split("\n")[1]
    assert replies[0].choices[0].payload == f"proc:{code}"
    assert len(replies[0].choices) <= 3
    card = chat.say(payload=f"proc:{code}")
    assert name.lower() in card.lower() and f"Mã thủ tục: {code}" in card
    assert "https://dichvucong.gov.vn/" in card


def test_card_shows_time_and_fee_per_channel(chat: Chat) -> None:
    card = chat.say("/thutuc 1.004222")
    # Issue 12: Vietnamese thousands and "đồng", not the portal's "10,000 Việt Nam Đồng".
    assert "Nộp trực tuyến: thời hạn 7 ngày làm việc; phí, lệ phí: 10.000 đồng" in card
    assert "Nộp trực tiếp: thời hạn 7 ngày làm việc; phí, lệ phí: 20.000 đồng" in card
    assert "Công an cấp Xã" in card


def test_missing_unit_is_not_invented(chat: Chat) -> None:
    # The portal gives "1" with no unit for khai sinh: the card says so instead of guessing,
    # in a sentence (issue 12: not a "1 (không ghi rõ…)" fragment).
    card = chat.say("/thutuc 1.001193")
    assert "cổng dịch vụ công ghi «1», không ghi rõ là ngày hay giờ" in card
    assert "Không có thông tin" not in card


def test_out_of_scope_question_gets_a_polite_not_found(chat: Chat) -> None:
    replies = chat.send("giá vàng hôm nay")
    assert "chưa tìm thấy thủ tục" in replies[0].text
    assert "/linhvuc" in replies[0].text
    # The one button offers feedback (feedback_citizen.py), nothing else.
    assert [c.payload for c in replies[0].choices] == ["pa_start"]


def test_typed_number_opens_a_result_then_documents_legal_and_back(chat: Chat) -> None:
    chat.send("dang ky ket hon")
    card = chat.say("1")
    assert "1.000894" in card
    documents = chat.send("1")[0]
    assert "Giấy tờ cần nộp" in documents.text and "Tờ khai đăng ký kết hôn" in documents.text
    assert documents.choices[0].payload == "proc:1.000894"
    chat.send("1")  # back to the card
    legal = chat.say("2")
    assert "Căn cứ pháp lý" in legal and "Luật" in legal
    results = chat.press("results")[0]
    assert "«dang ky ket hon»" in results.text


def test_codes_from_other_levels_and_unknown_codes(chat: Chat) -> None:
    assert "không do Trung tâm cấp xã tiếp nhận" in chat.say("/thutuc 1.000178")
    assert "Không có thủ tục mã 9.999999" in chat.say("/thutuc 9.999999")
    assert "1.004222" in chat.say("thủ tục 1.004222")
    assert "dạng 1.001193" in chat.say("/thutuc abc")


def test_field_browsing_pages(chat: Chat) -> None:
    fields = chat.send("/linhvuc")[0]
    assert "trang 1/" in fields.text
    assert fields.choices[-1].payload == "fields:1"
    hotich = next(c for c in fields.choices if c.label.startswith("Hộ tịch"))
    field = chat.send(payload=hotich.payload)[0]
    assert "Lĩnh vực Hộ tịch" in field.text
    assert any(c.payload.startswith("proc:") for c in field.choices)
    assert field.choices[-1].payload == "fields:0"
    second = chat.send(payload=hotich.payload.rsplit(":", 1)[0] + ":1")[0]
    assert "trang 2/" in second.text


def make_member(chat: Chat, address: str, role: Role) -> None:
    with transaction(chat.app.sessions) as session:
        from sqlmodel import select

        from models import Unit
        unit = session.exec(select(Unit)).first() or create_unit(
            session, code="xa", name="Trung tâm xã Hoà Bình", now=chat.now)
        session.add(User(channel="console", address=address, role=role.value, unit_id=unit.id,
                         created_at=chat.now, last_seen_at=chat.now))


def test_staff_hide_and_note_shape_what_citizens_see(chat: Chat) -> None:
    make_member(chat, "staff", Role.STAFF)
    assert "Đã ẩn" in chat.say("/an 2.000815", user="staff")
    assert "Quầy số 2" in chat.say("/ghichu 1.001193 Quầy số 2, sáng thứ Bảy có làm việc",
                                   user="staff")
    results = chat.send("chứng thực bản sao từ bản chính", user="citizen")[0]
    assert all(c.payload != "proc:2.000815" for c in results.choices)
    assert "không được tiếp nhận tại Trung tâm xã Hoà Bình" in chat.say("/thutuc 2.000815")
    assert "Lưu ý của Trung tâm xã Hoà Bình: Quầy số 2" in chat.say("/thutuc 1.001193")
    assert "Đã hiện lại" in chat.say("/hien 2.000815", user="staff")
    assert "2.000815" in chat.say("chứng thực bản sao từ bản chính")


def test_citizens_cannot_hide_procedures(chat: Chat) -> None:
    make_member(chat, "staff", Role.STAFF)
    assert "chỉ dành cho cán bộ" in chat.say("/an 1.001193", user="someone")
    assert "1.001193" in chat.say("/thutuc 1.001193", user="someone")


def test_default_unit_decides_which_notes_citizens_see(sqlite_app, now) -> None:
    from bot.core.procedures import Catalog  # noqa: F401  (same catalog, new settings)

    with transaction(sqlite_app.sessions) as session:
        a = create_unit(session, code="a", name="Trung tâm A", now=now)
        create_unit(session, code="b", name="Trung tâm B", now=now)
        session.add(User(channel="console", address="staff-a", role="staff", unit_id=a.id,
                         created_at=now, last_seen_at=now))
    chat = Chat(sqlite_app, now)
    chat.say("/ghichu 1.001193 Quầy 1", user="staff-a")
    # Two units and no DEFAULT_UNIT: a citizen's unit is unknown, so no unit note is shown.
    assert "Quầy 1" not in chat.say("/thutuc 1.001193")
    sqlite_app.services.settings = sqlite_app.settings.model_copy(update={"default_unit": "a"})
    assert "Lưu ý của Trung tâm A: Quầy 1" in chat.say("/thutuc 1.001193")


def test_the_command_line_changes_a_unit_and_the_next_message_shows_it(sqlite_app, now) -> None:
    """The bot keeps a read-only copy of each unit; another process changing the unit or its
    procedures is seen on the very next message, not after a refresh period."""
    import os
    import subprocess
    import sys

    with transaction(sqlite_app.sessions) as session:
        unit = create_unit(session, code="xa", name="Trung tâm xã Hoà Bình", now=now)
        unit.address = "Số 1 đường Làng"
    chat = Chat(sqlite_app, now)
    assert "Trung tâm xã Hoà Bình — Số 1 đường Làng" in chat.say("/thutuc 1.001193")
    assert "2.000815" in chat.say("chứng thực bản sao từ bản chính")

    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env["DATABASE_URL"] = sqlite_app.settings.effective_database_url
    for args in (["unit", "set", "xa", "--address", "Số 9 đường Mới"],
                 ["procedures", "hide", "2.000815", "--unit", "xa"]):
        done = subprocess.run([sys.executable, "-m", "bot", *args], env=env, text=True,
                              capture_output=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr

    assert "Trung tâm xã Hoà Bình — Số 9 đường Mới" in chat.say("/thutuc 1.001193")
    results = chat.send("chứng thực bản sao từ bản chính")[0]
    assert results.choices and all(c.payload != "proc:2.000815" for c in results.choices)
