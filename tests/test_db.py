"""Disconnect handling on PostgreSQL: a connection the server ended is replaced before use,
without a ping per transaction and without failing or retrying the next message."""

import logging
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import text

from bot.app import build_app
from bot.db import make_engine
from bot.rendering import Renderer
from tests.chat import Chat
from tests.conftest import PG_URL, make_settings, reset_postgres

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")

# Ends every other client session of this database and waits until each has exited, the way
# a server restart or an administrator does.
TERMINATE = text(
    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
    "AND backend_type = 'client backend'"
)


def terminate_other_sessions() -> int:
    killer = make_engine(PG_URL)
    with killer.begin() as connection:
        ended = connection.execute(TERMINATE).scalar_one()
    killer.dispose()
    return int(ended)


@pytest.fixture
def chat(now: datetime) -> Iterator[Chat]:
    reset_postgres(PG_URL).dispose()
    app = build_app(make_settings(PG_URL))
    yield Chat(app, now)
    app.engine.dispose()


def test_next_message_after_the_server_ended_the_connection(
    chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    assert "Xin chào" in chat.say("/start")
    assert terminate_other_sessions() >= 1

    with caplog.at_level(logging.WARNING):
        reply = chat.say("giấy xác nhận tình trạng hôn nhân")

    assert "hôn nhân" in reply.lower()
    assert Renderer("console").text("common/internal_error") not in reply
    # Replaced at checkout: the message did not even need the dispatcher's retry.
    assert [r.getMessage() for r in caplog.records] == []


def test_every_pooled_connection_ended_at_once_like_a_restart(
    chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    engine = chat.app.engine
    held = [engine.connect() for _ in range(3)]  # the pool now keeps three connections
    for connection in held:
        connection.execute(text("SELECT 1"))
        connection.close()
    assert terminate_other_sessions() >= 3

    with caplog.at_level(logging.WARNING):
        replies = [chat.say(text_) for text_ in ("/start", "/help", "/thutuc 1.001193")]
        concurrent = [engine.connect() for _ in range(3)]  # each pooled one is checked out
        values = [c.execute(text("SELECT 1")).scalar_one() for c in concurrent]
        for connection in concurrent:
            connection.close()

    assert "Xin chào" in replies[0] and "/thutuc" in replies[1] and "1.001193" in replies[2]
    assert not any(Renderer("console").text("common/internal_error") in r for r in replies)
    assert values == [1, 1, 1]
    assert [r.getMessage() for r in caplog.records] == []
