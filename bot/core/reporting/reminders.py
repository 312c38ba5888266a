"""Report reminders as set-based planners: the staff nag and the lead's morning digest.

Both run in the outbox's "units due" loop (`bot/core/outbox/planning.py`), once per time
zone and local day, each as one INSERT … SELECT over all units of the zone — on SQLite and
PostgreSQL alike. Keys are those of the rows they replace ("nag:<user>:<day>",
"digest:<lead>:<day>"), so a person gets one of each per day whatever runs twice.

Who is nagged: staff (role `staff`) of a unit, not paused (`/nghi`) on that day, whose home
sector has no figure for the day. The home sector is the staff member's sector when the unit
reports on it; with none set, the commune's own desk ("xa"), else the unit's first sector.

The digest, the next working morning: each lead of a unit where a sector did not report on
the previous working day, or where messages to the unit's people were given up on since the
previous digest (`failed_at` in [previous working day at `at`, today at `at`)).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)

from bot.core.outbox import insert_planned
from bot.core.outbox.planning import Slot
from bot.core.outbox.rows import table as _outbox
from bot.core.outbox.sqljson import JsonSql
from bot.core.reporting.elements import ElementSet
from models import DailyValue, Role, Unit, User

# Past this long after the reminder time nobody is reminded that day (e.g. the bot was down).
WINDOW = timedelta(hours=4)
COMMUNE_DESK = "xa"

_users = User.__table__  # type: ignore[attr-defined]
_units = Unit.__table__  # type: ignore[attr-defined]
_values = DailyValue.__table__  # type: ignore[attr-defined]


def _sector_label(elements: ElementSet, code: Any) -> Any:
    labels = {s.code: s.label for s in elements.sectors}
    return case(labels, value=code, else_=code) if labels else code


def _key(prefix: str, user_id: Any, day_iso: str) -> Any:
    return literal(f"{prefix}:", String) + cast(user_id, String) + literal(f":{day_iso}", String)


def _unreported(unit_id: Any, day: Any, sector: Any) -> Any:
    return ~exists().where(_values.c.unit_id == unit_id, _values.c.day == day,
                           _values.c.sector == sector).correlate_except(_values)


@dataclass(frozen=True)
class StaffNag:
    """On working days at `at` (unit time): remind staff whose sector has no report today."""

    elements: ElementSet
    at: time
    window: timedelta = WINDOW
    kind: str = "nag"
    working_days_only: bool = True

    def plan(self, connection: Connection, slot: Slot) -> int:
        sql = JsonSql(connection.dialect.name)
        in_zone = _units.c.timezone == slot.timezone
        nagged = and_(_users.c.role == Role.STAFF.value,
                      or_(_users.c.nag_paused_until.is_(None),
                          _users.c.nag_paused_until < slot.day))
        # Set-based, not per person: the units' sectors as rows (units × sectors), joined
        # to staff by (unit, sector); staff with no sector join their unit's own desk.
        each = sql.elements(_units.c.sectors, "unit_sector")
        sectors = (select(_units.c.id.label("unit_id"), _units.c.name.label("unit_name"),
                          each.c.value.label("sector"))
                   .select_from(_units, each).where(in_zone).subquery("sectors"))
        has_desk = sql.elements(_units.c.sectors, "has_desk")
        desk = (select(_units.c.id.label("unit_id"), _units.c.name.label("unit_name"),
                       case((exists(select(literal(1)).select_from(has_desk)
                                    .where(has_desk.c.value == COMMUNE_DESK)),
                             literal(COMMUNE_DESK, String)),
                            else_=sql.first(_units.c.sectors)).label("sector"))
                .where(in_zone).subquery("desk"))
        person = (_users.c.id.label("user_id"), _users.c.channel, _users.c.address)
        staff = union_all(
            select(*person, sectors.c.unit_id, sectors.c.unit_name, sectors.c.sector)
            .select_from(_users.join(sectors, and_(sectors.c.unit_id == _users.c.unit_id,
                                                   sectors.c.sector == _users.c.sector)))
            .where(nagged),
            select(*person, desk.c.unit_id, desk.c.unit_name, desk.c.sector)
            .select_from(_users.join(desk, desk.c.unit_id == _users.c.unit_id))
            .where(nagged, _users.c.sector.is_(None), desk.c.sector.is_not(None)),
        ).subquery("staff")
        day = slot.day.isoformat()
        rows = select(
            _key(self.kind, staff.c.user_id, day).label("key"),
            staff.c.channel.label("channel"), staff.c.address.label("address"),
            literal("report/nag", String).label("template"),
            sql.object(day=literal(day, String),
                       sector=_sector_label(self.elements, staff.c.sector),
                       unit=staff.c.unit_name).label("context"),
            staff.c.unit_id.label("unit_id"),
        ).where(_unreported(staff.c.unit_id, slot.day, staff.c.sector))
        return insert_planned(connection, rows, kind=self.kind, now=slot.now)


@dataclass(frozen=True)
class LeadDigest:
    """Next working morning at `at`: tell leads which sectors did not report, and whom the
    bot could not reach."""

    elements: ElementSet
    at: time
    window: timedelta = WINDOW
    kind: str = "digest"
    working_days_only: bool = True

    def plan(self, connection: Connection, slot: Slot) -> int:
        sql = JsonSql(connection.dialect.name)
        day = slot.calendar.previous_working_day(slot.day)
        since = slot.local(self.at, day)
        until = slot.local(self.at)

        def missing(aggregate: bool) -> Any:
            sectors = sql.elements(_units.c.sectors, "sector")
            unreported = _unreported(_units.c.id, day, sectors.c.value)
            if aggregate:
                return sql.array_of(_sector_label(self.elements, sectors.c.value), sectors,
                                    unreported)
            return select(func.count()).select_from(sectors).where(unreported).scalar_subquery()

        def failed(aggregate: bool) -> Any:
            given_up = _outbox.alias("given_up")
            person = _users.alias("person")
            name = func.coalesce(func.nullif(person.c.display_name, ""), given_up.c.address)
            found = select(sql.distinct_array(name) if aggregate else func.count())
            return found.select_from(given_up.outerjoin(person, and_(
                person.c.channel == given_up.c.channel, person.c.address == given_up.c.address,
            ))).where(given_up.c.unit_id == _units.c.id, given_up.c.failed_at >= since,
                      given_up.c.failed_at < until).scalar_subquery()

        facts = (
            select(_units.c.id.label("unit_id"), _units.c.name.label("unit_name"),
                   sql.length(_units.c.sectors).label("total"),
                   missing(True).label("missing"), missing(False).label("missing_count"),
                   failed(True).label("failed"), failed(False).label("failed_count"))
            .where(_units.c.timezone == slot.timezone)
            .subquery("facts")
        )
        day_iso = day.isoformat()
        rows = select(
            _key(self.kind, _users.c.id, day_iso).label("key"),
            _users.c.channel.label("channel"), _users.c.address.label("address"),
            literal("report/lead_digest", String).label("template"),
            sql.object(day=literal(day_iso, String), unit=facts.c.unit_name,
                       missing=sql.embed(facts.c.missing), total=facts.c.total,
                       failed=sql.embed(facts.c.failed)).label("context"),
            facts.c.unit_id.label("unit_id"),
        ).select_from(_users.join(facts, _users.c.unit_id == facts.c.unit_id)).where(
            _users.c.role == Role.LEAD.value,
            or_(facts.c.missing_count > 0, facts.c.failed_count > 0),
        )
        return insert_planned(connection, rows, kind=self.kind, now=slot.now)
