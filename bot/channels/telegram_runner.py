"""Runs the Telegram channel in polling or webhook mode, with the scheduler alongside."""

from __future__ import annotations

import logging
from typing import Any

import uvicorn
from telegram import Update
from telegram.ext import Application

from bot.app import App, telegram_pace
from bot.channels.telegram import build_telegram, set_default_menu
from bot.channels.web_chat import WebChat
from bot.channels.webhook import build_webhook_app
from bot.core.menus import menu_for
from bot.scheduler import start_scheduler
from models import Role

log = logging.getLogger(__name__)


def run_telegram(app: App) -> None:
    settings = app.settings
    application, messenger = build_telegram(
        settings, app.dispatcher, with_updater=settings.telegram_mode == "polling"
    )
    deliverer = app.deliverer({messenger.channel: messenger},
                              paces={messenger.channel: telegram_pace(settings)})
    state: dict[str, Any] = {}

    async def start_background() -> None:
        await set_default_menu(application.bot, menu_for(Role.CITIZEN))
        state["background"] = start_scheduler(deliverer, settings.scheduler_interval_seconds)

    async def stop_background() -> None:
        if "background" in state:
            await state["background"].stop()

    if settings.telegram_mode == "polling":
        if settings.has_web_chat:
            log.warning("WEB_CHAT_SECRET is set but the web chat is served by the webhook "
                        "app only: set TELEGRAM_MODE=webhook to open /chat")

        async def post_init(_application: Application) -> None:  # type: ignore[type-arg]
            await start_background()

        async def post_shutdown(_application: Application) -> None:  # type: ignore[type-arg]
            await stop_background()

        application.post_init = post_init
        application.post_shutdown = post_shutdown
        log.info("Telegram: long polling %s", settings.telegram_base_url)
        application.run_polling(allowed_updates=Update.ALL_TYPES)
        return

    secret = settings.webhook_secret.get_secret_value()

    async def on_startup() -> None:
        if settings.webhook_url:
            await application.bot.set_webhook(
                settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
        await start_background()

    asgi = build_webhook_app(
        application, secret=secret, path=settings.webhook_path, engine=app.engine,
        on_startup=on_startup, on_shutdown=stop_background,
        routes=WebChat(app.dispatcher, settings).routes() if settings.has_web_chat else (),
    )
    log.info("Telegram: webhook on %s:%s%s", settings.webhook_host, settings.webhook_port,
             settings.webhook_path)
    # log_config=None: uvicorn's records go through the root handlers and their redaction.
    uvicorn.run(asgi, host=settings.webhook_host, port=settings.webhook_port, log_level="info",
                log_config=None)
