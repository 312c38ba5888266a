"""Real PTB objects end to end, with only HTTP replaced by a recording request."""

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application

from bot.app import App
from bot.channels.telegram import build_telegram
from bot.core.messages import Choice, RenderedReply
from bot.core.people import create_invite, create_unit
from bot.db import transaction
from bot.dispatch import unstamp
from models import Role
from tests.telegram_fakes import RecordingRequest, button_update, text_update


@pytest.fixture
async def telegram(
    sqlite_app: App, now: datetime
) -> AsyncIterator[tuple[Application, RecordingRequest]]:
    request = RecordingRequest()
    settings = sqlite_app.settings.model_copy(update={"telegram_token": SecretStr("123:ABC")})
    application, _ = build_telegram(settings, sqlite_app.dispatcher, request=request,
                                    with_updater=False, rate_limit=False, clock=lambda: now)
    async with application:
        yield application, request


async def send(application: Application, payload: dict) -> None:
    await application.process_update(Update.de_json(payload, application.bot))


async def test_start_is_answered_in_vietnamese(telegram) -> None:
    application, request = telegram
    await send(application, text_update(1, 42, "/start"))
    sent = request.sent()
    assert sent and all(m["chat_id"] == 42 for m in sent)
    assert "Xin chào" in sent[0]["text"] and sent[0]["parse_mode"] == "HTML"


async def test_join_flow_buttons_and_callback(telegram, sqlite_app: App, now) -> None:
    application, request = telegram
    await send(application, text_update(1, 43, "/join"))
    keyboard = request.sent()[-1]["reply_markup"]
    button = keyboard["inline_keyboard"][0][0]
    assert button["text"] == "Huỷ" and unstamp(button["callback_data"]) == ("cancel", 1)
    await send(application, button_update(2, 43, button["callback_data"]))
    assert "Đã huỷ" in request.sent()[-1]["text"]
    assert ("answerCallbackQuery", {"callback_query_id": "2"}) in request.calls

    with transaction(sqlite_app.sessions) as session:
        unit = create_unit(session, code="tg", name="Trung tâm phường Một", now=now)
        code, _ = create_invite(session, unit, Role.STAFF, now, timedelta(days=1))
    await send(application, text_update(3, 43, f"/join {code}"))
    assert "Trung tâm phường Một" in request.sent()[-2]["text"]
    assert "Việc của cán bộ" in request.sent()[-1]["text"]


async def test_html_special_characters_are_escaped(telegram) -> None:
    application, request = telegram
    await send(application, text_update(1, 44, "/x<b>"))
    assert "/x&lt;b&gt;" in request.sent()[-1]["text"]


async def test_long_reply_is_split_with_buttons_on_the_last_part(telegram) -> None:
    application, request = telegram
    from bot.channels.telegram import TelegramMessenger

    messenger = TelegramMessenger(application)
    text = "\n".join(f"Dòng {i}: " + "giấy tờ " * 20 for i in range(100))
    await messenger.send("45", RenderedReply(text, (Choice("Quay lại", "back"),)))
    parts = request.sent()
    assert len(parts) >= 3
    assert all(len(p["text"]) <= 4096 for p in parts)
    assert all("reply_markup" not in p for p in parts[:-1])
    assert "reply_markup" in parts[-1]
    assert "\n".join(p["text"] for p in parts).split() == text.split()


async def test_procedure_lookup_over_telegram(telegram) -> None:
    application, request = telegram
    await send(application, text_update(1, 46, "lam giay khai sinh cho con"))
    results = request.sent()[-1]
    buttons = results["reply_markup"]["inline_keyboard"]
    assert buttons[0][0]["callback_data"] == "proc:1.001193" and len(buttons) <= 3
    await send(application, button_update(2, 46, "proc:1.001193"))
    card = request.sent()[-1]
    assert "Mã thủ tục: 1.001193" in card["text"] and "dichvucong.gov.vn" in card["text"]
    assert "<b>Thủ tục đăng ký khai sinh</b>" in card["text"]  # the Telegram HTML override
    await send(application, button_update(3, 46, "docs:1.001193"))
    documents = [m for m in request.sent() if m is not card][-3:]
    assert all(len(m["text"]) <= 4096 for m in request.sent())
    assert any("Giấy chứng sinh" in m["text"] for m in documents)


async def test_staff_report_over_telegram(telegram, sqlite_app: App, now) -> None:
    application, request = telegram
    with transaction(sqlite_app.sessions) as session:
        unit = create_unit(session, code="tgr", name="Trung tâm phường Hai", now=now)
        code, _ = create_invite(session, unit, Role.STAFF, now, timedelta(days=1), "xa")
    await send(application, text_update(1, 47, f"/thamgia {code}"))
    await send(application, text_update(2, 47, "bc tt=45 tiep=12"))
    assert "Hồ sơ tiếp nhận trực tuyến (tt): 45" in request.sent()[-1]["text"]
    await send(application, text_update(3, 47, "bc tructuyn=4"))
    assert "Có phải ý bạn là «tructuyen»" in request.sent()[-1]["text"]
    await send(application, text_update(4, 47, "bc tt=-1"))
    assert "không thể là số âm" in request.sent()[-1]["text"]
    await send(application, text_update(5, 47, "/nhapso"))
    form = request.sent()[-1]
    buttons = [b[0]["callback_data"] for b in form["reply_markup"]["inline_keyboard"]]
    assert [unstamp(b)[0] for b in buttons] == ["form:skip", "cancel"]
    await send(application, button_update(6, 47, buttons[0]))
    assert "mục 2/18" in request.sent()[-1]["text"]


async def test_a_photo_gets_an_answer_not_silence(telegram) -> None:
    application, request = telegram
    update = text_update(1, 48, "x")
    del update["message"]["text"], update["message"]["entities"]
    update["message"]["photo"] = [{"file_id": "a", "file_unique_id": "a", "width": 1,
                                   "height": 1}]
    await send(application, update)
    assert "chỉ đọc được tin nhắn chữ" in request.sent()[-1]["text"]


async def test_group_chats_are_ignored(telegram) -> None:
    application, request = telegram
    update = text_update(1, -100123, "đăng ký khai sinh")
    update["message"]["chat"] = {"id": -100123, "type": "group", "title": "Cán bộ xã"}
    await send(application, update)
    assert request.sent() == []
