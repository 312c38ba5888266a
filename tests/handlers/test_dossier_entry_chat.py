"""/themhoso: a dossier typed into the register, in one line or the guided form."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import App
from models import Dossier, DossierChange, User
from tests.chat import Chat, bare
from tests.core.dossiers.register_helpers import NOW, audit, count, local, rows
from tests.handlers.report_helpers import make_center


@pytest.fixture
def chat(app: App) -> Chat:
    chat = Chat(app, NOW)
    make_center(chat)
    return chat


def staff_id(chat: Chat, address: str) -> int:
    users = User.__table__  # type: ignore[attr-defined]
    with chat.app.engine.connect() as connection:
        found = connection.scalar(select(users.c.id).where(users.c.address == address))
    assert isinstance(found, int)
    return found


def test_one_line_with_the_due_date_computed_from_the_catalog(chat: Chat) -> None:
    done = chat.say("/themhoso BN-2026/031 | 1.004222 | 16/03/2026 08:30 | trực tiếp",
                    user="an")
    # Đăng ký thường trú, 7 working days from acceptance (Mon 16/03) → Wed 25/03.
    assert "Đã ghi vào sổ theo dõi hồ sơ: BN-2026/031 — 1.004222" in done
    assert "tiếp nhận 08:30 16/03/2026 (trực tiếp), hẹn trả 17:00 25/03/2026" in done
    assert "bot tính theo thời hạn của thủ tục" in done
    row = rows(chat.app)["BN-2026/031"]
    assert (row["procedure_code"], row["channel"], row["status"], row["due_source"]) == (
        "1.004222", "direct", "received", "computed")
    assert row["due_at"] == local(25, 17) and row["received_at"] == local(16, 8, 30)
    assert row["assignee_id"] == staff_id(chat, "an")
    assert audit(chat.app) == [("BN-2026/031", "status", None, "received", "chat")]


def test_one_line_by_name_with_the_receipts_due_date(chat: Chat) -> None:
    done = chat.say("/themhoso  giấy 7/BHXH |Cấp lại sổ bảo hiểm xã hội| 13/03/2026 |"
                    " 20/03/2026 15:00", user="binh")
    assert "hẹn trả 15:00 20/03/2026" in done and "bot tính" not in done
    row = rows(chat.app)["giấy 7/BHXH"]
    assert (row["procedure_code"], row["procedure_name"], row["channel"]) == (
        None, "Cấp lại sổ bảo hiểm xã hội", "direct")
    assert row["received_at"] == local(13, 7)  # no time: the opening of office hours
    # The catalog's exact name finds its code, whatever the case and diacritics.
    assert "1.004222" in chat.say(
        "/themhoso X-2 | dang ky thuong tru | 16/03/2026 | truc tuyen", user="an")


@pytest.mark.parametrize(("line", "said"), [
    ("BN-1", "Dòng còn thiếu: thủ tục, ngày tiếp nhận"),
    ("BN-1 | 1.004222", "Dòng còn thiếu: ngày tiếp nhận"),
    ("BN-1 | 1.004222 | 16/03/2026 | trực tiếp | 20/03/2026 | x", "nhiều hơn 5 phần"),
    (" | 1.004222 | 16/03/2026", "Chưa có mã hồ sơ"),
    ("A" * 65 + " | 1.004222 | 16/03/2026", "dài quá 64 ký tự"),
    ("BN-1 | 9.999999 | 16/03/2026", "Danh mục không có thủ tục mã 9.999999"),
    ("BN-1 | | 16/03/2026", "Chưa có thủ tục"),
    ("BN-1 | 1.004222 | 32/03/2026", "«32/03/2026» không phải ngày tiếp nhận hợp lệ"),
    ("BN-1 | 1.004222 | hôm qua", "«hôm qua» không phải ngày tiếp nhận hợp lệ"),
    ("BN-1 | 1.004222 | 17/03/2026", "Ngày tiếp nhận 17/03/2026 chưa tới"),
    ("BN-1 | 1.004222 | 16/03/2026 | xe máy", "Không hiểu «xe máy»"),
    ("BN-1 | 1.004222 | 16/03/2026 | 12/03/2026", "Ngày hẹn trả 12/03/2026 trước ngày tiếp"),
    ("BN-1 | Thủ tục chưa có trong danh mục | 16/03/2026",
     "không tính được ngày hẹn trả: bạn ghi thêm ngày hẹn trả"),
])
def test_each_kind_of_bad_line_is_named_with_the_format(chat: Chat, line: str, said: str
                                                        ) -> None:
    text = chat.say(f"/themhoso {line}", user="an")
    assert "Chưa ghi hồ sơ nào." in text and said in text, text
    assert "/themhoso BN-2026/031 | 1.004222 | 16/03/2026 08:30 | trực tiếp" in text
    assert count(chat.app, Dossier) == 0


def test_a_code_the_register_has_is_refused(chat: Chat) -> None:
    assert "Đã ghi" in chat.say("/themhoso BN-1 | 1.004222 | 16/03/2026", user="an")
    again = chat.say("/themhoso bn-1 | 1.001193 | 16/03/2026", user="chi")
    assert "Sổ theo dõi đã có hồ sơ mã bn-1" in again
    assert count(chat.app, Dossier) == 1 and count(chat.app, DossierChange) == 1
    assert "Đã có" not in chat.say("/themhoso", user="chi")
    assert "Sổ theo dõi đã có hồ sơ mã BN-1" in chat.say("BN-1", user="chi")


def test_the_guided_form_asks_each_part_and_takes_the_receipts_date(chat: Chat) -> None:
    assert "(1/4)" in chat.say("/themhoso", user="an")
    assert "(2/4)" in chat.say("PHIEU-0042", user="an")
    assert "Danh mục không có thủ tục mã 1.999999" in chat.say("1.999999", user="an")
    received = chat.send("1.004222", user="an")[-1]
    assert bare(received) == ["themhoso:now", "cancel"]
    assert "chưa tới" in chat.say("20/03/2026", user="an")
    channel = chat.press("themhoso:now", user="an")[-1]
    assert bare(channel) == ["themhoso:channel:direct", "themhoso:channel:online",
                             "themhoso:channel:postal", "cancel"]
    assert "Không hiểu kênh «fax»" in chat.say("fax", user="an")
    summary = chat.say(press="themhoso:channel:online", user="an")
    assert "Hẹn trả: 17:00 25/03/2026 (bot tính" in summary and "trực tuyến" in summary
    assert "trước ngày tiếp nhận" in chat.say("01/03/2026", user="an")
    changed = chat.say("27/03/2026 10:00", user="an")
    assert "Hẹn trả: 10:00 27/03/2026" in changed and "bot tính" not in changed
    done = chat.say(press="themhoso:save", user="an")
    assert "Đã ghi vào sổ theo dõi hồ sơ: PHIEU-0042" in done
    row = rows(chat.app)["PHIEU-0042"]
    assert (row["received_at"], row["due_at"], row["channel"], row["due_source"]) == (
        NOW, local(27, 10), "online", "source")
    assert "tin nhắn cũ" in chat.say(press="themhoso:save", user="an")
    assert count(chat.app, Dossier) == 1


def test_the_guided_form_asks_the_due_date_the_catalog_cannot_give(chat: Chat) -> None:
    chat.send("/themhoso", user="binh")
    chat.send("BH-7", user="binh")
    chat.send("Gia hạn thẻ bảo hiểm y tế", user="binh")
    chat.send("15/03/2026", user="binh")
    asked = chat.say(press="themhoso:channel:postal", user="binh")
    assert "Gõ ngày hẹn trả in trên giấy tiếp nhận" in asked
    assert "Hẹn trả: 17:00 18/03/2026" in chat.say("18/03/2026", user="binh")
    chat.press("themhoso:save", user="binh")
    assert rows(chat.app)["BH-7"]["due_at"] == local(18, 17)


def test_cancel_leaves_nothing(chat: Chat) -> None:
    chat.send("/themhoso", user="an")
    chat.send("PHIEU-1", user="an")
    assert "Đã huỷ" in chat.say(press="cancel", user="an")
    assert count(chat.app, Dossier) == 0
    assert "chỉ dành cho cán bộ" in chat.say("/themhoso A | 1.004222 | 16/03/2026")
