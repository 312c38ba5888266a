"""What makes a setting wrong, and how each mistake reaches the person as one sentence.

Validators in `bot/settings.py` raise `refuse(code, **values)`; checks that need the network
run at `motcua run` and raise `SettingProblem`. `describe` turns either into
`{"variable", "code", "values", "input"}` for `templates/cli/bad_settings.j2`, which holds the
Vietnamese sentence of every code (pydantic's own codes included).
"""

from __future__ import annotations

import ipaddress
import os
import re
import typing
from datetime import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import BaseModel, SecretStr, ValidationError
from pydantic_core import PydanticCustomError

# The placeholders .env files are shipped with (bot/settings.py uses the same set).
PLACEHOLDERS = {"", "changeme", "change-me", "your-token-here"}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
CLOCK_TIME = re.compile(r"^\d{1,2}:\d{2}$")
# A token as @BotFather gives it: the bot's id, a colon, then letters, digits, "_" and "-".
TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
# setWebhook secret_token: "1-256 characters. Only A-Z, a-z, 0-9, _ and - are allowed."
WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
OFFICIAL_API_HOST = "api.telegram.org"
# setWebhook: "Ports currently supported for webhooks: 443, 80, 88, 8443."
WEBHOOK_PORTS = (443, 80, 88, 8443)
# Values that must never be echoed back, even in an error.
SECRET_VARIABLES = {"TELEGRAM_TOKEN", "WEBHOOK_SECRET", "DATABASE_URL", "ZALO_APP_SECRET",
                    "ZALO_OA_SECRET_KEY", "ZALO_REFRESH_TOKEN", "WEB_CHAT_SECRET"}
# A bot's username as @BotFather allows it: 5-32 letters, digits or "_", ending in "bot".
BOT_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{1,29}[Bb][Oo][Tt]$")
# HMAC-SHA256 keys shorter than this are guessable; 32 characters of a random string are not.
WEB_SECRET_MIN = 32


def refuse(code: str, **values: Any) -> PydanticCustomError:
    """A validation error whose type is our code; `variable` names it when not the field's."""
    return PydanticCustomError(code, code, values)


class SettingProblem(Exception):
    """A setting found wrong after the settings were read (e.g. a server that does not answer)."""

    def __init__(self, variable: str, code: str, **values: Any) -> None:
        super().__init__(f"{variable}: {code}")
        self.variable, self.code, self.values = variable, code, values


def clock_time(value: str) -> str:
    if not CLOCK_TIME.match(value.strip()):
        raise refuse("bad_clock_time")
    try:
        time.fromisoformat(value.strip().zfill(5))
    except ValueError:
        raise refuse("bad_clock_time") from None
    return value.strip().zfill(5)


def timezone(value: str) -> str:
    try:
        ZoneInfo(value.strip())
    except (KeyError, ValueError, OSError):
        raise refuse("bad_timezone") from None
    return value.strip()


def log_level(value: str) -> str:
    if value.strip().upper() not in LOG_LEVELS:
        raise refuse("bad_log_level")
    return value.strip().upper()


def http_url(value: str) -> str:
    """An absolute http(s) address with a host and nothing after the path."""
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise refuse("bad_url") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
            or parts.fragment or " " in value.strip():
        raise refuse("bad_url")
    return value.strip()


def bot_username(value: str) -> str:
    """`@MotCuaXaBot` or `MotCuaXaBot` -> `MotCuaXaBot`; empty stays empty (no t.me links)."""
    name = value.strip().removeprefix("@")
    if name and not BOT_USERNAME.match(name):
        raise refuse("bad_bot_username")
    return name


def web_chat_secret(value: SecretStr) -> SecretStr:
    """Empty (no web chat), a placeholder (refused in production by the model check), or
    a random string long enough to sign cookies with."""
    secret = value.get_secret_value().strip()
    if secret and secret.lower() not in PLACEHOLDERS and len(secret) < WEB_SECRET_MIN:
        raise refuse("short_web_secret", length=WEB_SECRET_MIN)
    return SecretStr(secret)


def webhook_path(value: str) -> str:
    if not value.startswith("/") or any(c in value for c in " ?#\t"):
        raise refuse("bad_webhook_path")
    return value


def listen_host(value: str) -> str:
    """An address or host name to bind, without scheme or port (":" only inside IPv6)."""
    host = value.strip()
    if not host or any(c in host for c in " /@[]"):
        raise refuse("bad_host")
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise refuse("bad_host") from None
    return host


def webhook_url(url: str, path: str, base_url: str) -> None:
    """Telegram's rules for a webhook; a self-hosted Bot API server also allows plain http."""
    try:
        http_url(url)
    except PydanticCustomError:
        raise refuse("webhook_url_bad", variable="WEBHOOK_URL") from None
    parts = urlsplit(url.strip())
    official = urlsplit(base_url).hostname == OFFICIAL_API_HOST
    if official and parts.scheme != "https":
        raise refuse("webhook_url_https", variable="WEBHOOK_URL")
    if official and (parts.port or 443) not in WEBHOOK_PORTS:
        raise refuse("webhook_url_port", variable="WEBHOOK_URL")
    if not parts.path.endswith(path):
        raise refuse("webhook_url_path", variable="WEBHOOK_URL", path=path)


def folder(path: Path, variable: str) -> None:
    """Create `path` if missing (the bot would a moment later) or say why it cannot."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        in_the_way = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()),
                          path)
        raise refuse("folder_is_file", variable=variable, path=str(in_the_way)) from None
    except OSError:
        raise refuse("folder_not_writable", variable=variable, path=str(path)) from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise refuse("folder_not_writable", variable=variable, path=str(path))


def env_file(path: Path = Path(".env")) -> None:
    """pydantic-settings reads `.env` as UTF-8 and would fail with a traceback otherwise."""
    try:
        data = path.read_bytes() if path.is_file() else b""
    except OSError:
        raise SettingProblem(".env", "env_unreadable") from None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SettingProblem(".env", "env_not_utf8", line=data[: exc.start].count(b"\n") + 1
                             ) from None


def _choices(model: type[BaseModel], name: str) -> str:
    field = model.model_fields.get(name)
    return ", ".join(str(a) for a in typing.get_args(field.annotation)) if field else ""


def describe(exc: ValidationError | SettingProblem, model: type[BaseModel]
             ) -> list[dict[str, Any]]:
    """One entry per problem, naming the environment variable; secrets are never echoed."""
    if isinstance(exc, SettingProblem):
        return [{"variable": exc.variable, "code": exc.code, "values": exc.values, "input": ""}]
    problems = []
    for error in exc.errors():
        values = dict(error.get("ctx") or {})
        name = str(error["loc"][0]) if error["loc"] else ""
        variable = str(values.pop("variable", "") or name.upper())
        if error["type"] == "literal_error":
            values["choices"] = _choices(model, name)
        if name in model.model_fields:
            values.setdefault("default", model.model_fields[name].default)
        given = error.get("input")
        shown = "" if variable in SECRET_VARIABLES or not isinstance(given, str) else given[:60]
        problems.append({"variable": variable, "code": error["type"], "values": values,
                         "input": shown})
    return problems
