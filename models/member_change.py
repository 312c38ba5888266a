"""Audit of people management: who changed whose role, sectors or membership, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime


class MemberChange(SQLModel, table=True):
    """One change to a member of a unit; `changed_by` is None for the admin command line."""

    __tablename__ = "member_change"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    changed_by: int | None = Field(default=None, foreign_key="user.id")
    changed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    field: str = Field(max_length=16)  # role | sectors | removed
    old_value: str = Field(default="", max_length=200)
    new_value: str = Field(default="", max_length=200)
