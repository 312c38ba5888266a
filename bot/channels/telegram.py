"""Telegram channel: PTB updates -> Incoming -> dispatcher; replies -> Bot API messages."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable
from datetime import datetime, timedelta

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    CallbackQuery,
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.channels.telegram_order import PerChatUpdateProcessor
from bot.core.clock import utcnow
from bot.core.messages import (
    Attachment,
    Incoming,
    MenuItem,
    RateLimited,
    RenderedReply,
    Reply,
    Undeliverable,
)
from bot.core.text import split_message
from bot.dispatch import Dispatcher
from bot.rendering import Renderer
from bot.settings import Settings

CHANNEL = "telegram"
MB = 1024 * 1024
# Official links in procedure cards would otherwise unfold into large previews.
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
log = logging.getLogger(__name__)


class TelegramMessenger:
    """Sends rendered replies as HTML messages, buttons as an inline keyboard.

    Telegram's refusals come back in the outbox's words: a 429 (`RetryAfter`) as
    `RateLimited` for that chat, a blocked bot or a missing chat (`Forbidden`, `BadRequest`)
    as `Undeliverable`. Pacing is the outbox's (bot/delivery.py, one rate shared by all
    processes); the application's `AIORateLimiter` stays as each process's ceiling for
    answers to incoming messages, and is never reached by the outbox's pace (see
    ARCHITECTURE.md, "Scheduled messages"). It does not retry a 429 (`max_retries=0`),
    so the outbox decides when that chat is tried again.
    """

    channel = CHANNEL

    def __init__(self, application: Application) -> None:  # type: ignore[type-arg]
        self.application = application

    async def send(self, address: str, reply: RenderedReply) -> None:
        try:
            await self._send(address, reply)
        except RetryAfter as exc:
            raise RateLimited(self._seconds(exc)) from exc
        except (Forbidden, BadRequest) as exc:
            raise Undeliverable(exc.message) from exc

    @staticmethod
    def _seconds(exc: RetryAfter) -> float:
        """PTB 22 gives `retry_after` as int seconds or a timedelta, warning about the int."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = exc.retry_after
        return value.total_seconds() if isinstance(value, timedelta) else float(value)

    async def _send(self, address: str, reply: RenderedReply) -> None:
        chunks = split_message(reply.text)
        keyboard = None
        if reply.choices:
            keyboard = InlineKeyboardMarkup(
                [[InlineKeyboardButton(c.label, callback_data=c.payload)] for c in reply.choices]
            )
        bot = self.application.bot
        if reply.menu is not None:
            # The person's "/" list, in their chat only; the citizen's is everyone's default.
            await bot.set_my_commands(
                [BotCommand(item.command, item.description) for item in reply.menu],
                scope=BotCommandScopeChat(int(address)))
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await bot.send_message(
                chat_id=int(address),
                text=chunk,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard if last else None,
                link_preview_options=NO_PREVIEW,
            )
        for attachment in reply.attachments:
            await bot.send_document(
                chat_id=int(address), document=attachment.content, filename=attachment.filename
            )


async def set_default_menu(bot: Bot, menu: tuple[MenuItem, ...]) -> None:
    """Every private chat's "/" list until a role's own replaces it (bot/core/menus.py). A
    refusal is logged: the bot works without a menu."""
    try:
        await bot.set_my_commands([BotCommand(i.command, i.description) for i in menu],
                                  scope=BotCommandScopeAllPrivateChats())
    except TelegramError as exc:
        log.warning("Telegram refused the command menu: %s", type(exc).__name__)


class TelegramAdapter:
    """Turns PTB updates into Incoming messages and sends back what the handlers reply.

    Each update becomes one Incoming whose delivery_id is "telegram:<bot id>:<update_id>",
    so an update Telegram delivers twice is answered once (bot/core/deliveries.py).
    """

    def __init__(
        self,
        dispatcher: Dispatcher,
        messenger: TelegramMessenger,
        clock: Callable[[], datetime] = utcnow,
        max_file_bytes: int = 20 * MB,
    ) -> None:
        self.dispatcher = dispatcher
        self.clock = clock
        self.max_file_bytes = max_file_bytes
        # An embedded SQLite answers in well under a millisecond, less than a thread hop costs.
        self.inline = dispatcher.sessions.kw["bind"].dialect.name == "sqlite"
        self.messenger = messenger
        self.renderer = Renderer(CHANNEL)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A text message, or a new text for one sent earlier (an edit, never a new request)."""
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None or message.text is None:
            return
        user = update.effective_user
        edited = update.edited_message is not None
        log.debug("update %s: %s of %d characters", update.update_id,
                  "edit" if edited else "text", len(message.text))
        await self._answer(Incoming(
            channel=CHANNEL, sender=str(chat.id), now=self.clock(), text=message.text,
            display_name=user.full_name if user else "", message_id=str(message.message_id),
            edited=edited, delivery_id=_delivery_id(update, context),
        ))

    async def on_document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A file (a register export): downloaded into the message's attachments, its caption
        as the text. A file over CHAT_FILE_MAX_MB is not downloaded; it arrives marked too
        large, so the person is told. An edited caption downloads nothing."""
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None or message.document is None:
            return
        edited = update.edited_message is not None
        document = message.document
        log.debug("update %s: document of %s bytes", update.update_id, document.file_size)
        attachments: tuple[Attachment, ...] = ()
        if not edited:
            try:
                attachments = (await self._download(document),)
            except TelegramError as exc:
                log.warning("document download failed: %s", type(exc).__name__)
                await self._send(str(chat.id), [Reply("common/file_failed")])
                return
        user = update.effective_user
        await self._answer(Incoming(
            channel=CHANNEL, sender=str(chat.id), now=self.clock(), text=message.caption or "",
            display_name=user.full_name if user else "", attachments=attachments,
            message_id=str(message.message_id), edited=edited,
            delivery_id=_delivery_id(update, context),
        ))

    async def _download(self, document: Document) -> Attachment:
        name = document.file_name or "tep"
        mime = document.mime_type or "application/octet-stream"
        declared = document.file_size or 0
        if declared > self.max_file_bytes:
            return Attachment(name, b"", mime, size=declared, too_large=True)
        content = bytes(await (await document.get_file()).download_as_bytearray())
        if len(content) > self.max_file_bytes:  # the declared size was missing or wrong
            return Attachment(name, b"", mime, size=len(content), too_large=True)
        return Attachment(name, content, mime, size=len(content))

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Photos, stickers, voice…: the dispatcher says what the bot can read."""
        message = update.effective_message
        chat = update.effective_chat
        if chat is None or message is None:
            return
        log.debug("update %s: a message without text", update.update_id)
        await self._answer(Incoming(
            channel=CHANNEL, sender=str(chat.id), now=self.clock(),
            message_id=str(message.message_id), edited=update.edited_message is not None,
            delivery_id=_delivery_id(update, context),
        ))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: handled first, acknowledged after, whether or not that works."""
        query = update.callback_query
        chat = update.effective_chat
        if query is None or chat is None:
            return
        log.debug("update %s: button of %d characters", update.update_id, len(query.data or ""))
        msg = Incoming(
            channel=CHANNEL, sender=str(chat.id), now=self.clock(), payload=query.data or None,
            display_name=query.from_user.full_name,
            message_id=str(query.message.message_id) if query.message else "",
            delivery_id=_delivery_id(update, context),
        )
        replies = await self._handle(msg)
        await _acknowledge(query)
        await self._send(msg.sender, replies)

    async def _answer(self, msg: Incoming) -> None:
        await self._send(msg.sender, await self._handle(msg))

    async def _handle(self, msg: Incoming) -> list[Reply]:
        if self.inline:
            return self.dispatcher.handle(msg)
        # Blocking database work over the network: keep it off the event loop.
        return await asyncio.to_thread(self.dispatcher.handle, msg)

    async def _send(self, address: str, replies: list[Reply]) -> None:
        for reply in replies:
            await self.messenger.send(address, self.renderer.render(reply))


def _delivery_id(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    return f"{CHANNEL}:{context.bot.id}:{update.update_id}"


async def _acknowledge(query: CallbackQuery) -> None:
    """Stop the button's spinner; best effort, after the work that matters is done.

    Telegram refuses an answer that comes late ("query is too old"); the press was handled
    all the same, so the refusal must not end the update.
    """
    try:
        await query.answer()
    except TelegramError as exc:
        log.warning("answerCallbackQuery failed: %s", type(exc).__name__)


async def _log_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("telegram update failed: %s", type(context.error).__name__, exc_info=context.error)


def build_telegram(
    settings: Settings,
    dispatcher: Dispatcher,
    *,
    request: BaseRequest | None = None,
    rate_limit: bool = True,
    with_updater: bool = True,
    clock: Callable[[], datetime] = utcnow,
) -> tuple[Application, TelegramMessenger]:  # type: ignore[type-arg]
    """A PTB application wired to the dispatcher; `request` replaces HTTP in tests."""
    base = settings.telegram_base_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
    )
    if settings.telegram_concurrency > 1:
        builder = builder.concurrent_updates(PerChatUpdateProcessor(settings.telegram_concurrency))
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter())  # type: ignore[arg-type]
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if not with_updater:
        builder = builder.updater(None)
    application = builder.build()
    messenger = TelegramMessenger(application)
    adapter = TelegramAdapter(dispatcher, messenger, clock,
                              max_file_bytes=settings.chat_file_max_mb * MB)
    # Private chats only: in a group the bot would answer every message of every member.
    private = filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(filters.TEXT & private, adapter.on_text))
    application.add_handler(CallbackQueryHandler(adapter.on_button))
    application.add_handler(MessageHandler(filters.Document.ALL & private, adapter.on_document))
    application.add_handler(MessageHandler(~filters.TEXT & private, adapter.on_other))
    application.add_error_handler(_log_error)
    return application, messenger
