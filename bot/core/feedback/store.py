"""Reading and creating feedback tickets; every write leaves a `feedback_action` row.

A ticket is read as a `Ticket` (plain values). Citizens reach a ticket only through
`owned_by` (their own); staff through `for_unit` (their unit's). The code is
PA-<year>-<id>, given once the row has its id: short to type, and guessing one shows
nothing, since each read checks who asks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, text, update

from bot.core.feedback.model import OPEN_STATES, Deadlines, Move, State
from models import FeedbackAction, FeedbackTicket
from models.feedback import FEEDBACK_OPEN_SQL

_t = FeedbackTicket.__table__  # type: ignore[attr-defined]
_a = FeedbackAction.__table__  # type: ignore[attr-defined]
CODE = re.compile(r"PA-?(\d{4})-?(\d{1,9})", re.IGNORECASE)
# As written in the partial index's predicate, which SQLite needs to use it (the tables a
# planner joins with have no `status` column, so the bare name is the ticket's).
OPEN = text(FEEDBACK_OPEN_SQL)


@dataclass(frozen=True)
class Ticket:
    id: int
    code: str
    unit_id: int
    user_id: int
    topic: str
    subject: str
    content: str
    contact_ok: bool
    contact: str
    sector: str | None
    status: str
    assignee_id: int | None
    received_at: dt.datetime
    refuse_by: dt.datetime
    due_at: dt.datetime
    extended_at: dt.datetime | None
    extension_reason: str
    question: str
    more_info: str
    answer: str
    answered_at: dt.datetime | None
    refusal_reason: str
    escalated_at: dt.datetime | None
    rating: str | None
    rating_comment: str
    hidden: bool
    version: int

    @property
    def is_open(self) -> bool:
        return self.status in {s.value for s in OPEN_STATES}

    def on_time(self) -> bool | None:
        """Handled (answered or refused) by its deadline; None while open."""
        if self.answered_at is None:
            return None
        return self.answered_at <= self.due_at


@dataclass(frozen=True)
class Draft:
    """What the citizen's guided form collected."""

    topic: str
    subject: str
    content: str
    contact_ok: bool
    contact: str


def _ticket(row: Any) -> Ticket:
    return Ticket(
        id=row.id, code=row.code or "", unit_id=row.unit_id, user_id=row.user_id,
        topic=row.topic, subject=row.subject, content=row.content, contact_ok=row.contact_ok,
        contact=row.contact if row.contact_ok else "", sector=row.sector, status=row.status,
        assignee_id=row.assignee_id, received_at=row.received_at, refuse_by=row.refuse_by,
        due_at=row.due_at, extended_at=row.extended_at,
        extension_reason=row.extension_reason, question=row.question,
        more_info=row.more_info, answer=row.answer,
        answered_at=row.answered_at, refusal_reason=row.refusal_reason,
        escalated_at=row.escalated_at, rating=row.rating, rating_comment=row.rating_comment,
        hidden=row.hidden_at is not None, version=row.version)


def code_of(ticket_id: int, received: dt.datetime) -> str:
    return f"PA-{received.year}-{ticket_id:05d}"


def parse_code(text: str) -> int | None:
    """'PA-2026-00012' (any case, dashes optional) -> 12; anything else None."""
    match = CODE.fullmatch(text.strip())
    return int(match.group(2)) if match else None


def audit(connection: Connection, ticket_id: int, move: Move, by: int | None,
          now: dt.datetime, before: str, after: str, detail: str = "") -> None:
    connection.execute(insert(_a).values(
        ticket_id=ticket_id, at=now, by=by, action=move.value, status_before=before,
        status_after=after, detail=detail[:500]))


def create(connection: Connection, unit_id: int, user_id: int, draft: Draft,
           sector: str | None, now: dt.datetime, due: Deadlines) -> Ticket:
    """A new ticket, waiting for assignment, with its code and its first audit row."""
    ticket_id = connection.execute(insert(_t).values(
        unit_id=unit_id, user_id=user_id, topic=draft.topic, subject=draft.subject[:200],
        content=draft.content, contact_ok=draft.contact_ok,
        contact=draft.contact[:100] if draft.contact_ok else "", sector=sector,
        status=State.WAITING.value, received_at=now, refuse_by=due.refuse_by,
        due_at=due.answer_by, extension_reason="", question="", more_info="", answer="",
        refusal_reason="",
        rating_comment="", version=1).returning(_t.c.id)).scalar_one()
    connection.execute(update(_t).where(_t.c.id == ticket_id)
                       .values(code=code_of(ticket_id, now)))
    audit(connection, ticket_id, Move.CREATE, user_id, now, "", State.WAITING.value)
    found = get(connection, ticket_id)
    assert found is not None
    return found


def get(connection: Connection, ticket_id: int) -> Ticket | None:
    row = connection.execute(select(_t).where(_t.c.id == ticket_id)).first()
    return _ticket(row) if row else None


def owned_by(connection: Connection, code: str, user_id: int) -> Ticket | None:
    """The citizen's own ticket by its code; another person's is as if it did not exist."""
    ticket_id = parse_code(code)
    if ticket_id is None:
        return None
    found = get(connection, ticket_id)
    return found if found and found.user_id == user_id else None


def for_unit(connection: Connection, ticket_id: int, unit_id: int) -> Ticket | None:
    found = get(connection, ticket_id)
    return found if found and found.unit_id == unit_id else None


def open_for_unit(connection: Connection, unit_id: int, limit: int = 20) -> list[Ticket]:
    """The unit's open tickets, earliest deadline first."""
    rows = connection.execute(select(_t).where(_t.c.unit_id == unit_id, OPEN)
                              .order_by(_t.c.due_at, _t.c.id).limit(limit))
    return [_ticket(row) for row in rows]


def mine(connection: Connection, user_id: int, limit: int = 5) -> list[Ticket]:
    """A citizen's latest tickets."""
    rows = connection.execute(select(_t).where(_t.c.user_id == user_id)
                              .order_by(_t.c.id.desc()).limit(limit))
    return [_ticket(row) for row in rows]


def history(connection: Connection, ticket_id: int) -> list[tuple[dt.datetime, int | None, str]]:
    """(when, who, action) of every action on a ticket, oldest first; the comment after a
    rating is audited as a rating with the detail "comment" and named so here."""
    rows = connection.execute(select(_a.c.at, _a.c.by, _a.c.action, _a.c.detail)
                              .where(_a.c.ticket_id == ticket_id).order_by(_a.c.id))
    return [(r.at, r.by, "comment" if r.detail == "comment" else r.action) for r in rows]
