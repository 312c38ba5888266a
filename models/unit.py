"""A Public Administration Service Center (commune or ward level)."""

from __future__ import annotations

import secrets
from datetime import datetime
from itertools import chain
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, event, update
from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel

from models.procedure import UnitProcedure
from models.types import UTCDateTime, empty_list


def new_revision() -> int:
    """Random, not a counter: a revision read in a transaction that rolled back is never
    handed out again, so a cache keyed by it cannot mistake old contents for new."""
    return secrets.randbits(62)


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
    # Where the center is on a map (a link), and how to get a number or book a time ahead:
    # told to citizens who ask (/lienhe).
    map_url: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})
    queue_info: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})
    # Office windows that deadlines in hours are counted in, "07:00-11:30,13:30-17:00";
    # empty: DOSSIER_OFFICE_HOURS (bot/core/dossiers/hours.py).
    office_hours: str = Field(default="", max_length=100,
                              sa_column_kwargs={"server_default": ""})
    # Report months run from this day to the day before it in the next month (15: 15th-14th,
    # Nghị định 09/2019/NĐ-CP Điều 12); 0 or NULL: calendar months (bot/core/summaries).
    report_cutoff_day: int | None = Field(default=15, sa_column_kwargs={"server_default": "15"})
    created_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    # Changes whenever this row or one of its unit_procedure rows changes through the ORM
    # (see _new_revisions below), so each process can keep a read-only copy of the unit and
    # check it with one cheap query (bot/core/units.py). A Core UPDATE must set it too.
    revision: int = Field(
        default_factory=new_revision,
        sa_column=Column(BigInteger, nullable=False, server_default="0"),
    )


_units = Unit.__table__  # type: ignore[attr-defined]


@event.listens_for(Session, "before_flush")
def _new_revisions(session: Session, _context: Any, _instances: Any) -> None:
    """Every ORM change to a unit or its procedure settings gives the unit a new revision,
    in the same transaction as the change."""
    touched: set[int] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, UnitProcedure) and obj.unit_id is not None:
            touched.add(obj.unit_id)
        elif isinstance(obj, Unit) and obj in session.dirty and session.is_modified(obj):
            obj.revision = new_revision()
    if touched:
        session.connection().execute(
            update(_units).where(_units.c.id.in_(sorted(touched))).values(revision=new_revision())
        )
