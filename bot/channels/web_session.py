"""Anonymous web chat sessions: a random id signed with WEB_CHAT_SECRET (HMAC-SHA256).

The session is all a web visitor is: no name, no account. Its id becomes the `sender` of every
message, so the dialogue core keeps the conversation (results, buttons) as for any chat. The
signature only proves the id was handed out by this server: a forged or altered cookie is
ignored and a new session starts, so nobody can write into someone else's conversation by
guessing an id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

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
