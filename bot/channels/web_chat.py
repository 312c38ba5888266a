"""The web chat channel: a page at /chat on the webhook app, and its JSON message endpoint.

Citizens use the same dialogue as on Telegram (search, cards, buttons, dossier lookup): each
POST becomes an `Incoming(channel="web", sender=<session id>)` for the dispatcher, and the
replies come back rendered by the "web" renderer (HTML, every value escaped; overrides in
templates/web/). Everyone here is a citizen: the session is anonymous, and
`bot.core.people.redeem_invite` refuses invite codes from this channel, so no web session
ever holds a staff role.

- Sessions: a random id signed with WEB_CHAT_SECRET (HMAC-SHA256, `SessionSigner`) in an
  HttpOnly cookie; a forged or altered token is ignored, so nobody writes into someone
  else's conversation by guessing an id. The page also carries it for the header
  `X-Motcua-Session`, so the chat works inside an iframe on the commune's site where the
  browser blocks third-party cookies. A custom header cannot
  be sent cross-site without a CORS preflight, which this app never allows.
- Limits: WEB_CHAT_LIMIT messages per WEB_CHAT_WINDOW_MINUTES per session, and ten times that
  per client address (kept as a keyed hash, never the address), counted in the database
  (bot/core/limits.py); a body over 16 KB or a text over 2,000 characters is refused.
- Repeats: each message carries the page's id for it, so a resent request is answered once
  (`delivery_id` "web:<session>:<id>", bot/core/deliveries.py).
- Nothing beyond this server: the page loads only /chat/static/ (hand-written JS and CSS).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.channels.webhook import Refused, read_body
from bot.core.clock import utcnow
from bot.core.limits import Limit, Limiter
from bot.core.messages import Incoming, Reply
from bot.dispatch import Dispatcher
from bot.rendering import Renderer
from bot.settings import Settings
from handlers.base import payload_parts
from handlers.dossier_lookup import SUBSCRIBE

CHANNEL = "web"
STATIC = Path(__file__).resolve().parent / "web_static"
MAX_BODY = 16 * 1024
MAX_TEXT = 2000
_MESSAGE_ID = re.compile(r"[A-Za-z0-9-]{1,40}")
log = logging.getLogger(__name__)
# Only our own files; frames allowed anywhere because embedding on the commune's site is the
# point, and the page holds nothing a click could be tricked into (no staff, no account).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors *",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    # The page carries the visitor's own session: a shared cache must never hand it on.
    "Cache-Control": "no-store",
}
# A visitor who drops the cookie gets a new session and a fresh limit; the address they write
# from caps that. Generous (our choice), since a commune office or a phone network may put
# many citizens behind one address.
PER_ADDRESS = 10
LATER_ONLY = frozenset({SUBSCRIBE})
COOKIE = "motcua_chat"
HEADER = "X-Motcua-Session"
# Browsers keep the cookie this long; a session older than that simply starts again.
MAX_AGE_SECONDS = 30 * 24 * 3600
_TOKEN = re.compile(r"([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{43})")


class SessionSigner:
    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("WEB_CHAT_SECRET is empty")
        self._key = hashlib.sha256(b"motcua web chat session\0" + secret.encode()).digest()

    def _sign(self, session_id: str) -> str:
        digest = hmac.new(self._key, session_id.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def pseudonym(self, value: str) -> str:
        """A keyed hash of `value` (a client address): counts per address are kept without
        storing the address itself."""
        digest = hmac.new(self._key, b"address\0" + value.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:24]).decode()

    def new(self) -> tuple[str, str]:
        """(session id, signed token for the cookie)."""
        session_id = secrets.token_urlsafe(18)  # 144 random bits, 24 characters
        return session_id, f"{session_id}.{self._sign(session_id)}"

    def read(self, token: str | None) -> str | None:
        """The session id of a token this server signed; None for anything else."""
        match = _TOKEN.fullmatch(token or "")
        if match is None:
            return None
        session_id, signature = match.groups()
        if not hmac.compare_digest(signature, self._sign(session_id)):
            return None
        return session_id


@dataclass(frozen=True)
class Message:
    text: str
    payload: str | None
    message_id: str


class BadMessage(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_message(body: bytes) -> Message:
    """{"text": "..."} or {"payload": "..."}, with the page's id for the message."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise BadMessage("invalid") from None
    if not isinstance(data, dict):
        raise BadMessage("invalid")
    text, payload, message_id = data.get("text"), data.get("payload"), data.get("id")
    if not isinstance(message_id, str) or not _MESSAGE_ID.fullmatch(message_id):
        raise BadMessage("invalid")
    if isinstance(payload, str) and payload and len(payload) <= 64 and text is None:
        return Message("", payload, message_id)
    if not isinstance(text, str) or not text.strip() or payload is not None:
        raise BadMessage("invalid")
    if len(text) > MAX_TEXT:
        raise BadMessage("too_long")
    return Message(text, None, message_id)


class WebChat:
    """The routes of the web chat, over one dispatcher."""

    def __init__(self, dispatcher: Dispatcher, settings: Settings,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.dispatcher = dispatcher
        self.clock = clock
        self.signer = SessionSigner(settings.web_chat_secret.get_secret_value())
        window = timedelta(minutes=settings.web_chat_window_minutes)
        self.limiter = Limiter(Limit("web_chat", settings.web_chat_limit, window))
        self.per_address = Limiter(Limit("web_chat_address",
                                         settings.web_chat_limit * PER_ADDRESS, window))
        self.renderer = Renderer(CHANNEL)
        self.public_url = settings.web_chat_public_url
        # An embedded SQLite answers faster than a thread hop; PostgreSQL goes off the loop.
        self.inline = dispatcher.engine.dialect.name == "sqlite"

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/chat", self.page, methods=["GET"]),
            Route("/chat/embed.js", self.embed, methods=["GET"]),
            Route("/chat/api/message", self.message, methods=["POST"]),
            Mount("/chat/static", StaticFiles(directory=STATIC), name="chat_static"),
        ]

    async def page(self, request: Request) -> Response:
        session = self.signer.read(request.cookies.get(COOKIE))
        token = request.cookies.get(COOKIE, "") if session else self.signer.new()[1]
        html = self.renderer.text("web/page/chat", api="/chat/api/message",
                                  static="/chat/static", session=token, limit=MAX_TEXT)
        response = HTMLResponse(html, headers=SECURITY_HEADERS)
        if session is None:
            secure = request.url.scheme == "https"
            # Inside an iframe on the commune's site the cookie is third-party: it needs
            # SameSite=None, which browsers accept only with Secure (https).
            response.set_cookie(COOKIE, token, max_age=MAX_AGE_SECONDS, path="/chat",
                                httponly=True, secure=secure,
                                samesite="none" if secure else "lax")
        return response

    async def embed(self, request: Request) -> Response:
        chat = self.public_url or str(request.url_for("chat_static", path="")
                                      ).removesuffix("/static/")
        script = self.renderer.text("web/page/embed", chat=chat)
        return Response(script, media_type="text/javascript; charset=utf-8",
                        headers={"X-Content-Type-Options": "nosniff"})

    async def message(self, request: Request) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return self._refused(415, "invalid")
        session = self.signer.read(request.cookies.get(COOKIE)) or self.signer.read(
            request.headers.get(HEADER))
        if session is None:
            return self._refused(403, "session")
        try:
            message = parse_message(await read_body(request, MAX_BODY))
        except Refused as refused:
            log.warning("web chat request refused with %s: %s", refused.status, refused.reason)
            return self._refused(refused.status, "invalid")
        except BadMessage as bad:
            return self._refused(400, bad.reason)
        incoming = Incoming(channel=CHANNEL, sender=session, now=self.clock(),
                            text=message.text, payload=message.payload,
                            message_id=message.message_id,
                            delivery_id=f"{CHANNEL}:{session}:{message.message_id}")
        log.debug("web chat: %s of %d characters", "button" if message.payload else "text",
                  len(message.text or message.payload or ""))
        address = self.signer.pseudonym(request.client.host if request.client else "")
        if self.inline:
            status, replies = self._turn(incoming, address)
        else:
            status, replies = await asyncio.to_thread(self._turn, incoming, address)
        return JSONResponse({"replies": [self._json(reply) for reply in replies]},
                            status_code=status, headers={"Cache-Control": "no-store"})

    def _turn(self, incoming: Incoming, address: str) -> tuple[int, list[Reply]]:
        """The HTTP status and the replies; over a limit nothing else runs."""
        with self.dispatcher.engine.begin() as connection:
            verdict = self.limiter.take(connection, incoming.sender, incoming.now)
            if verdict.allowed:
                verdict = self.per_address.take(connection, address, incoming.now)
        if not verdict.allowed:
            return 429, [Reply("web/rate_limited", {"minutes": verdict.retry_minutes})]
        return 200, self.dispatcher.handle(incoming)

    def _json(self, reply: Reply) -> dict[str, Any]:
        rendered = self.renderer.render(reply)
        # Files (staff reports) never reach a citizen's web session; nothing to offer here.
        # Nor a button whose only point is a message sent later: the page may be closed by
        # then (the templates say so, `later_messages` in bot/rendering.py).
        choices = [{"label": c.label, "payload": c.payload} for c in rendered.choices
                   if payload_parts(c.payload)[0] not in LATER_ONLY]
        return {"html": rendered.text, "choices": choices}

    def _refused(self, status: int, reason: str) -> Response:
        reply = Reply("web/bad_request", {"reason": reason, "limit": MAX_TEXT})
        return JSONResponse({"replies": [self._json(reply)]}, status_code=status)
