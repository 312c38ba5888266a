"""A register export sent as a Telegram document: real PTB updates, getFile and the download
over the Bot API (in memory, and over HTTP to a Bot API–compatible server for `motcua run`)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application

from bot.app import App, build_app
from bot.channels.telegram import build_telegram
from bot.core.people import create_unit
from bot.db import transaction
from bot.settings import Settings
from models import Dossier, DossierUpload, Role, User
from tests.channels.test_telegram_e2e import BotProcess, bot_env
from tests.core.dossiers.register_helpers import NOW, count, rows, run_import
from tests.documents_read import all_text, open_docx
from tests.dossier_files import EXPECTED, portal_csv, thanh_hoa_xlsx
from tests.telegram_fakes import (
    FakeBotApi,
    RecordingRequest,
    button_update,
    document_update,
    text_update,
)

STAFF_CHAT = 7001


def add_staff(app: App, now: datetime, chat_id: int = STAFF_CHAT) -> int:
    with transaction(app.sessions) as session:
        unit = create_unit(session, code="tg", name="Trung tâm xã Tân Hoà", now=now,
                           sectors=["xa", "ca", "dd"])
        session.add(User(channel="telegram", address=str(chat_id), role=Role.STAFF.value,
                         unit_id=unit.id, sector="xa", sectors=["xa"], created_at=now,
                         last_seen_at=now))
        assert unit.id is not None
        return unit.id


@pytest.fixture
async def telegram(app: App) -> AsyncIterator[tuple[Application, RecordingRequest]]:
    request = RecordingRequest()
    settings = app.settings.model_copy(update={"telegram_token": SecretStr("123:ABC")})
    application, _ = build_telegram(settings, app.dispatcher, request=request,
                                    with_updater=False, rate_limit=False, clock=lambda: NOW)
    async with application:
        yield application, request


async def send(application: Application, payload: dict) -> None:
    await application.process_update(Update.de_json(payload, application.bot))


def last_buttons(request: RecordingRequest) -> list[tuple[str, str]]:
    keyboard = request.sent()[-1]["reply_markup"]
    if isinstance(keyboard, str):
        keyboard = json.loads(keyboard)
    return [(b["text"], b["callback_data"]) for row in keyboard["inline_keyboard"] for b in row]


async def test_a_document_is_downloaded_previewed_and_imported(telegram, app: App,
                                                               tmp_path: Path) -> None:
    application, request = telegram
    unit_id = add_staff(app, NOW)
    request.files["f1"] = thanh_hoa_xlsx(tmp_path / "hs.xlsx").read_bytes()
    await send(application, document_update(1, STAFF_CHAT, "f1", "Danh sach ho so.xlsx",
                                            len(request.files["f1"])))
    assert ("getFile", {"file_id": "f1"}) in request.calls
    assert ("download", {"file_id": "f1"}) in request.calls
    preview = request.sent()[-1]["text"]
    assert "«Danh sach ho so.xlsx» đã được kiểm tra" in preview and "thêm mới 6" in preview
    assert count(app, Dossier) == 0
    confirm = dict(last_buttons(request))["Xác nhận nhập"]
    await send(application, button_update(2, STAFF_CHAT, confirm))
    assert "Đã nhập tệp" in request.sent()[-1]["text"]
    found = rows(app)
    assert {code: r["status"] for code, r in found.items()} == {
        code: status for code, (status, _) in EXPECTED.items()}
    assert {r["unit_id"] for r in found.values()} == {unit_id}
    assert count(app, DossierUpload) == 0


async def test_a_caption_command_works_and_a_big_file_is_not_downloaded(
        telegram, app: App, tmp_path: Path) -> None:
    application, request = telegram
    add_staff(app, NOW)
    request.files["f2"] = portal_csv(tmp_path / "p.csv").read_bytes()
    await send(application, document_update(3, STAFF_CHAT, "f2", "p.csv",
                                            len(request.files["f2"]), caption="/nhaphoso"))
    assert "thêm mới 6 hồ sơ" in request.sent()[-1]["text"]
    await send(application, document_update(4, STAFF_CHAT, "f3", "lon.xlsx", 25 * 2**20))
    assert ("getFile", {"file_id": "f3"}) not in request.calls
    assert "nặng 25,0 MB, quá giới hạn 20 MB" in request.sent()[-1]["text"]


async def test_a_citizens_document_is_not_read(telegram, app: App, tmp_path: Path) -> None:
    application, request = telegram
    request.files["f4"] = portal_csv(tmp_path / "p.csv").read_bytes()
    await send(application, document_update(5, 4242, "f4", "p.csv", len(request.files["f4"])))
    assert "chỉ đọc được tin nhắn chữ" in request.sent()[-1]["text"]
    assert count(app, DossierUpload) == 0


def test_motcua_run_imports_a_document_over_http(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    seeded = build_app(settings)
    add_staff(seeded, NOW)
    with FakeBotApi() as api:
        api.files["doc-1"] = portal_csv(tmp_path / "export.csv").read_bytes()
        bot = BotProcess(bot_env(tmp_path, api))
        try:
            api.wait_for("getUpdates")
            api.push(document_update(1, STAFF_CHAT, "doc-1", "export.csv",
                                     len(api.files["doc-1"])))
            preview = api.wait_for("sendMessage", count=1)[-1]
            keyboard = preview["reply_markup"]
            keyboard = json.loads(keyboard) if isinstance(keyboard, str) else keyboard
            confirm = keyboard["inline_keyboard"][0][0]["callback_data"]
            api.push(button_update(2, STAFF_CHAT, confirm))
            done = api.wait_for("sendMessage", count=2)[-1]
        finally:
            assert bot.stop() == 0
    assert ("download", {"file_id": "doc-1"}) in api.calls
    assert "thêm mới 6 hồ sơ" in preview["text"] and "Đã nhập tệp «export.csv»" in done["text"]
    assert len(rows(seeded)) == 6
    seeded.engine.dispose()


async def test_the_apology_letter_goes_out_as_a_telegram_document(telegram, app: App,
                                                                  tmp_path: Path) -> None:
    application, request = telegram
    unit_id = add_staff(app, NOW)
    assert run_import(app, unit_id, portal_csv(tmp_path / "p.csv")).ok
    await send(application, text_update(1, STAFF_CHAT, "/xinloi 000.00.53.H48-260302-0002"))
    await send(application, button_update(2, STAFF_CHAT,
                                          dict(last_buttons(request))["19/03/2026 ★"]))
    await send(application, button_update(3, STAFF_CHAT, last_buttons(request)[0][1]))
    await send(application, button_update(4, STAFF_CHAT,
                                          dict(last_buttons(request))["Lập văn bản xin lỗi"]))
    assert "hẹn trả lại 17:00 19/03/2026" in request.sent()[-1]["text"]
    documents = [params for name, params in request.calls if name == "sendDocument"]
    assert len(documents) == 1 and documents[0]["chat_id"] == STAFF_CHAT
    filename, content, _ = documents[0]["files"]["document"]
    assert filename == "xin-loi-gia-han-000.00.53.H48-260302-0002.docx"
    assert "Trần Thị Bình" in all_text(open_docx(content))
