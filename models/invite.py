"""One-time codes that turn a chat user into staff or lead of a unit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime


class Invite(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Only a hash is kept: a leaked database must not leak usable codes.
    code_hash: str = Field(unique=True, index=True, max_length=64)
    unit_id: int = Field(foreign_key="unit.id")
    role: str = Field(max_length=16)
    sector: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    used_by: int | None = Field(default=None, foreign_key="user.id")
