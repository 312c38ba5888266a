"""What the citizen's and the staff's feedback handlers share: timers, limits, a ticket as
template values (what each side may see), the unit's calendar."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.calendar import WorkingCalendar
from bot.core.calendar_service import working_calendar
from bot.core.dossiers.codes import mask_phone
from bot.core.feedback.model import Timers
from bot.core.feedback.store import Ticket
from bot.core.limits import Limit, Limiter
from handlers.base import Turn

DAY = timedelta(days=1)
TICKETS, RATINGS = "feedback_ticket", "feedback_rating"


def timers(turn: Turn) -> Timers:
    s = turn.services.settings
    return Timers(s.feedback_refuse_days, s.feedback_answer_days, s.feedback_extend_days,
                  s.feedback_ask_days)


def calendar(turn: Turn) -> WorkingCalendar:
    return working_calendar(turn.connection)


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def ticket_limiter(turn: Turn) -> Limiter:
    return Limiter(Limit(TICKETS, turn.services.settings.feedback_daily_limit, DAY))


def rating_limiter(turn: Turn) -> Limiter:
    return Limiter(Limit(RATINGS, turn.services.settings.feedback_rating_daily_limit, DAY))


def citizen_view(ticket: Ticket, tz: str) -> dict[str, Any]:
    """The citizen's own ticket: everything they wrote and what the unit answered."""
    return {"code": ticket.code, "topic": ticket.topic, "subject": ticket.subject,
            "question": ticket.question, "more_info": ticket.more_info,
            "content": ticket.content, "status": ticket.status, "received": ticket.received_at,
            "due": ticket.due_at, "extended": ticket.extended_at is not None,
            "extension_reason": ticket.extension_reason, "answer": ticket.answer,
            "answered": ticket.answered_at, "reason": ticket.refusal_reason,
            "rating": ticket.rating, "comment": ticket.rating_comment, "tz": tz}


def staff_view(ticket: Ticket, tz: str, *, full_contact: bool) -> dict[str, Any]:
    """The ticket as staff see it: the contact only when the citizen agreed (masked in
    lists), hidden content replaced by a note."""
    contact = ticket.contact if ticket.contact_ok else ""
    if contact and not full_contact:
        contact = mask_phone(contact) or "***"
    return {**citizen_view(ticket, tz), "content": "" if ticket.hidden else ticket.content,
            "comment": "" if ticket.hidden else ticket.rating_comment,
            "hidden": ticket.hidden, "contact_ok": ticket.contact_ok, "contact": contact,
            "refuse_by": ticket.refuse_by, "taken": ticket.assignee_id is not None,
            "sector": ticket.sector or ""}
