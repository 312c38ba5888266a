"""One send rate per channel, shared by every process through one database row.

Telegram takes about 30 messages a second from a bot, and at most about one a second in one
chat. Two bot processes each sending "30 a second" would send 60, so the rate lives in the
database: `send_pace.next_us` is the next free send slot of the channel. A process about to
send n messages reserves n consecutive slots in one atomic upsert — the row lock serialises
reservations, so no two processes ever get the same slot — and sends each message no
earlier than its slot. Slots are spaced `interval_us` apart (rounded up, so any one-second
window holds at most `per_second` of them), never bunched: a quiet minute earns no burst.
A process that sends late (slow network, busy loop) only makes the channel quieter.

The per-chat limit is kept by the claim (one message of a chat in flight at a time) and by
pushing a chat's next message `chat_interval` after the last one was sent (`claims.flush`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, case
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from models import SendPace

_pace = SendPace.__table__  # type: ignore[attr-defined]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Pace:
    """How fast a channel takes messages: overall, and within one chat."""

    per_second: float
    chat_interval: timedelta = timedelta(seconds=1)

    @property
    def interval_us(self) -> int:
        return math.ceil(1_000_000 / self.per_second)


def to_us(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def from_us(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def reserve(connection: Connection, channel: str, count: int, now: datetime,
            pace: Pace) -> list[datetime]:
    """`count` send slots of `channel`, the first no earlier than `now`, shared by all."""
    if count <= 0:
        return []
    step = pace.interval_us
    now_us = to_us(now)
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(_pace).values(channel=channel, next_us=now_us + count * step)
        .on_conflict_do_update(
            index_elements=["channel"],
            set_={"next_us": case((_pace.c.next_us > now_us, _pace.c.next_us), else_=now_us)
                  + count * step},
        )
        .returning(_pace.c.next_us)
    )
    end = int(connection.execute(statement).scalar_one())
    first = end - count * step
    return [from_us(first + i * step) for i in range(count)]
