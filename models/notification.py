"""The outbox: scheduled outgoing messages, what planners have done, and the shared send pace."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, empty_dict, empty_list

# A row still to send: neither sent nor given up. Every hot index covers only these rows,
# so the millions of sent rows a year never slow a claim.
PENDING = text("sent_at IS NULL AND failed_at IS NULL")
FAILED = text("failed_at IS NOT NULL")


class Notification(SQLModel, table=True):
    __table_args__ = (
        # The claim: due rows, most urgent kind first (bot/core/outbox/kinds.py), oldest first.
        Index("ix_notification_claim", "priority", "due_at", "id",
              postgresql_where=PENDING, sqlite_where=PENDING),
        # One chat's pending rows: the one-in-flight-per-chat check, per-chat pacing, 429 delays.
        Index("ix_notification_chat", "channel", "address", "priority", "due_at", "id",
              postgresql_where=PENDING, sqlite_where=PENDING),
        # When an idle delivery loop should look again.
        Index("ix_notification_due", "due_at", postgresql_where=PENDING, sqlite_where=PENDING),
        # Messages given up on, per unit: the lead digest's line and `motcua outbox failed`.
        Index("ix_notification_failed", "unit_id", "failed_at",
              postgresql_where=FAILED, sqlite_where=FAILED),
    )

    id: int | None = Field(default=None, primary_key=True)
    # recipient + subject + kind, e.g. "nag:12:2026-03-14": planning twice is a no-op.
    key: str = Field(unique=True, max_length=255)
    # What the message is ("nag", "digest", "approval"…); decides `priority`.
    kind: str = Field(default="", max_length=32)
    # Lower goes first; copied from the kind's priority when the row is planned.
    priority: int = 50
    # The unit whose people this concerns, when a planner knows it (for the lead digest).
    unit_id: int | None = None
    channel: str = Field(max_length=32)
    address: str = Field(max_length=128)
    template: str = Field(max_length=128)
    context: dict[str, Any] = Field(
        default_factory=empty_dict, sa_column=Column(JSON, nullable=False)
    )
    # Buttons as [label, payload] pairs (an approval request carries yes/no).
    choices: list[list[str]] = Field(
        default_factory=empty_list, sa_column=Column(JSON, nullable=False)
    )
    # Not sent before this; a failed attempt or a 429 moves it later.
    due_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    claimed_by: str | None = Field(default=None, max_length=128)
    # A claimed row is in flight until then; after it, anyone may claim it again.
    claimed_until: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    # Given up: after the last attempt, or at once when the channel can never take it.
    failed_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class PlanningMark(SQLModel, table=True):
    """A planner ran for one scope (a time zone) and local day: the next tick only looks it up."""

    __tablename__ = "planning_mark"
    __table_args__ = (UniqueConstraint("kind", "scope", "day", name="uq_planning_mark"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    scope: str = Field(max_length=64)
    day: date
    planned: int = 0
    planned_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


class SendPace(SQLModel, table=True):
    """One row per paced channel: the next free send slot, shared by every bot process."""

    __tablename__ = "send_pace"

    channel: str = Field(primary_key=True, max_length=32)
    # Microseconds since the epoch: plain integer arithmetic in SQL on SQLite and PostgreSQL.
    next_us: int = Field(sa_column=Column(BigInteger, nullable=False))
