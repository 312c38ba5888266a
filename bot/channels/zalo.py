"""Zalo Official Account channel: replies and scheduled messages through the OA API v3.

Sending: POST `{ZALO_API_BASE_URL}/v3.0/oa/message/cs` (the "consultation" message, the one
an OA uses to answer a user) with the access token in the `access_token` header and a JSON
body (zalo_format.py). Zalo answers HTTP 200 even for errors; the body's `error` says what
happened: 0 sent; an expired or invalid token is refreshed once (zalo_tokens.py) and the
call repeated; a user who cannot be written to is `Undeliverable`; the per-minute quota
gives `RateLimited`; anything else is an ordinary failure the outbox retries. Sources: our
design guide; public v3 clients (chatwoot's Zalo channel sends the token the same way);
redai-zalo-sdk's ConsultationService; the help centre for the reply window (zalo_window.py).

Scheduled messages go through the outbox like Telegram's, paced by one shared `Pace`
(ZALO_SEND_PER_MINUTE); each must also find room in the user's reply window or it is
refused as `Undeliverable` with the reason, never retried. Answers to an incoming message are
sent at once (`reply`), counted in the window but never refused.

Not done: files. Zalo needs an upload first (a separate API); a reply with files says
which files only Telegram or the desk can give (templates/common/zalo_files_not_sent.j2).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Engine

from bot.channels import zalo_window
from bot.channels.zalo_format import (
    RATE_LIMITED,
    TOKEN_ERRORS,
    UNREACHABLE,
    bodies,
    error_of,
)
from bot.channels.zalo_tokens import TokenStore, TokenUnavailable
from bot.core.clock import utcnow
from bot.core.messages import RateLimited, RenderedReply, Undeliverable
from bot.rendering import Renderer

CHANNEL = "zalo"
log = logging.getLogger(__name__)
# Zalo gives no wait time with its quota error; its quota counts per minute.
QUOTA_WAIT_SECONDS = 60.0
# A name is a nicety: never let it hold the webhook past Zalo's 2 seconds.
PROFILE_TIMEOUT = 1.0


class ZaloError(Exception):
    """The OA API refused a message for a reason that may pass (retried by the outbox)."""


class ZaloMessenger:
    channel = CHANNEL

    def __init__(self, engine: Engine, tokens: TokenStore, *, api_base_url: str,
                 window: timedelta, allowed: int, clock: Callable[[], datetime] = utcnow,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.engine = engine
        self.tokens = tokens
        self.url = api_base_url.rstrip("/") + "/v3.0/oa/message/cs"
        self.profile_url = api_base_url.rstrip("/") + "/v3.0/oa/user/detail"
        self.window, self.allowed = window, allowed
        self.clock = clock
        self.client = httpx.AsyncClient(timeout=20.0, transport=transport)
        self.renderer = Renderer(CHANNEL)
        self.inline = engine.dialect.name == "sqlite"

    async def send(self, address: str, reply: RenderedReply) -> None:
        """A scheduled message: only within the user's reply window."""
        messages = bodies(address, reply, self.renderer)
        now = self.clock()
        if not await self._db(self._take, address, len(messages), now):
            raise Undeliverable(
                f"outside Zalo's reply window: the person has not written to the OA within "
                f"{self.window.total_seconds() / 3600:g} hours, or the OA has already sent "
                f"{self.allowed} messages since; Zalo would not deliver it free")
        await self._post_all(messages)

    async def reply(self, address: str, reply: RenderedReply) -> None:
        """An answer to the message that just came in."""
        messages = bodies(address, reply, self.renderer)
        await self._db(self._count, address, len(messages))
        await self._post_all(messages)

    async def display_name(self, address: str) -> str:
        """The name the user shows on Zalo (GET /v3.0/oa/user/detail, `data.display_name`, as
        chatwoot's Zalo channel reads it); "" when Zalo does not say. Events carry no name,
        and leads see staff by name (/canbo, the digest's "could not reach")."""
        try:
            token = await self._token()
            response = await self.client.get(
                self.profile_url, params={"data": json.dumps({"user_id": address})},
                headers={"access_token": token}, timeout=PROFILE_TIMEOUT)
            answer = response.json()
        except (ZaloError, httpx.HTTPError, ValueError):
            return ""
        data = answer.get("data") if isinstance(answer, dict) else None
        name = data.get("display_name") if isinstance(data, dict) else None
        return name.strip()[:200] if isinstance(name, str) else ""

    async def _post_all(self, messages: list[dict[str, Any]]) -> None:
        for body in messages:
            await self._post(body)

    async def _post(self, body: dict[str, Any]) -> None:
        token = await self._token()
        code, text = await self._call(body, token)
        if code in TOKEN_ERRORS:
            log.warning("Zalo refused the access token (error %s); refreshing it", code)
            token = await self._token(stale=token)
            code, text = await self._call(body, token)
        if code == 0:
            return
        if code in UNREACHABLE:
            raise Undeliverable(f"Zalo error {code}: {text}")
        if code in RATE_LIMITED:
            raise RateLimited(QUOTA_WAIT_SECONDS)
        raise ZaloError(f"Zalo error {code}: {text}")

    async def _call(self, body: dict[str, Any], token: str) -> tuple[int, str]:
        try:
            response = await self.client.post(self.url, json=body,
                                              headers={"access_token": token})
            return error_of(response.json())
        except ValueError:
            raise ZaloError(f"HTTP {response.status_code}, not JSON") from None
        except httpx.HTTPError as exc:
            raise ZaloError(f"no answer ({type(exc).__name__})") from None

    async def _token(self, stale: str = "") -> str:
        try:
            return await asyncio.to_thread(self.tokens.get, self.clock(), stale=stale)
        except TokenUnavailable as exc:
            raise ZaloError(f"no access token: {exc}") from None

    def _take(self, address: str, count: int, now: datetime) -> bool:
        with self.engine.begin() as connection:
            return zalo_window.take(connection, address, count, now, window=self.window,
                                    allowed=self.allowed)

    def _count(self, address: str, count: int) -> None:
        with self.engine.begin() as connection:
            zalo_window.counted(connection, address, count)

    async def _db(self, work: Callable[..., Any], *args: Any) -> Any:
        if self.inline:
            return work(*args)
        return await asyncio.to_thread(work, *args)

    async def close(self) -> None:
        await self.client.aclose()
        self.tokens.close()
