"""A person as seen through one channel, with their role in a unit."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, empty_list


class Role(StrEnum):
    CITIZEN = "citizen"
    STAFF = "staff"
    LEAD = "lead"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        return self in (Role.STAFF, Role.LEAD, Role.ADMIN)


class User(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("channel", "address", name="uq_user_channel_address"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    address: str = Field(max_length=128)
    display_name: str = Field(default="", max_length=200)
    role: str = Field(default=Role.CITIZEN.value, max_length=16)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    # The sector this staff member usually reports for (nagging targets it)...
    sector: str | None = Field(default=None, max_length=32)
    # ...and every sector they may report for (an invite or the admin gives them; a lead
    # reports for any sector of the unit). `sector` is the first of these.
    sectors: list[str] = Field(
        default_factory=empty_list,
        sa_column=Column(JSON, nullable=False, server_default=text("'[]'")),
    )
    nag_paused_until: date | None = None
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    last_seen_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))

    @property
    def role_enum(self) -> Role:
        return Role(self.role)
