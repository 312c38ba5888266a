"""Every wrong setting stops `motcua` with one Vietnamese sentence naming the variable and the fix.

The cases reported in issue 13 run the real `motcua` process; the rest of the fields are checked
in-process through the same path (Settings → describe → templates/cli/bad_settings.j2).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bot.bot_api_check import check_bot_api
from bot.rendering import Renderer
from bot.settings import Settings
from bot.settings_checks import SettingProblem, describe
from tests.telegram_fakes import FakeBotApi

VARIABLES = tuple(name.upper() for name in Settings.model_fields)
FALLBACK = "giá trị không hợp lệ"  # the sentence for a code the template does not know


def motcua(tmp_path: Path, *args: str, cwd: Path | None = None, **env_values: str
           ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(VARIABLES)}
    env.update({"DATA_DIR": str(tmp_path / "data"), **env_values})
    return subprocess.run([sys.executable, "-m", "bot", *args], env=env, cwd=cwd or tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)


def assert_one_sentence(result: subprocess.CompletedProcess[str], variable: str, fix: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Cấu hình chưa đúng ở {variable}") and line.endswith(".")
    assert fix in line and FALLBACK not in line
    return line


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder the bot may not create: read-only parent, or /sys for root (who ignores modes)."""
    if os.geteuid() == 0:
        return Path("/sys/motcua-test/data")
    parent = tmp_path / "readonly"
    parent.mkdir()
    parent.chmod(0o555)
    return parent / "data"


@pytest.mark.parametrize(("variable", "value", "fix"), [
    ("DATABASE_URL", "garbage://x", "postgresql+psycopg://"),
    ("DATABASE_URL", "not a url", "postgresql+psycopg://"),
    ("DATABASE_URL", "postgresql+asyncpg://motcua:hunter2@db/motcua", "postgresql+psycopg://"),
    ("DATABASE_URL", "mysql://motcua:hunter2@db/motcua", "PostgreSQL"),
    ("DATABASE_URL", "postgresql+psycopg2://motcua:hunter2@db/motcua", "psycopg2"),
    ("LOG_LEVEL", "LOUD", "DEBUG, INFO, WARNING, ERROR hoặc CRITICAL"),
    ("TELEGRAM_BASE_URL", "not-a-url", "https://api.telegram.org"),
    ("WEBHOOK_PATH", "telegram", "bắt đầu bằng dấu /"),
    ("DEFAULT_TIMEZONE", "Mars/Olympus", "Asia/Ho_Chi_Minh"),
    ("WEBHOOK_PORT", "http", "số nguyên, ví dụ 8080"),
    ("NAG_TIME", "25:00", "GIỜ:PHÚT"),
])
def test_reported_bad_settings_stop_with_one_sentence(
    tmp_path: Path, variable: str, value: str, fix: str
) -> None:
    line = assert_one_sentence(motcua(tmp_path, "unit", "list", **{variable: value}),
                               variable, fix)
    assert "hunter2" not in line, "a password must never be echoed"
    if variable == "DATABASE_URL":
        assert not (tmp_path / "data").exists(), "nothing is created before the fix"


def test_data_dir_behind_a_file(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("not a folder")
    result = motcua(tmp_path, "unit", "list", DATA_DIR=str(tmp_path / "taken" / "data"))
    line = assert_one_sentence(result, "DATA_DIR", "đổi tên tệp đó")
    assert f"«{tmp_path / 'taken'}» là một tệp" in line


def test_data_dir_without_permission(tmp_path: Path) -> None:
    result = motcua(tmp_path, "unit", "list", DATA_DIR=str(unwritable_folder(tmp_path)))
    assert_one_sentence(result, "DATA_DIR", "cấp quyền ghi")


def test_sqlite_url_in_a_folder_that_cannot_exist(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    result = motcua(tmp_path, "unit", "list",
                    DATABASE_URL=f"sqlite:///{tmp_path / 'taken' / 'bot.sqlite3'}")
    assert_one_sentence(result, "DATABASE_URL", "là một tệp")


def test_webhook_url_must_be_https_for_telegram(tmp_path: Path) -> None:
    result = motcua(tmp_path, "unit", "list", TELEGRAM_MODE="webhook", WEBHOOK_SECRET="s3cret",
                    WEBHOOK_URL="http://bot.example.vn/telegram")
    assert_one_sentence(result, "WEBHOOK_URL", "https://")


def test_dotenv_that_is_not_utf8(tmp_path: Path) -> None:
    # Saved by an old editor on a Vietnamese Windows, in code page 1258.
    (tmp_path / ".env").write_bytes("LOG_LEVEL=INFO\nDEFAULT_UNIT=Tân Đông\n".encode("cp1258"))
    line = assert_one_sentence(motcua(tmp_path, "unit", "list"), ".env", "UTF-8")
    assert "dòng 2" in line


class _Answer(BaseHTTPRequestHandler):
    """A server that answers every request with a fixed status and body."""

    status = 200
    body = b""

    def do_POST(self) -> None:
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *_args: Any) -> None:
        return None


@pytest.fixture
def answering() -> Iterator[Any]:
    servers: list[ThreadingHTTPServer] = []

    def start(status: int, body: bytes) -> str:
        handler = type("Handler", (_Answer,), {"status": status, "body": body})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nobody listens once the socket is closed


def test_run_with_an_unreachable_bot_api(tmp_path: Path) -> None:
    result = motcua(tmp_path, "run", TELEGRAM_TOKEN="123456:TEST-token",
                    TELEGRAM_BASE_URL=closed_port_url())
    line = assert_one_sentence(result, "TELEGRAM_BASE_URL", "không kết nối được")
    assert "123456:TEST-token" not in result.stderr + result.stdout and "TEST-token" not in line


def test_run_with_a_token_telegram_refuses(tmp_path: Path, answering: Any) -> None:
    refused = json.dumps({"ok": False, "error_code": 401, "description": "Unauthorized"})
    result = motcua(tmp_path, "run", TELEGRAM_TOKEN="123456:revoked",
                    TELEGRAM_BASE_URL=answering(401, refused.encode()))
    assert_one_sentence(result, "TELEGRAM_TOKEN", "@BotFather")
    assert "revoked" not in result.stderr


def test_bot_api_check_tells_the_cases_apart(answering: Any) -> None:
    with FakeBotApi() as api:
        check_bot_api(api.url, "123456:TEST-token")  # a Bot API that takes the token
        assert [method for method, _ in api.calls] == ["getMe"]
    cases = {
        closed_port_url(): ("TELEGRAM_BASE_URL", "telegram_unreachable"),
        answering(200, b"<html>It works!</html>"): ("TELEGRAM_BASE_URL", "telegram_not_api"),
        answering(404, b'{"ok":false,"error_code":404,"description":"Not Found"}'):
            ("TELEGRAM_TOKEN", "token_refused"),
    }
    for url, (variable, code) in cases.items():
        with pytest.raises(SettingProblem) as caught:
            check_bot_api(url, "123456:TEST-token", timeout=2)
        assert (caught.value.variable, caught.value.code) == (variable, code)


def sentences(**values: object) -> list[str]:
    """What the person reads for these values (pydantic's errors through our template)."""
    values.setdefault("database_url", "sqlite://")
    try:
        Settings(_env_file=None, **values)  # type: ignore[call-arg]
    except ValidationError as exc:
        text = Renderer("cli").text("cli/bad_settings", problems=describe(exc, Settings))
        return text.splitlines()
    return []


@pytest.mark.parametrize(("values", "variable", "fix"), [
    ({"environment": "prod"}, "ENVIRONMENT", "development, production"),
    ({"telegram_mode": "hook"}, "TELEGRAM_MODE", "polling, webhook"),
    ({"invite_ttl_hours": 0}, "INVITE_TTL_HOURS", "từ 1 trở lên"),
    ({"invite_ttl_hours": 10**9}, "INVITE_TTL_HOURS", "không được lớn hơn 8760"),
    ({"conversation_ttl_hours": -1}, "CONVERSATION_TTL_HOURS", "từ 1 trở lên"),
    ({"webhook_port": 0}, "WEBHOOK_PORT", "từ 1 trở lên"),
    ({"webhook_port": 70000}, "WEBHOOK_PORT", "không được lớn hơn 65535"),
    ({"telegram_concurrency": 100}, "TELEGRAM_CONCURRENCY", "không được lớn hơn 64"),
    ({"scheduler_interval_seconds": 0}, "SCHEDULER_INTERVAL_SECONDS", "từ 1 trở lên"),
    ({"report_max_days_back": -1}, "REPORT_MAX_DAYS_BACK", "từ 0 trở lên"),
    ({"lead_digest_time": "8h"}, "LEAD_DIGEST_TIME", "GIỜ:PHÚT"),
    ({"nag_time": "16:30+07:00"}, "NAG_TIME", "GIỜ:PHÚT"),
    ({"webhook_host": "0.0.0.0:8080"}, "WEBHOOK_HOST", "không kèm http://"),
    ({"webhook_host": "http://localhost"}, "WEBHOOK_HOST", "không kèm http://"),
    ({"webhook_path": "/tele gram"}, "WEBHOOK_PATH", "không có khoảng trắng"),
    ({"telegram_base_url": "ftp://api.telegram.org"}, "TELEGRAM_BASE_URL", "https://"),
    ({"telegram_base_url": "https://api.telegram.org:port"}, "TELEGRAM_BASE_URL", "https://"),
    ({"telegram_token": "'123456:abc'"}, "TELEGRAM_TOKEN", "@BotFather"),
    ({"report_elements_file": "/no/such/elements.toml"}, "REPORT_ELEMENTS_FILE",
     "để trống để dùng danh sách có sẵn"),
    ({"telegram_mode": "webhook"}, "WEBHOOK_SECRET", "chuỗi ngẫu nhiên"),
    ({"telegram_mode": "webhook", "webhook_secret": "có dấu"}, "WEBHOOK_SECRET", "1 đến 256"),
    ({"telegram_mode": "webhook", "webhook_secret": "s", "webhook_url": "bot.example.vn"},
     "WEBHOOK_URL", "https://bot.example.vn/telegram"),
    ({"telegram_mode": "webhook", "webhook_secret": "s",
      "webhook_url": "https://bot.example.vn:8080/telegram"}, "WEBHOOK_URL", "443, 80, 88"),
    ({"telegram_mode": "webhook", "webhook_secret": "s",
      "webhook_url": "https://bot.example.vn/hook"}, "WEBHOOK_URL", "kết thúc bằng WEBHOOK_PATH"),
    ({"environment": "production"}, "TELEGRAM_TOKEN", "@BotFather"),
    ({"environment": "production"}, "TELEGRAM_TOKEN", "ZALO_OA_SECRET_KEY"),
    ({"zalo_app_id": "123"}, "ZALO_APP_SECRET", "xóa cả ba nếu không dùng Zalo"),
    ({"zalo_oa_secret_key": "k"}, "ZALO_APP_ID", "ZALO_APP_SECRET và ZALO_OA_SECRET_KEY"),
    ({"zalo_api_base_url": "openapi.zalo.me"}, "ZALO_API_BASE_URL", "https://openapi.zalo.me"),
    ({"zalo_webhook_path": "zalo"}, "ZALO_WEBHOOK_PATH", "bắt đầu bằng dấu /"),
    ({"zalo_send_per_minute": 0}, "ZALO_SEND_PER_MINUTE", "lớn hơn 0"),
    ({"zalo_app_id": "1", "zalo_app_secret": "a", "zalo_oa_secret_key": "b",
      "telegram_mode": "webhook", "webhook_secret": "s", "zalo_webhook_path": "/telegram"},
     "ZALO_WEBHOOK_PATH", "khác WEBHOOK_PATH"),
])
def test_every_field_names_its_variable_and_fix(
    values: dict[str, object], variable: str, fix: str
) -> None:
    (line,) = sentences(**values)
    assert line.startswith(f"Cấu hình chưa đúng ở {variable}") and fix in line
    assert FALLBACK not in line


def test_secrets_are_never_echoed() -> None:
    (token,) = sentences(telegram_token="123456:abc def")
    (secret,) = sentences(telegram_mode="webhook", webhook_secret="bad secret value")
    (database,) = sentences(database_url="mysql://u:hunter2@db/x")
    (zalo,) = sentences(zalo_app_id="1", zalo_oa_secret_key="oa-secret-value")
    assert "oa-secret-value" not in zalo and "ZALO_APP_SECRET" in zalo
    assert "abc def" not in token and "bad secret" not in secret and "hunter2" not in database


def test_several_mistakes_one_sentence_each() -> None:
    lines = sentences(log_level="LOUD", default_timezone="Mars/Olympus", webhook_port="x")
    assert [line.split("=")[0] for line in lines] == [
        "Cấu hình chưa đúng ở LOG_LEVEL", "Cấu hình chưa đúng ở DEFAULT_TIMEZONE",
        "Cấu hình chưa đúng ở WEBHOOK_PORT"]


def test_good_values_are_accepted_and_normalised(tmp_path: Path) -> None:
    s = Settings(_env_file=None, database_url="", data_dir=tmp_path / "new" / "data",  # type: ignore[call-arg]
                 log_level="debug", nag_time="7:05", telegram_token=" 123456:abc-DEF_1 ",
                 webhook_host="::", telegram_mode="webhook", webhook_secret="s3cret-value",
                 telegram_base_url="http://127.0.0.1:8081",
                 webhook_url="http://10.0.0.2:9000/prefix/telegram")
    assert (tmp_path / "new" / "data").is_dir()  # created, as the bot would a moment later
    assert (s.log_level, s.nag_time) == ("DEBUG", "07:05")
    assert s.telegram_token.get_secret_value() == "123456:abc-DEF_1"
    # A self-hosted Bot API server may post to plain http on any port.
    assert s.webhook_url.startswith("http://10.0.0.2:9000")


def test_postgresql_without_driver_name_uses_the_installed_one() -> None:
    assert sentences(database_url="postgresql://u@db/motcua") == []
