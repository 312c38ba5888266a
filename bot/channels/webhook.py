"""The ASGI app for webhook mode: /healthz, the Telegram endpoint behind a secret, and the
routes other channels add (the web chat at /chat, bot/channels/web_chat.py; the Zalo webhook)."""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from telegram import Bot, Update
from telegram.ext import Application

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# An update is a few kilobytes; a megabyte is generous and keeps a flood out of memory.
MAX_BODY = 1024 * 1024
_LENGTH = re.compile(r"[0-9]{1,19}")


class Refused(Exception):
    """A request the endpoint answers with a 4xx status; never a reason to log its body."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The body, or Refused(413) as soon as it is known to be too large.

    A declared Content-Length over the limit is refused before reading a byte; a chunked
    body is counted as it arrives and refused at the first byte over.
    """
    declared = request.headers.get("content-length")
    if declared is not None:
        if not _LENGTH.fullmatch(declared.strip()):
            raise Refused(400, "bad Content-Length")
        if int(declared) > limit:
            raise Refused(413, f"declared {declared} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Refused(413, f"over {limit} bytes while streaming")
    return bytes(body)


def parse_update(body: bytes, bot: Bot) -> Update:
    """A Telegram update out of a JSON object, or Refused(400) saying why not."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:  # bad JSON, bad UTF-8, absurd nesting
        raise Refused(400, f"not JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise Refused(400, f"JSON {type(data).__name__}, not an object")
    try:
        update = Update.de_json(data, bot)
    except Exception as exc:  # PTB raises whatever the odd shape provokes
        raise Refused(400, f"not an update ({type(exc).__name__})") from None
    if type(update.update_id) is not int or not 0 <= update.update_id < 2**63:
        raise Refused(400, "update_id is not a number in range")
    return update


def build_webhook_app(
    application: Application | None,  # type: ignore[type-arg]
    *,
    secret: str,
    path: str,
    engine: Engine,
    on_startup: Callable[[], Awaitable[None]] | None = None,
    on_shutdown: Callable[[], Awaitable[None]] | None = None,
    routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """The app; `routes` are other channels' endpoints on it (the web chat, Zalo). Without a
    Telegram `application` (Zalo alone) it serves /healthz and `routes`."""

    async def telegram_update(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return Response(status_code=403)
        assert application is not None
        try:
            body = await read_body(request)
            update = parse_update(body, application.bot)
        except Refused as refused:
            # Sizes and reasons only: the body may hold what a person typed.
            log.warning("webhook request refused with %s: %s", refused.status, refused.reason)
            return Response(status_code=refused.status)
        log.debug("webhook: update %s, %d bytes", update.update_id, len(body))
        await application.update_queue.put(update)
        return Response(status_code=200)

    async def healthz(_request: Request) -> Response:
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:
            log.warning("health check: database unreachable: %s", type(exc).__name__)
            return JSONResponse({"ok": False, "database": "unreachable"}, status_code=503)
        return JSONResponse({"ok": True})

    @asynccontextmanager
    async def hooks() -> AsyncIterator[None]:
        if on_startup:
            await on_startup()
        try:
            yield
        finally:
            if on_shutdown:
                await on_shutdown()

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if application is None:
            async with hooks():
                yield
            return
        async with application:
            await application.start()
            try:
                async with hooks():
                    yield
            finally:
                await application.stop()

    # No secret, no endpoint: Telegram is polling (Zalo's server shares the app).
    telegram = [Route(path, telegram_update, methods=["POST"])] if application and secret else []
    return Starlette(
        routes=[Route("/healthz", healthz, methods=["GET"]), *telegram, *routes],
        lifespan=lifespan,
    )
