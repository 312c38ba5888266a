"""The dossier register: each dossier a unit accepted, its supplement episodes, every change.

A dossier (hồ sơ) is known by the receipt code printed on its receipt (mã hồ sơ / số biên
nhận), kept exactly as printed in `code`; `code_key` is the same code upper-cased without
spaces, which is what a citizen's typing is compared with (unique per unit).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime


class DossierStatus(StrEnum):
    RECEIVED = "received"  # accepted; the clock runs from received_at
    IN_PROGRESS = "in_progress"
    SUPPLEMENT = "supplement"  # waiting for the citizen to complete the dossier
    PAUSED = "paused"  # processing stopped (dừng xử lý) or waiting for a fee
    RESOLVED = "resolved"  # a result exists (delivered_at says when it was handed over)
    RETURNED = "returned"  # refused or handed back (Biểu 06 "tc")
    WITHDRAWN = "withdrawn"  # the citizen withdrew it (rút)

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


OPEN_STATUSES = (DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS, DossierStatus.SUPPLEMENT,
                 DossierStatus.PAUSED)
# The predicate of the partial indexes, and the exact text queries must repeat for SQLite to
# use them (it matches the term as written).
OPEN_SQL = "status IN ('received', 'in_progress', 'supplement', 'paused')"


def _at(nullable: bool = True) -> Column:  # type: ignore[type-arg]
    return Column(UTCDateTime(), nullable=nullable)


class Dossier(SQLModel, table=True):
    __tablename__ = "dossier"
    __table_args__ = (
        UniqueConstraint("unit_id", "code_key", name="uq_dossier_unit_code"),
        # A citizen may type a code without knowing which unit holds it.
        Index("ix_dossier_code_key", "code_key"),
        # The morning scan: a unit's open dossiers by due time; closed ones never enter it.
        Index("ix_dossier_open_due", "unit_id", "due_at",
              postgresql_where=text(OPEN_SQL), sqlite_where=text(OPEN_SQL)),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    code: str = Field(max_length=64)
    code_key: str = Field(max_length=64)
    # The catalog code when the procedure could be matched; the name as given otherwise.
    procedure_code: str | None = Field(default=None, max_length=32)
    procedure_name: str = Field(default="", max_length=1000)
    # The unit's sector code when the source's sector (lĩnh vực) maps to one; raw text kept.
    sector: str | None = Field(default=None, max_length=32)
    sector_text: str = Field(default="", max_length=300)
    channel: str | None = Field(default=None, max_length=16)  # online | direct | postal
    submitted_at: datetime | None = Field(default=None, sa_column=_at())
    received_at: datetime | None = Field(default=None, sa_column=_at())  # the clock starts
    due_at: datetime | None = Field(default=None, sa_column=_at())  # ngày hẹn trả
    original_due_at: datetime | None = Field(default=None, sa_column=_at())
    due_source: str = Field(default="none", max_length=16)  # source | computed | none
    status: str = Field(max_length=16)
    resolved_at: datetime | None = Field(default=None, sa_column=_at())
    delivered_at: datetime | None = Field(default=None, sa_column=_at())  # NgayTra
    assignee_id: int | None = Field(default=None, foreign_key="user.id")
    assignee_text: str = Field(default="", max_length=200)
    # Kept only for the apology letter and a phone call when late; the phone is shown masked.
    citizen_name: str = Field(default="", max_length=200)
    citizen_phone: str = Field(default="", max_length=32)
    supplement_count: int = 0
    # Gia hạn: at most one, so it lives on the row itself.
    extension_due_at: datetime | None = Field(default=None, sa_column=_at())
    extension_reason: str = Field(default="", max_length=500)
    extended_at: datetime | None = Field(default=None, sa_column=_at())
    extended_by: int | None = Field(default=None, foreign_key="user.id")
    apology_issued_at: datetime | None = Field(default=None, sa_column=_at())
    created_at: datetime = Field(sa_column=_at(False))
    updated_at: datetime = Field(sa_column=_at(False))
    # Bumped by every change: a writer that read an older version changes nothing.
    version: int = 1


class DossierSupplement(SQLModel, table=True):
    """One request to complete the dossier (yêu cầu bổ sung) and, later, the citizen's answer."""

    __tablename__ = "dossier_supplement"

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    requested_at: datetime = Field(sa_column=_at(False))
    requested_by: int | None = Field(default=None, foreign_key="user.id")
    supplied_at: datetime | None = Field(default=None, sa_column=_at())
    due_before: datetime | None = Field(default=None, sa_column=_at())
    due_after: datetime | None = Field(default=None, sa_column=_at())
    note: str = Field(default="", max_length=500)


class DossierChange(SQLModel, table=True):
    """Audit: one changed field of one dossier. `changed_by` is the bot user, `source` says
    where the change came from ("import:<file>", "chat", "cli")."""

    __tablename__ = "dossier_change"

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    changed_at: datetime = Field(sa_column=_at(False))
    changed_by: int | None = Field(default=None, foreign_key="user.id")
    source: str = Field(default="", max_length=200)
    field: str = Field(max_length=32)
    old_value: str | None = Field(default=None, max_length=1000)
    new_value: str | None = Field(default=None, max_length=1000)


class DossierUpload(SQLModel, table=True):
    """An export sent in chat, kept between the preview and the confirmation (then deleted).

    In the database rather than DATA_DIR so the confirmation works in any bot process."""

    __tablename__ = "dossier_upload"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    user_id: int = Field(foreign_key="user.id", index=True)
    filename: str = Field(max_length=255)
    content: bytes = Field(sa_column=Column(LargeBinary(), nullable=False))
    created_at: datetime = Field(sa_column=_at(False))


class DossierSubscription(SQLModel, table=True):
    """A citizen who asked to be told when a dossier is finished or gets a new date.

    `due_seen` is the appointment the citizen was shown when subscribing: a later date is
    news, the one they already know is not."""

    __tablename__ = "dossier_subscription"
    __table_args__ = (UniqueConstraint("dossier_id", "user_id", name="uq_dossier_subscription"),)

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id")
    user_id: int = Field(foreign_key="user.id", index=True)
    due_seen: datetime | None = Field(default=None, sa_column=_at())
    created_at: datetime = Field(sa_column=_at(False))
