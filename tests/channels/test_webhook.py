"""The webhook over real HTTP: uvicorn on 127.0.0.1 serving our Starlette app, the real PTB
application inside it, and a Bot API–compatible server on the other side."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import pytest
import uvicorn
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import App
from bot.channels.telegram import build_telegram
from bot.channels.webhook import MAX_BODY, SECRET_HEADER, build_webhook_app
from bot.core.people import create_unit
from bot.db import transaction
from models import Conversation, DailyValue, Role, User
from tests.telegram_fakes import FakeBotApi, button_update, edited_update, text_update

SECRET = "webhook-s3cret"
TOO_OLD = "Bad Request: query is too old and response timeout expired or query id is invalid"


@dataclass
class Webhook:
    url: str
    port: int
    api: FakeBotApi
    app: App

    def post(self, update: dict[str, Any]) -> httpx.Response:
        return httpx.post(self.url, json=update, headers={SECRET_HEADER: SECRET})

    def raw(self, head: str, body: bytes = b"") -> bytes:
        """One request written by hand (to send less body than declared); the status line."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(head.encode() + b"\r\n" + body)
            return sock.recv(200).split(b"\r\n", 1)[0]

    def texts(self, count: int) -> list[str]:
        return [m["text"] for m in self.api.wait_for("sendMessage", count=count)]


def serve(app: App, api: FakeBotApi, now: datetime) -> Iterator[Webhook]:
    settings = app.settings.model_copy(update={
        "telegram_token": SecretStr("123456:TEST-token"), "telegram_base_url": api.url,
    })
    application, _ = build_telegram(settings, app.dispatcher, rate_limit=False,
                                    with_updater=False, clock=lambda: now)
    started = threading.Event()

    async def on_startup() -> None:
        started.set()

    asgi = build_webhook_app(application, secret=SECRET, path="/telegram", engine=app.engine,
                             on_startup=on_startup)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(asgi, log_config=None))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        assert started.wait(timeout=30), "the app did not start"
        yield Webhook(f"http://127.0.0.1:{port}/telegram", port, api, app)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


@pytest.fixture
def webhook(sqlite_app: App, api: FakeBotApi, now: datetime) -> Iterator[Webhook]:
    yield from serve(sqlite_app, api, now)


@pytest.fixture
def any_db_webhook(app: App, api: FakeBotApi, now: datetime) -> Iterator[Webhook]:
    """The same on both backends (on PostgreSQL the dispatcher runs in a worker thread)."""
    yield from serve(app, api, now)


def make_staff(app: App, chat_id: int, now: datetime) -> None:
    with transaction(app.sessions) as session:
        unit = create_unit(session, code="hb", name="Trung tâm xã Hoà Bình", now=now,
                           sectors=["xa"])
        session.add(User(channel="telegram", address=str(chat_id), role=Role.STAFF.value,
                         unit_id=unit.id, sector="xa", created_at=now, last_seen_at=now))


def test_a_repeated_update_is_answered_once(any_db_webhook: Webhook) -> None:
    start = text_update(1, 7001, "/start")
    assert any_db_webhook.post(start).status_code == 200
    assert any_db_webhook.post(start).status_code == 200  # Telegram retrying a slow answer
    assert any_db_webhook.post(text_update(2, 7001, "/trogiup")).status_code == 200
    # One chat's updates are handled in order: a reply to the repeat would come second.
    welcome, help_text = any_db_webhook.texts(2)
    assert "Xin chào" in welcome and "Xin chào" not in help_text and "/trogiup" in help_text


def test_an_edited_hoantac_undoes_nothing(any_db_webhook: Webhook, now: datetime) -> None:
    make_staff(any_db_webhook.app, 7002, now)
    for update_id, text in [(1, "bc tt=5"), (2, "bc tt=7"), (3, "/hoantac")]:
        any_db_webhook.post(text_update(update_id, 7002, text))
    any_db_webhook.post(edited_update(4, 7002, 3, "/hoantac"))
    any_db_webhook.post(text_update(5, 7002, "/homnay"))
    texts = any_db_webhook.texts(5)
    assert "7 → 5" in texts[2] and "không xử lý lại tin nhắn đã sửa" in texts[3]
    assert "tt=5" in texts[4]
    with transaction(any_db_webhook.app.sessions) as session:
        assert session.execute(select(DailyValue.value)).scalars().all() == [5]


def test_a_button_press_works_when_answer_callback_query_fails(any_db_webhook: Webhook) -> None:
    any_db_webhook.api.failures["answerCallbackQuery"] = (400, TOO_OLD)
    any_db_webhook.post(text_update(1, 7003, "/thamgia"))
    prompt = any_db_webhook.api.wait_for("sendMessage", count=1)[0]
    cancel = json.loads(prompt["reply_markup"])["inline_keyboard"][0][0]["callback_data"]
    any_db_webhook.post(button_update(2, 7003, cancel))
    assert "Đã huỷ" in any_db_webhook.texts(2)[1]
    assert any_db_webhook.api.wait_for("answerCallbackQuery")  # tried, refused, not fatal
    with transaction(any_db_webhook.app.sessions) as session:
        flow = session.execute(select(Conversation.flow).where(
            Conversation.address == "7003")).scalar_one()
    assert flow is None


def test_an_edited_message_gets_a_hint_and_runs_nothing(webhook: Webhook) -> None:
    webhook.post(edited_update(1, 7004, 1, "/start"))
    assert "không xử lý lại tin nhắn đã sửa" in webhook.texts(1)[0]


@pytest.mark.parametrize("body", [b"[1]", b"null", b"42", b'"x"', b"{", b"\xff\xfe", b"{}",
                                  b'{"update_id": "x"}', b'{"update_id": 1, "message": 5}',
                                  b"[" * 100_000])
def test_anything_but_an_update_object_gets_400(webhook: Webhook, body: bytes) -> None:
    response = httpx.post(webhook.url, content=body,
                          headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert webhook.post(text_update(1, 7005, "/start")).status_code == 200  # still serving


def test_a_2_mb_body_gets_413_before_it_is_sent(webhook: Webhook) -> None:
    declared = 2 * 1024 * 1024
    head = (f"POST /telegram HTTP/1.1\r\nHost: 127.0.0.1\r\n{SECRET_HEADER}: {SECRET}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {declared}\r\n")
    # Only the first 64 KiB are ever written: the answer cannot have waited for the rest.
    assert webhook.raw(head, b"{" + b" " * (64 * 1024)) == b"HTTP/1.1 413 Request Entity Too Large"


def test_a_chunked_body_over_the_limit_gets_413_while_streaming(webhook: Webhook) -> None:
    head = (f"POST /telegram HTTP/1.1\r\nHost: 127.0.0.1\r\n{SECRET_HEADER}: {SECRET}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n")
    chunk = b" " * (64 * 1024)
    count = MAX_BODY // len(chunk) + 1  # one chunk past the limit, and no final chunk
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(count))
    assert webhook.raw(head, body) == b"HTTP/1.1 413 Request Entity Too Large"


def test_a_bad_content_length_gets_400(webhook: Webhook) -> None:
    head = (f"POST /telegram HTTP/1.1\r\nHost: 127.0.0.1\r\n{SECRET_HEADER}: {SECRET}\r\n"
            "Content-Length: lots\r\n")
    assert webhook.raw(head).startswith(b"HTTP/1.1 400")


def test_the_secret_is_checked_before_the_body(webhook: Webhook) -> None:
    response = httpx.post(webhook.url, content=b"[1]", headers={SECRET_HEADER: "guess"})
    assert response.status_code == 403
