"""kill -9 while figures are written: the audit trail still replays to the stored figures.

A writer process sends report lines, a lead's corrections, edits and undos through the real
dispatcher on PostgreSQL and is killed with SIGKILL again and again, wherever it happens to
be. Afterwards every value_change, in submission order, must start from the value the one
before it left, and replaying them all must give exactly the daily_value rows.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import datetime

import pytest
from sqlalchemy import text

from bot.app import build_app
from tests.chat import Chat
from tests.conftest import PG_URL, make_settings, reset_postgres
from tests.handlers.report_helpers import make_center

KILLS = 6


@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_audit_replays_to_the_stored_figures_after_kills(now: datetime) -> None:
    reset_postgres(PG_URL).dispose()
    app = build_app(make_settings(PG_URL))
    make_center(Chat(app, now))
    for round_ in range(KILLS):
        writer = subprocess.Popen([sys.executable, "-m", "tests.report_writer", PG_URL,
                                   str(round_)], stdout=subprocess.PIPE, text=True)
        assert writer.stdout is not None
        target = 20 + 9 * round_  # vary where in its work the writer dies
        handled = 0
        while handled < target:
            line = writer.stdout.readline()
            assert line, "the writer stopped by itself"
            handled = int(line)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=60)
        assert writer.returncode == -signal.SIGKILL

    with app.engine.connect() as connection:
        trail = connection.execute(text(
            "SELECT s.unit_id, s.day, s.sector, v.element, v.old_value, v.new_value "
            "FROM value_change v JOIN submission s ON s.id = v.submission_id "
            "ORDER BY s.id, v.id")).all()
        stored = {(u, d, s, e): v for u, d, s, e, v in connection.execute(text(
            "SELECT unit_id, day, sector, element, value FROM daily_value"))}
        sources = {row[0] for row in connection.execute(text("SELECT source FROM submission"))}
    replayed: dict[tuple[object, ...], int] = {}
    for unit_id, day, sector, element, old, new in trail:
        key = (unit_id, day, sector, element)
        assert replayed.get(key) == old, f"the audit skips a step at {key}"
        if new is None:
            replayed.pop(key, None)
        else:
            replayed[key] = new
    assert replayed == stored
    assert len(trail) > 100 and {"line", "edit", "undo"} <= sources
    app.engine.dispose()
