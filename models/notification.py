"""Scheduled outgoing messages: rows with a due time, claimed and sent at most once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, empty_dict, empty_list


class Notification(SQLModel, table=True):
    __table_args__ = (Index("ix_notification_pending", "sent_at", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    # recipient + subject + kind, e.g. "nag:telegram:123:2026-03-14:ca": planning twice is a no-op.
    key: str = Field(unique=True, max_length=255)
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
    due_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    claimed_by: str | None = Field(default=None, max_length=128)
    claimed_until: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
