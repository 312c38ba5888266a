"""A province's year of daily figures for bench/summaries.py: seeded by INSERT … SELECT.

UNITS communes × 5 sectors × 365 days (15/03/2025–14/03/2026) × 18 elements (every flow and
stock of bot/data/report_elements.toml that staff send, no totals), one lead per unit who
"sent" them. Values vary with the row number so sums are not constant; they are not meant
to satisfy the identities (the checks run all the same).
"""

from __future__ import annotations

import time

from sqlalchemy import Engine, text

ZONE = "Asia/Ho_Chi_Minh"
SECTORS = ("xa", "ca", "dd", "bhxh", "bd")
ELEMENTS = ("tt", "tiep", "som", "dung", "tre", "rut", "tc", "bs", "phi", "ttoan", "sh",
            "tsd", "pakn", "rhl", "hl", "khl", "th", "qh")
FIRST_DAY = "2025-03-15"
DAYS = 365
PROVINCE = "Tỉnh Thử nghiệm"


def seed(engine: Engine, units: int) -> float:
    """Seed the units, their leads and their daily values; seconds taken."""
    postgres = engine.dialect.name == "postgresql"
    started = time.perf_counter()
    now = "'2026-03-16 00:30:00+00'" if postgres else "'2026-03-16 00:30:00.000000'"
    sectors = "'[" + ", ".join(f'"{s}"' for s in SECTORS) + "]'"
    total = units * len(SECTORS) * DAYS * len(ELEMENTS)
    with engine.begin() as c:
        if postgres:
            numbers = "generate_series(0, {n} - 1) AS g(n)"
        else:
            c.execute(text("CREATE TEMP TABLE nums (n INTEGER PRIMARY KEY)"))
            c.execute(text(f"WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r "
                           f"WHERE n < {total} - 1) INSERT INTO nums SELECT n FROM r"))
            numbers = "(SELECT n FROM nums WHERE n < {n}) AS g"
        c.execute(text(
            "INSERT INTO unit (code, name, province, timezone, sectors, address, phone,"
            " opening_hours, office_hours, created_at, revision) SELECT 'u' || g.n,"
            f" 'Trung tâm xã ' || g.n, '{PROVINCE}', '{ZONE}', {sectors}, '', '', '', '',"
            f" {now}, 0 FROM {numbers.format(n=units)} ORDER BY g.n"))
        first_unit = c.scalar(text("SELECT min(id) FROM unit"))
        c.execute(text(
            "INSERT INTO \"user\" (channel, address, display_name, role, unit_id, sector,"
            f" sectors, created_at, last_seen_at) SELECT 'telegram', CAST(g.n AS TEXT),"
            f" 'Lãnh đạo ' || g.n, 'lead', {first_unit} + g.n, NULL,"
            f" {'CAST(' if postgres else ''}'[]'{' AS json)' if postgres else ''}, {now}, {now}"
            f" FROM {numbers.format(n=units)} ORDER BY g.n"))
        first_user = c.scalar(text("SELECT min(id) FROM \"user\""))
        per_unit = len(SECTORS) * DAYS * len(ELEMENTS)
        per_sector = DAYS * len(ELEMENTS)
        sector = " ".join(f"WHEN {i} THEN '{s}'" for i, s in enumerate(SECTORS))
        element = " ".join(f"WHEN {i} THEN '{e}'" for i, e in enumerate(ELEMENTS))
        day = (f"DATE '{FIRST_DAY}' + (g.n / {len(ELEMENTS)} % {DAYS})" if postgres else
               f"date('{FIRST_DAY}', '+' || (g.n / {len(ELEMENTS)} % {DAYS}) || ' days')")
        c.execute(text(
            "INSERT INTO daily_value (unit_id, day, sector, element, value, updated_by,"
            f" updated_at) SELECT {first_unit} + g.n / {per_unit}, {day},"
            f" CASE g.n / {per_sector} % {len(SECTORS)} {sector} END,"
            f" CASE g.n % {len(ELEMENTS)} {element} END, (g.n % 10007) * 7919 % 13,"
            f" {first_user} + g.n / {per_unit}, {now} FROM {numbers.format(n=total)}"))
    with engine.connect() as c:
        c.execution_options(isolation_level="AUTOCOMMIT")
        c.execute(text("ANALYZE"))
    return time.perf_counter() - started
