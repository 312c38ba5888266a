"""Each delivery is handled once: repeated, after a restart, by a second process, mid-crash."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from bot.app import App, build_app
from bot.core import deliveries
from bot.core.messages import Incoming, Reply
from handlers.base import Turn
from models import SeenDelivery
from tests.conftest import make_settings


def start(now: datetime, delivery: str, user: str = "5001", text: str = "/start") -> Incoming:
    return Incoming(channel="telegram", sender=user, now=now, text=text, delivery_id=delivery)


def seen(app: App) -> set[str]:
    with app.engine.connect() as connection:
        return set(connection.execute(select(SeenDelivery.key)).scalars())


def test_a_repeated_delivery_is_answered_once(app: App, now: datetime) -> None:
    first = app.dispatcher.handle(start(now, "telegram:1:10"))
    assert [r.template for r in first] == ["common/welcome"]
    assert app.dispatcher.handle(start(now, "telegram:1:10")) == []
    assert app.dispatcher.handle(start(now, "telegram:1:11"))  # the next update is new
    assert seen(app) == {"telegram:1:10", "telegram:1:11"}


def test_seen_across_a_restart_and_by_a_second_process(database_url: str, now: datetime) -> None:
    first = build_app(make_settings(database_url))
    assert first.dispatcher.handle(start(now, "telegram:1:20"))
    second = build_app(make_settings(database_url))  # its own engine: another process
    try:
        assert second.dispatcher.handle(start(now, "telegram:1:20")) == []
        first.engine.dispose()  # the first process stops; a third one starts
        third = build_app(make_settings(database_url))
        assert third.dispatcher.handle(start(now, "telegram:1:20")) == []
        assert third.dispatcher.handle(start(now, "telegram:1:21"))
        third.engine.dispose()
    finally:
        second.engine.dispose()


def test_a_crash_mid_handling_lets_the_redelivery_through(app: App, now: datetime) -> None:
    attempts: list[int] = []

    def flaky(turn: Turn) -> list[Reply]:
        turn.start_flow("half", "written")  # a change the crash must roll back
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("the process dies here")
        return [Reply("common/cancelled")]

    app.dispatcher.router.command("flaky")(flaky)
    msg = start(now, "telegram:1:30", text="/flaky")
    assert [r.template for r in app.dispatcher.handle(msg)] == ["common/internal_error"]
    assert seen(app) == set()  # rolled back with the rest
    assert [r.template for r in app.dispatcher.handle(msg)] == ["common/cancelled"]
    assert app.dispatcher.handle(msg) == []
    assert len(attempts) == 2


def test_old_marks_are_pruned(app: App, now: datetime) -> None:
    app.dispatcher.handle(start(now, "telegram:1:40"))
    app.dispatcher.handle(start(now + timedelta(hours=1), "telegram:1:41"))
    assert seen(app) == {"telegram:1:40", "telegram:1:41"}
    later = now + deliveries.KEEP + timedelta(minutes=30)
    app.dispatcher.handle(start(later, "telegram:1:42"))
    assert seen(app) == {"telegram:1:41", "telegram:1:42"}


def test_a_message_without_a_delivery_id_is_never_marked(app: App, now: datetime) -> None:
    msg = Incoming(channel="console", sender="an", now=now, text="/start")
    assert app.dispatcher.handle(msg) and app.dispatcher.handle(msg)
    with app.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(SeenDelivery)).scalar() == 0


@pytest.fixture
def pg_app(app: App) -> Iterator[App]:
    if app.engine.dialect.name != "postgresql":
        pytest.skip("row-level waiting is PostgreSQL's; SQLite serializes writers outright")
    yield app


def blocked_on_a_lock(app: App) -> bool:
    with app.engine.connect() as connection:
        return bool(connection.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()")).scalar())


@pytest.mark.parametrize("first_commits", [True, False], ids=["commits", "crashes"])
def test_a_duplicate_during_the_handling_waits_for_it(
    pg_app: App, now: datetime, first_commits: bool
) -> None:
    """Process A has claimed the update and is still working; B gets the same update."""
    key = "telegram:1:50"
    results: list[list[Reply]] = []
    with pg_app.engine.connect() as a:
        transaction = a.begin()
        assert deliveries.claim(a, key, now)
        b = threading.Thread(target=lambda: results.append(
            pg_app.dispatcher.handle(start(now, key))))
        b.start()
        for _ in range(100_000):  # B reaches the unique key and waits on A's row
            if blocked_on_a_lock(pg_app):
                break
        else:
            raise AssertionError("B never waited on A")
        assert results == []
        if first_commits:
            transaction.commit()
        else:
            transaction.rollback()
        b.join(timeout=30)
    if first_commits:
        assert results == [[]]  # handled by A only
    else:
        assert [r.template for r in results[0]] == ["common/welcome"]  # A died: B handles it


def test_a_failure_is_logged_without_what_was_typed(
    app: App, now: datetime, caplog: pytest.LogCaptureFixture
) -> None:
    def fails(turn: Turn) -> list[Reply]:
        raise ValueError(f"cannot read {turn.text!r}")  # exception texts quote input

    app.dispatcher.router.command("fails")(fails)
    typed = "/fails Nguyễn Thị Lan 0912345678"
    replies = app.dispatcher.handle(start(now, "telegram:1:60", text=typed))
    assert [r.template for r in replies] == ["common/internal_error"]
    assert "ValueError" in caplog.text and "in fails" in caplog.text  # where it broke
    assert "0912345678" not in caplog.text and "Nguyễn" not in caplog.text
