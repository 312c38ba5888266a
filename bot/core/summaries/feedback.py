"""A period's feedback and satisfaction figures from what citizens sent by chat: feedback
tickets (/phananh) and service ratings (/danhgia).

A unit keeps feedback in the bot once it has received a ticket or a rating before the
period ends; then every sector's feedback figures come from them (zero where none) and the
daily reports' `pakn`, `rhl`, `hl`, `khl` are not used for it (`Source.FEEDBACK`). Per
sector (the ticket's or the rated dossier's, else the commune's own desk, as register.py
does), in two statements:

- feedback: tickets received within the period;
- feedback_on_time / feedback_late: of those, handled (answered, or refused as not within
  scope with the reason) by / after their answer deadline, as of the period's end;
- feedback_pending: tickets received before the period ends and not handled by then;
- very_satisfied / satisfied / unsatisfied: ratings given within the period, at their
  current level: service ratings (of a dossier or of the center) and ratings of how a
  ticket was handled, together.

Our choices: counting handled tickets among those received in the period keeps the QĐ 766
rate (on time over received) within 100 %; the report form has one set of satisfaction
columns, so both kinds of rating go into it (QĐ 766 scores them apart: not split yet).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, and_, case, exists, func, or_, select

from models import Dossier, FeedbackTicket, ServiceRating

_t = FeedbackTicket.__table__  # type: ignore[attr-defined]
_r = ServiceRating.__table__  # type: ignore[attr-defined]
_d = Dossier.__table__  # type: ignore[attr-defined]
LEVELS = ("very_satisfied", "satisfied", "unsatisfied")
FEEDBACK_FIELDS = ("feedback", "feedback_on_time", "feedback_late", "feedback_pending",
                   "very_satisfied", "satisfied", "unsatisfied")


def _count(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def feedback_figures(connection: Connection, unit_id: int, home: str, start: dt.datetime,
                     end: dt.datetime) -> dict[str, dict[str, int]] | None:
    """Per sector, the feedback fields for [start, end); None when the unit keeps no tickets
    (then the daily reports' figures stand)."""
    unit = _t.c.unit_id == unit_id
    kept = connection.scalar(select(
        exists().where(unit, _t.c.received_at < end)
        | exists().where(_r.c.unit_id == unit_id, _r.c.created_at < end)))
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
    found: dict[str, dict[str, int]] = {
        row.sector: dict(zip(FEEDBACK_FIELDS, (int(v) for v in row[1:]), strict=True))
        for row in rows}
    rated_sector = func.coalesce(_d.c.sector, home).label("sector")
    service = connection.execute(
        select(rated_sector, _r.c.level, func.count())
        .select_from(_r.outerjoin(_d, _d.c.id == _r.c.dossier_id))
        .where(_r.c.unit_id == unit_id, _r.c.created_at >= start, _r.c.created_at < end)
        .group_by(rated_sector, _r.c.level)).all()
    for sector_code, level, number in service:
        if level in LEVELS:
            counts = found.setdefault(sector_code, dict.fromkeys(FEEDBACK_FIELDS, 0))
            counts[level] += int(number)
    return found
