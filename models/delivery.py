"""Incoming deliveries already handled, so a repeated update or webhook event runs once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime


class SeenDelivery(SQLModel, table=True):
    """One row per handled delivery, keyed by the channel's own id of it.

    The key is channel-neutral, e.g. "telegram:<bot id>:<update_id>"; rows expire (see
    bot/core/deliveries.py). On PostgreSQL the migration creates the table UNLOGGED: a turn
    whose only write is this row then commits without waiting for a WAL flush, and a
    server crash forgets only which updates were seen.
    """

    __tablename__ = "seen_delivery"
    # On SQLite the key is the table itself (one B-tree per insert, not two).
    __table_args__ = {"sqlite_with_rowid": False}

    key: str = Field(primary_key=True, max_length=128)
    # No index: pruning scans the table once an hour, cheaper than an index on every insert.
    seen_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
