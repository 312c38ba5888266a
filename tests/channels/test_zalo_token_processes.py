"""Two bot processes needing a new Zalo access token at once refresh it once: the refresh
token works only once, so the second must wait for the first and take what it saved."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine, text

from bot.channels import zalo_tokens
from bot.db import make_engine, upgrade
from tests.conftest import PG_URL, reset_postgres
from tests.zalo_fakes import FIRST_REFRESH, FakeZalo

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")


@pytest.fixture
def pg() -> Iterator[Engine]:
    reset_postgres(PG_URL).dispose()
    engine = make_engine(PG_URL)
    upgrade(engine)
    yield engine
    engine.dispose()


def worker(fake: FakeZalo, now: datetime) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.zalo_token_worker", PG_URL, fake.url, now.isoformat()],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def waiting_on_a_lock(engine: Engine, deadline: float) -> bool:
    """A backend blocked on a row lock: the second process at SELECT … FOR UPDATE. Polled
    (each probe is a query), never slept on."""
    probe = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                 "AND datname = current_database()")
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            if connection.execute(probe).scalar_one() > 0:
                return True
    return False


def test_two_processes_refresh_the_token_once(pg: Engine, now: datetime) -> None:
    with pg.begin() as connection:
        assert zalo_tokens.seed(connection, FIRST_REFRESH)
    with FakeZalo() as fake:
        fake.hold_refresh = threading.Event()
        first = worker(fake, now)
        assert fake.refresh_arrived.wait(60), "the first process never asked Zalo"
        second = worker(fake, now)
        try:
            assert waiting_on_a_lock(pg, time.monotonic() + 60), "the second did not wait"
        finally:
            fake.hold_refresh.set()  # Zalo answers the first refresh only now
        outputs = [p.communicate(timeout=60) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["AT-zalo-1", "AT-zalo-1"]
    assert [r["form"]["refresh_token"] for r in fake.refreshes] == [FIRST_REFRESH]
    with pg.connect() as connection:
        stored = connection.execute(text(
            "SELECT access_token, refresh_token FROM zalo_token")).one()
    assert tuple(stored) == ("AT-zalo-1", "RT-zalo-1")
