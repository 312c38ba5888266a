"""Rules of a procedure that change how its deadline is counted, per procedure and unit."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime


class ProcedureRule(SQLModel, table=True):
    """A same-day cut-off: a dossier received after `cutoff` counts from the next working day.

    A row with `unit_id` NULL is the rule for every unit (seeded from the catalog's text);
    a row with a unit overrides it there. `cutoff` NULL means explicitly off. No row: off.
    """

    __tablename__ = "procedure_rule"
    __table_args__ = (
        UniqueConstraint("procedure_code", "unit_id", name="uq_procedure_rule"),
        # NULLs are distinct in a unique constraint: one default row per procedure needs this.
        Index("uq_procedure_rule_default", "procedure_code", unique=True,
              postgresql_where=text("unit_id IS NULL"), sqlite_where=text("unit_id IS NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    procedure_code: str = Field(max_length=32)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    cutoff: time | None = None
    source: str = Field(default="admin", max_length=16)  # catalog | admin
    # The sentence of the procedure's text the rule was read from, for review.
    evidence: str = Field(default="", max_length=500)
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
