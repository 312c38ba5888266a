"""At `motcua run`: one short request tells whether the Bot API server answers and takes the token.

Without it, a wrong TELEGRAM_BASE_URL or token surfaces as a traceback from inside the Telegram
library, or as a bot that hangs retrying. The token is part of the URL: nothing here logs or
repeats the URL, and exceptions are not chained (their text would carry it).
"""

from __future__ import annotations

import httpx

from bot.settings_checks import SettingProblem

TIMEOUT_SECONDS = 5.0
TOKEN_REFUSED = (401, 404)  # the Bot API's answers to an unknown or malformed token


def check_bot_api(base_url: str, token: str, timeout: float = TIMEOUT_SECONDS) -> None:
    """Raise SettingProblem naming TELEGRAM_BASE_URL or TELEGRAM_TOKEN; return if all is well."""
    url = f"{base_url.rstrip('/')}/bot{token}/getMe"
    try:
        response = httpx.post(url, timeout=timeout)
    except (httpx.HTTPError, httpx.InvalidURL):
        raise SettingProblem("TELEGRAM_BASE_URL", "telegram_unreachable", url=base_url,
                             seconds=f"{timeout:g}") from None
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or "ok" not in body:
        raise SettingProblem("TELEGRAM_BASE_URL", "telegram_not_api", url=base_url)
    if body["ok"] is not True and body.get("error_code") in TOKEN_REFUSED:
        raise SettingProblem("TELEGRAM_TOKEN", "token_refused")
