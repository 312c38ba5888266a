"""Messages a ticket's moves send through the outbox, in the same transaction as the move.

- A new or forwarded ticket goes to the unit's staff holding its sector, else to all staff
  (a unit without staff: to its leads), with the staff buttons. Key
  `feedback_new:<ticket>:<user>:<version>`, so a forward reaches the new sector even if
  the same person heard of it before.
- The answer or the refusal goes to the citizen on their own channel, with the rating
  buttons. Key `feedback_answer:<ticket>:<version>`.

All rows are of kind `feedback` (kinds.py). Contact details never go into these rows: the
staff message names the ticket; the card shown on «Xem» decides what staff may see.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import Session

from bot.core.feedback.store import Ticket
from bot.core.labels import label
from bot.core.messages import Choice, Recipient
from bot.core.outbox import schedule
from models import Role, User

_u = User.__table__  # type: ignore[attr-defined]
KIND = "feedback"
STAFF_PAYLOAD = "pa"
RATE_PAYLOAD = "pa_rate"
MORE_PAYLOAD = "pa_more"
RATINGS = ("very_satisfied", "satisfied", "unsatisfied")


def staff_buttons(ticket: Ticket) -> tuple[Choice, ...]:
    return tuple(Choice(label(f"feedback_{action}"), f"{STAFF_PAYLOAD}:{action}:{ticket.id}")
                 for action in ("take", "reply", "ask", "forward", "refuse", "extend"))


def rating_buttons(ticket: Ticket) -> tuple[Choice, ...]:
    return tuple(Choice(label(f"rating_{level}"), f"{RATE_PAYLOAD}:{ticket.id}:{level}")
                 for level in RATINGS)


def desk_people(session: Session, unit_id: int, sector: str | None) -> list[Recipient]:
    """Staff of the sector, else all staff, else the leads of the unit."""
    rows = session.connection().execute(
        select(_u.c.channel, _u.c.address, _u.c.role, _u.c.sectors)
        .where(_u.c.unit_id == unit_id, _u.c.role.in_([Role.STAFF.value, Role.LEAD.value]))
        .order_by(_u.c.id)).all()
    staff = [r for r in rows if r.role == Role.STAFF.value]
    held = [r for r in staff if sector and sector in (r.sectors or [])]
    chosen = held or staff or [r for r in rows if r.role == Role.LEAD.value]
    return [Recipient(r.channel, r.address) for r in chosen]


def tell_desk(session: Session, ticket: Ticket, now: dt.datetime, unit_name: str,
              tz: str, news: str = "new") -> int:
    """A ticket that is new, forwarded, reopened or has more information from the citizen,
    to the people who handle it (its assignee for more information); how many were told."""
    told = 0
    people = desk_people(session, ticket.unit_id, ticket.sector)
    if news == "more_info" and ticket.assignee_id is not None:
        row = session.connection().execute(select(_u.c.channel, _u.c.address).where(
            _u.c.id == ticket.assignee_id)).first()
        people = [Recipient(row.channel, row.address)] if row else people
    for person in people:
        told += schedule(
            session, key=f"feedback_new:{ticket.id}:{person.channel}:{person.address}:"
                         f"{ticket.version}",
            recipient=person, template="feedback/staff_new",
            context={"code": ticket.code, "topic": ticket.topic, "subject": ticket.subject,
                     "content": "" if ticket.hidden else ticket.content[:600],
                     "due": ticket.due_at, "refuse_by": ticket.refuse_by,
                     "unit": unit_name, "tz": tz, "news": news,
                     "more_info": ticket.more_info[-600:]},
            due_at=now, now=now, choices=staff_buttons(ticket), kind=KIND,
            unit_id=ticket.unit_id)
    return told


def tell_citizen(session: Session, ticket: Ticket, now: dt.datetime, tz: str) -> bool:
    """The answer or the refusal, to the citizen's own chat, with the rating buttons; or
    staff's question, with the button to answer it."""
    row = session.connection().execute(
        select(_u.c.channel, _u.c.address).where(_u.c.id == ticket.user_id)).first()
    if row is None:
        return False
    return schedule(
        session, key=f"feedback_answer:{ticket.id}:{ticket.version}",
        recipient=Recipient(row.channel, row.address), template="feedback/citizen_answer",
        context={"code": ticket.code, "status": ticket.status, "answer": ticket.answer,
                 "reason": ticket.refusal_reason, "at": now, "tz": tz,
                 "on_time": ticket.on_time(), "question": ticket.question},
        due_at=now, now=now, kind=KIND,
        choices=(rating_buttons(ticket) if not ticket.is_open else
                 (Choice(label("feedback_more"), f"{MORE_PAYLOAD}:{ticket.id}"),)),
        unit_id=ticket.unit_id)
