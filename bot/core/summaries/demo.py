"""A demo period for `motcua demo`: daily figures for the demo unit and a neighbour in the
same province, from the start of the previous month period to yesterday, so /baocao has a
closed period to show and /tonghop has units to rank.

Made to show what a summary catches: the land desk ("dd") of the demo unit skipped one
working day, and on another day the military desk ("qs") counted two late dossiers it had not
received (the balance identity breaks on that day). A sector whose dossiers are in the demo's
register stops its daily lines when the month period of its first dossier begins, as a desk
that started keeping the register then: each period has one source per sector. The figures
start a week before the closed period, so it has a carried-over stock. They are written
through the report store, as a staff line would be (submission, audit), by the demo's lead,
with source "demo".
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, exists, func, select

from bot.core.calendar import WorkingCalendar
from bot.core.reporting.store import Key, store
from bot.core.summaries.periods import PeriodScheme, period_containing, previous
from models import DailyValue, Dossier

SKIPPED_SECTOR = "dd"
BROKEN_SECTOR = "qs"
LEAD_IN_DAYS = 7
_v = DailyValue.__table__  # type: ignore[attr-defined]
_d = Dossier.__table__  # type: ignore[attr-defined]


def day_figures(day: dt.date, seed: int) -> dict[str, int]:
    """One desk's consistent day: what comes in is resolved, the stock stays 6 + 1."""
    n = day.toordinal() + seed
    received_online, received_direct = 2 + n % 3, 1 + n % 2
    late = 1 if n % 7 == 0 else 0
    received = received_online + received_direct
    return {"tt": received_online, "tiep": received_direct, "som": 1,
            "dung": received - 1 - late, "tre": late, "rut": 0, "tc": 0, "bs": n % 2,
            "phi": 1, "ttoan": n % 2, "sh": received, "tsd": 1, "pakn": 0,
            "rhl": received - 1, "hl": 1, "khl": 0, "th": 6, "qh": 1}


def seed_period(connection: Connection, unit_id: int, sectors: list[str], *, user_id: int,
                now: dt.datetime, timezone: str, calendar: WorkingCalendar,
                flaws: bool, seed: int = 0) -> int:
    """Working days from a week before the previous month period to yesterday, for the
    sectors the register does not cover; nothing if the unit already has figures. Returns
    the number of (day, sector) lines written."""
    if connection.execute(select(exists().where(_v.c.unit_id == unit_id))).scalar():
        return 0
    today = now.astimezone(ZoneInfo(timezone)).date()
    scheme = PeriodScheme()
    closed = previous(period_containing(scheme, today), scheme)
    skipped = _nth_working_day(closed.start, 6, calendar)
    broken = _nth_working_day(closed.start, 11, calendar)
    # A desk keeping the register sends no daily lines from the period of its first dossier.
    zone = ZoneInfo(timezone)
    register_from = {
        sector: period_containing(scheme, first.astimezone(zone).date()).start
        for sector, first in connection.execute(
            select(_d.c.sector, func.min(_d.c.received_at)).where(_d.c.unit_id == unit_id)
            .group_by(_d.c.sector))
        if sector is not None and first is not None}
    written = 0
    day = closed.start - dt.timedelta(days=LEAD_IN_DAYS)
    while day < today:
        if calendar.is_working_day(day):
            for index, sector in enumerate(sectors):
                if sector in register_from and day >= register_from[sector]:
                    continue
                if flaws and sector == SKIPPED_SECTOR and day == skipped:
                    continue
                values = day_figures(day, seed + index)
                if sector in register_from:
                    # A desk about to keep the register clears its work daily, so what it
                    # carries into the register's first period (none) matches the register.
                    values["th"] = values["qh"] = 0
                if flaws and sector == BROKEN_SECTOR and day == broken:
                    values["tre"] += 2  # two late dossiers counted that never came in
                store(connection, Key(unit_id, day, sector), values, user_id=user_id,
                      now=now, source="demo")
                written += 1
        day += dt.timedelta(days=1)
    return written


def _nth_working_day(start: dt.date, n: int, calendar: WorkingCalendar) -> dt.date:
    day = start if calendar.is_working_day(start) else calendar.next_working_day(start)
    return calendar.add_working_days(day, n)
