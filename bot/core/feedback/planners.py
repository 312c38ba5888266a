"""Feedback deadlines as planners in the outbox's "units due" loop (outbox/planning.py).

Both run at FEEDBACK_WARN_AT, unit-local, on working days only (a day off warns nobody and
leaves no mark), each as one INSERT … SELECT over the open tickets of a time zone's units
(the partial index `ix_feedback_open_due`), and each tells a ticket once, ever:

- `FeedbackWarning` (kind `feedback`): an open ticket whose answer is due by the end of the
  FEEDBACK_WARN_DAYS-th working day from today (overdue included) goes to its assignee, or
  to all staff of the unit while nobody has taken it. Key `feedback_warn:<ticket>:<user>`.
- `FeedbackEscalation` (kind `feedback_escalate`): an open ticket still unanswered when its
  deadline is at most FEEDBACK_ESCALATE_DAYS working days away goes to each lead of the
  unit, before the deadline, and its `escalated_at` and an `escalate` audit row are written
  in the same transaction. Key `feedback_escalate:<ticket>:<lead>`.

The horizons (2 and 1 working days) are our choice, so the desk hears first and the lead
still has a working day to act. The warning goes to all staff rather than the sector's:
the new-ticket message already went to the sector (relay.py); an untaken ticket near its
deadline is everyone's concern.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Connection,
    and_,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)

from bot.core.feedback.model import OPEN_STATES, Move
from bot.core.feedback.relay import STAFF_PAYLOAD
from bot.core.feedback.store import OPEN
from bot.core.labels import label
from bot.core.outbox import insert_planned
from bot.core.outbox.keys import key as _key
from bot.core.outbox.keys import text as _text
from bot.core.outbox.planning import Slot
from bot.core.outbox.sqljson import JsonSql
from models import FeedbackAction, FeedbackTicket, Role, Unit, User

WINDOW = dt.timedelta(hours=4)
_t = FeedbackTicket.__table__  # type: ignore[attr-defined]
_a = FeedbackAction.__table__  # type: ignore[attr-defined]
_units = Unit.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]


def _before(slot: Slot, days: int) -> dt.datetime:
    """Midnight after the `days`-th working day from the slot's day, in its zone."""
    last = slot.calendar.add_working_days(slot.day, days)
    return dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0),
                               tzinfo=ZoneInfo(slot.timezone))


def _due(slot: Slot, days: int) -> Any:
    return and_(_units.c.timezone == slot.timezone, OPEN, _t.c.due_at < _before(slot, days))


def _context(sql: JsonSql, slot: Slot, stage: str) -> Any:
    return sql.object(code=_t.c.code, topic=_t.c.topic, due=_t.c.due_at, unit=_units.c.name,
                      tz=_text(slot.timezone), stage=_text(stage),
                      taken=_t.c.assignee_id.isnot(None))


def _view_button(sql: JsonSql) -> Any:
    pair = (func.json_build_array if sql.postgres else func.json_array)(
        _text(label("feedback_view")), _key(f"{STAFF_PAYLOAD}:view:", _t.c.id))
    return (func.json_build_array if sql.postgres else func.json_array)(pair)


@dataclass(frozen=True)
class FeedbackWarning:
    at: dt.time
    days: int = 2
    window: dt.timedelta = WINDOW
    kind: str = "feedback"
    working_days_only: bool = True

    def plan(self, connection: Connection, slot: Slot) -> int:
        sql = JsonSql(connection.dialect.name)
        person = _users.alias("person")
        told = or_(person.c.id == _t.c.assignee_id,
                   and_(_t.c.assignee_id.is_(None), person.c.role == Role.STAFF.value))
        rows = select(
            _key("feedback_warn:", _t.c.id, ":", person.c.id).label("key"),
            person.c.channel.label("channel"), person.c.address.label("address"),
            _text("feedback/staff_warning").label("template"),
            _context(sql, slot, "warning").label("context"),
            _t.c.unit_id.label("unit_id"), _view_button(sql).label("choices"),
        ).select_from(_units.join(_t, _t.c.unit_id == _units.c.id)
                      .join(person, and_(person.c.unit_id == _t.c.unit_id, told))
                      ).where(_due(slot, self.days))
        return insert_planned(connection, rows, kind=self.kind, now=slot.now)


@dataclass(frozen=True)
class FeedbackEscalation:
    at: dt.time
    days: int = 1
    window: dt.timedelta = WINDOW
    kind: str = "feedback_escalate"
    working_days_only: bool = True

    def plan(self, connection: Connection, slot: Slot) -> int:
        sql = JsonSql(connection.dialect.name)
        lead = _users.alias("lead")
        rows = select(
            _key("feedback_escalate:", _t.c.id, ":", lead.c.id).label("key"),
            lead.c.channel.label("channel"), lead.c.address.label("address"),
            _text("feedback/lead_escalation").label("template"),
            _context(sql, slot, "escalation").label("context"),
            _t.c.unit_id.label("unit_id"), _view_button(sql).label("choices"),
        ).select_from(_units.join(_t, _t.c.unit_id == _units.c.id)
                      .join(lead, and_(lead.c.unit_id == _t.c.unit_id,
                                       lead.c.role == Role.LEAD.value))
                      ).where(_due(slot, self.days))
        added = insert_planned(connection, rows, kind=self.kind, now=slot.now)
        # Recorded on the ticket once, with its audit row (by the bot: `by` is NULL).
        # An alias, so the subquery is not correlated with the UPDATE's own table.
        mark = _t.alias("mark")
        first = (select(mark.c.id).select_from(_units.join(mark, mark.c.unit_id == _units.c.id))
                 .where(_units.c.timezone == slot.timezone,
                        mark.c.status.in_([s.value for s in OPEN_STATES]),
                        mark.c.due_at < _before(slot, self.days), mark.c.escalated_at.is_(None))
                 .scalar_subquery())
        connection.execute(insert(_a).from_select(
            ["ticket_id", "at", "action", "status_before", "status_after", "detail"],
            select(_t.c.id, literal(slot.now, _a.c.at.type), _text(Move.ESCALATE.value),
                   _t.c.status, _t.c.status, _text("")).where(_t.c.id.in_(first))))
        connection.execute(update(_t).where(_t.c.id.in_(first)).values(escalated_at=slot.now))
        return added
