"""/xinloi: a new date for a late dossier and the apology letter (Mẫu 04) sent in chat."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App, build_app
from bot.channels.console import run_console
from bot.core.dossiers import get_dossier
from bot.core.dossiers.store import DossierView, audit_trail
from bot.core.messages import RenderedReply
from bot.core.people import create_unit
from bot.db import transaction
from models import Role, User
from tests.chat import Chat, bare
from tests.conftest import make_settings
from tests.core.dossiers.register_helpers import NOW, local, run_import
from tests.documents_read import all_text, open_docx
from tests.dossier_files import portal_csv
from tests.handlers.report_helpers import make_center

NAMED = "000.00.53.H48-260302-0002"  # 1.011441 (3 working days), Trần Thị Bình, due 06/03
NAMELESS = "XH-2026/15"  # 1.004222 (7 working days), no citizen name, due 17/03 17:00
CLOSED = "000.00.53.H48-260303-0007"
REASON = "Cần xác minh, làm rõ thêm thông tin"


@pytest.fixture
def chat(app: App, tmp_path: Path) -> Chat:
    chat = Chat(app, NOW)
    unit_id = make_center(chat)
    assert run_import(app, unit_id, portal_csv(tmp_path / "p.csv")).ok
    return chat


def dossier(app: App, code: str) -> DossierView:
    with app.engine.connect() as connection:
        unit_id = connection.exec_driver_sql("SELECT id FROM unit WHERE code = 'hb'").scalar()
        assert isinstance(unit_id, int)
        found = get_dossier(connection, unit_id, code)
    assert found is not None
    return found


def user_id(app: App, address: str) -> int:
    with app.engine.connect() as connection:
        found = connection.execute(select(User.id).where(  # type: ignore[call-overload]
            User.address == address)).scalar()
    assert isinstance(found, int)
    return found


def letter_text(reply: RenderedReply) -> str:
    assert len(reply.attachments) == 1
    attachment = reply.attachments[0]
    assert attachment.filename.endswith(".docx")
    return all_text(open_docx(attachment.content))


def test_the_letter_is_issued_the_date_recorded_and_a_second_refused(chat: Chat) -> None:
    asked = chat.send(f"/xinloi {NAMED}", user="an")[-1]
    # Overdue since 06/03: counted from today (Mon 16/03), 3 working days, half and twice.
    assert bare(asked) == ["apology:day:2026-03-17", "apology:day:2026-03-19",
                           "apology:day:2026-03-24", "cancel"]
    assert "19/03/2026 ★" in [c.label for c in asked.choices]
    assert "đã quá hạn" in asked.text
    reasons = chat.press("apology:day:2026-03-19", user="an")[-1]
    assert "apology:reason:verify" in bare(reasons)
    summary = chat.say(press="apology:reason:verify", user="an")
    assert "Hẹn trả mới: 17:00 19/03/2026" in summary and "Trần Thị Bình" in summary
    done = chat.press("apology:ok", user="an")[-1]
    assert "hẹn trả lại 17:00 19/03/2026 (hẹn cũ 17:00 06/03/2026)" in done.text
    text = letter_text(done)
    for field in ("Trần Thị Bình", NAMED, "19/03/2026", "06/03/2026", REASON,
                  "Trung tâm xã Hoà Bình", "ngày 16 tháng 3 năm 2026"):
        assert field in text, field
    view = dossier(chat.app, NAMED)
    assert (view.due_at, view.extended_at, view.apology_issued_at) == (local(19, 17), NOW, NOW)
    assert view.extension_reason == REASON and view.extended_by == user_id(chat.app, "an")
    with chat.app.engine.connect() as connection:
        changes = [c for c in audit_trail(connection, view.id) if c.source == "chat"]
    assert {c.field for c in changes} >= {"due_at", "extension_due_at", "extension_reason",
                                          "extended_at", "apology_issued_at"}
    assert all(c.changed_by == user_id(chat.app, "an") and c.changed_at == NOW
               for c in changes)
    due_change = next(c for c in changes if c.field == "due_at")
    assert (due_change.old_value, due_change.new_value) == (
        "2026-03-06T17:00:00+07:00", "2026-03-19T17:00:00+07:00")
    # Once only: by command and by a warning's button alike.
    again = chat.say(f"/xinloi {NAMED.lower()}", user="binh")
    assert "đã được hẹn lại ngày trả kết quả một lần (đến 17:00 19/03/2026)" in again
    assert "một lần" in chat.say(payload=f"xinloi:{view.id}", user="lead")
    assert dossier(chat.app, NAMED).version == view.version


def test_typed_name_date_and_reason_each_checked(chat: Chat) -> None:
    asked = chat.say(f"/xinloi {NAMELESS}", user="an")
    assert "chưa có tên chủ hồ sơ" in asked
    assert "cần có chữ cái" in chat.say("12345", user="an")
    date_question = chat.send("Lê Văn Tám", user="an")[-1]
    # Due tomorrow (17/03): counted from there, 7 working days → 26/03.
    assert bare(date_question)[:3] == ["apology:day:2026-03-20", "apology:day:2026-03-26",
                                       "apology:day:2026-04-06"]
    assert "không phải ngày" in chat.say("thứ sáu", user="an")
    assert "là ngày nghỉ" in chat.say("21/03/2026", user="an")  # a Saturday
    assert "Ngày làm việc kế tiếp là 23/03/2026" in chat.say("22/03/2026", user="an")
    holiday = chat.say("30/04/2026", user="an")
    assert "30/04/2026 là ngày nghỉ (" in holiday
    assert "đã qua" in chat.say("13/03/2026", user="an")
    assert "không sau ngày hẹn hiện tại (17:00 17/03/2026)" in chat.say("17/03/2026", user="an")
    assert "Lý do hồ sơ trễ hạn" in chat.say("25/03/2026", user="an")
    assert "ngắn quá" in chat.say("ừ", user="an")
    reason = "Chờ kết quả xác minh nơi cư trú tại Công an tỉnh <khẩn>"
    summary = chat.say(reason, user="an")
    assert "Kính gửi: Ông (Bà) Lê Văn Tám" in summary and "17:00 25/03/2026" in summary
    assert "bấm một nút" in chat.say("xong rồi", user="an")
    text = letter_text(chat.press("apology:ok", user="an")[-1])
    assert "Lê Văn Tám" in text and reason in text and "25/03/2026" in text
    assert dossier(chat.app, NAMELESS).citizen_name == ""  # used for the letter, not kept


def test_a_name_left_blank_is_dotted_and_back_and_cancel_work(chat: Chat) -> None:
    chat.send(f"/xinloi {NAMELESS}", user="an")
    chat.press("apology:noname", user="an")
    chat.press("apology:day:2026-03-26", user="an")
    assert "Chọn ngày hẹn trả mới" in chat.say(press="apology:back", user="an")
    chat.press("apology:day:2026-03-20", user="an")
    chat.press("apology:reason:agency", user="an")
    assert "Lý do hồ sơ trễ hạn" in chat.say(press="apology:back", user="an")
    chat.press("apology:reason:system", user="an")
    done = chat.press("apology:ok", user="an")[-1]
    text = letter_text(done)
    assert "Ông (Bà) ……" in text and "Hệ thống thông tin gặp sự cố kỹ thuật" in text
    assert "tên người nhận cũng vậy" in done.text
    before = dossier(chat.app, CLOSED)
    chat.send(f"/xinloi {NAMED}", user="chi")
    assert "Đã huỷ" in chat.say("/huy", user="chi")
    assert dossier(chat.app, NAMED).extended_at is None
    assert "đã kết thúc" in chat.say(f"/xinloi {CLOSED}", user="chi")
    assert dossier(chat.app, CLOSED) == before


def test_the_flow_survives_a_restart(chat: Chat, database_url: str) -> None:
    chat.send(f"/xinloi {NAMED}", user="an")
    chat.press("apology:day:2026-03-24", user="an")
    restarted = build_app(make_settings(database_url), catalog=chat.app.services.catalog)
    try:
        again = Chat(restarted, NOW.replace(hour=4), buttons=chat.buttons)
        again.press("apology:reason:volume", user="an")
        done = again.press("apology:ok", user="an")[-1]
        assert "Số lượng hồ sơ tăng đột xuất" in letter_text(done)
    finally:
        restarted.engine.dispose()
    assert dossier(chat.app, NAMED).due_at == local(24, 17)


def test_only_the_units_own_staff_and_only_known_codes(chat: Chat) -> None:
    view = dossier(chat.app, NAMED)
    with transaction(chat.app.sessions) as session:
        other = create_unit(session, code="kh", name="Trung tâm xã Khác", now=NOW)
        session.add(User(channel="console", address="xa_khac", role=Role.STAFF.value,
                         unit_id=other.id, sector="xa", sectors=["xa"], created_at=NOW,
                         last_seen_at=NOW))
    assert "Không tìm thấy hồ sơ này" in chat.say(payload=f"xinloi:{view.id}", user="xa_khac")
    assert "không có hồ sơ mã" in chat.say(f"/xinloi {NAMED}", user="xa_khac")
    assert "không có hồ sơ mã «KHONG-CO»" in chat.say("/xinloi KHONG-CO", user="an")
    assert "gõ /xinloi kèm mã hồ sơ" in chat.say("/xinloi", user="an")
    assert "chỉ dành cho cán bộ" in chat.say(f"/xinloi {NAMED}", user="citizen")
    assert dossier(chat.app, NAMED).extended_at is None


def test_the_console_saves_the_letter_and_prints_its_path(chat: Chat, tmp_path: Path) -> None:
    out = io.StringIO()
    lines = [f"/xinloi {NAMED}", "2", "1", "1"]  # the proposal, the first reason, issue
    run_console(chat.app.dispatcher, lines, out, user="an", clock=lambda: NOW,
                files_dir=tmp_path / "files")
    saved = sorted((tmp_path / "files").iterdir())
    assert [p.name for p in saved] == [f"xin-loi-gia-han-{NAMED}.docx"]
    assert f"(tệp đính kèm đã lưu: {saved[0]})" in out.getvalue()
    assert NAMED in all_text(open_docx(saved[0].read_bytes()))


def test_a_colleague_who_extended_first_wins_and_nothing_is_written_twice(chat: Chat) -> None:
    chat.send(f"/xinloi {NAMED}", user="an")
    chat.press("apology:day:2026-03-17", user="an")
    chat.press("apology:reason:verify", user="an")  # an's summary waits for "issue"
    chat.send(f"/xinloi {NAMED}", user="binh")
    chat.press("apology:day:2026-03-24", user="binh")
    chat.press("apology:reason:volume", user="binh")
    assert chat.press("apology:ok", user="binh")[-1].attachments
    after = dossier(chat.app, NAMED)
    late = chat.press("apology:ok", user="an")[-1]
    assert "đã được hẹn lại ngày trả kết quả một lần (đến 17:00 24/03/2026)" in late.text
    assert not late.attachments and dossier(chat.app, NAMED) == after
    assert "tin nhắn cũ" in chat.say(press="apology:ok", user="an")  # the flow ended
