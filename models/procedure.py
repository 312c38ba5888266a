"""The procedure catalog as imported (raw portal fields), and each unit's local settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, empty_dict


class ProcedureRecord(SQLModel, table=True):
    __tablename__ = "procedure"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=1000)
    field: str = Field(default="", max_length=300)
    # Every source field as published; parsing happens when the catalog is loaded, so a
    # better parser needs no re-import.
    record: dict[str, Any] = Field(
        default_factory=empty_dict, sa_column=Column(JSON, nullable=False)
    )
    source: str = Field(default="", max_length=300)
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))


class UnitProcedure(SQLModel, table=True):
    """A unit hides a procedure it does not handle, or adds a local note (counter, hours…)."""

    __tablename__ = "unit_procedure"
    __table_args__ = (UniqueConstraint("unit_id", "code", name="uq_unit_procedure"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    code: str = Field(max_length=32)
    hidden: bool = False
    note: str = Field(default="", max_length=1000)
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
