"""Period summaries sent by themselves: planners in the outbox's "units due" loop.

`SummaryIssue` — on the first working day after a unit's month period ends, at `at` (unit
time): every lead of the unit gets the summary of the report due for that month (the month
itself, or the quarter, half or year it completes: `obligations.report_due`), and the month
is closed for edits (`period_lock`, as /chotky does: after the summary is issued, changes go
to a lead for approval). The row carries only the unit and the period; the message, with its
DOCX, XLSX and chart, is compiled when it is sent (`compose.py`), from the figures as they are
then. Key "summary:<lead>:<unit>:<period>", so a lead gets each summary once, whatever runs
twice or in two processes.

`PeriodReminder` — on the last working day of a month period, at `at`: staff of a unit where
some sector has not reported a working day of the period so far are told which (composed at
send time from the same compilation). Key "period_nag:<person>:<month key>".

Units are grouped by their cut-off day (few distinct values): for each, Python decides from
the calendar whether the slot's day is the day, and one INSERT … SELECT plans every unit of
the zone with that cut-off. "First working day after the period closes" is issue 9's rule;
a bot that is down for that whole morning (past `window`) does not send it later by itself:
`/baocao` and `motcua report build` still compile it on demand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

from sqlalchemy import Connection, String, and_, cast, func, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.core.outbox import insert_planned
from bot.core.outbox.planning import Slot
from bot.core.outbox.sqljson import JsonSql
from bot.core.summaries.model import Period
from bot.core.summaries.obligations import report_due
from bot.core.summaries.periods import PeriodScheme, period_containing, previous
from models import DailyValue, PeriodLock, Role, Unit, User

WINDOW = timedelta(hours=4)
_units = Unit.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]
_locks = PeriodLock.__table__  # type: ignore[attr-defined]
_values = DailyValue.__table__  # type: ignore[attr-defined]


def _cutoffs(connection: Connection, zone: str) -> list[int | None]:
    """The distinct stored cut-off values of the zone's units (None and 0 both calendar)."""
    return [value for (value,) in connection.execute(
        select(_units.c.report_cutoff_day).where(_units.c.timezone == zone).distinct())]


def _with_cutoff(value: int | None) -> Any:
    column = _units.c.report_cutoff_day
    return column.is_(None) if value is None else column == value


def ended_before(scheme: PeriodScheme, day: dt.date, calendar: Any) -> Period | None:
    """The month period whose first working day after its end is `day`, if any."""
    ended = previous(period_containing(scheme, day), scheme)
    return ended if calendar.next_working_day(ended.end) == day else None


def _key(prefix: str, user_id: Any, suffix: str) -> Any:
    return (literal(f"{prefix}:", String) + cast(user_id, String)
            + literal(f":{suffix}", String))


@dataclass(frozen=True)
class SummaryIssue:
    """First working morning after a month period ends: each lead gets the summary due."""

    at: time
    window: timedelta = WINDOW
    kind: str = "summary"
    working_days_only: bool = True

    def plan(self, connection: Connection, slot: Slot) -> int:
        added = 0
        for stored in _cutoffs(connection, slot.timezone):
            scheme = PeriodScheme.stored(stored)
            month = ended_before(scheme, slot.day, slot.calendar)
            if month is None:
                continue
            due = report_due(scheme, month)
            units = and_(_units.c.timezone == slot.timezone, _with_cutoff(stored))
            self._close(connection, units, month.key, slot.now)
            sql = JsonSql(connection.dialect.name)
            rows = select(
                (_key(self.kind, _users.c.id, "") + cast(_units.c.id, String)
                 + literal(f":{due.key}", String)).label("key"),
                _users.c.channel.label("channel"), _users.c.address.label("address"),
                literal("summaries/summary", String).label("template"),
                sql.object(unit_id=_units.c.id, period=literal(due.key, String),
                           month=literal(month.key, String)).label("context"),
                _units.c.id.label("unit_id"),
            ).select_from(_users.join(_units, _users.c.unit_id == _units.c.id)).where(
                units, _users.c.role == Role.LEAD.value)
            added += insert_planned(connection, rows, kind=self.kind, now=slot.now)
        return added

    @staticmethod
    def _close(connection: Connection, units: Any, period: str, now: dt.datetime) -> None:
        """Close the month for edits, as /chotky would; a month already closed stays so."""
        insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
        chosen = select(_units.c.id, literal(period, String),
                        literal(now, _locks.c.closed_at.type)).where(units)
        connection.execute(
            insert(_locks).from_select(["unit_id", "period", "closed_at"], chosen)
            .on_conflict_do_nothing(index_elements=["unit_id", "period"]))


@dataclass(frozen=True)
class PeriodReminder:
    """Last working day of a month period: staff of units with unreported days are told."""

    at: time
    window: timedelta = WINDOW
    kind: str = "period_nag"
    working_days_only: bool = True

    def plan(self, connection: Connection, slot: Slot) -> int:
        added = 0
        for stored in _cutoffs(connection, slot.timezone):
            scheme = PeriodScheme.stored(stored)
            month = period_containing(scheme, slot.day)
            if slot.calendar.previous_working_day(month.end + timedelta(days=1)) != slot.day:
                continue
            so_far = (slot.day - month.start).days + 1
            working = [d for d in (month.start + timedelta(days=i) for i in range(so_far))
                       if slot.calendar.is_working_day(d)]
            if not working:
                continue
            sql = JsonSql(connection.dialect.name)
            sectors = sql.elements(_units.c.sectors, "sector")
            reported = func.count(func.distinct(_values.c.day))
            # A unit is behind when some sector has fewer reported working days than there are.
            behind = (select(sectors.c.value).select_from(sectors).where(
                select(reported).where(_values.c.unit_id == _units.c.id,
                                       _values.c.sector == sectors.c.value,
                                       _values.c.day.in_(working))
                .scalar_subquery() < len(working))).exists()
            rows = select(
                _key(self.kind, _users.c.id, month.key).label("key"),
                _users.c.channel.label("channel"), _users.c.address.label("address"),
                literal("summaries/reminder", String).label("template"),
                sql.object(unit_id=_units.c.id, period=literal(month.key, String),
                           until=literal(slot.day.isoformat(), String)).label("context"),
                _units.c.id.label("unit_id"),
            ).select_from(_users.join(_units, _users.c.unit_id == _units.c.id)).where(
                _units.c.timezone == slot.timezone, _with_cutoff(stored),
                _users.c.role == Role.STAFF.value, behind)
            added += insert_planned(connection, rows, kind=self.kind, now=slot.now)
        return added


__all__ = ["PeriodReminder", "SummaryIssue", "ended_before"]
