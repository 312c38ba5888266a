"""The one "units due" loop every planner runs in: set-based, once per time zone and day.

A planner turns data into outbox rows at a local time of day: the staff nag at 16:30, the
lead digest at 08:00, and later the dossier deadline warnings, period summaries and feedback
deadlines. It implements `Planner`:

    kind               outbox kind of its rows (priority: kinds.py) and the name of its marks
    at, window         it plans at `at`, unit-local time, or on any tick up to `window` later
                       (a bot that was down at 16:30 still nags at 16:45, not at midnight)
    working_days_only  skip days off (weekends, public holidays, local overrides)
    plan(connection, slot) -> int
                       one or a few set-based statements (INSERT … SELECT, `rows.insert_planned`)
                       over the units of `slot.timezone`, for `slot.day`; returns rows added

Units share a time zone in groups (all of Vietnam is one), so the loop works per zone, not
per unit: each tick reads the zones (one statement), and for a planner whose time has come
in a zone, looks up whether it already ran there today (one statement). The first tick runs
it and leaves a `planning_mark` (kind, zone, day) — inserted before planning, so a second
process planning at the same moment waits on the unique key and then skips. Every later tick
costs the two lookups, whatever the number of units. Statements per tick grow with time
zones and planners, never with units; rows a planner adds are unique by key anyway.

A unit added, or staff joining, after the mark wait for the next day's run.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.core.calendar import WorkingCalendar
from models import PlanningMark, Unit

log = logging.getLogger(__name__)
_marks = PlanningMark.__table__  # type: ignore[attr-defined]
_units = Unit.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Slot:
    """One planner's run for the units of one time zone on one of their local days."""

    timezone: str
    day: date  # the units' local date when `at` passed
    now: datetime
    calendar: WorkingCalendar

    def local(self, at: time, day: date | None = None) -> datetime:
        """`at` on `day` (the slot's day unless given) in the zone, as an aware datetime."""
        return datetime.combine(day or self.day, at, tzinfo=ZoneInfo(self.timezone))


class Planner(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def at(self) -> time: ...

    @property
    def window(self) -> timedelta: ...

    @property
    def working_days_only(self) -> bool: ...

    def plan(self, connection: Connection, slot: Slot) -> int: ...


@dataclass(frozen=True)
class PlannerRun:
    planner: Planner
    timezone: str
    day: date


def _zones(connection: Connection) -> list[str]:
    return [zone for (zone,) in connection.execute(select(_units.c.timezone).distinct())]


def _local_days(now: datetime, zone: str, at: time, window: timedelta) -> list[date]:
    """The local days whose `at` passed less than `window` ago (two across midnight)."""
    tz = ZoneInfo(zone)
    local = now.astimezone(tz)
    days = []
    for day in (local.date() - timedelta(days=1), local.date()):
        start = datetime.combine(day, at, tzinfo=tz)
        if start <= local < start + window:
            days.append(day)
    return days


def due_slots(connection: Connection, now: datetime,
              planners: Sequence[Planner]) -> list[PlannerRun]:
    """Planner runs whose time has come and that nobody has done yet: at most 2 statements."""
    if not planners:
        return []
    candidates = []
    for zone in _zones(connection):
        try:
            for planner in planners:
                for day in _local_days(now, zone, planner.at, planner.window):
                    candidates.append(PlannerRun(planner, zone, day))
        except (ZoneInfoNotFoundError, ValueError):
            log.warning("unit time zone %r is unknown; its units are not planned", zone)
    if not candidates:
        return []
    done = {tuple(row) for row in connection.execute(
        select(_marks.c.kind, _marks.c.scope, _marks.c.day).where(
            _marks.c.kind.in_({c.planner.kind for c in candidates}),
            _marks.c.day.in_({c.day for c in candidates}),
        )
    )}
    return [c for c in candidates if (c.planner.kind, c.timezone, c.day) not in done]


def run_slot(connection: Connection, run: PlannerRun, now: datetime,
             calendar: WorkingCalendar) -> int:
    """Mark, then plan; the caller owns the transaction (one per run).

    A day off leaves no mark: it is decided again on the next tick, so an admin who fixes a
    wrong day off within the window still gets the day's reminders out.
    """
    if run.planner.working_days_only and not calendar.is_working_day(run.day):
        return 0
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    mark = connection.execute(
        insert(_marks).values(kind=run.planner.kind, scope=run.timezone, day=run.day,
                              planned=0, planned_at=now)
        .on_conflict_do_nothing(index_elements=["kind", "scope", "day"])
        .returning(_marks.c.id)
    ).scalar()
    if mark is None:
        return 0  # another process got here first
    if connection.dialect.name == "postgresql":
        # A planner's statement runs once a day over every unit of a zone: PostgreSQL's JIT
        # would spend longer compiling it (1.3 s at 10,000 units) than it saves.
        connection.execute(text("SET LOCAL jit = off"))
    added = run.planner.plan(connection, Slot(run.timezone, run.day, now, calendar))
    connection.execute(update(_marks).where(_marks.c.id == mark).values(planned=added))
    return added
