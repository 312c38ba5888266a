"""Scheduled messages as rows: plan idempotently, claim atomically, mark sent once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from bot.core.messages import Choice, Recipient
from models import Notification

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Due:
    """A claimed notification, detached from the session that claimed it."""

    id: int
    recipient: Recipient
    template: str
    context: dict[str, Any]
    choices: tuple[Choice, ...] = ()


def schedule(
    session: Session,
    *,
    key: str,
    recipient: Recipient,
    template: str,
    context: dict[str, Any],
    due_at: datetime,
    now: datetime,
    choices: tuple[Choice, ...] = (),
) -> bool:
    """Add a notification unless one with `key` exists; True if it was added."""
    values = {
        "key": key,
        "channel": recipient.channel,
        "address": recipient.address,
        "template": template,
        "context": context,
        "choices": [[c.label, c.payload] for c in choices],
        "due_at": due_at,
        "created_at": now,
        "attempts": 0,
    }
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    # ON CONFLICT DO NOTHING: two processes planning the same reminder both succeed, once.
    statement = (
        insert(Notification)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(Notification.__table__.c.id)  # type: ignore[attr-defined]
    )
    return session.execute(statement).first() is not None


def _claimable(now: datetime) -> Any:
    table = Notification.__table__.c  # type: ignore[attr-defined]
    return and_(
        table.sent_at.is_(None),
        table.due_at <= now,
        table.attempts < MAX_ATTEMPTS,
        or_(table.claimed_until.is_(None), table.claimed_until < now),
    )


def claim_due(
    session: Session, *, now: datetime, worker: str, lease: timedelta, limit: int = 50
) -> list[Due]:
    """Take up to `limit` due rows for `worker` until `now + lease`; no one else gets them."""
    table = Notification.__table__  # type: ignore[attr-defined]
    ids = select(table.c.id).where(_claimable(now)).order_by(table.c.due_at).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        # Row locks: a second process skips what the first is claiming instead of waiting.
        picked = [row[0] for row in session.execute(ids.with_for_update(skip_locked=True))]
        target = table.c.id.in_(picked)
    else:
        # SQLite runs one write at a time, so a single UPDATE ... WHERE id IN (...) is atomic.
        target = table.c.id.in_(ids.scalar_subquery())
    until = now + lease
    session.execute(
        update(table)
        .where(target, _claimable(now))
        .values(claimed_by=worker, claimed_until=until)
    )
    rows = session.execute(
        select(table).where(table.c.claimed_by == worker, table.c.claimed_until == until,
                            table.c.sent_at.is_(None))
    ).all()
    return [
        Due(row.id, Recipient(row.channel, row.address), row.template, dict(row.context),
            tuple(Choice(label, payload) for label, payload in row.choices or ()))
        for row in rows
    ]


def mark_sent(session: Session, notification_id: int, worker: str, now: datetime) -> None:
    session.execute(
        update(Notification.__table__)  # type: ignore[attr-defined]
        .where(
            Notification.__table__.c.id == notification_id,  # type: ignore[attr-defined]
            Notification.__table__.c.claimed_by == worker,  # type: ignore[attr-defined]
        )
        .values(sent_at=now)
    )


def mark_failed(
    session: Session, notification_id: int, worker: str, now: datetime, error: str
) -> None:
    """Release the claim with a growing delay so a flaky channel is retried, not hammered."""
    row = session.get(Notification, notification_id)
    if row is None or row.claimed_by != worker:
        return
    row.attempts += 1
    row.last_error = error[:500]
    row.claimed_until = now + timedelta(minutes=2**row.attempts)
