"""What staff, leads and citizens do to a ticket: each move checked against the state
model, written with a version guard, and audited (who, when, what) in the same transaction.

A move returns the ticket as it now is, or a `Refusal` saying why nothing changed. The
messages that follow a move (the answer to the citizen, a forwarded ticket to its new
sector) are scheduled by relay.py in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, update

from bot.core.calendar import WorkingCalendar
from bot.core.feedback import store
from bot.core.feedback.model import Move, Rating, Timers, extended, next_state
from bot.core.feedback.store import Ticket
from models import FeedbackTicket

_t = FeedbackTicket.__table__  # type: ignore[attr-defined]


class Refusal(StrEnum):
    NOT_ALLOWED = "not_allowed"  # the state model does not allow it now
    CHANGED = "changed"  # someone else changed the ticket meanwhile
    ALREADY_EXTENDED = "already_extended"
    TOO_LATE_TO_REFUSE = "too_late_to_refuse"
    TOO_LATE_TO_ASK = "too_late_to_ask"
    NOT_OWNER = "not_owner"


def _move(connection: Connection, ticket: Ticket, move: Move, by: int | None,
          now: dt.datetime, detail: str = "", **values: Any) -> Ticket | Refusal:
    after = next_state(ticket.status, move)
    if after is None:
        return Refusal.NOT_ALLOWED
    done = connection.execute(
        update(_t).where(_t.c.id == ticket.id, _t.c.version == ticket.version)
        .values(status=after.value, version=ticket.version + 1, **values)
        .returning(_t.c.id)).first()
    if done is None:
        return Refusal.CHANGED
    store.audit(connection, ticket.id, move, by, now, ticket.status, after.value, detail)
    found = store.get(connection, ticket.id)
    assert found is not None
    return found


def take(connection: Connection, ticket: Ticket, by: int, now: dt.datetime
         ) -> Ticket | Refusal:
    return _move(connection, ticket, Move.TAKE, by, now, assignee_id=by)


def forward(connection: Connection, ticket: Ticket, by: int, now: dt.datetime,
            sector: str) -> Ticket | Refusal:
    """To another sector's staff: back to waiting, nobody assigned."""
    return _move(connection, ticket, Move.FORWARD, by, now, sector, sector=sector,
                 assignee_id=None)


def reply(connection: Connection, ticket: Ticket, by: int, now: dt.datetime,
          answer: str) -> Ticket | Refusal:
    return _move(connection, ticket, Move.REPLY, by, now, answer=answer, answered_at=now,
                 answered_by=by, assignee_id=ticket.assignee_id or by)


def refuse(connection: Connection, ticket: Ticket, by: int, now: dt.datetime,
           reason: str) -> Ticket | Refusal:
    """Not within scope, with the reason; only until the refusal deadline (model.py)."""
    if ticket.is_open and now > ticket.refuse_by:
        return Refusal.TOO_LATE_TO_REFUSE
    return _move(connection, ticket, Move.REFUSE, by, now, reason, refusal_reason=reason,
                 answered_at=now, answered_by=by)


def extend(connection: Connection, ticket: Ticket, by: int, now: dt.datetime, reason: str,
           timers: Timers, calendar: WorkingCalendar, tz: dt.tzinfo) -> Ticket | Refusal:
    if ticket.extended_at is not None:
        return Refusal.ALREADY_EXTENDED
    due = extended(ticket.due_at, timers, calendar, tz)
    return _move(connection, ticket, Move.EXTEND, by, now, reason, due_at=due,
                 extended_at=now, extension_reason=reason)


def ask(connection: Connection, ticket: Ticket, by: int, now: dt.datetime, question: str,
        until: dt.datetime) -> Ticket | Refusal:
    """Ask the citizen for more information, until `until` (model.ask_by)."""
    if now > until:
        return Refusal.TOO_LATE_TO_ASK
    return _move(connection, ticket, Move.ASK, by, now, question, question=question,
                 assignee_id=ticket.assignee_id or by)


def supply(connection: Connection, ticket: Ticket, by: int, now: dt.datetime, text: str
           ) -> Ticket | Refusal:
    """The citizen's answer to the question, added to what they wrote before."""
    if ticket.user_id != by:
        return Refusal.NOT_OWNER
    if not ticket.question:
        return Refusal.NOT_ALLOWED
    added = f"{ticket.more_info}\n{text}".strip()[:4000]
    return _move(connection, ticket, Move.SUPPLY, by, now, more_info=added)


def rate(connection: Connection, ticket: Ticket, by: int, now: dt.datetime, rating: Rating,
         comment: str = "") -> Ticket | Refusal:
    """Only the citizen who sent the ticket rates it, once: it is closed after."""
    if ticket.user_id != by:
        return Refusal.NOT_OWNER
    return _move(connection, ticket, Move.RATE, by, now, rating.value, rating=rating.value,
                 rating_comment=comment, rated_at=now, closed_at=now)


def comment(connection: Connection, ticket: Ticket, by: int, now: dt.datetime,
            text: str) -> Ticket | Refusal:
    """The optional comment after a rating: kept on the closed ticket, audited."""
    if ticket.user_id != by:
        return Refusal.NOT_OWNER
    done = connection.execute(
        update(_t).where(_t.c.id == ticket.id, _t.c.version == ticket.version)
        .values(rating_comment=text, version=ticket.version + 1).returning(_t.c.id)).first()
    if done is None:
        return Refusal.CHANGED
    store.audit(connection, ticket.id, Move.RATE, by, now, ticket.status, ticket.status,
                "comment")
    found = store.get(connection, ticket.id)
    assert found is not None
    return found


def reopen(connection: Connection, ticket: Ticket, by: int, now: dt.datetime
           ) -> Ticket | Refusal:
    """A lead sends a handled ticket back to be answered again (the old answer stays in
    the audit; the rating is cleared)."""
    return _move(connection, ticket, Move.REOPEN, by, now, assignee_id=ticket.assignee_id,
                 answered_at=None, rating=None, rated_at=None, closed_at=None)


def hide(connection: Connection, ticket: Ticket, by: int, now: dt.datetime
         ) -> Ticket | Refusal:
    """Abusive content hidden from staff views; the row keeps it (never deleted)."""
    if ticket.hidden:
        return Refusal.NOT_ALLOWED
    return _move(connection, ticket, Move.HIDE, by, now, hidden_at=now, hidden_by=by)
