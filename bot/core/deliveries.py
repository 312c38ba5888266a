"""Each delivery a channel hands us (a Telegram update, a webhook event) is handled once.

The mark is inserted in the same transaction as the handling (see bot/dispatch.py): a crash
mid-handling rolls it back, so the channel's redelivery gets through; a duplicate arriving
during the handling waits on the unique key (PostgreSQL) or the write lock (SQLite) and then
finds it taken. Plain SQL on purpose: this runs for every incoming update.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite

from models import SeenDelivery

# Telegram keeps an update it could not deliver for at most 24 hours (Bot API, "Getting
# updates"); twice that covers every redelivery with room to spare.
KEEP = timedelta(hours=48)
PRUNE_EVERY = timedelta(hours=1)

_table = SeenDelivery.__table__  # type: ignore[attr-defined]
_VALUES: dict[str, Any] = {"key": bindparam("key"), "seen_at": bindparam("seen_at")}
# Built once per dialect: "insert unless present" is spelled differently by each.
# RETURNING, not rowcount: psycopg reports no row count for INSERT … ON CONFLICT here.
_CLAIM = {
    "postgresql": postgresql.insert(_table).values(_VALUES).on_conflict_do_nothing()
    .returning(_table.c.key),
    "sqlite": sqlite.insert(_table).values(_VALUES).on_conflict_do_nothing()
    .returning(_table.c.key),
}
_PRUNE = delete(_table).where(_table.c.seen_at < bindparam("before"))


def claim(connection: Connection, key: str, now: datetime) -> bool:
    """True the first time `key` is seen; False for a delivery already handled."""
    result = connection.execute(_CLAIM[connection.dialect.name], {"key": key, "seen_at": now})
    return result.first() is not None


def prune(connection: Connection, now: datetime) -> int:
    """Forget deliveries older than KEEP; returns how many."""
    return connection.execute(_PRUNE, {"before": now - KEEP}).rowcount
