"""Reading the register: one dossier, a unit's list, the counts, the audit trail.

Plain Core statements on the caller's connection (the morning scan and citizens' lookups read
many rows; no ORM objects are built). Writes are in actions.py and import_run.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection, and_, case, func, select, text

from bot.core.dossiers.codes import code_key, mask_phone
from models import OPEN_STATUSES, Dossier, DossierChange, DossierSupplement
from models.dossier import OPEN_SQL

_d = Dossier.__table__  # type: ignore[attr-defined]
_s = DossierSupplement.__table__  # type: ignore[attr-defined]
_c = DossierChange.__table__  # type: ignore[attr-defined]
# The partial index's own predicate, written the same way, so SQLite uses the index too.
OPEN = text(OPEN_SQL)


class ConcurrentChange(Exception):
    """A dossier changed between reading and writing it; the transaction must be retried."""


@dataclass(frozen=True)
class DossierView:
    """One dossier as read; what lists, warnings, lookups and letters are built from."""

    id: int
    unit_id: int
    code: str
    procedure_code: str | None
    procedure_name: str
    sector: str | None
    sector_text: str
    channel: str | None
    submitted_at: dt.datetime | None
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    due_source: str
    status: str
    resolved_at: dt.datetime | None
    delivered_at: dt.datetime | None
    assignee_id: int | None
    assignee_text: str
    citizen_name: str
    citizen_phone: str
    supplement_count: int
    extension_due_at: dt.datetime | None
    extension_reason: str
    extended_at: dt.datetime | None
    extended_by: int | None
    apology_issued_at: dt.datetime | None
    version: int

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def extended(self) -> bool:
        return self.extended_at is not None

    @property
    def phone(self) -> str:
        """The citizen's phone as it may be shown anywhere: 0912***678."""
        return mask_phone(self.citizen_phone)

    @property
    def multiple_supplements(self) -> bool:
        """More than one supplement request on one dossier: flagged for the lead."""
        return self.supplement_count > 1

    def overdue(self, now: dt.datetime) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < now


_COLUMNS = [_d.c[f.name] for f in fields(DossierView)]


def _view(row: Any) -> DossierView:
    return DossierView(*row)


def get_dossier(connection: Connection, unit_id: int, code: str) -> DossierView | None:
    """By receipt code, as a person types it (case and spaces do not matter)."""
    row = connection.execute(select(*_COLUMNS).where(
        _d.c.unit_id == unit_id, _d.c.code_key == code_key(code))).first()
    return _view(row) if row else None


def get_by_id(connection: Connection, dossier_id: int) -> DossierView | None:
    row = connection.execute(select(*_COLUMNS).where(_d.c.id == dossier_id)).first()
    return _view(row) if row else None


def list_dossiers(connection: Connection, unit_id: int, *, status: str | None = None,
                  due_before: dt.datetime | None = None, now: dt.datetime | None = None
                  ) -> list[DossierView]:
    """A unit's register by due date (undated last), then code.

    `status`: a status value, "open", "overdue" (open and due before `now`) or None (all).
    `due_before`: open dossiers due at or before this moment (the "due within N days" list).
    """
    query = select(*_COLUMNS).where(_d.c.unit_id == unit_id)
    if status in ("open", "overdue") or due_before is not None:
        query = query.where(OPEN)
    if status == "overdue":
        if now is None:
            raise ValueError("overdue needs now")
        query = query.where(_d.c.due_at < now)
    elif status not in (None, "open"):
        query = query.where(_d.c.status == status)
    if due_before is not None:
        query = query.where(_d.c.due_at <= due_before)
    query = query.order_by(_d.c.due_at.is_(None), _d.c.due_at, _d.c.code_key)
    return [_view(row) for row in connection.execute(query)]


def received_between(connection: Connection, unit_id: int, start: dt.datetime,
                     end: dt.datetime) -> list[DossierView]:
    """A unit's dossiers received in [start, end), by received time then code (the book)."""
    query = (select(*_COLUMNS)
             .where(_d.c.unit_id == unit_id, _d.c.received_at >= start, _d.c.received_at < end)
             .order_by(_d.c.received_at, _d.c.code_key))
    return [_view(row) for row in connection.execute(query)]


@dataclass(frozen=True)
class Counts:
    open: int
    due_soon: int  # open, due from now up to the limit given
    overdue: int


def register_counts(connection: Connection, unit_id: int, now: dt.datetime,
                    due_limit: dt.datetime) -> Counts:
    """Open, due soon and overdue dossiers of a unit, in one statement on the open index."""
    due = _d.c.due_at
    row = connection.execute(select(
        func.count(),
        func.coalesce(func.sum(case((and_(due >= now, due <= due_limit), 1), else_=0)), 0),
        func.coalesce(func.sum(case((due < now, 1), else_=0)), 0),
    ).where(_d.c.unit_id == unit_id, OPEN)).one()
    return Counts(int(row[0]), int(row[1]), int(row[2]))


def open_supplements(connection: Connection, dossier_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The unanswered supplement request of each dossier (the latest, if several)."""
    rows = connection.execute(
        select(_s.c.id, _s.c.dossier_id, _s.c.requested_at, _s.c.due_before)
        .where(_s.c.dossier_id.in_(dossier_ids), _s.c.supplied_at.is_(None))
        .order_by(_s.c.id))
    return {row.dossier_id: dict(row._mapping) for row in rows}


@dataclass(frozen=True)
class ChangeView:
    changed_at: dt.datetime
    changed_by: int | None
    source: str
    field: str
    old_value: str | None
    new_value: str | None


def audit_trail(connection: Connection, dossier_id: int) -> list[ChangeView]:
    rows = connection.execute(
        select(_c.c.changed_at, _c.c.changed_by, _c.c.source, _c.c.field, _c.c.old_value,
               _c.c.new_value).where(_c.c.dossier_id == dossier_id).order_by(_c.c.id))
    return [ChangeView(*row) for row in rows]


def audit_value(name: str, value: Any, tz: dt.tzinfo) -> str | None:
    """How a value is written in the audit: dates in ISO 8601 with the unit's offset, the
    citizen's phone masked (the audit outlives the contact data)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(tz).isoformat()
    if name == "citizen_phone":
        return mask_phone(str(value))
    return str(value)[:1000]
