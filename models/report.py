"""Daily report figures, every change to them, closed periods and approvals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, empty_dict


class DailyValue(SQLModel, table=True):
    """The current figure of one data element, for one unit, day and sector."""

    __tablename__ = "daily_value"
    __table_args__ = (
        UniqueConstraint("unit_id", "day", "sector", "element", name="uq_daily_value"),
        Index("ix_daily_value_unit_day", "unit_id", "day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    day: date
    sector: str = Field(max_length=32)
    element: str = Field(max_length=32)
    value: int
    updated_by: int = Field(foreign_key="user.id")
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    # The submission whose figure this is (an undo hands it back to the one before): undo and
    # edits change only what a submission still determines. None for rows older than 0006.
    submission_id: int | None = Field(default=None, foreign_key="submission.id")
    # What the row held before its last change. The audit (value_change) is the history;
    # these let one upsert return old and new values together, atomically, on SQLite and
    # PostgreSQL alike (RETURNING gives only new values there before PostgreSQL 18).
    previous_value: int | None = None
    previous_submission_id: int | None = None


class Submission(SQLModel, table=True):
    """One message that changed figures (a line, a form, an undo, an approved request, an
    edit of an earlier line)."""

    __table_args__ = (Index("ix_submission_user_message", "user_id", "message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    day: date
    sector: str = Field(max_length=32)
    user_id: int = Field(foreign_key="user.id", index=True)
    source: str = Field(max_length=16)  # line | form | undo | approval | edit
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    undone_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    # The channel's id of the message that sent a line, so an edit of it finds this row.
    message_id: str | None = Field(default=None, max_length=64)
    # For source "edit": the line submission the edited message had made.
    corrects_id: int | None = Field(default=None, foreign_key="submission.id")


class ValueChange(SQLModel, table=True):
    """Audit: who changed which figure when, from what to what (None = not reported)."""

    __tablename__ = "value_change"

    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    element: str = Field(max_length=32)
    old_value: int | None = None
    new_value: int | None = None
    # The submission whose figure was replaced (what an undo of this change hands it back to).
    old_submission_id: int | None = None


class PeriodLock(SQLModel, table=True):
    """A closed month: its summary was issued, so edits need approval or an unlock."""

    __tablename__ = "period_lock"
    __table_args__ = (UniqueConstraint("unit_id", "period", name="uq_period_lock"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    period: str = Field(max_length=7)  # YYYY-MM
    closed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    closed_by: int | None = Field(default=None, foreign_key="user.id")
    # An admin unlock: edits go straight in until this moment.
    unlocked_until: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )


class ApprovalRequest(SQLModel, table=True):
    """Figures for a closed period, waiting for a lead's yes or no."""

    __tablename__ = "approval_request"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    day: date
    sector: str = Field(max_length=32)
    values: dict[str, Any] = Field(
        default_factory=empty_dict, sa_column=Column(JSON, nullable=False)
    )
    requested_by: int = Field(foreign_key="user.id")
    requested_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    decided_by: int | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    approved: bool | None = None


class CalendarOverride(SQLModel, table=True):
    """Local calendar changes announced each year: extra days off or make-up working days."""

    __tablename__ = "calendar_override"
    __table_args__ = (UniqueConstraint("day", name="uq_calendar_override_day"),)

    id: int | None = Field(default=None, primary_key=True)
    day: date
    working: bool  # True: a make-up working day (e.g. a Saturday); False: a day off
    note: str = Field(default="", max_length=300)
