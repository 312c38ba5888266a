"""Counters of a rate limit (bot/core/limits.py), in the database so every bot process sees
the same count."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime


class RateCount(SQLModel, table=True):
    """What `subject` (e.g. "dossier_lookup") counted for `key` (e.g. a user id) in the
    fixed window that starts at `window_start`."""

    __tablename__ = "rate_count"
    # Pruning deletes every subject's old windows by this (limits.py).
    __table_args__ = (Index("ix_rate_count_window", "window_start"),)

    subject: str = Field(primary_key=True, max_length=32)
    key: str = Field(primary_key=True, max_length=128)
    window_start: datetime = Field(sa_column=Column(UTCDateTime(), primary_key=True))
    count: int = 0
