"""Zalo Official Account state shared by every bot process: the OA's tokens, and each
Zalo user's messaging window (bot/channels/zalo_tokens.py, bot/channels/zalo_window.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime


class ZaloToken(SQLModel, table=True):
    """The OA's access token and its single-use refresh token: one row (id 1).

    Refreshing burns the refresh token, so the row is locked while one process refreshes
    (SELECT … FOR UPDATE on PostgreSQL, the write lock on SQLite); the others wait and then
    read the new pair. A failed refresh leaves the old pair and says why in `last_error`.
    """

    __tablename__ = "zalo_token"

    id: int = Field(default=1, primary_key=True)
    access_token: str = Field(default="", sa_column=Column(Text, nullable=False,
                                                            server_default=""))
    refresh_token: str = Field(default="", sa_column=Column(Text, nullable=False,
                                                             server_default=""))
    expires_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    refreshed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    failed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    last_error: str = Field(default="", max_length=500)


class ZaloContact(SQLModel, table=True):
    """When a Zalo user last wrote to the OA and how many messages the OA sent since:
    Zalo lets an OA answer a fixed number of messages within a window after the user's
    last message (bot/channels/zalo_window.py)."""

    __tablename__ = "zalo_contact"

    address: str = Field(primary_key=True, max_length=128)
    last_inbound_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    sent_since: int = Field(default=0)
