"""The Zalo OA webhook: signed events in, Incoming messages to the dispatcher, answers out.

Zalo posts each event as JSON with the header `X-ZEvent-Signature: mac=<hex>`, where the hex
is SHA-256 of app id + the raw body + the event's `timestamp` (from the body) + the OA secret
key — the OA's key from the app's Official Account settings, not the app secret key (our
design guide; hainh.me, "Zalo API – PHP Webhook & Callback Official Account", which also says
Zalo wants a 200 within 2 seconds and otherwise sends the event again for up to 12 hours).
Some public clients take the timestamp from an `X-ZEvent-Timestamp` header instead; the docs
we found do not settle it, so either is accepted (the secret key is needed for both). A
missing or wrong signature gets 403 and nothing is read further. When the webhook URL is
saved, Zalo checks that it answers; what it sends is not documented in the copies we found,
so a request with an empty body, or a GET, gets 200 and does nothing (chosen).

Events (their shapes as Zalo's clients parse them: `event_name`, `sender.id`, `message.text`,
`message.msg_id`, `follower.id`, `timestamp`): `user_send_text` is typed text, or a tap of
one of our buttons, which Zalo sends back as the user's text carrying the button's payload
(`BUTTON_MARK` tells the two apart); `follow` is answered like /start. Every other event is
acknowledged and ignored. The delivery id is "zalo:<msg_id>" (a follow:
"zalo:follow:<user>:<timestamp>"), so an event Zalo sends twice is handled once
(bot/core/deliveries.py). Events carry no name: a person's Zalo display name is asked of the
OA API once per process (`ZaloMessenger.display_name`), so leads see staff by name. The
dispatcher runs before the 200 (a few milliseconds); the
answers are sent after it, in order per user, so a slow API never makes Zalo resend.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.channels import zalo_window
from bot.channels.webhook import Refused, read_body
from bot.channels.zalo import CHANNEL, ZaloMessenger
from bot.channels.zalo_format import BUTTON_MARK
from bot.core.clock import utcnow
from bot.core.messages import Incoming, Reply
from bot.dispatch import Dispatcher
from bot.rendering import Renderer

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-ZEvent-Signature"
TIMESTAMP_HEADER = "X-ZEvent-Timestamp"
MAX_BODY = 256 * 1024  # an event is a few hundred bytes
NAMES_KEPT = 10_000


def signature(app_id: str, body: bytes, timestamp: str, oa_secret_key: str) -> str:
    """The header value Zalo sends with an event."""
    signed = app_id.encode() + body + timestamp.encode() + oa_secret_key.encode()
    return "mac=" + hashlib.sha256(signed).hexdigest()


def verified(header: str, app_id: str, body: bytes, timestamp: str, oa_secret_key: str) -> bool:
    given = header.strip().lower()
    expected = signature(app_id, body, timestamp, oa_secret_key)
    # A bare hex digest is accepted too: Zalo's examples show both spellings.
    return hmac.compare_digest(given.encode(), expected.encode()) or hmac.compare_digest(
        given.encode(), expected.removeprefix("mac=").encode())


def parse_event(body: bytes) -> dict[str, Any]:
    """The event as a JSON object, numbers kept as their digits (ids exceed 2^53)."""
    try:
        data = json.loads(body, parse_int=str, parse_float=str)
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _text(value: Any, key: str) -> str:
    """`value[key]` when `value` is an object and that field a string, else ""."""
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, str) else ""


def _id(value: Any) -> str:
    return _text(value, "id")


def to_incoming(event: dict[str, Any], now: datetime) -> Incoming | None:
    """The Incoming an event stands for; None for events the bot does not handle."""
    name = event.get("event_name")
    timestamp = str(event.get("timestamp", ""))
    if name == "user_send_text":
        sender = _id(event.get("sender"))
        text = _text(event.get("message"), "text")
        msg_id = _text(event.get("message"), "msg_id")
        if not sender or not msg_id:
            return None
        payload = text[len(BUTTON_MARK):] if text.startswith(BUTTON_MARK) else None
        return Incoming(channel=CHANNEL, sender=sender, now=now,
                        text="" if payload is not None else text, payload=payload or None,
                        message_id=msg_id, delivery_id=f"zalo:{msg_id}"[:128])
    if name == "follow":
        follower = _id(event.get("follower")) or _id(event.get("sender"))
        if not follower:
            return None
        return Incoming(channel=CHANNEL, sender=follower, now=now, text="/start",
                        delivery_id=f"zalo:follow:{follower}:{timestamp}"[:128])
    return None


class ZaloWebhook:
    def __init__(self, dispatcher: Dispatcher, messenger: ZaloMessenger, engine: Engine, *,
                 app_id: str, oa_secret_key: str, path: str,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.dispatcher, self.messenger, self.engine = dispatcher, messenger, engine
        self.app_id, self.secret, self.path = app_id, oa_secret_key, path
        self.clock = clock
        self.renderer = Renderer(CHANNEL)
        self.inline = engine.dialect.name == "sqlite"
        self.tails: dict[str, asyncio.Task[None]] = {}
        self.names: dict[str, str] = {}

    def route(self) -> Route:
        return Route(self.path, self.endpoint, methods=["GET", "POST"])

    async def endpoint(self, request: Request) -> Response:
        if request.method == "GET":
            return Response(status_code=200)
        try:
            body = await read_body(request, MAX_BODY)
        except Refused as refused:
            log.warning("zalo webhook refused with %s: %s", refused.status, refused.reason)
            return Response(status_code=refused.status)
        if not body.strip():
            return Response(status_code=200)  # the check Zalo makes when the URL is saved
        event = parse_event(body)
        header = request.headers.get(SIGNATURE_HEADER, "")
        stamps = {str(event.get("timestamp", "")), request.headers.get(TIMESTAMP_HEADER, "")}
        if not any(verified(header, self.app_id, body, stamp, self.secret)
                   for stamp in stamps if stamp):
            log.warning("zalo webhook: missing or wrong signature, %d bytes refused", len(body))
            return Response(status_code=403)
        msg = to_incoming(event, self.clock())
        log.debug("zalo webhook: %s, %d bytes", str(event.get("event_name", "?"))[:40],
                  len(body))
        if msg is None:
            return Response(status_code=200)
        msg = replace(msg, display_name=await self._name(msg.sender))
        replies = await self._handle(msg)
        self._send_later(msg.sender, replies)
        return Response(status_code=200)

    async def _name(self, address: str) -> str:
        """Asked of Zalo once per person and process (names change rarely)."""
        if address not in self.names:
            if len(self.names) >= NAMES_KEPT:
                self.names.clear()
            self.names[address] = await self.messenger.display_name(address)
        return self.names[address]

    async def _handle(self, msg: Incoming) -> list[Reply]:
        if self.inline:
            return self._dispatch(msg)
        return await asyncio.to_thread(self._dispatch, msg)

    def _dispatch(self, msg: Incoming) -> list[Reply]:
        with self.engine.begin() as connection:
            zalo_window.opened(connection, msg.sender, msg.now)
        return self.dispatcher.handle(msg)

    def _send_later(self, address: str, replies: list[Reply]) -> None:
        """Answers go out after the previous answers to the same person."""
        previous = self.tails.get(address)
        task = asyncio.create_task(self._send(address, replies, previous))
        self.tails[address] = task
        task.add_done_callback(lambda done: self._forget(address, done))

    def _forget(self, address: str, task: asyncio.Task[None]) -> None:
        if self.tails.get(address) is task:
            del self.tails[address]

    async def _send(self, address: str, replies: list[Reply],
                    previous: asyncio.Task[None] | None) -> None:
        if previous is not None:
            await asyncio.wait({previous})
        try:
            for reply in replies:
                await self.messenger.reply(address, self.renderer.render(reply))
        except Exception as exc:  # one person's failed answer must not end the others
            log.warning("zalo answer failed: %s %s", type(exc).__name__, str(exc)[:200])

    async def drain(self) -> None:
        """Let the answers already started go out (the server is stopping)."""
        if self.tails:
            await asyncio.wait(set(self.tails.values()))
