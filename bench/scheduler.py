"""Scheduled work at national scale: planning ticks and paced delivery, measured.

Planning: 1 … 10,000 units × 10 staff (+ a lead each), nobody has reported (every staff
member is nagged: the worst case). For the 16:30 nag and the 08:00 digest: SQL statements
and seconds of the first tick and of a repeated one, beside the bare INSERT … SELECT of the
same number of rows (no sector logic, no conflict check), timed in the same run and rolled
back; then the statistics refresh the scheduler runs after a plan that added rows (ANALYZE,
PostgreSQL only, after the sender is already woken). On PostgreSQL (`--pg`, a database this
script wipes) and on a SQLite file.

Delivery (PostgreSQL, real time): two bot processes on one database send a backlog to a
simulated Telegram in this process — 100 ms per call, and it enforces Telegram's limits
itself (30 messages in any second overall, 1 a second per chat), answering 429 with
retry_after when a sender exceeds them. Then the same through the real TelegramMessenger with
and without PTB's AIORateLimiter, to show the two limits do not stack.

    .venv/bin/python bench/scheduler.py [--pg postgresql+psycopg://postgres@127.0.0.1:5432/bench_w1]
        [--sizes 1,100,1000,3300,10000] [--messages 1500] [--paces 28,30]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, event, text

from bench.scheduler_delivery import deliver_backlog, limiter_check
from bot.app import App, build_app
from bot.delivery import Deliverer
from bot.settings import Settings
from tests.conftest import reset_postgres
from tests.scale import add_units

FRIDAY_1630 = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
MONDAY_0800 = datetime(2025, 3, 17, 1, 0, tzinfo=UTC)
STAFF = 10


def bare(engine: Engine, role: str, now: datetime) -> tuple[int, float]:
    """The same number of rows by the plainest INSERT … SELECT, timed, then rolled back."""
    postgres = engine.dialect.name == "postgresql"
    context = ("json_build_object('day', '2025-03-14', 'unit', unit.name)" if postgres
               else "json_object('day', '2025-03-14', 'unit', unit.name)")
    empty = "'[]'::json" if postgres else "'[]'"
    statement = text(
        "INSERT INTO notification (key, kind, priority, channel, address, template, context,"
        " choices, due_at, created_at, attempts, unit_id)"
        f" SELECT 'bare:' || u.id, 'nag', 50, u.channel, u.address, 'report/nag', {context},"
        f" {empty}, :now, :now, 0, u.unit_id FROM \"user\" u JOIN unit ON unit.id = u.unit_id"
        " WHERE u.role = :role"
    ).bindparams(now=now.replace(tzinfo=None) if not postgres else now, role=role)
    with engine.connect() as connection:
        if postgres:
            connection.execute(text("SET LOCAL jit = off"))
        started = time.perf_counter()
        rows = connection.execute(statement.execution_options(preserve_rowcount=True)).rowcount
        elapsed = time.perf_counter() - started
        connection.rollback()
    return rows, elapsed


def timed_plan(app: App, deliverer: Deliverer,
               now: datetime) -> tuple[int, int, float, float]:
    statements = [0]

    def count(*_args: object) -> None:
        statements[0] += 1

    event.listen(app.engine, "before_cursor_execute", count)
    started = time.perf_counter()
    added = deliverer.plan(now)
    elapsed = time.perf_counter() - started
    event.remove(app.engine, "before_cursor_execute", count)
    started = time.perf_counter()
    if added:  # what the scheduler's job does next, after waking the sender
        deliverer.refresh_statistics()
    return added, statements[0], elapsed, time.perf_counter() - started


def planning(url: str, units: int) -> dict[str, float]:
    if url.startswith("postgresql"):
        reset_postgres(url).dispose()
    app = build_app(Settings(_env_file=None, database_url=url))  # type: ignore[call-arg]
    with app.engine.begin() as connection:
        add_units(connection, units, staff=STAFF, now=FRIDAY_1630)
        if url.startswith("postgresql"):
            connection.execute(text("ANALYZE"))
    deliverer = Deliverer(app.sessions, {}, app.planners)
    result: dict[str, float] = {"units": units}
    for kind, moment, role in (("nag", FRIDAY_1630, "staff"), ("digest", MONDAY_0800, "lead")):
        result[f"{kind} bare rows"], result[f"{kind} bare s"] = bare(app.engine, role, moment)
        (result[f"{kind} rows"], result[f"{kind} sql"], result[f"{kind} s"],
         result[f"{kind} analyze s"]) = timed_plan(app, deliverer, moment)
        _, result[f"{kind} again sql"], result[f"{kind} again s"], _ = timed_plan(
            app, deliverer, moment + timedelta(minutes=1))
    app.engine.dispose()
    return result


def print_planning(backend: str, rows: list[dict[str, float]]) -> None:
    print(f"\nPlanning on {backend} ({STAFF} staff + 1 lead per unit; nobody has reported)")
    print("| units | nag rows | nag: first tick | repeated | bare INSERT…SELECT "
          "| digest rows | digest: first tick | repeated | bare INSERT…SELECT "
          "| then ANALYZE (nag + digest) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {int(r['units']):,} | {int(r['nag rows']):,} "
              f"| {int(r['nag sql'])} SQL, {r['nag s']:.3f} s "
              f"| {int(r['nag again sql'])} SQL, {r['nag again s'] * 1000:.1f} ms "
              f"| {r['nag bare s']:.3f} s "
              f"| {int(r['digest rows']):,} | {int(r['digest sql'])} SQL, {r['digest s']:.3f} s "
              f"| {int(r['digest again sql'])} SQL, {r['digest again s'] * 1000:.1f} ms "
              f"| {r['digest bare s']:.3f} s "
              f"| {r['nag analyze s'] + r['digest analyze s']:.3f} s |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_w1")
    parser.add_argument("--sizes", default="1,100,1000,3300,10000")
    parser.add_argument("--messages", type=int, default=1500)
    parser.add_argument("--paces", default="28,30", help="shared send rates to try")
    parser.add_argument("--skip-delivery", action="store_true")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]

    results: dict[str, list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend, make_url in (("PostgreSQL", lambda n: options.pg),
                                  ("SQLite", lambda n: f"sqlite:///{tmp}/bench-{n}.sqlite3")):
            results[backend] = [planning(make_url(n), n) for n in sizes]
            print_planning(backend, results[backend])

    if options.skip_delivery:
        return
    print("\nDelivery on PostgreSQL: two processes, simulated Telegram (100 ms a call; "
          "enforces 30/s overall and 1/s per chat with 429)")
    print("| pace per second (shared) | messages | sustained msg/s | 429 answers "
          "| most in any 1 s | closest two in one chat |")
    print("|---:|---:|---:|---:|---:|---:|")
    sustained = {}
    for pace in [float(p) for p in options.paces.split(",")]:
        stats = asyncio.run(deliver_backlog(options.pg, options.messages, pace, processes=2))
        sustained[pace] = stats["rate"]
        print(f"| {pace:g} | {int(stats['sent']):,} | {stats['rate']:.1f} | "
              f"{int(stats['refused'])} | {int(stats['peak'])} | {stats['chat_gap']:.2f} s |")
    capacity = asyncio.run(deliver_backlog(options.pg, 3 * options.messages, 2000, processes=2,
                                           latency=0.0, limits=False))
    print(f"| no limit (capacity of the loop and the database) | {int(capacity['sent']):,} "
          f"| {capacity['rate']:.1f} | – | – | – |")
    print("| old scheduler: 50 per 30 s tick (the issue's baseline) | – | 1.7 | – | – | – |")

    print("\nTelegramMessenger over a 100 ms Bot API, one process, pace 28/s:")
    for limiter in (False, True):
        rate = asyncio.run(limiter_check(limiter, messages=300, pace=28.0))
        print(f"  {'with' if limiter else 'without'} AIORateLimiter: {rate:.1f} msg/s")

    size = next((r for r in results["PostgreSQL"] if r["units"] == 3300), None)
    if size is not None:
        nags = size["nag rows"]
        default = sustained.get(28.0, next(iter(sustained.values())))
        drain = nags / default
        print(f"\n3,300 communes on PostgreSQL: {int(nags):,} nags planned in "
              f"{size['nag s']:.2f} s; sent in {drain / 60:.1f} min at the measured "
              f"{default:.1f}/s; "
              f"the last one at 16:30 + {(size['nag s'] + drain) / 60:.1f} min "
              f"(target: within 20 min).")


if __name__ == "__main__":
    main()
