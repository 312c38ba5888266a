"""The working calendar the bot uses: the `holidays` package, shipped overrides, and the
overrides an admin added to the database (announced swaps of the current year)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from bot.core.calendar import WorkingCalendar, load_overrides
from models import CalendarOverride


def working_calendar(connection: Connection) -> WorkingCalendar:
    shipped = load_overrides()
    table = CalendarOverride.__table__  # type: ignore[attr-defined]
    rows = list(connection.execute(select(table.c.day, table.c.working)))
    local_off = {day for day, working in rows if not working}
    local_working = {day for day, working in rows if working}
    # A local entry wins over the shipped file for the same date.
    return WorkingCalendar(
        extra_holidays=(shipped.extra_holidays - local_working) | local_off,
        extra_working_days=(shipped.extra_working_days - local_off) | local_working,
    )
