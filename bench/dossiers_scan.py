"""The morning deadline scan over a province's open dossiers, beside the bare indexed SELECT.

    .venv/bin/python bench/dossiers_scan.py [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_h1]
        [--units 1000] [--per-unit 1000] [--sqlite-units 100] [--repeat 5]

Seeds UNITS communes × PER_UNIT open dossiers on PostgreSQL (default 1,000,000; a database
this script wipes: its public schema is dropped) and SQLITE_UNITS × PER_UNIT on a SQLite file
(default 100,000), each unit with five staff (one sector each, one also holding a second) and
a lead, by INSERT … SELECT (generate_series / a recursive CTE). Due dates spread over
[-1 day, +30 days] from Monday 16/03/2026 07:30 (so about 3 % are overdue and 12 % fall in
the two-working-day horizon; one in a thousand is late since Wednesday and untouched, for the
escalation); three in five are assigned to a staff member, the rest carry
only a sector (one in ten none).

Measured, median of REPEAT runs, each in a transaction rolled back:
- baseline: the bare indexed SELECT of the due rows (open and not waiting for a supplement,
  due before the horizon), fetched;
- each planner of bot/core/dossiers/warnings.py as the scheduler runs it (one INSERT …
  SELECT with JIT off): the morning warning, the leads' digest, the escalation, and the
  afternoon check; with the rows each adds.
Target: the morning warning ≤ 200 ms at 1,000,000 on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Connection, Engine, text

from bot.core.calendar_service import working_calendar
from bot.core.dossiers.warnings import DeadlineDigest, DeadlineEscalation, DeadlineWarning
from bot.core.outbox.planning import Slot
from bot.core.reporting import load_elements
from bot.db import make_engine, upgrade
from tests.conftest import reset_postgres

ZONE = "Asia/Ho_Chi_Minh"
MORNING = datetime(2026, 3, 16, 0, 30, tzinfo=UTC)  # Monday 07:30 in Hà Nội
CHECK = datetime(2026, 3, 16, 6, 30, tzinfo=UTC)  # 13:30
SECTORS = ["xa", "ca", "dd", "tp", "ld"]
OPEN = "('received', 'in_progress', 'supplement', 'paused')"


def seed(engine: Engine, units: int, per_unit: int) -> float:
    postgres = engine.dialect.name == "postgresql"
    started = time.perf_counter()
    now = "'2026-03-16 00:30:00+00'" if postgres else "'2026-03-16 00:30:00.000000'"
    sectors = "'[\"xa\", \"ca\", \"dd\", \"tp\", \"ld\"]'"
    cast_open, cast_close = ("CAST(", " AS json)") if postgres else ("", "")
    with engine.begin() as c:
        if postgres:
            numbers = "generate_series(0, {n} - 1) AS g(n)"
        else:
            c.execute(text("CREATE TEMP TABLE nums (n INTEGER PRIMARY KEY)"))
            c.execute(text(f"WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r "
                           f"WHERE n < {units * per_unit} - 1) INSERT INTO nums SELECT n FROM r"))
            numbers = "(SELECT n FROM nums WHERE n < {n}) AS g"
        c.execute(text(
            "INSERT INTO unit (code, name, province, timezone, sectors, address, phone,"
            " opening_hours, office_hours, created_at, revision) SELECT 'u' || g.n,"
            f" 'Trung tâm xã ' || g.n, '', '{ZONE}', {sectors}, '', '', '', '', {now}, 0"
            f" FROM {numbers.format(n=units)} ORDER BY g.n"))
        first_unit = c.scalar(text("SELECT min(id) FROM unit"))
        # Staff k of unit u holds SECTORS[k]; staff 0 also "tp"; one lead per unit.
        c.execute(text(
            "INSERT INTO \"user\" (channel, address, display_name, role, unit_id, sector,"
            " sectors, created_at, last_seen_at) SELECT 'telegram', CAST(g.n AS TEXT),"
            " 'Cán bộ ' || g.n, CASE WHEN g.n % 6 = 5 THEN 'lead' ELSE 'staff' END,"
            f" {first_unit} + g.n / 6,"
            " CASE g.n % 6 WHEN 0 THEN 'xa' WHEN 1 THEN 'ca' WHEN 2 THEN 'dd' WHEN 3 THEN 'tp'"
            " WHEN 4 THEN 'ld' END,"
            f" {cast_open}CASE g.n % 6 WHEN 0 THEN '[\"xa\", \"tp\"]' WHEN 1 THEN '[\"ca\"]'"
            " WHEN 2 THEN '[\"dd\"]' WHEN 3 THEN '[\"tp\"]' WHEN 4 THEN '[\"ld\"]'"
            f" ELSE '[]' END{cast_close}, {now}, {now}"
            f" FROM {numbers.format(n=units * 6)} ORDER BY g.n"))
        first_user = c.scalar(text("SELECT min(id) FROM \"user\""))
        spread = ("TIMESTAMPTZ '2026-03-15 00:30:00+00' + (g.n % 44640 * 7919 % 44640)"
                  " * INTERVAL '1 minute'" if postgres else
                  "strftime('%Y-%m-%d %H:%M:%f', '2026-03-15 00:30:00',"
                  " '+' || (g.n % 44640 * 7919 % 44640) || ' minutes')")
        # One in a thousand late since Wednesday: escalation candidates.
        late = "TIMESTAMPTZ '2026-03-11 02:00:00+00'" if postgres else "'2026-03-11 02:00:00.000'"
        due = f"CASE WHEN g.n % 1000 = 7 THEN {late} ELSE {spread} END"
        c.execute(text(
            "INSERT INTO dossier (unit_id, code, code_key, procedure_name, sector, sector_text,"
            " due_at, original_due_at, due_source, status, assignee_id, assignee_text,"
            " extension_reason,"
            " citizen_name, citizen_phone, supplement_count, received_at, created_at,"
            " updated_at, version) SELECT"
            f" {first_unit} + g.n / {per_unit}, 'HS-' || g.n, 'HS-' || g.n,"
            " 'Đăng ký khai sinh', CASE WHEN g.n % 10 = 9 THEN NULL ELSE"
            " CASE g.n / 7 % 5 WHEN 0 THEN 'xa' WHEN 1 THEN 'ca' WHEN 2 THEN 'dd'"
            " WHEN 3 THEN 'tp' ELSE 'ld' END END, '',"
            f" {due}, {due}, 'source',"
            " CASE g.n % 4 WHEN 0 THEN 'received' WHEN 1 THEN 'in_progress'"
            " WHEN 2 THEN 'supplement' ELSE 'paused' END,"
            f" CASE WHEN g.n % 5 < 3 THEN {first_user} + (g.n / {per_unit}) * 6 + g.n % 5"
            " ELSE NULL END, '', '', '', '', 0, "
            f"{now}, {now}, {now}, 1 FROM {numbers.format(n=units * per_unit)}"))
    with engine.connect() as c:
        c.execution_options(isolation_level="AUTOCOMMIT")
        c.execute(text("ANALYZE"))
    return time.perf_counter() - started


def timed(engine: Engine, work: Callable[[Connection], int], repeat: int) -> tuple[float, int]:
    """Median seconds of `work` over `repeat` runs, each rolled back; and its result."""
    times, result = [], 0
    for _ in range(repeat):
        with engine.connect() as c, c.begin() as transaction:
            if engine.dialect.name == "postgresql":
                c.execute(text("SET LOCAL jit = off"))
            started = time.perf_counter()
            result = work(c)
            times.append(time.perf_counter() - started)
            transaction.rollback()
    return statistics.median(times), result


def measure(engine: Engine, label: str, repeat: int) -> None:
    with engine.connect() as c:
        calendar = working_calendar(c)
        count = c.scalar(text(f"SELECT count(*) FROM dossier WHERE status IN {OPEN}"))
    morning = Slot(ZONE, MORNING.date(), MORNING, calendar)
    check = Slot(ZONE, CHECK.date(), CHECK, calendar)
    warning = DeadlineWarning(clock_time(7, 30), "morning", 2)
    _, before = warning.horizon(morning)
    postgres = engine.dialect.name == "postgresql"
    bound = before if postgres else before.astimezone(UTC).replace(tzinfo=None)

    def bare(c: Connection) -> int:
        return len(c.execute(text(
            "SELECT d.id, d.unit_id, d.assignee_id, d.due_at FROM unit u JOIN dossier d"
            f" ON d.unit_id = u.id WHERE u.timezone = :zone AND d.status IN {OPEN}"
            " AND d.status <> 'supplement'"
            " AND d.due_at < :before"), {"zone": ZONE, "before": bound}).all())

    elements = load_elements()
    runs: list[tuple[str, Callable[[Connection], int]]] = [
        ("bare indexed SELECT of due rows (baseline)", bare),
        ("morning warning (INSERT … SELECT)", lambda c: warning.plan(c, morning)),
        ("leads' digest by sector", lambda c: DeadlineDigest(elements, clock_time(7, 30), 2)
         .plan(c, morning)),
        ("escalation of untouched overdue", lambda c: DeadlineEscalation(clock_time(7, 30))
         .plan(c, morning)),
        ("afternoon check (due today)", lambda c: DeadlineWarning(clock_time(13, 30), "check",
                                                                   2).plan(c, check)),
    ]
    print(f"\n{label}: {count:,} open dossiers".replace(",", "."))  # 1.000.000
    for name, work in runs:
        seconds, rows = timed(engine, work, repeat)
        print(f"  {name:<45} {seconds * 1000:9.1f} ms   {rows:>9,} rows".replace(",", "."))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_h1"))
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--per-unit", type=int, default=1000)
    parser.add_argument("--sqlite-units", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the PostgreSQL database as a previous run seeded it")
    args = parser.parse_args()
    if not args.skip_pg:
        if args.reuse:
            engine = make_engine(args.pg_url)
        else:
            engine = reset_postgres(args.pg_url)
            upgrade(engine)
            seconds = seed(engine, args.units, args.per_unit)
            print(f"PostgreSQL seeded in {seconds:.1f} s")
        measure(engine, f"PostgreSQL {args.units} units", args.repeat)
        engine.dispose()
    if args.skip_sqlite:
        return
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/scan.sqlite3")
        upgrade(engine)
        seconds = seed(engine, args.sqlite_units, args.per_unit)
        print(f"\nSQLite seeded in {seconds:.1f} s")
        measure(engine, f"SQLite {args.sqlite_units} units", args.repeat)
        engine.dispose()


if __name__ == "__main__":
    main()
