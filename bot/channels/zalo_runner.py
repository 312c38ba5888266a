"""`motcua run` with Zalo: one web server for the Zalo webhook, /healthz and, when Telegram
is set too, Telegram's webhook (or its long polling, started inside the same event loop),
with the scheduler delivering to every channel."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import uvicorn
from telegram import Update
from telegram.ext import Application

from bot.app import App, telegram_pace, zalo_pace
from bot.channels import zalo_tokens
from bot.channels.telegram import build_telegram, set_default_menu
from bot.channels.web_chat import WebChat
from bot.channels.webhook import build_webhook_app
from bot.channels.zalo import ZaloMessenger
from bot.channels.zalo_tokens import TokenStore
from bot.channels.zalo_webhook import ZaloWebhook
from bot.core.menus import menu_for
from bot.core.messages import Messenger
from bot.core.outbox.pace import Pace
from bot.scheduler import start_scheduler
from models import Role

log = logging.getLogger(__name__)


@dataclass
class ZaloChannel:
    messenger: ZaloMessenger
    webhook: ZaloWebhook

    async def close(self) -> None:
        await self.webhook.drain()
        await self.messenger.close()


def build_zalo(app: App, *, transport: httpx.AsyncBaseTransport | None = None,
               token_transport: httpx.BaseTransport | None = None) -> ZaloChannel:
    """The Zalo messenger and webhook of `app`; the configured refresh token seeds the
    database on first start."""
    s = app.settings
    with app.engine.begin() as connection:
        if zalo_tokens.seed(connection, s.zalo_refresh_token.get_secret_value().strip()):
            log.info("Zalo: the configured refresh token was stored")
    tokens = TokenStore(app.engine, app_id=s.zalo_app_id,
                        app_secret=s.zalo_app_secret.get_secret_value(),
                        oauth_base_url=s.zalo_oauth_base_url, transport=token_transport)
    messenger = ZaloMessenger(
        app.engine, tokens, api_base_url=s.zalo_api_base_url,
        window=timedelta(hours=s.zalo_reply_window_hours),
        allowed=s.zalo_reply_window_messages, transport=transport)
    webhook = ZaloWebhook(app.dispatcher, messenger, app.engine, app_id=s.zalo_app_id,
                          oa_secret_key=s.zalo_oa_secret_key.get_secret_value(),
                          path=s.zalo_webhook_path)
    return ZaloChannel(messenger, webhook)


def run_with_zalo(app: App) -> None:
    settings = app.settings
    zalo = build_zalo(app)
    messengers: dict[str, Messenger] = {zalo.messenger.channel: zalo.messenger}
    paces: dict[str, Pace] = {zalo.messenger.channel: zalo_pace(settings)}
    application: Application | None = None  # type: ignore[type-arg]
    polling = settings.has_telegram and settings.telegram_mode == "polling"
    if settings.has_telegram:
        application, telegram = build_telegram(settings, app.dispatcher, with_updater=polling)
        messengers[telegram.channel] = telegram
        paces[telegram.channel] = telegram_pace(settings)
    deliverer = app.deliverer(messengers, paces=paces)
    state: dict[str, Any] = {}
    secret = settings.webhook_secret.get_secret_value()

    async def on_startup() -> None:
        if application is not None:
            await set_default_menu(application.bot, menu_for(Role.CITIZEN))
        if application is not None and polling and application.updater is not None:
            await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        elif application is not None and settings.webhook_url:
            await application.bot.set_webhook(
                settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
        state["background"] = start_scheduler(deliverer, settings.scheduler_interval_seconds)

    async def on_shutdown() -> None:
        if "background" in state:
            await state["background"].stop()
        if application is not None and polling and application.updater is not None:
            await application.updater.stop()
        await zalo.close()

    asgi = build_webhook_app(
        application, secret=secret, path=settings.webhook_path, engine=app.engine,
        on_startup=on_startup, on_shutdown=on_shutdown,
        routes=[zalo.webhook.route(),
                *(WebChat(app.dispatcher, settings).routes() if settings.has_web_chat else ())])
    log.info("Zalo: webhook on %s:%s%s%s", settings.webhook_host, settings.webhook_port,
             settings.zalo_webhook_path,
             "" if application is None else f"; Telegram: {settings.telegram_mode}")
    # log_config=None: uvicorn's records go through the root handlers and their redaction.
    uvicorn.run(asgi, host=settings.webhook_host, port=settings.webhook_port, log_level="info",
                log_config=None)
