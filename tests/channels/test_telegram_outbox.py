"""Scheduled messages through real PTB objects (HTTP replaced): Telegram's 429 delays only
that chat, a blocked bot is given up on at once, everyone else is sent once."""

import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from telegram.ext import Application
from telegram.request import RequestData

from bot.app import App
from bot.channels.telegram import TelegramMessenger, build_telegram
from bot.core.messages import RateLimited, Recipient, RenderedReply, Undeliverable
from bot.core.outbox import schedule
from bot.core.outbox.pace import Pace
from bot.db import transaction
from bot.delivery import Deliverer
from models import Notification
from tests.telegram_fakes import RecordingRequest
from tests.virtual_time import VirtualTimer, together


class RefusingRequest(RecordingRequest):
    """Telegram's answers for some chats: 429 once with retry_after, or 403 always."""

    def __init__(self, retry_after: dict[int, int], blocked: set[int]) -> None:
        super().__init__()
        self.retry_after, self.blocked = retry_after, blocked

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         **timeouts: Any) -> tuple[int, bytes]:
        params = dict(request_data.parameters) if request_data else {}
        chat = int(params.get("chat_id", 0))
        if url.endswith("/sendMessage") and chat in self.retry_after:
            wait = self.retry_after.pop(chat)
            return 429, json.dumps({"ok": False, "error_code": 429,
                                    "description": f"Too Many Requests: retry after {wait}",
                                    "parameters": {"retry_after": wait}}).encode()
        if url.endswith("/sendMessage") and chat in self.blocked:
            return 403, json.dumps({"ok": False, "error_code": 403, "description":
                                    "Forbidden: bot was blocked by the user"}).encode()
        return await super().do_request(url, method, request_data, **timeouts)


@pytest.fixture
async def telegram(sqlite_app: App) -> AsyncIterator[tuple[Application, RefusingRequest]]:
    request = RefusingRequest(retry_after={102: 7}, blocked={103})
    settings = sqlite_app.settings.model_copy(update={"telegram_token": SecretStr("123:ABC")})
    # With the AIORateLimiter `motcua run` uses: it must not retry the 429 on its own.
    application, _ = build_telegram(settings, sqlite_app.dispatcher, request=request,
                                    with_updater=False)
    async with application:
        yield application, request


async def test_the_messenger_speaks_the_outbox_words(telegram) -> None:
    application, _request = telegram
    messenger = TelegramMessenger(application)
    with pytest.raises(RateLimited) as limited:
        await messenger.send("102", RenderedReply("Nhắc báo cáo"))
    assert limited.value.retry_after == 7
    with pytest.raises(Undeliverable, match="blocked"):
        await messenger.send("103", RenderedReply("Nhắc báo cáo"))


async def test_scheduled_messages_through_telegram(telegram, sqlite_app: App,
                                                   now: datetime) -> None:
    application, request = telegram
    with transaction(sqlite_app.sessions) as session:
        for chat in range(100, 110):
            schedule(session, key=f"nag:{chat}:2025-03-14", recipient=Recipient("telegram",
                     str(chat)), template="report/nag",
                     context={"day": "2025-03-14", "sector": "Công an", "unit": "Xã <A&B>"},
                     due_at=now, now=now)
    timer = VirtualTimer(now)
    deliverer = Deliverer(sqlite_app.sessions, {"telegram": TelegramMessenger(application)},
                          paces={"telegram": Pace(30)}, timer=timer, worker="tg")
    await together(timer, deliverer.run(until_idle=True))

    sent = [int(m["chat_id"]) for m in request.sent()]
    assert sorted(sent) == [100, 101, 102, 104, 105, 106, 107, 108, 109]
    assert sent[-1] == 102, "the limited chat waited; nobody else did"
    assert timer.now() >= now + timedelta(seconds=7)
    text = request.sent()[0]["text"]
    assert "hôm nay 14/03/2025, Công an (Xã &lt;A&amp;B&gt;)" in text  # HTML-escaped
    with transaction(sqlite_app.sessions) as session:
        rows = {r.address: r for r in session.exec(select(Notification)).scalars()}
    assert rows["102"].attempts == 0 and rows["102"].sent_at is not None
    assert rows["103"].failed_at is not None and rows["103"].attempts == 1
    assert rows["103"].last_error == "Undeliverable: Forbidden: bot was blocked by the user"
