"""Records are rewritten before any handler formats them: no secret, no typed text."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.log_redaction import RedactingFilter

TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"
SECRET = "webhook-s3cret-value"
TYPED = "Tôi tên Nguyễn Thị Lan, số điện thoại 0912345678"


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter([TOKEN, SECRET, ""]))
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    # Levels other code set (uvicorn sets its own when a server starts) are put back after.
    loggers = [root] + [logging.getLogger(n) for n in ("uvicorn.error", "httpx", "bot")]
    levels = [logger.level for logger in loggers]
    root.addHandler(handler)
    for logger in loggers:
        logger.setLevel(logging.NOTSET)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def test_library_debug_records_keep_their_wording_but_not_their_values(output) -> None:
    log = logging.getLogger("telegram.ext.ExtBot")
    log.debug("Calling Bot API endpoint `%s` with parameters `%s`", "sendMessage",
              {"chat_id": 42, "text": TYPED})
    log.debug("Set Bot API URL: %s", f"https://api.telegram.org/bot{TOKEN}")
    log.debug("Getting updates: %s", [17, 18])
    logging.getLogger("sqlalchemy.engine.Engine").info("[cached] %r", ("telegram", TYPED))
    text = output.getvalue()
    assert "Calling Bot API endpoint `sendMessage` with parameters `‹dict of 2›`" in text
    assert "Getting updates: [17, 18]" in text and "Set Bot API URL: ‹" in text
    assert TYPED not in text and "0912345678" not in text and TOKEN not in text


def test_secrets_are_masked_at_every_level_and_in_tracebacks(output) -> None:
    try:
        raise ConnectionError(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage failed")
    except ConnectionError:
        logging.getLogger("bot.scheduler").exception("sending failed with secret %s", SECRET)
    logging.getLogger("httpx").warning("HTTP Request: POST %s", f"/bot{TOKEN}/getMe")
    text = output.getvalue()
    assert TOKEN not in text and SECRET not in text
    assert "ConnectionError" in text and text.count("‹redacted›") >= 3


def test_any_token_shaped_value_is_masked_even_if_not_configured(output) -> None:
    other = "987654321:BBHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T1"
    logging.getLogger("bot.channels").error("failed for %s", f"/bot{other}/getMe")
    assert other not in output.getvalue()


def test_our_own_records_and_plain_libraries_keep_their_values(output) -> None:
    logging.getLogger("bot.dispatch").info("delivery %s was handled before", "telegram:1:5")
    logging.getLogger("uvicorn.error").info("Uvicorn running on %s://%s:%d", "http",
                                            "127.0.0.1", 8080)
    text = output.getvalue()
    assert "delivery telegram:1:5 was handled before" in text
    assert "Uvicorn running on http://127.0.0.1:8080" in text


def test_a_bad_format_does_not_leak_the_arguments(output) -> None:
    logging.getLogger("telegram.ext.Application").debug("Processing update %d", TYPED)
    text = output.getvalue()
    assert "Processing update" in text and TYPED not in text
