"""`motcua run` as a real process against a Bot API–compatible server on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
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
from models import Role
from tests.telegram_fakes import FakeBotApi, button_update, text_update


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class BotProcess:
    """The bot in a subprocess; its stderr is watched for a line instead of sleeping."""

    def __init__(self, env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self.seen = threading.Condition()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], env=env, stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL, text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self.seen:
                self.lines.append(line)
                self.seen.notify_all()
        with self.seen:
            self.seen.notify_all()

    def wait_for_line(self, needle: str, timeout: float = 30) -> None:
        with self.seen:
            ok = self.seen.wait_for(
                lambda: any(needle in line for line in self.lines) or self.proc.poll() is not None,
                timeout=timeout,
            )
            assert ok and any(needle in line for line in self.lines), "".join(self.lines)

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def bot_env(tmp_path: Path, api: FakeBotApi, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(
        DATA_DIR=str(tmp_path), DATABASE_URL="", TELEGRAM_TOKEN="123456:TEST-token",
        TELEGRAM_BASE_URL=api.url, SCHEDULER_INTERVAL_SECONDS="3600", LOG_LEVEL="INFO",
    )
    env.update(extra)
    return env


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


def test_polling_answers_start_and_help(tmp_path: Path, api: FakeBotApi) -> None:
    bot = BotProcess(bot_env(tmp_path, api))
    try:
        api.wait_for("getUpdates")
        api.push(text_update(1, 5001, "/start"))
        api.push(text_update(2, 5001, "/help"))
        sent = api.wait_for("sendMessage", count=2)
    finally:
        assert bot.stop() == 0
    assert all(int(m["chat_id"]) == 5001 for m in sent)
    assert "Xin chào" in sent[0]["text"]
    assert "/trogiup" in sent[1]["text"] and "Xin chào" not in sent[1]["text"]
    assert "123456:TEST-token" not in "".join(bot.lines), "the token must never be logged"


def test_webhook_refuses_a_wrong_secret_and_answers_the_right_one(
    tmp_path: Path, api: FakeBotApi
) -> None:
    port = free_port()
    bot = BotProcess(bot_env(
        tmp_path, api, TELEGRAM_MODE="webhook", WEBHOOK_SECRET="s3cret-value",
        WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=str(port),
        WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
    ))
    try:
        bot.wait_for_line("Uvicorn running")
        registered = api.wait_for("setWebhook")[0]
        assert registered["secret_token"] == "s3cret-value"
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/healthz").json() == {"ok": True}
        forged = text_update(9, 6666, "/start")
        wrong = httpx.post(f"{base}/telegram", json=forged,
                           headers={"X-Telegram-Bot-Api-Secret-Token": "guess"})
        missing = httpx.post(f"{base}/telegram", json=forged)
        update = text_update(10, 6001, "/start")
        assert (wrong.status_code, missing.status_code) == (403, 403)
        right = httpx.post(f"{base}/telegram", json=update,
                           headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-value"})
        assert right.status_code == 200
        sent = api.wait_for("sendMessage", count=1)
    finally:
        assert bot.stop() == 0
    # Updates are handled in order, so a processed forged update would have answered first.
    assert [int(m["chat_id"]) for m in sent] == [6001]
    assert "Xin chào" in sent[0]["text"]


def test_debug_logs_hold_no_token_secret_typed_text_or_invite_code(
    tmp_path: Path, api: FakeBotApi
) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    seeded = build_app(settings)  # the database the bot process will open, with an invite
    now = utcnow()
    with transaction(seeded.sessions) as session:
        unit = create_unit(session, code="log", name="Trung tâm phường Ba", now=now)
        code, _ = create_invite(session, unit, Role.STAFF, now, timedelta(days=1))
    seeded.engine.dispose()
    typed = "Tôi là Nguyễn Thị Lan, điện thoại 0912345678, cần làm giấy khai sinh"
    port = free_port()
    bot = BotProcess(bot_env(
        tmp_path, api, LOG_LEVEL="DEBUG", TELEGRAM_MODE="webhook",
        WEBHOOK_SECRET="s3cret-value", WEBHOOK_HOST="127.0.0.1", WEBHOOK_PORT=str(port),
        WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
    ))
    try:
        bot.wait_for_line("Uvicorn running")
        url = f"http://127.0.0.1:{port}/telegram"
        headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-value"}
        for update in (text_update(21, 6101, typed), text_update(22, 6101, "/thamgia"),
                       text_update(23, 6101, code), button_update(24, 6101, "proc:1.001193")):
            assert httpx.post(url, json=update, headers=headers).status_code == 200
        sent = api.wait_for("sendMessage", count=5)
    finally:
        assert bot.stop() == 0
    # The bot did read and quote the text, and did take the code.
    assert "0912345678" in sent[0]["text"] and "Chào mừng" in sent[2]["text"]
    logs = "".join(bot.lines)
    # DEBUG really was on, for our code and for the libraries that used to leak.
    assert "update 21: text of" in logs and "Calling Bot API endpoint `sendMessage`" in logs
    for secret in ("TEST-token", "s3cret-value", code, "Nguyễn", "0912345678", "khai sinh"):
        assert secret not in logs, secret
