"""Taking due rows to send, and recording what happened to them, in batches.

Claim: one statement takes up to `limit` due rows, most urgent first (`kinds.py`), for
`lease`; on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so two processes claiming at once take
different rows instead of waiting; on SQLite the single UPDATE is atomic (one writer at a
time). A row is taken only if it is the head of its chat — no other row of the same chat is
in flight or due before it — so one chat never has two messages on the way at once, even
across processes. A claim expires at `claimed_until`; compared with `<=`, so a retry waits
exactly its delay whatever the tick.

Flush: one transaction records a batch of outcomes — sent, failed (retried later with a
growing delay, or given up for good after `max_attempts` or at once when the channel can
never take it), delayed by the channel (a 429: that chat only, no attempt counted), or
released unsent (a process stopping). Sending a chat's message pushes its next one
`chat_interval` later.

Delivery is at least once: a process killed after the channel took a message and before the
flush recording it lets that message go out again when its claim expires. The window is one
batch of sends (`OUTBOX_BATCH_SIZE`); a process that is stopped (not killed) flushes first
and releases what it had not sent, so nothing is sent twice.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    or_,
    select,
    tuple_,
    type_coerce,
    update,
)

from bot.core.messages import Choice, Recipient
from bot.core.outbox.rows import Due, decode, table
from models.types import UTCDateTime

# Channels the bot has code for. A row for any other can never be sent: it fails at once.
KNOWN_CHANNELS = frozenset({"console", "telegram", "zalo"})
_c = table.c


@dataclass(frozen=True)
class Sent:
    id: int
    recipient: Recipient
    at: datetime


@dataclass(frozen=True)
class Failed:
    id: int
    attempts: int  # before this one
    error: str
    permanent: bool = False


@dataclass(frozen=True)
class Limited:
    """The channel asked to wait before writing to this chat again."""

    id: int
    recipient: Recipient
    until: datetime


@dataclass(frozen=True)
class Released:
    id: int


Outcome = Sent | Failed | Limited | Released


def _pending(t: Any = table) -> Any:
    return and_(t.c.sent_at.is_(None), t.c.failed_at.is_(None))


def _ours(channels: Collection[str]) -> Any:
    """Rows this process sends, plus rows of channels nobody can send (to fail them)."""
    return or_(_c.channel.in_(sorted(channels)), _c.channel.not_in(sorted(KNOWN_CHANNELS)))


def claim(connection: Connection, *, now: datetime, worker: str, lease: timedelta,
          limit: int, channels: Collection[str]) -> list[Due]:
    """Take up to `limit` due rows until `now + lease`; nobody else gets them meanwhile."""
    other = table.alias("other")
    # A per-row lookup, not a join: with LIMIT 1 PostgreSQL cannot flatten it into an anti
    # join over every pending row; each candidate probes ix_notification_chat instead.
    chat_busy = select(other.c.id).where(
        other.c.channel == _c.channel, other.c.address == _c.address, _pending(other),
        other.c.id != _c.id,
        or_(other.c.claimed_until > now,
            and_(other.c.due_at <= now,
                 tuple_(other.c.priority, other.c.due_at, other.c.id)
                 < tuple_(_c.priority, _c.due_at, _c.id))),
    ).limit(1).scalar_subquery()
    picked = (
        select(_c.id)
        .where(_pending(), _c.due_at <= now,
               or_(_c.claimed_until.is_(None), _c.claimed_until <= now),
               _ours(channels), chat_busy.is_(None))
        .order_by(_c.priority, _c.due_at, _c.id)
        .limit(limit)
    )
    if connection.dialect.name == "postgresql":
        # Row locks: a second process skips what the first is claiming instead of waiting.
        picked = picked.with_for_update(skip_locked=True, of=table)
    chosen = picked.cte("picked")
    rows = list(connection.execute(
        update(table)
        .where(_c.id.in_(select(chosen.c.id)))
        .values(claimed_by=worker, claimed_until=now + lease)
        .returning(_c.id, _c.channel, _c.address, _c.template, _c.context, _c.choices,
                   _c.attempts, _c.kind, _c.priority, _c.due_at)
    ))
    rows.sort(key=lambda r: (r.priority, r.due_at, r.id))
    return [
        Due(row.id, Recipient(row.channel, row.address), row.template, decode(row.context),
            tuple(Choice(label, payload) for label, payload in row.choices or ()),
            row.attempts, row.kind)
        for row in rows
    ]


def retry_delay(attempts: int) -> timedelta:
    """After the n-th failed attempt: 2, 4, 8, 16… minutes."""
    return timedelta(minutes=2**attempts)


def _execute(connection: Connection, statement: Any, params: Sequence[dict[str, Any]]) -> None:
    if params:
        connection.execute(statement, list(params))


def flush(connection: Connection, outcomes: Sequence[Outcome], *, worker: str, now: datetime,
          max_attempts: int, chat_intervals: Mapping[str, timedelta]) -> None:
    """Record a batch of outcomes: a handful of statements, however many rows."""
    mine = and_(_c.id == bindparam("row"), _c.claimed_by == worker)
    sent = [o for o in outcomes if isinstance(o, Sent)]
    _execute(connection, update(table).where(mine).values(sent_at=bindparam("at")),
             [{"row": o.id, "at": o.at} for o in sent])

    gave_up, later, released = [], [], []
    for o in outcomes:
        if isinstance(o, Failed):
            attempts = o.attempts + 1
            if o.permanent or attempts >= max_attempts:
                gave_up.append({"row": o.id, "n": attempts, "error": o.error[:500]})
            else:
                later.append({"row": o.id, "n": attempts, "error": o.error[:500],
                              "due": now + retry_delay(attempts)})
        elif isinstance(o, Released | Limited):
            released.append({"row": o.id})
    _execute(connection, update(table).where(mine).values(
        attempts=bindparam("n"), last_error=bindparam("error"), failed_at=now,
        claimed_until=None), gave_up)
    _execute(connection, update(table).where(mine).values(
        attempts=bindparam("n"), last_error=bindparam("error"), due_at=bindparam("due"),
        claimed_by=None, claimed_until=None), later)
    _execute(connection, update(table).where(mine).values(claimed_by=None, claimed_until=None),
             released)

    # A chat's next message waits: the channel's per-chat interval, or what a 429 asked for.
    push: dict[tuple[str, str], datetime] = {}
    for o in sent:
        interval = chat_intervals.get(o.recipient.channel)
        if interval:
            push[(o.recipient.channel, o.recipient.address)] = o.at + interval
    for o in outcomes:
        if isinstance(o, Limited):
            chat = (o.recipient.channel, o.recipient.address)
            push[chat] = max(push.get(chat, o.until), o.until)
    _execute(connection, update(table).where(
        _c.channel == bindparam("ch"), _c.address == bindparam("addr"), _pending(),
        _c.due_at < bindparam("until", type_=UTCDateTime()),
    ).values(due_at=bindparam("until", type_=UTCDateTime())),
        [{"ch": ch, "addr": addr, "until": until} for (ch, addr), until in push.items()])


@dataclass(frozen=True)
class Backlog:
    waiting: bool  # any row of ours still to send, claimed or not
    held: bool  # a due row nobody could claim just now (in flight, or its chat is busy)
    next_due: datetime | None  # the earliest due time still ahead of `now`


def backlog(connection: Connection, *, now: datetime, channels: Collection[str]) -> Backlog:
    """What an idle delivery loop needs to know to sleep the right time (one statement, two
    walks of ix_notification_due)."""

    def earliest(*where: Any) -> Any:
        found = (select(_c.due_at).where(_pending(), _ours(channels), *where)
                 .order_by(_c.due_at).limit(1).scalar_subquery())
        return type_coerce(found, UTCDateTime())

    first, ahead = connection.execute(select(earliest(), earliest(_c.due_at > now))).one()
    return Backlog(waiting=first is not None, held=first is not None and first <= now,
                   next_due=ahead)


def fail_unknown(due: Due, channels: Collection[str]) -> Failed | None:
    """A row for a channel the bot has no code for fails now, saying so."""
    if due.recipient.channel in channels or due.recipient.channel in KNOWN_CHANNELS:
        return None
    return Failed(due.id, due.attempts, f"unknown channel {due.recipient.channel!r}",
                  permanent=True)

