"""What anyone holding a receipt code may see of the dossier: never a person.

A citizen types the code printed on their receipt; the dossier may be in any unit (the
`ix_dossier_code_key` index). The answer carries the procedure, the dates, the status and the
unit to ask, and nothing about the citizen, the assignee or anyone else: `PublicDossier` has no
field for them, so no template can show one by mistake.

The same code in several units (two systems numbering their own dossiers alike) is shown as
each unit's dossier, named by the unit only; that says no more than each alone would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, and_, bindparam, select

from bot.core.dossiers.codes import code_key
from models import OPEN_STATUSES, Dossier, DossierSubscription, Unit

_d = Dossier.__table__  # type: ignore[attr-defined]
_u = Unit.__table__  # type: ignore[attr-defined]
_sub = DossierSubscription.__table__  # type: ignore[attr-defined]
# More units than this sharing one code is not a real register; the first few are shown.
MAX_UNITS = 5

_FIND = (
    select(_d.c.id, _d.c.code, _u.c.name, _u.c.phone, _u.c.address, _u.c.timezone,
           _d.c.procedure_name, _d.c.status, _d.c.received_at, _d.c.due_at,
           _d.c.original_due_at, _d.c.extended_at.is_not(None), _d.c.resolved_at,
           _d.c.delivered_at, _sub.c.id.is_not(None))
    .select_from(_d.join(_u, _u.c.id == _d.c.unit_id).outerjoin(_sub, and_(
        _sub.c.dossier_id == _d.c.id, _sub.c.user_id == bindparam("user_id"))))
    .where(_d.c.code_key == bindparam("key"))
    .order_by(_u.c.name, _d.c.id).limit(MAX_UNITS)
)


@dataclass(frozen=True)
class PublicDossier:
    id: int
    code: str
    unit_name: str
    unit_phone: str
    unit_address: str
    timezone: str
    procedure_name: str
    status: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    extended: bool
    resolved_at: dt.datetime | None
    delivered_at: dt.datetime | None
    subscribed: bool  # by the person asking

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def moved(self) -> bool:
        """The appointment is not the one first given (an extension or a supplement)."""
        return (self.due_at is not None and self.original_due_at is not None
                and self.due_at != self.original_due_at)

    def overdue(self, now: dt.datetime) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < now


def find_public(connection: Connection, code: str, user_id: int) -> list[PublicDossier]:
    """The dossiers with this receipt code in any unit (typed with any case or spacing)."""
    key = code_key(code)
    if not key:
        return []
    rows = connection.execute(_FIND, {"key": key, "user_id": user_id})
    return [PublicDossier(*row) for row in rows]  # type: ignore[call-arg]
