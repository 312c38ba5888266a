"""Feedback over Telegram, through real PTB objects (HTTP answered in memory): a citizen sends
feedback with the buttons, gets a code, a staff member answers in chat, the answer reaches
the citizen's Telegram chat through the outbox with the rating buttons, and the citizen
rates it (issue 10, "Done when")."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application

from bot.app import App
from bot.channels.telegram import TelegramMessenger, build_telegram
from bot.delivery import Deliverer
from tests.chat import Chat
from tests.fakes import FakeMessenger
from tests.handlers.feedback_helpers import code_in, local, ticket_row
from tests.handlers.report_helpers import make_center
from tests.telegram_fakes import RecordingRequest, button_update, text_update

CITIZEN = 7201
FRIDAY = local(4, 24, 16)


@pytest.fixture
async def telegram(app: App) -> AsyncIterator[tuple[Application, RecordingRequest]]:
    request = RecordingRequest()
    settings = app.settings.model_copy(update={"telegram_token": SecretStr("123:ABC")})
    application, _ = build_telegram(settings, app.dispatcher, request=request,
                                    with_updater=False, rate_limit=False, clock=lambda: FRIDAY)
    async with application:
        yield application, request


def buttons(request: RecordingRequest) -> dict[str, str]:
    """Label -> callback data of the last message that had buttons."""
    for message in reversed(request.sent()):
        keyboard = message.get("reply_markup")
        if keyboard:
            keyboard = json.loads(keyboard) if isinstance(keyboard, str) else keyboard
            return {b["text"]: b["callback_data"] for row in keyboard["inline_keyboard"]
                    for b in row}
    return {}


async def test_feedback_from_telegram_is_answered_and_rated(telegram, app: App) -> None:
    application, request = telegram
    staff = Chat(app, FRIDAY)
    make_center(staff)
    updates = iter(range(1, 100))

    async def say(text: str) -> None:
        update = text_update(next(updates), CITIZEN, text)
        await application.process_update(Update.de_json(update, application.bot))

    async def press(label: str) -> None:
        data = buttons(request)[label]
        update = button_update(next(updates), CITIZEN, data)
        await application.process_update(Update.de_json(update, application.bot))

    await say("/phananh")
    await press("Thái độ phục vụ, cán bộ")
    await say("Tôi chờ hơn một tiếng mà không ai hướng dẫn lấy số thứ tự.")
    await press("Không cần liên hệ")
    await press("Gửi phản ánh")
    code = code_in(request.sent()[-1]["text"])
    ticket_id = ticket_row(app, code)["id"]

    staff.say(f"/phananh {code}", user="an", at=local(4, 28))
    staff.say(press=f"pa:reply:{ticket_id}", user="an", at=local(4, 28))
    staff.say("Trung tâm đã bố trí cán bộ hướng dẫn tại cửa vào.", user="an", at=local(4, 28))
    deliverer = Deliverer(app.sessions, {"telegram": TelegramMessenger(application),
                                         "console": FakeMessenger()}, worker="w1")
    await deliverer.tick(local(4, 28, 9, 5))
    await deliverer.tick(local(4, 28, 9, 10))
    answer = [m for m in request.sent() if "Trung tâm đã trả lời phản ánh" in m["text"]]
    assert len(answer) == 1 and answer[0]["chat_id"] == CITIZEN
    assert "bố trí cán bộ hướng dẫn" in answer[0]["text"]
    await press("Hài lòng")
    await press("Không, cảm ơn")  # no comment
    assert ticket_row(app, code)["rating"] == "satisfied"
    assert ticket_row(app, code)["status"] in ("closed", "answered")
    await say(code)  # the code alone shows the ticket and its answer
    assert "bố trí cán bộ hướng dẫn" in request.sent()[-1]["text"]
