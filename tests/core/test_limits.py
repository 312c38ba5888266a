"""The database-backed rate limit: counts per window, a sliding estimate, refusals that cost
nothing, old windows pruned, and one count for two connections at once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, text

from bot.core.limits import Limit, Limiter
from models import RateCount

WINDOW = timedelta(minutes=10)
START = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)  # a window boundary (10-minute multiple)
LIMITER = Limiter(Limit("test", 4, WINDOW))
_t = RateCount.__table__  # type: ignore[attr-defined]


def take(engine: Engine, at: datetime, key: str = "u1", cost: int = 1,
         limiter: Limiter = LIMITER) -> bool:
    with engine.begin() as connection:
        return limiter.take(connection, key, at, cost).allowed


def stored(engine: Engine) -> list[tuple[str, str, datetime, int]]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(  # type: ignore[misc]
            select(_t.c.subject, _t.c.key, _t.c.window_start, _t.c.count)
            .order_by(_t.c.key, _t.c.window_start))]


def test_the_limit_per_window_and_per_key(engine: Engine) -> None:
    assert [take(engine, START + timedelta(seconds=n)) for n in range(5)] == [
        True, True, True, True, False]
    assert take(engine, START, key="u2")  # someone else
    assert take(engine, START, limiter=Limiter(Limit("other", 4, WINDOW)))  # another subject
    assert stored(engine)[0] == ("test", "u1", START, 4)  # the refusal counted nothing


def test_the_previous_window_weighs_by_what_is_left_of_it(engine: Engine) -> None:
    for n in range(4):
        assert take(engine, START + timedelta(minutes=9, seconds=n))
    # Just after the boundary the full past window still counts.
    assert not take(engine, START + WINDOW + timedelta(seconds=1))
    # Half way: 4 × 0.5 = 2 carried, so 2 more fit.
    half = START + WINDOW * 1.5
    assert [take(engine, half + timedelta(seconds=n)) for n in range(3)] == [True, True, False]


def test_the_wait_told_is_enough_and_not_too_much(engine: Engine) -> None:
    with engine.begin() as connection:
        for n in range(4):
            LIMITER.take(connection, "u1", START + timedelta(minutes=2, seconds=n))
        verdict = LIMITER.take(connection, "u1", START + timedelta(minutes=3))
    assert not verdict.allowed
    back = START + timedelta(minutes=3) + verdict.retry_after
    assert not take(engine, back - timedelta(seconds=30))
    assert take(engine, back + timedelta(seconds=1))
    # 7 minutes to the boundary, then a quarter of a window (4 × 3/4 = 3 carried, 1 fits).
    assert verdict.retry_after == timedelta(minutes=9.5) and verdict.retry_minutes == 10


def test_a_charge_may_go_over_and_keeps_refusing(engine: Engine) -> None:
    with engine.begin() as connection:
        LIMITER.charge(connection, "u1", START, 6)
        assert not LIMITER.take(connection, "u1", START + timedelta(minutes=1)).allowed
    assert not take(engine, START + WINDOW + timedelta(minutes=1))  # 6 × 0.9 carried
    assert take(engine, START + WINDOW * 1.5)  # 6 × 0.5 = 3 carried: one more fits


def test_old_windows_are_pruned_when_a_new_one_opens(engine: Engine) -> None:
    take(engine, START, key="gone")
    take(engine, START + WINDOW, key="recent")
    assert len(stored(engine)) == 2
    take(engine, START + WINDOW * 2 + timedelta(seconds=5), key="new")
    assert [row[1] for row in stored(engine)] == ["new", "recent"]
    take(engine, START + WINDOW * 2 + timedelta(seconds=6), key="new")  # no new window
    assert [row[3] for row in stored(engine) if row[1] == "new"] == [2]


def test_two_connections_at_the_last_point_take_it_once(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time: there is no concurrent upsert to race")
    for n in range(3):
        assert take(engine, START + timedelta(seconds=n))
    results: list[bool] = []
    first = engine.connect()
    transaction = first.begin()
    assert LIMITER.take(first, "u1", START + timedelta(seconds=5)).allowed
    # The second sees 3 (the first has not committed) and waits on the row's lock.
    worker = threading.Thread(target=lambda: results.append(
        take(engine, START + timedelta(seconds=6))))
    worker.start()
    with engine.connect() as watcher:  # until it waits for the lock the first one holds
        for _ in range(10_000):
            if watcher.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")
                               ).scalar():
                break
            watcher.rollback()
        else:
            pytest.fail("the second connection never waited for the first")
    transaction.commit()
    first.close()
    worker.join(timeout=30)
    assert results == [False]
    assert stored(engine)[0][3] == 4
