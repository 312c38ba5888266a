"""Who hears about which open dossier, in SQL, for every unit of a time zone at once.

A dossier goes to its assignee when that is a bot user of the dossier's own unit (staff, lead
or admin). Otherwise — no assignee, a free-text one, or someone who left the unit — it goes to
the staff (role `staff`) of the unit whose sectors include the dossier's sector; when nobody
holds that sector, or the dossier has none, to all staff of the unit. A unit without staff
leaves it to the leads' digest.

These are fragments for the warning planners (warnings.py): `due_dossiers` is a CTE of the
open dossiers in a due-date range (read through the partial index `ix_dossier_open_due`),
except those waiting for a supplement, whose clock is stopped; `recipients` pairs them with
people as rows of (user_id, dossier columns).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CTE, Select, and_, exists, func, select, union_all

from bot.core.dossiers.store import OPEN
from bot.core.outbox.sqljson import JsonSql
from models import Dossier, DossierStatus, Role, Unit, User

_d = Dossier.__table__  # type: ignore[attr-defined]
_units = Unit.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]
DESK_ROLES = (Role.STAFF.value, Role.LEAD.value, Role.ADMIN.value)
# A dossier waiting for the citizen's supplement has its clock stopped (actions.py): its due
# date moves when the citizen supplies, so it is not "due" meanwhile. OPEN stays in the
# query as written so the partial index is used; this narrows it.
RUNNING = _d.c.status != DossierStatus.SUPPLEMENT.value


def shared(query: Select[Any], name: str) -> CTE:
    """A subquery several parts of a statement read: a CTE, which both databases compute
    once when it is read more than once (rows.insert_planned counts what such a statement
    added on SQLite, where Python's sqlite3 reports no row count for it)."""
    return query.cte(name)


def due_dossiers(timezone: str, *, before: dt.datetime, since: dt.datetime | None = None,
                 name: str = "due") -> CTE:
    """Open dossiers of the zone's units due before `before` (and at or after `since`)."""
    query = (select(_d.c.id, _d.c.unit_id, _d.c.sector, _d.c.due_at, _d.c.assignee_id,
                    _d.c.code, func.substr(_d.c.procedure_name, 1, 200).label("procedure"))
             .select_from(_units.join(_d, _d.c.unit_id == _units.c.id))
             .where(_units.c.timezone == timezone, OPEN, RUNNING, _d.c.due_at < before))
    if since is not None:
        query = query.where(_d.c.due_at >= since)
    return shared(query, name)


def recipients(sql: JsonSql, due: CTE, timezone: str) -> Any:
    """(user_id and every column of `due`) for each person to tell."""
    holder = _users.alias("holder")
    has_holder = exists().where(holder.c.id == due.c.assignee_id,
                                holder.c.unit_id == due.c.unit_id,
                                holder.c.role.in_(DESK_ROLES))
    # Staff with each of their sectors as rows (a handful per unit, whatever the dossiers).
    held = sql.elements(_users.c.sectors, "held")
    sector_staff_query = (
        select(_users.c.id.label("user_id"), _users.c.unit_id, held.c.value.label("sector"))
        .select_from(_users.join(_units, _units.c.id == _users.c.unit_id), held)
        .where(_units.c.timezone == timezone, _users.c.role == Role.STAFF.value))
    sector_staff = shared(sector_staff_query, "sector_staff")
    anyone_holds = exists().where(sector_staff.c.unit_id == due.c.unit_id,
                                  sector_staff.c.sector == due.c.sector)
    assignee = _users.alias("assignee")
    staff = _users.alias("staff")
    return union_all(
        select(assignee.c.id.label("user_id"), *due.c)
        .select_from(due.join(assignee, and_(assignee.c.id == due.c.assignee_id,
                                             assignee.c.unit_id == due.c.unit_id)))
        .where(assignee.c.role.in_(DESK_ROLES)),
        select(sector_staff.c.user_id, *due.c)
        .select_from(due.join(sector_staff, and_(sector_staff.c.unit_id == due.c.unit_id,
                                                 sector_staff.c.sector == due.c.sector)))
        .where(~has_holder),
        select(staff.c.id.label("user_id"), *due.c)
        .select_from(due.join(staff, staff.c.unit_id == due.c.unit_id))
        .where(staff.c.role == Role.STAFF.value, ~has_holder, ~anyone_holds),
    )
