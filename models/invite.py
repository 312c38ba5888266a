"""One-time codes that turn a chat user into staff or lead of a unit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, empty_list


class Invite(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Only a hash is kept: a leaked database must not leak usable codes.
    code_hash: str = Field(unique=True, index=True, max_length=64)
    unit_id: int = Field(foreign_key="unit.id")
    role: str = Field(max_length=16)
    # Sectors the person will report for; the first is the one they are reminded about.
    sectors: list[str] = Field(
        default_factory=empty_list,
        sa_column=Column(JSON, nullable=False, server_default=text("'[]'")),
    )
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    used_by: int | None = Field(default=None, foreign_key="user.id")
    # An admin withdrew the code before anyone used it.
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
