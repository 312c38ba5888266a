"""Messages the outbox gave up on: list them for an admin, and send one again on request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Connection, and_, select, update

from bot.core.outbox.rows import table
from models import Unit, User

_users = User.__table__  # type: ignore[attr-defined]
_units = Unit.__table__  # type: ignore[attr-defined]
_c = table.c


@dataclass(frozen=True)
class FailedMessage:
    id: int
    kind: str
    channel: str
    address: str
    name: str  # the recipient's display name, if they are a known user
    unit: str  # the unit's code, if the row names one
    failed_at: datetime
    attempts: int
    last_error: str


def list_failed(connection: Connection, limit: int = 200) -> list[FailedMessage]:
    """The most recent failures first."""
    rows = connection.execute(
        select(_c.id, _c.kind, _c.channel, _c.address, _users.c.display_name, _units.c.code,
               _c.failed_at, _c.attempts, _c.last_error)
        .select_from(table.outerjoin(_users, and_(_users.c.channel == _c.channel,
                                                  _users.c.address == _c.address))
                     .outerjoin(_units, _units.c.id == _c.unit_id))
        .where(_c.failed_at.is_not(None))
        .order_by(_c.failed_at.desc(), _c.id.desc())
        .limit(limit)
    )
    return [FailedMessage(r.id, r.kind, r.channel, r.address, r.display_name or "",
                          r.code or "", r.failed_at, r.attempts, r.last_error or "")
            for r in rows]


Retried = Literal["requeued", "missing", "not_failed"]


def retry(connection: Connection, notification_id: int, now: datetime, *,
          dry_run: bool = False) -> Retried:
    """Put a failed message back in the queue with a fresh set of attempts, due now
    (with `dry_run`, only say whether it would be)."""
    found = connection.execute(
        select(_c.failed_at).where(_c.id == notification_id)
    ).first()
    if found is None:
        return "missing"
    if found.failed_at is None:
        return "not_failed"
    if dry_run:
        return "requeued"
    connection.execute(
        update(table).where(_c.id == notification_id).values(
            failed_at=None, attempts=0, due_at=now, claimed_by=None, claimed_until=None)
    )
    return "requeued"
