"""Cost of a staff `bc` line through the dispatcher, beside `/help` measured in the same run.

Both go through `Dispatcher.handle` (one transaction, identity load, routing, rendering left
out), so the difference is the report path: parse, checks, store, audit, echo. SQL statements
are counted with a `before_cursor_execute` listener; "report stmts" leaves out the
dispatcher's own identity load (the first statement of every message).

    .venv/bin/python bench/report_line.py [--lines 600] [--staff 30]
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench .venv/bin/python ...

The PostgreSQL database named by BENCH_DATABASE_URL has its `public` schema dropped.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, text

from bot.app import build_app
from bot.core.messages import Incoming
from bot.core.people import create_unit
from bot.db import make_engine, transaction
from bot.settings import Settings
from models import Role, User

NOW = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)  # a Monday morning in Hà Nội
SECTORS = ["xa", "ca", "qs", "dd", "bhxh"]


def lines(count: int, staff: int) -> list[tuple[str, str]]:
    """(sender, text): each staff member reports, then corrects one figure, day after day."""
    out = []
    for i in range(count):
        who = f"s{i % staff}"
        day = 1 + (i // (2 * staff)) % 7
        if (i // staff) % 2 == 0:
            text = f"bc tt={10 + i % 7} tiep={5 + i % 3} som=1 dung={12 + i % 5} ngay={8 + day}/3"
        else:
            text = f"bc tt={11 + i % 7} ngay={8 + day}/3"
        out.append((who, text))
    return out


def seed(app: Any, staff: int) -> None:
    with transaction(app.sessions) as session:
        unit = create_unit(session, code="bench", name="Trung tâm xã Bench", now=NOW,
                           sectors=SECTORS)
        for i in range(staff):
            sector = SECTORS[i % len(SECTORS)]
            session.add(User(channel="console", address=f"s{i}", role=Role.STAFF.value,
                             unit_id=unit.id, sector=sector, sectors=[sector],
                             created_at=NOW, last_seen_at=NOW))


def measure(app: Any, messages: list[tuple[str, str]]) -> tuple[float, float, float]:
    """(ms per message median, ms p95, SQL statements per message besides the identity load)."""
    counted = [0]

    def count(*_args: object) -> None:
        counted[0] += 1

    event.listen(app.engine, "before_cursor_execute", count)
    times = []
    for i, (who, body) in enumerate(messages):
        msg = Incoming(channel="console", sender=who, now=NOW + timedelta(seconds=i),
                       text=body)
        started = time.perf_counter()
        replies = app.dispatcher.handle(msg)
        times.append((time.perf_counter() - started) * 1000)
        # Only stored lines count: a refused or warned line would measure something else.
        assert replies and replies[0].template in ("report/stored", "common/help"), replies
    event.remove(app.engine, "before_cursor_execute", count)
    ordered = sorted(times)
    return (statistics.median(times), ordered[int(0.95 * (len(ordered) - 1))],
            counted[0] / len(messages) - 1)


def run(label: str, url: str, count: int, staff: int) -> None:
    if url.startswith("postgresql"):
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    app = build_app(Settings(_env_file=None, database_url=url))  # type: ignore[call-arg]
    seed(app, staff)
    report = lines(count, staff)
    help_msgs = [(who, "/help") for who, _ in report]
    measure(app, help_msgs[:staff] + report[:staff])  # warm: first contacts, templates
    rows = [("/help (baseline)", measure(app, help_msgs)), ("bc line", measure(app, report))]
    for kind, (median, p95, stmts) in rows:
        print(f"{label:11}{kind:18}{median:10.3f}{p95:10.3f}{stmts:14.1f}")
    app.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=600)
    parser.add_argument("--staff", type=int, default=30)
    args = parser.parse_args()
    print(f"{args.lines} messages per kind from {args.staff} staff, through Dispatcher.handle")
    print(f"{'database':11}{'kind':18}{'ms p50':>10}{'ms p95':>10}{'report stmts':>14}")
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/bench.sqlite3", args.lines, args.staff)
    if os.environ.get("BENCH_DATABASE_URL"):
        run("PostgreSQL", os.environ["BENCH_DATABASE_URL"], args.lines, args.staff)
    print("target: a bc line ≤ 5 SQL statements besides the identity load")


if __name__ == "__main__":
    main()
