"""A period's feedback and satisfaction figures from the tickets citizens sent by chat.

A unit keeps feedback in the bot once it has received a ticket before the period ends;
then every sector's feedback figures come from the tickets (zero where none) and the daily
reports' `pakn`, `rhl`, `hl`, `khl` are not used for it (`Source.FEEDBACK`). Per sector
(the ticket's, else the commune's own desk, as register.py does), in one statement:

- feedback: tickets received within the period;
- feedback_on_time / feedback_late: of those, handled (answered, or refused as not within
  scope with the reason) by / after their answer deadline, as of the period's end;
- feedback_pending: tickets received before the period ends and not handled by then;
- very_satisfied / satisfied / unsatisfied: ratings given within the period.

Counting handled tickets among those received in the period keeps the QĐ 766 rate
(on time over received) within 100 %; that choice is ours.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, and_, case, exists, func, or_, select

from models import FeedbackTicket

_t = FeedbackTicket.__table__  # type: ignore[attr-defined]
FEEDBACK_FIELDS = ("feedback", "feedback_on_time", "feedback_late", "feedback_pending",
                   "very_satisfied", "satisfied", "unsatisfied")


def _count(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def feedback_figures(connection: Connection, unit_id: int, home: str, start: dt.datetime,
                     end: dt.datetime) -> dict[str, dict[str, int]] | None:
    """Per sector, the feedback fields for [start, end); None when the unit keeps no tickets
    (then the daily reports' figures stand)."""
    unit = _t.c.unit_id == unit_id
    kept = connection.scalar(select(exists().where(unit, _t.c.received_at < end)))
    if not kept:
        return None
    sector = func.coalesce(_t.c.sector, home).label("sector")
    received = and_(_t.c.received_at >= start, _t.c.received_at < end)
    handled = and_(_t.c.answered_at.isnot(None), _t.c.answered_at < end)
    rated = and_(_t.c.rated_at >= start, _t.c.rated_at < end)
    rows = connection.execute(
        select(sector,
               _count(received),
               _count(and_(received, handled, _t.c.answered_at <= _t.c.due_at)),
               _count(and_(received, handled, _t.c.answered_at > _t.c.due_at)),
               _count(~handled),
               _count(and_(rated, _t.c.rating == "very_satisfied")),
               _count(and_(rated, _t.c.rating == "satisfied")),
               _count(and_(rated, _t.c.rating == "unsatisfied")))
        .where(unit, or_(_t.c.received_at < end, rated))
        .group_by(sector)).all()
    return {row.sector: dict(zip(FEEDBACK_FIELDS, (int(v) for v in row[1:]), strict=True))
            for row in rows}
