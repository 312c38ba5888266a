"""Logs never carry a secret or what people typed, at any level.

Our own code logs ids, sizes and exception types only. Libraries are another matter: at
DEBUG, python-telegram-bot logs every Bot API call with its parameters and results (message
texts, invite codes typed after /thamgia), its base URL holds the token, and SQLAlchemy logs
statement parameters. So below WARNING a library's record keeps its wording but each value
becomes a summary ("‹12 chars›"), numbers excepted (update ids, sizes, ports). At every
level, the configured secrets and anything shaped like a bot token are masked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

MASK = "‹redacted›"
OURS = ("bot", "handlers", "models", "__main__")
# Libraries whose records carry no message content: their values are kept for operators.
PLAIN_LIBRARIES = ("uvicorn", "alembic", "apscheduler")
# Bot API method names PTB logs as the first value of "Calling Bot API endpoint `%s`".
SAFE_WORDS = frozenset({
    "getMe", "getUpdates", "sendMessage", "sendDocument", "answerCallbackQuery",
    "setWebhook", "deleteWebhook", "getWebhookInfo", "editMessageText",
    "editMessageReplyMarkup", "sendChatAction", "close", "logOut",
})
_TOKEN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{20,}")


def _belongs(name: str, roots: tuple[str, ...]) -> bool:
    return any(name == root or name.startswith(root + ".") for root in roots)


def _safe(value: Any) -> Any:
    """A value a library logs, reduced to what says nothing about anyone."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str) and value in SAFE_WORDS:
        return value
    if isinstance(value, list | tuple) and len(value) <= 50 and all(
        isinstance(v, int) for v in value
    ):
        return value  # e.g. the update ids of a getUpdates answer
    if isinstance(value, str | bytes | bytearray):
        return f"‹{len(value)} chars›"
    if isinstance(value, Mapping | list | tuple | set):
        return f"‹{type(value).__name__} of {len(value)}›"
    return f"‹{type(value).__name__}›"


def _summarised(record: logging.LogRecord) -> str:
    args = record.args
    if not args:
        return str(record.msg)
    safe: Any
    if isinstance(args, Mapping):
        safe = {key: _safe(value) for key, value in args.items()}
    else:
        safe = tuple(_safe(value) for value in args)
    try:
        return str(str(record.msg) % safe)
    except (TypeError, ValueError, KeyError):  # "%d" given a summary: keep both, unmerged
        return f"{record.msg} {safe}"


class RedactingFilter(logging.Filter):
    """Attach to every handler; rewrites each record before any handler formats it."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # A value of a few letters would mask ordinary words; real ones are longer.
        self.secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return _TOKEN.sub(MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        library = not _belongs(record.name, OURS) and not _belongs(record.name, PLAIN_LIBRARIES)
        if library and record.levelno < logging.WARNING:
            message = _summarised(record)
        else:
            try:
                message = record.getMessage()
            except (TypeError, ValueError, KeyError):
                message = _summarised(record)
        record.msg, record.args = self.scrub(message), ()
        if record.exc_info:
            record.exc_text = self.scrub(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = self.scrub(record.stack_info)
        return True


def install(secrets: Iterable[str]) -> RedactingFilter:
    """Put the filter on every handler of the root logger (call after basicConfig)."""
    redacting = RedactingFilter(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redacting)
    return redacting
