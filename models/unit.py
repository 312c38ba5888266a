"""A Public Administration Service Center (commune or ward level)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, empty_list


class Unit(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, max_length=64)
    name: str = Field(max_length=200)
    province: str = Field(default="", max_length=100)
    timezone: str = Field(default="Asia/Ho_Chi_Minh", max_length=64)
    # Sector codes this unit reports on ("xa" plus its "ngành dọc" desks).
    sectors: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON, nullable=False))
    # Shown to citizens under every procedure card.
    address: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=50)
    opening_hours: str = Field(default="", max_length=200)
    # Office windows that deadlines in hours are counted in, "07:00-11:30,13:30-17:00";
    # empty: DOSSIER_OFFICE_HOURS (bot/core/dossiers/hours.py).
    office_hours: str = Field(default="", max_length=100,
                              sa_column_kwargs={"server_default": ""})
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
