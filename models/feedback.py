"""Citizens' feedback (phản ánh, kiến nghị): each ticket, and every action taken on it.

A ticket belongs to the citizen who sent it (`user_id`) and to one unit. Its states and
the moves between them are in bot/core/feedback/model.py; `feedback_action` is the audit
(who did what, when), one row per action, written in the same transaction as the change.
The contact the citizen typed is kept only when they agreed to be contacted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime

# The predicate of the partial index the deadline planners read, repeated as written.
FEEDBACK_OPEN_SQL = "status IN ('waiting', 'assigned')"


def _at(nullable: bool = True) -> Column:  # type: ignore[type-arg]
    return Column(UTCDateTime(), nullable=nullable)


class FeedbackTicket(SQLModel, table=True):
    __tablename__ = "feedback_ticket"
    __table_args__ = (
        Index("ix_feedback_open_due", "unit_id", "due_at",
              postgresql_where=text(FEEDBACK_OPEN_SQL), sqlite_where=text(FEEDBACK_OPEN_SQL)),
        Index("ix_feedback_unit_received", "unit_id", "received_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str | None = Field(default=None, max_length=32, unique=True)
    unit_id: int = Field(foreign_key="unit.id")
    user_id: int = Field(foreign_key="user.id", index=True)
    topic: str = Field(max_length=16)  # procedure | dossier | conduct | regulation
    subject: str = Field(default="", max_length=200)  # the procedure or dossier code named
    content: str = Field(max_length=4000)
    contact_ok: bool = False
    contact: str = Field(default="", max_length=100)
    sector: str | None = Field(default=None, max_length=32)
    status: str = Field(max_length=16)
    assignee_id: int | None = Field(default=None, foreign_key="user.id")
    received_at: datetime = Field(sa_column=_at(False))
    refuse_by: datetime = Field(sa_column=_at(False))
    due_at: datetime = Field(sa_column=_at(False))
    extended_at: datetime | None = Field(default=None, sa_column=_at())
    extension_reason: str = Field(default="", max_length=500)
    question: str = Field(default="", max_length=500)  # staff asked for more information
    more_info: str = Field(default="", max_length=4000)  # what the citizen added
    answer: str = Field(default="", max_length=4000)
    answered_at: datetime | None = Field(default=None, sa_column=_at())
    answered_by: int | None = Field(default=None, foreign_key="user.id")
    refusal_reason: str = Field(default="", max_length=500)
    escalated_at: datetime | None = Field(default=None, sa_column=_at())
    rating: str | None = Field(default=None, max_length=16)
    rating_comment: str = Field(default="", max_length=500)
    rated_at: datetime | None = Field(default=None, sa_column=_at())
    closed_at: datetime | None = Field(default=None, sa_column=_at())
    hidden_at: datetime | None = Field(default=None, sa_column=_at())
    hidden_by: int | None = Field(default=None, foreign_key="user.id")
    # Bumped by every change: a writer that read an older version changes nothing.
    version: int = 1


class FeedbackAction(SQLModel, table=True):
    """Audit: one action on a ticket. `by` is the bot user (None for the bot itself)."""

    __tablename__ = "feedback_action"

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="feedback_ticket.id", index=True)
    at: datetime = Field(sa_column=_at(False))
    by: int | None = Field(default=None, foreign_key="user.id")
    action: str = Field(max_length=16)
    status_before: str = Field(default="", max_length=16)
    status_after: str = Field(default="", max_length=16)
    detail: str = Field(default="", max_length=500)


class ServiceRating(SQLModel, table=True):
    """A citizen's rating of the service (/danhgia): of one dossier (once per dossier and
    person; a change updates the row and leaves a `service_rating_change`), or of the
    center in general (`dossier_id` NULL). `criteria` are the ones they ticked."""

    __tablename__ = "service_rating"
    __table_args__ = (
        UniqueConstraint("dossier_id", "user_id", name="uq_service_rating_dossier_user"),
        Index("ix_service_rating_unit_created", "unit_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    user_id: int = Field(foreign_key="user.id")
    dossier_id: int | None = Field(default=None, foreign_key="dossier.id")
    level: str = Field(max_length=16)
    criteria: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(sa_column=_at(False))
    updated_at: datetime = Field(sa_column=_at(False))


class ServiceRatingChange(SQLModel, table=True):
    """A changed rating: the level or the criteria before and after."""

    __tablename__ = "service_rating_change"

    id: int | None = Field(default=None, primary_key=True)
    rating_id: int = Field(foreign_key="service_rating.id", index=True)
    at: datetime = Field(sa_column=_at(False))
    field: str = Field(max_length=16)
    old_value: str = Field(default="", max_length=200)
    new_value: str = Field(default="", max_length=200)
