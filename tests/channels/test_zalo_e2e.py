"""`motcua run` with Zalo as a real process: signed webhook events in, OA API calls out to a
Zalo-compatible server on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from bot.app import build_app
from bot.core.clock import utcnow
from bot.core.people import create_invite, create_unit
from bot.db import transaction
from bot.settings import Settings
from models import Role, User
from tests.channels.test_telegram_e2e import BotProcess, free_port
from tests.zalo_fakes import (
    APP_ID,
    APP_SECRET,
    FIRST_REFRESH,
    OA_SECRET,
    FakeZalo,
    follow_event,
    sign,
    signed,
    text_event,
)


@pytest.fixture
def fake() -> Iterator[FakeZalo]:
    with FakeZalo() as server:
        yield server


def zalo_env(tmp_path: Path, fake: FakeZalo, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "WEBHOOK_", "ZALO_"))}
    env.update(
        DATA_DIR=str(tmp_path), DATABASE_URL="", SCHEDULER_INTERVAL_SECONDS="3600",
        LOG_LEVEL="INFO", WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=str(port),
        ZALO_APP_ID=APP_ID, ZALO_APP_SECRET=APP_SECRET, ZALO_OA_SECRET_KEY=OA_SECRET,
        ZALO_REFRESH_TOKEN=FIRST_REFRESH, ZALO_API_BASE_URL=fake.url,
        ZALO_OAUTH_BASE_URL=fake.url)
    env.update(extra)
    return env


def test_signed_question_gets_the_procedures_and_a_tap_opens_the_card(
        tmp_path: Path, fake: FakeZalo) -> None:
    port = free_port()
    bot = BotProcess(zalo_env(tmp_path, fake, port))
    url = f"http://127.0.0.1:{port}/zalo"
    try:
        bot.wait_for_line("Uvicorn running")
        assert httpx.get(f"http://127.0.0.1:{port}/healthz").json() == {"ok": True}
        # Saving the webhook URL in Zalo's console: an empty request, answered 200.
        assert httpx.post(url, content=b"").status_code == 200
        assert httpx.get(url).status_code == 200

        forged = text_event("6666", "khai sinh", "forged-1")
        body, headers = signed(forged)
        wrong = httpx.post(url, content=body, headers={
            "X-ZEvent-Signature": sign(body, forged["timestamp"], secret=APP_SECRET)})
        missing = httpx.post(url, content=body)
        tampered = httpx.post(url, content=body.replace(b"6666", b"6667"), headers=headers)
        assert (wrong.status_code, missing.status_code, tampered.status_code) == (403, 403, 403)

        question = text_event("1001", "khai sinh", "msg-1")
        body, headers = signed(question)
        assert httpx.post(url, content=body, headers=headers).status_code == 200
        [answer] = fake.wait_messages(1)
        # Zalo sends an event again when unsure it arrived: handled once.
        assert httpx.post(url, content=body, headers=headers).status_code == 200

        buttons = answer["body"]["message"]["attachment"]["payload"]["buttons"]
        tap = text_event("1001", buttons[0]["payload"], "msg-2", timestamp="1741917660000")
        body, headers = signed(tap)
        assert httpx.post(url, content=body, headers=headers).status_code == 200
        card = fake.wait_messages(2)[1:]

        body, headers = signed(text_event("1001", "/trogiup", "msg-3", "1741917720000"))
        assert httpx.post(url, content=body, headers=headers).status_code == 200
        after = fake.wait_messages(len(fake.messages) + 1)
    finally:
        assert bot.stop() == 0

    assert answer["body"]["recipient"] == {"user_id": "1001"}
    assert answer["token"] == "AT-zalo-1"
    text = answer["body"]["message"]["text"]
    assert "Các thủ tục phù hợp với «khai sinh»" in text and "1.001193" in text
    assert "<b>" not in text, "plain text, not Telegram's HTML"
    assert buttons[0] == {"title": "Thủ tục đăng ký khai sinh", "type": "oa.query.hide",
                          "payload": "#btn:proc:1.001193"}
    assert "Thủ tục đăng ký khai sinh" in card[0]["body"]["message"]["text"]
    texts = [m["body"]["message"]["text"] for m in after]
    assert sum("Các thủ tục phù hợp" in t for t in texts) == 1, "the repeat was answered"
    assert all(m["body"]["recipient"]["user_id"] == "1001" for m in after), "forged answered"
    assert [r["form"]["refresh_token"] for r in fake.refreshes] == [FIRST_REFRESH]
    assert fake.refreshes[0]["secret_key"] == APP_SECRET
    logs = "".join(bot.lines)
    for secret in (APP_SECRET, OA_SECRET, FIRST_REFRESH, "AT-zalo-1", "RT-zalo-1", "khai sinh"):
        assert secret not in logs, secret


def test_staff_join_with_an_invite_over_zalo_and_a_follow_is_welcomed(
        tmp_path: Path, fake: FakeZalo) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    seeded = build_app(settings)
    now = utcnow()
    with transaction(seeded.sessions) as session:
        unit = create_unit(session, code="zl", name="Trung tâm xã Zalo", now=now)
        code, _ = create_invite(session, unit, Role.STAFF, now, timedelta(days=1))
    port = free_port()
    bot = BotProcess(zalo_env(tmp_path, fake, port))
    url = f"http://127.0.0.1:{port}/zalo"
    try:
        bot.wait_for_line("Uvicorn running")
        for event in (follow_event("2002"), text_event("2002", "/thamgia", "j-1"),
                      text_event("2002", code, "j-2", "1741917600002")):
            body, headers = signed(event)
            assert httpx.post(url, content=body, headers=headers).status_code == 200
            fake.wait_messages(len(fake.messages) + 1)
    finally:
        assert bot.stop() == 0
    texts = fake.texts("2002")
    assert "Xin chào" in texts[0]
    assert any("Chào mừng" in t for t in texts[2:]), texts
    with transaction(seeded.sessions) as session:
        user = session.exec(  # type: ignore[call-overload]
            User.__table__.select().where(User.channel == "zalo")).one()
    assert (user.address, user.role, user.unit_id) == ("2002", "staff", unit.id)
    assert user.display_name == "Người dùng Zalo 2002"
    assert fake.profiles == ["2002"], "a name is asked once per person and process"
    assert code not in "".join(bot.lines) and "Người dùng Zalo" not in "".join(bot.lines)
    seeded.engine.dispose()


def test_zalo_and_telegram_polling_in_one_process(tmp_path: Path, fake: FakeZalo) -> None:
    from tests.telegram_fakes import FakeBotApi, text_update

    port = free_port()
    with FakeBotApi() as api:
        bot = BotProcess(zalo_env(tmp_path, fake, port, TELEGRAM_TOKEN="123456:TEST-token",
                                  TELEGRAM_BASE_URL=api.url))
        try:
            bot.wait_for_line("Uvicorn running")
            api.wait_for("getUpdates")
            api.push(text_update(1, 5001, "/start"))
            body, headers = signed(text_event("3003", "/start", "p-1"))
            response = httpx.post(f"http://127.0.0.1:{port}/zalo", content=body,
                                  headers=headers)
            telegram = api.wait_for("sendMessage", count=1)
            zalo = fake.wait_messages(1)
            # Polling: no Telegram endpoint on the shared server, so nothing to forge.
            forged = httpx.post(f"http://127.0.0.1:{port}/telegram", json=text_update(2, 6, "x"))
        finally:
            assert bot.stop() == 0
    assert response.status_code == 200 and forged.status_code == 404
    assert "Xin chào" in telegram[0]["text"] and int(telegram[0]["chat_id"]) == 5001
    assert "Xin chào" in zalo[0]["body"]["message"]["text"]
    assert "Telegram: polling" in "".join(bot.lines)
