"""A period's figures from the dossier register, per sector, in three aggregate statements.

A sector's figures come from the register when the register holds at least one of its
dossiers received before the period ends; a dossier whose sector text matched none of the
unit's sectors counts under the commune's own desk (our choice; the summary says so).

- received: `received_at` within the period, split by channel (online, by post, in person;
  a dossier with no channel counts as in person).
- resolved: a final status (resolved, returned, withdrawn) whose closing moment is within
  the period. The closing moment is `resolved_at`, or else the last status change in the
  audit (`dossier_change`), or else the row's last update. Early / on time / late compare
  the unit's local day of closing with the local day of `due_at` (Biểu 06: before, on, after
  the appointed day); withdrawn and returned count as on time; no due date counts as on time.
- pending at a moment: received before it and not closed by it; overdue when `due_at` is
  before it. The due date is the dossier's current one (an extension granted after the
  period moves it): the register keeps no history of due dates apart from the audit.
- supplements: requests made within the period; repeated: dossiers closed within the period
  after more than one request (QĐ 766 counts those late).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Select,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

from models import Dossier, DossierChange, DossierSupplement
from models.dossier import DossierStatus
from models.types import UTCDateTime

_d = Dossier.__table__  # type: ignore[attr-defined]
_c = DossierChange.__table__  # type: ignore[attr-defined]
_s = DossierSupplement.__table__  # type: ignore[attr-defined]
FINAL = (DossierStatus.RESOLVED.value, DossierStatus.RETURNED.value,
         DossierStatus.WITHDRAWN.value)


@dataclass
class RegisterSector:
    fields: dict[str, int] = field(default_factory=dict)
    # local day -> (early + on time, resolved) for the weekly rate
    resolved_by_day: dict[dt.date, tuple[int, int]] = field(default_factory=dict)


def _local_day(dialect: str, column: ColumnElement[dt.datetime],
               minutes: int) -> ColumnElement[dt.date]:
    """The unit's local day of a UTC moment (the zones used have no daylight saving)."""
    if dialect == "sqlite":
        return func.date(column, f"{minutes:+d} minutes")
    shifted = func.timezone("UTC", column) + literal(dt.timedelta(minutes=minutes))
    return cast(shifted, Date)


def _closed_at() -> ColumnElement[dt.datetime]:
    audit = (select(func.max(_c.c.changed_at))
             .where(_c.c.dossier_id == _d.c.id, _c.c.field == "status").scalar_subquery())
    return case((_d.c.status.in_(FINAL), func.coalesce(_d.c.resolved_at, audit, _d.c.updated_at)))


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@lru_cache(maxsize=16)
def _statements(dialect: str, minutes: int) -> tuple[Select[Any], Select[Any], Select[Any]]:
    """Built once per database and UTC offset; parameters unit_id, home, start, end."""
    sector = func.coalesce(_d.c.sector, bindparam("home")).label("sector")
    closed = _closed_at()
    start = bindparam("start", type_=UTCDateTime())
    end = bindparam("end", type_=UTCDateTime())

    def open_at(moment: Any) -> ColumnElement[bool]:
        return and_(_d.c.received_at < moment, or_(closed.is_(None), closed >= moment))

    unit = _d.c.unit_id == bindparam("unit_id")
    stocks = (
        select(sector,
               _count(open_at(start)),
               _count(and_(open_at(end), or_(_d.c.due_at.is_(None), _d.c.due_at >= end))),
               _count(and_(open_at(end), _d.c.due_at < end)),
               _count(_d.c.received_at >= start),
               _count(and_(_d.c.received_at >= start, _d.c.channel == "online")),
               _count(and_(_d.c.received_at >= start, _d.c.channel == "postal")))
        .where(unit, _d.c.received_at < end)
        .group_by(sector))
    closed_day = _local_day(dialect, closed, minutes)
    due_day = _local_day(dialect, _d.c.due_at, minutes)
    kind = case(
        (_d.c.status == DossierStatus.WITHDRAWN.value, literal("withdrawn")),
        (_d.c.status == DossierStatus.RETURNED.value, literal("returned")),
        (_d.c.due_at.is_(None), literal("on_time")),
        (closed_day < due_day, literal("early")),
        (closed_day == due_day, literal("on_time")),
        else_=literal("late"))
    resolved = (
        select(sector, closed_day.label("day"), kind.label("kind"),
               func.count(), _count(_d.c.supplement_count > 1))
        .where(unit, _d.c.status.in_(FINAL), closed >= start, closed < end)
        .group_by(sector, closed_day, kind))
    supplements = (
        select(sector, func.count())
        .select_from(_s.join(_d, _d.c.id == _s.c.dossier_id))
        .where(unit, _s.c.requested_at >= start, _s.c.requested_at < end)
        .group_by(sector))
    return stocks, resolved, supplements


def register_figures(connection: Connection, unit_id: int, home: str, start: dt.datetime,
                     end: dt.datetime, offset: dt.timedelta) -> dict[str, RegisterSector]:
    """Per sector, the Figures fields the register gives for [start, end) (UTC moments of
    the period's first and day-after-last local midnight). Sectors absent: no register."""
    statements = _statements(connection.dialect.name, int(offset.total_seconds() // 60))
    params = {"unit_id": unit_id, "home": home, "start": start, "end": end}
    found: dict[str, RegisterSector] = defaultdict(RegisterSector)
    stocks = connection.execute(statements[0], params).all()
    for row in stocks:
        new, online, post = int(row[4]), int(row[5]), int(row[6])
        found[row.sector].fields.update(
            carried_over=int(row[1]), pending_in_time=int(row[2]), overdue=int(row[3]),
            online=online, post=post, in_person=new - online - post)

    resolved = connection.execute(statements[1], params).all()
    for row in resolved:
        target = found[row.sector]
        day = row.day if isinstance(row.day, dt.date) else dt.date.fromisoformat(str(row.day))
        number = int(row[3])
        key = "on_time" if row.kind in ("withdrawn", "returned") else str(row.kind)
        for name in {key, str(row.kind)}:
            target.fields[name] = target.fields.get(name, 0) + number
        target.fields["repeated_supplements"] = (target.fields.get("repeated_supplements", 0)
                                                 + int(row[4]))
        good, total = target.resolved_by_day.get(day, (0, 0))
        target.resolved_by_day[day] = (good + (number if key != "late" else 0), total + number)

    supplements = connection.execute(statements[2], params).all()
    for row in supplements:
        found[row.sector].fields["supplements"] = int(row[1])
    return dict(found)


def units_with_register(connection: Connection, unit_ids: Sequence[int]) -> set[int]:
    """The units holding any dossier: for the others `register_figures` is empty, so a
    province's roll-up asks only these."""
    if not unit_ids:
        return set()
    rows = connection.execute(select(_d.c.unit_id).where(_d.c.unit_id.in_(list(unit_ids)))
                              .group_by(_d.c.unit_id))
    return {row.unit_id for row in rows}


REGISTER_FIELDS = ("online", "post", "in_person", "carried_over", "early", "on_time", "late",
                   "withdrawn", "returned", "pending_in_time", "overdue", "supplements",
                   "repeated_supplements")
