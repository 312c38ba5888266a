"""Who hears about which open dossier, in SQL, for every unit of a time zone at once.

A dossier goes to its assignee when that is a bot user of the dossier's own unit (staff, lead
or admin). Otherwise — no assignee, a free-text one, or someone who left the unit — it goes to
the staff (role `staff`) of the unit whose sectors include the dossier's sector; when nobody
holds that sector, or the dossier has none, to all staff of the unit. A unit without staff
leaves it to the leads' digest.

These are fragments for the warning planners (warnings.py): `due_dossiers` is a CTE of the
open dossiers in a due-date range (read through the partial index `ix_dossier_open_due`),
`recipients` pairs them with people as rows of (user, channel, address, dossier columns).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CTE, Select, Subquery, and_, exists, select, union_all

from bot.core.dossiers.store import OPEN
from bot.core.outbox.sqljson import JsonSql
from models import Dossier, Role, Unit, User

_d = Dossier.__table__  # type: ignore[attr-defined]
_units = Unit.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]
DESK_ROLES = (Role.STAFF.value, Role.LEAD.value, Role.ADMIN.value)


def shared(query: Select[Any], sql: JsonSql, name: str) -> Subquery | CTE:
    """A subquery several parts of a statement read: a CTE on PostgreSQL (computed once).
    On SQLite an inline subquery, because a statement that starts with WITH gets no row
    count from Python's sqlite3, and planners report how many rows they added."""
    return query.cte(name) if sql.postgres else query.subquery(name)


def due_dossiers(sql: JsonSql, timezone: str, *, before: dt.datetime,
                 since: dt.datetime | None = None, name: str = "due") -> Subquery | CTE:
    """Open dossiers of the zone's units due before `before` (and at or after `since`)."""
    query = (select(_d.c.id, _d.c.unit_id, _d.c.code, _d.c.procedure_name, _d.c.sector,
                    _d.c.due_at, _d.c.assignee_id, _units.c.name.label("unit_name"))
             .select_from(_units.join(_d, _d.c.unit_id == _units.c.id))
             .where(_units.c.timezone == timezone, OPEN, _d.c.due_at < before))
    if since is not None:
        query = query.where(_d.c.due_at >= since)
    return shared(query, sql, name)


def recipients(sql: JsonSql, due: Subquery | CTE, timezone: str) -> Any:
    """(user_id, channel, address, and every column of `due`) for each person to tell."""
    holder = _users.alias("holder")
    has_holder = exists().where(holder.c.id == due.c.assignee_id,
                                holder.c.unit_id == due.c.unit_id,
                                holder.c.role.in_(DESK_ROLES))
    # Staff with each of their sectors as rows (a handful per unit, whatever the dossiers).
    held = sql.elements(_users.c.sectors, "held")
    sector_staff_query = (select(_users.c.id.label("user_id"), _users.c.channel, _users.c.address,
                           _users.c.unit_id, held.c.value.label("sector"))
                    .select_from(_users.join(_units, _units.c.id == _users.c.unit_id), held)
                    .where(_units.c.timezone == timezone, _users.c.role == Role.STAFF.value))
    sector_staff = shared(sector_staff_query, sql, "sector_staff")
    anyone_holds = exists().where(sector_staff.c.unit_id == due.c.unit_id,
                                  sector_staff.c.sector == due.c.sector)
    assignee = _users.alias("assignee")
    staff = _users.alias("staff")
    return union_all(
        select(assignee.c.id.label("user_id"), assignee.c.channel, assignee.c.address,
               *due.c)
        .select_from(due.join(assignee, and_(assignee.c.id == due.c.assignee_id,
                                             assignee.c.unit_id == due.c.unit_id)))
        .where(assignee.c.role.in_(DESK_ROLES)),
        select(sector_staff.c.user_id, sector_staff.c.channel, sector_staff.c.address, *due.c)
        .select_from(due.join(sector_staff, and_(sector_staff.c.unit_id == due.c.unit_id,
                                                 sector_staff.c.sector == due.c.sector)))
        .where(~has_holder),
        select(staff.c.id.label("user_id"), staff.c.channel, staff.c.address, *due.c)
        .select_from(due.join(staff, staff.c.unit_id == due.c.unit_id))
        .where(staff.c.role == Role.STAFF.value, ~has_holder, ~anyone_holds),
    )
