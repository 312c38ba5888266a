"""Where a person is in a multi-step dialogue; kept in the DB so restarts lose nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, empty_dict, empty_list


class Conversation(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("channel", "address", name="uq_conversation_address"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    address: str = Field(max_length=128)
    flow: str | None = Field(default=None, max_length=64)
    step: str | None = Field(default=None, max_length=64)
    data: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON, nullable=False))
    # Payloads of the buttons last shown, so "2" typed in a channel without buttons works.
    choices: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON, nullable=False))
    # False while a form waits for a number, so "45" is a value, not button 45 ("#2" still is).
    choices_by_number: bool = True
    # Bumped whenever flow, step or data change; buttons that act on the dialogue carry it,
    # so a press on an older message is recognised and changes nothing.
    version: int = 0
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
