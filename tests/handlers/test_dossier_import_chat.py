"""A register export sent in chat: preview, confirm, cancel, restarts, stale previews."""

from __future__ import annotations

import io
from pathlib import Path

from bot.app import App, build_app
from bot.channels.console import run_console
from bot.core.messages import Attachment
from models import Dossier, DossierUpload
from tests.chat import Chat, bare
from tests.conftest import make_settings
from tests.core.dossiers.register_helpers import NOW, count, rows, run_import
from tests.dossier_files import ROWS, Row, plain_csv, portal_csv, thanh_hoa_xlsx
from tests.handlers.report_helpers import make_center


def attach(path: Path) -> tuple[Attachment, ...]:
    return (Attachment(path.name, path.read_bytes(), size=path.stat().st_size),)


def test_staff_send_an_export_see_the_preview_and_confirm(app: App, tmp_path: Path) -> None:
    chat = Chat(app, NOW)
    unit_id = make_center(chat)
    replies = chat.send(user="an", attachments=attach(thanh_hoa_xlsx(tmp_path / "hs.xlsx")))
    assert bare(replies[-1]) == ["nhaphoso:ok", "nhaphoso:cancel"]
    preview = replies[-1].text
    assert "chưa ghi gì" in preview and "thêm mới 6 hồ sơ" in preview
    assert "bỏ qua 1 hồ sơ mới đăng ký" in preview
    assert "000.00.53.H48-260302-0002: hồ sơ mới, đã tiếp nhận, hẹn trả 17:00 06/03/2026" in preview
    assert count(app, Dossier) == 0 and count(app, DossierUpload) == 1
    done = chat.say(press="nhaphoso:ok", user="an")
    assert "Đã nhập tệp «hs.xlsx»" in done and "thêm mới 6 hồ sơ" in done
    assert "4 hồ sơ đang giải quyết: 3 quá hạn, 1 đến hạn trong 2 ngày làm việc tới" in done
    assert count(app, Dossier) == 6 and count(app, DossierUpload) == 0
    found = rows(app)
    assert found["XH-2026/15"]["procedure_code"] == "1.004222"
    assert {r["unit_id"] for r in found.values()} == {unit_id}
    # The same button again acts on nothing.
    assert "tin nhắn cũ" in chat.say(press="nhaphoso:ok", user="an")
    assert count(app, Dossier) == 6


def test_the_preview_survives_a_restart(app: App, database_url: str, tmp_path: Path) -> None:
    chat = Chat(app, NOW)
    make_center(chat)
    chat.send(user="an", attachments=attach(portal_csv(tmp_path / "p.csv")))
    restarted = build_app(make_settings(database_url), catalog=app.services.catalog)
    try:
        again = Chat(restarted, NOW.replace(hour=3), buttons=chat.buttons)
        assert "Đã nhập tệp «p.csv»" in again.say(press="nhaphoso:ok", user="an")
    finally:
        restarted.engine.dispose()
    assert count(app, Dossier) == 6


def test_cancel_writes_nothing_and_drops_the_file(app: App, tmp_path: Path) -> None:
    chat = Chat(app, NOW)
    make_center(chat)
    chat.send(user="lead", attachments=attach(plain_csv(tmp_path / "p.csv")))
    assert "không thay đổi gì" in chat.say(press="nhaphoso:cancel", user="lead")
    assert count(app, Dossier) == 0 and count(app, DossierUpload) == 0


def test_a_register_changed_since_the_preview_is_shown_again(app: App, tmp_path: Path) -> None:
    chat = Chat(app, NOW)
    unit_id = make_center(chat)
    chat.send(user="an", attachments=attach(portal_csv(tmp_path / "mine.csv")))
    # Meanwhile someone imports the first dossier already resolved.
    first = ROWS[0]
    other = [Row(first.code, first.name, first.proc, "9", "", first.received, first.due)]
    assert run_import(app, unit_id, portal_csv(tmp_path / "other.csv", other)).ok
    stale = chat.say(press="nhaphoso:ok", user="an")
    assert "đã thay đổi từ lúc xem trước" in stale and "thêm mới 5 hồ sơ" in stale
    assert count(app, Dossier) == 1
    assert "Đã nhập" in chat.say(press="nhaphoso:ok", user="an")
    assert count(app, Dossier) == 6
    assert rows(app)[first.code]["status"] == "in_progress"  # the file seen and confirmed


def test_a_broken_file_is_explained_and_nothing_waits(app: App, tmp_path: Path) -> None:
    chat = Chat(app, NOW)
    make_center(chat)
    path = tmp_path / "x.csv"
    path.write_text("Mã hồ sơ;Ngày tiếp nhận;Trạng thái\nA-1;hôm qua;Đang xử lý\n"
                    "A-2;14/03/2026;Xong\n", encoding="utf-8")
    text = chat.say(user="an", attachments=attach(path))
    assert "Không nhập được tệp «x.csv»: có 2 lỗi" in text
    assert "Dòng 2, cột «Ngày tiếp nhận»: «hôm qua» không phải ngày hợp lệ" in text
    assert "Dòng 3, cột «Trạng thái»: không hiểu trạng thái «Xong»" in text
    assert count(app, Dossier) == 0 and count(app, DossierUpload) == 0


def test_who_may_send_and_what(app: App, tmp_path: Path) -> None:
    chat = Chat(app, NOW)
    make_center(chat)
    files = attach(portal_csv(tmp_path / "p.csv"))
    assert "chỉ đọc được tin nhắn chữ" in chat.say(user="citizen", attachments=files)
    assert "chỉ đọc được tin nhắn chữ" not in chat.say(user="an", attachments=files)
    big = (Attachment("lon.xlsx", b"", size=31 * 2**20, too_large=True),)
    assert "nặng 31,0 MB, quá giới hạn 20 MB" in chat.say(user="an", attachments=big)
    assert "gửi tệp đó cho bot" in chat.say("/nhaphoso", user="an")
    assert "đang chờ bạn xác nhận" in chat.say("xin chào", user="an")


def test_a_repeated_file_says_there_is_nothing_new(app: App, tmp_path: Path) -> None:
    chat = Chat(app, NOW)
    unit_id = make_center(chat)
    path = portal_csv(tmp_path / "p.csv")
    run_import(app, unit_id, path)
    text = chat.say(user="an", attachments=attach(path))
    assert "không có gì mới: 6 hồ sơ giống hệt" in text and count(app, DossierUpload) == 0


def test_the_console_sends_a_file_by_its_path(app: App, tmp_path: Path) -> None:
    chat = Chat(app, NOW)
    make_center(chat)
    path = thanh_hoa_xlsx(tmp_path / "so theo doi.xlsx")
    out = io.StringIO()
    run_console(app.dispatcher, [f"/nhaphoso {path}\n", "1\n"], out, user="an",
                clock=lambda: NOW)
    text = out.getvalue()
    assert "[1] Xác nhận nhập" in text and "Đã nhập tệp «so theo doi.xlsx»" in text
    assert count(app, Dossier) == 6
    out = io.StringIO()
    run_console(app.dispatcher, [f"/nhaphoso {path}\n"], out, user="an", clock=lambda: NOW,
                max_file_bytes=100)
    assert "quá giới hạn" in out.getvalue()
