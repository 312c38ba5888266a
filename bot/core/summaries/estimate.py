"""The QĐ 766 estimate for a report period, from calendar months compiled on demand.

The portal counts calendar months whatever the unit's report period (issue 9), so the
estimate shown with a summary covers the calendar months whose last day falls inside the
period and has passed: "tháng 3" cut 15/02-14/03 shows February; quý I cut 15/12-14/03
shows December, January and February; a calendar-month unit's "tháng 3" shows March once
it is over. That choice is ours (a month only half inside the period would mix in days
the lead did not ask about). None when no such month exists yet.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from bot.core.calendar import WorkingCalendar
from bot.core.reporting.elements import ElementSet
from bot.core.summaries.compile import compile_report, load_unit
from bot.core.summaries.model import Period, Source
from bot.core.summaries.periods import explicit_period
from bot.core.summaries.qd766 import MonthFigures, Qd766Estimate, estimate_qd766


def calendar_months(period: Period, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(first, last) day of each calendar month ending inside `period` and before `today`."""
    months = []
    first = period.start.replace(day=1)
    while first <= period.end:
        following = (first + dt.timedelta(days=32)).replace(day=1)
        last = following - dt.timedelta(days=1)
        if period.start <= last <= period.end and last < today:
            months.append((first, last))
        first = following
    return months


def estimate_for(connection: Connection, unit_id: int, period: Period, *, now: dt.datetime,
                 elements: ElementSet, calendar: WorkingCalendar) -> Qd766Estimate | None:
    unit = load_unit(connection, unit_id)
    today = now.astimezone(ZoneInfo(unit.timezone)).date()
    months = []
    for first, last in calendar_months(period, today):
        report = compile_report(connection, unit_id, explicit_period(first, last), now=now,
                                elements=elements, calendar=calendar)
        # Dossiers with a second supplement request are known only from the register.
        known = report.sources.get("on_time") is Source.REGISTER
        months.append(MonthFigures(first, report.total, repeated_known=known))
    return estimate_qd766(months) if months else None
