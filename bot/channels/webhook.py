"""The ASGI app for webhook mode: /healthz plus the Telegram endpoint behind a secret."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def build_webhook_app(
    application: Application,  # type: ignore[type-arg]
    *,
    secret: str,
    path: str,
    engine: Engine,
    on_startup: Callable[[], Awaitable[None]] | None = None,
    on_shutdown: Callable[[], Awaitable[None]] | None = None,
) -> Starlette:
    async def telegram_update(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return Response(status_code=403)
        try:
            data = await request.json()
            update = Update.de_json(data, application.bot)
        except (json.JSONDecodeError, ValueError, TypeError, KeyError):
            return Response(status_code=400)
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
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        async with application:
            await application.start()
            if on_startup:
                await on_startup()
            try:
                yield
            finally:
                if on_shutdown:
                    await on_shutdown()
                await application.stop()

    return Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET"]),
            Route(path, telegram_update, methods=["POST"]),
        ],
        lifespan=lifespan,
    )
