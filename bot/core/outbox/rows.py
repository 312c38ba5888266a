"""Adding rows to the outbox: one at a time from a handler, or a whole set from a planner.

Each row has a unique key (recipient + subject + kind), so adding it twice — on the next
tick, after a restart, in a second process — keeps one row (`ON CONFLICT DO NOTHING`).
Contexts are JSON; a `date` goes in as "YYYY-MM-DD" and comes back out as a `date`, so
templates format it with the `day` filter. Any text that is exactly a valid ISO date comes
back as a date too, which prints the same when a template shows it unformatted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Select, literal, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from bot.core.messages import Choice, Recipient
from bot.core.outbox.kinds import kind_of, priority_of
from models import Notification

table = Notification.__table__  # type: ignore[attr-defined]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Due:
    """A claimed notification, detached from the session that claimed it."""

    id: int
    recipient: Recipient
    template: str
    context: dict[str, Any]
    choices: tuple[Choice, ...] = ()
    attempts: int = 0
    kind: str = ""


def encode(value: Any) -> Any:
    """A context value as JSON: dates as ISO text, containers walked."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    return value


def decode(value: Any) -> Any:
    """The inverse of `encode` for dates (see the module docstring)."""
    if isinstance(value, str) and len(value) == 10 and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


def _insert(connection: Connection) -> Any:
    return pg_insert if connection.dialect.name == "postgresql" else sqlite_insert


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
    kind: str | None = None,
    unit_id: int | None = None,
) -> bool:
    """Add a notification unless one with `key` exists; True if it was added."""
    kind = kind or kind_of(key)
    values = {
        "key": key, "kind": kind, "priority": priority_of(kind), "unit_id": unit_id,
        "channel": recipient.channel, "address": recipient.address, "template": template,
        "context": encode(context), "choices": [[c.label, c.payload] for c in choices],
        "due_at": due_at, "created_at": now, "attempts": 0,
    }
    connection = session.connection()
    # ON CONFLICT DO NOTHING: two processes planning the same reminder both succeed, once.
    statement = (
        _insert(connection)(table).values(**values)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(table.c.id)
    )
    return session.execute(statement).first() is not None


PLANNED_COLUMNS = ("key", "channel", "address", "template", "context", "unit_id")


def insert_planned(connection: Connection, rows: Select[Any], *, kind: str,
                   now: datetime) -> int:
    """INSERT … SELECT: `rows` yields the PLANNED_COLUMNS (labelled so), and may yield
    `choices` (a JSON array of [label, payload] pairs, e.g. a per-dossier button) — without
    it rows have no buttons. One statement adds them all, due now, with the kind's priority.
    Returns how many were new."""
    source = rows.subquery("planned")
    choices = (source.c["choices"] if "choices" in source.c
               else literal([], table.c.choices.type))
    names = [*PLANNED_COLUMNS, "kind", "priority", "choices", "due_at", "created_at",
             "attempts"]
    select_rows = source.select().with_only_columns(
        *(source.c[name] for name in PLANNED_COLUMNS),
        literal(kind), literal(priority_of(kind)), choices,
        literal(now, table.c.due_at.type), literal(now, table.c.created_at.type), literal(0),
    ).where(true())  # SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT
    statement = (
        _insert(connection)(table).from_select(names, select_rows)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            # Python's sqlite3 opens a transaction by itself only before a statement that
            # starts with INSERT/UPDATE/DELETE; one that starts with WITH (a planner's CTEs)
            # would otherwise commit alone, outside the caller's transaction.
            connection.exec_driver_sql("BEGIN")
    # SQLAlchemy keeps an INSERT's row count only when asked.
    added = connection.execute(statement.execution_options(preserve_rowcount=True)).rowcount
    if connection.dialect.name == "sqlite":
        # Python's sqlite3 does not count rows for a statement that starts with WITH (a
        # planner's CTEs; it reports -1 or a stale count); SQLite itself does.
        added = connection.exec_driver_sql("SELECT changes()").scalar() or 0
    return int(added)
