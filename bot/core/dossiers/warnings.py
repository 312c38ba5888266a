"""Deadline warnings for open dossiers, as set-based planners in the outbox loop.

Four planners, each one INSERT … SELECT over every unit of a time zone (planning.py), on
working days only (a day off warns nobody and leaves no mark):

Dossiers waiting for the citizen's supplement are left out: their clock is stopped.

- `DeadlineWarning(stage="morning")` at DOSSIER_WARN_AT: each person (recipients.py) gets one
  message listing their open dossiers due up to the end of the DOSSIER_DUE_SOON_DAYS-th working
  day from today, overdue ones included, most urgent (earliest due) first, each marked
  overdue / due within 24 h / due soon. The first LIST_CAP are listed, the rest counted and
  left to /hoso; the first BUTTON_CAP carry buttons "resolved" (`hoso:done:<id>`) and
  "apology letter" (`xinloi:<id>`). Key `deadline:<user>:<day>`.
- `DeadlineWarning(stage="check")` at DOSSIER_CHECK_AT: the same for dossiers due today that
  are still open. Key `deadline_check:<user>:<day>`.
- `DeadlineDigest` at DOSSIER_WARN_AT: each lead gets the unit's counts per sector (overdue,
  due today, due soon) when there is any. Key `deadline_digest:<lead>:<day>`.
- `DeadlineEscalation` at DOSSIER_WARN_AT: an open dossier that was already overdue at the
  previous working morning's warning and has no change recorded (`dossier_change`) since its
  due time goes to each lead of its unit, once: key `deadline_escalate:<dossier>:<lead>`.

NĐ 118/2025/NĐ-CP (article numbers not verified here, as in actions.py) requires a dossier
that will be late to reach the desk at least one working day before its due date, so the
apology and new appointment can be made; warning DOSSIER_DUE_SOON_DAYS (default 2) working
days ahead leaves that day. The urgency marks, the caps and the escalation delay (one working
morning after the first overdue warning, so the assignee had a day to act) are our choices,
not the law's.

Urgency and the horizon are computed from the slot's `now` and the zone's calendar in Python
and passed as values, so the statement has no time-zone arithmetic and runs the same on
SQLite and PostgreSQL. Items carry their rank, because SQLite's json_group_array does not
promise an order (templates sort by it); buttons are aggregated from an ordered subquery.
The due rows are read once (a CTE); `bench/dossiers_scan.py` measures the statements.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Connection,
    Integer,
    and_,
    case,
    exists,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by

from bot.core.dossiers.recipients import RUNNING, due_dossiers, recipients
from bot.core.dossiers.store import OPEN
from bot.core.labels import label
from bot.core.outbox import insert_planned
from bot.core.outbox.keys import key as _key
from bot.core.outbox.keys import text as _text
from bot.core.outbox.planning import Slot
from bot.core.outbox.sqljson import JsonSql
from bot.core.reporting.elements import ElementSet
from models import Dossier, DossierChange, Role, Unit, User

WINDOW = dt.timedelta(hours=4)  # a bot down at 07:30 still warns until 11:30, not later
LIST_CAP = 10  # dossiers listed in one message; /hoso shows the rest
BUTTON_CAP = 3  # dossiers with their two buttons (six buttons stay readable on a phone)
DONE_PAYLOAD = "hoso:done:"
APOLOGY_PAYLOAD = "xinloi:"
VIEW_PAYLOAD = "hoso:view:"
DAY = dt.timedelta(hours=24)

_d = Dossier.__table__  # type: ignore[attr-defined]
_c = DossierChange.__table__  # type: ignore[attr-defined]
_units = Unit.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]


def _midnight(day: dt.date, zone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(zone))


def _ordered_array(sql: JsonSql, value: Any, *order: Any) -> Any:
    """json array aggregate in `order` on PostgreSQL; on SQLite in the source's order."""
    if sql.postgres:
        return func.json_agg(aggregate_order_by(value, *order))
    return func.json_group_array(value)


def _array(sql: JsonSql, *items: Any) -> Any:
    return func.json_build_array(*items) if sql.postgres else func.json_array(*items)


def urgency_of(due_at: dt.datetime | None, now: dt.datetime) -> str | None:
    """'overdue', 'day' (due within 24 hours), 'soon', or None without a due date; the
    planners compute the same in SQL (`urgency`), templates/dossiers/_urgency.j2 words it."""
    if due_at is None:
        return None
    if due_at < now:
        return "overdue"
    return "day" if due_at < now + DAY else "soon"


def urgency(due_at: Any, now: dt.datetime) -> Any:
    """`urgency_of` as a SQL expression over a due-time column."""
    return case((due_at < now, _text("overdue")),
                (due_at < now + DAY, _text("day")), else_=_text("soon"))


@dataclass(frozen=True)
class DeadlineWarning:
    """Each person's open dossiers due soon (morning) or due today (the afternoon check)."""

    at: dt.time
    stage: Literal["morning", "check"] = "morning"
    days: int = 2
    window: dt.timedelta = WINDOW
    working_days_only: bool = True

    @property
    def kind(self) -> str:
        return "deadline" if self.stage == "morning" else "deadline_check"

    def horizon(self, slot: Slot) -> tuple[dt.datetime | None, dt.datetime]:
        """[since, before): overdue and the next `days` working days, or today only."""
        if self.stage == "check":
            return (_midnight(slot.day, slot.timezone),
                    _midnight(slot.day + dt.timedelta(days=1), slot.timezone))
        last = slot.calendar.add_working_days(slot.day, self.days)
        return None, _midnight(last + dt.timedelta(days=1), slot.timezone)

    def plan(self, connection: Connection, slot: Slot) -> int:
        sql = JsonSql(connection.dialect.name)
        since, before = self.horizon(slot)
        due = due_dossiers(slot.timezone, before=before, since=since)
        people = recipients(sql, due, slot.timezone).subquery("people")
        mine = {"partition_by": people.c.user_id, "order_by": (people.c.due_at, people.c.id)}
        ranked = select(
            people.c.user_id, people.c.unit_id, people.c.id, people.c.due_at, people.c.code,
            people.c.procedure, func.row_number().over(**mine).label("rank"),
            func.count().over(partition_by=people.c.user_id).label("total"),
            func.sum(case((people.c.due_at < slot.now, 1), else_=0))
            .over(partition_by=people.c.user_id).label("overdue"),
        ).subquery("ranked")
        # Each listed dossier twice (b = 0, 1): once for the list and its first button, once
        # for its second button; one GROUP BY per person then builds the list and the buttons
        # (one aggregate, so no join between per-person results for the planner to misjudge).
        which = union_all(select(literal(0, Integer).label("b")),
                          select(literal(1, Integer).label("b"))).subquery("which")
        listed = (select(ranked, which.c.b).select_from(ranked.join(which, true()))
                  .where(ranked.c.rank <= LIST_CAP)
                  .order_by(ranked.c.user_id, ranked.c.rank, which.c.b).subquery("listed"))
        item = sql.object(id=listed.c.id, code=listed.c.code, procedure=listed.c.procedure,
                          due=listed.c.due_at, urgency=urgency(listed.c.due_at, slot.now),
                          rank=listed.c.rank)
        button = case(
            (listed.c.b == 0, _array(sql, _text(f"{label('warn_done')} ") + listed.c.code,
                                     _key(DONE_PAYLOAD, listed.c.id))),
            else_=_array(sql, _text(f"{label('warn_apology')} ") + listed.c.code,
                         _key(APOLOGY_PAYLOAD, listed.c.id)))
        per_person = select(
            listed.c.user_id, func.max(listed.c.unit_id).label("unit_id"),
            func.max(listed.c.total).label("total"), func.max(listed.c.overdue).label("overdue"),
            _ordered_array(sql, item, listed.c.rank).filter(listed.c.b == 0).label("items"),
            _ordered_array(sql, button, listed.c.rank, listed.c.b)
            .filter(listed.c.rank <= BUTTON_CAP).label("choices"),
        ).group_by(listed.c.user_id).subquery("per_person")
        day = slot.day.isoformat()
        rows = select(
            _key(f"{self.kind}:", per_person.c.user_id, f":{day}").label("key"),
            _users.c.channel.label("channel"), _users.c.address.label("address"),
            _text("dossiers/warning").label("template"),
            sql.object(day=_text(day), stage=_text(self.stage), unit=_units.c.name,
                       tz=_text(slot.timezone), total=per_person.c.total,
                       overdue=per_person.c.overdue, items=sql.embed(per_person.c["items"]),
                       days=literal(self.days, Integer)).label("context"),
            per_person.c.unit_id.label("unit_id"),
            sql.embed(per_person.c.choices).label("choices"),
        ).select_from(per_person.join(_users, _users.c.id == per_person.c.user_id)
                      .join(_units, _units.c.id == per_person.c.unit_id))
        return insert_planned(connection, rows, kind=self.kind, now=slot.now)


def _sector_label(elements: ElementSet, code: Any) -> Any:
    labels = {s.code: s.label for s in elements.sectors}
    return case(labels, value=code, else_=code) if labels else code


@dataclass(frozen=True)
class DeadlineDigest:
    """Each lead's morning counts by sector: overdue, due today, due soon."""

    elements: ElementSet
    at: dt.time
    days: int = 2
    window: dt.timedelta = WINDOW
    kind: str = "deadline_digest"
    working_days_only: bool = True

    def plan(self, connection: Connection, slot: Slot) -> int:
        sql = JsonSql(connection.dialect.name)
        tomorrow = _midnight(slot.day + dt.timedelta(days=1), slot.timezone)
        last = slot.calendar.add_working_days(slot.day, self.days)
        due = due_dossiers(slot.timezone, before=_midnight(last + dt.timedelta(days=1),
                                                           slot.timezone))

        def counted(condition: Any) -> Any:
            return func.sum(case((condition, 1), else_=0))

        per_sector = select(
            due.c.unit_id, due.c.sector,
            counted(due.c.due_at < slot.now).label("overdue"),
            counted(and_(due.c.due_at >= slot.now, due.c.due_at < tomorrow)).label("today"),
            counted(due.c.due_at >= tomorrow).label("soon"),
        ).group_by(due.c.unit_id, due.c.sector).subquery("per_sector")
        sector = sql.object(sector=func.coalesce(_sector_label(self.elements, per_sector.c.sector),
                                                  _text("")),
                            overdue=per_sector.c.overdue, today=per_sector.c.today,
                            soon=per_sector.c.soon)
        per_unit = select(
            per_sector.c.unit_id,
            _ordered_array(sql, sector, per_sector.c.sector).label("sectors"),
            func.sum(per_sector.c.overdue).label("overdue"),
            func.sum(per_sector.c.today).label("today"),
            func.sum(per_sector.c.soon).label("soon"),
        ).group_by(per_sector.c.unit_id).subquery("per_unit")
        day = slot.day.isoformat()
        rows = select(
            _key(f"{self.kind}:", _users.c.id, f":{day}").label("key"),
            _users.c.channel.label("channel"), _users.c.address.label("address"),
            _text("dossiers/lead_digest").label("template"),
            sql.object(day=_text(day), unit=_units.c.name,
                       sectors=sql.embed(per_unit.c.sectors), overdue=per_unit.c.overdue,
                       today=per_unit.c.today, soon=per_unit.c.soon,
                       days=literal(self.days, Integer)).label("context"),
            per_unit.c.unit_id.label("unit_id"),
        ).select_from(_users.join(per_unit, per_unit.c.unit_id == _users.c.unit_id)
                      .join(_units, _units.c.id == per_unit.c.unit_id)).where(
            _users.c.role == Role.LEAD.value)
        return insert_planned(connection, rows, kind=self.kind, now=slot.now)


@dataclass(frozen=True)
class DeadlineEscalation:
    """An overdue dossier nobody touched since its due time: to the unit's leads, once."""

    at: dt.time
    window: dt.timedelta = WINDOW
    kind: str = "deadline_escalate"
    working_days_only: bool = True

    def plan(self, connection: Connection, slot: Slot) -> int:
        sql = JsonSql(connection.dialect.name)
        # Overdue already at the previous working morning's warning: its people had a day.
        before = slot.local(self.at, slot.calendar.previous_working_day(slot.day))
        untouched = ~exists().where(_c.c.dossier_id == _d.c.id, _c.c.changed_at >= _d.c.due_at)
        lead = _users.alias("lead")
        holder = _users.alias("holder")
        assignee = func.coalesce(func.nullif(holder.c.display_name, ""),
                                 func.nullif(_d.c.assignee_text, ""))
        rows = select(
            _key(f"{self.kind}:", _d.c.id, ":", lead.c.id).label("key"),
            lead.c.channel.label("channel"), lead.c.address.label("address"),
            _text("dossiers/escalation").label("template"),
            sql.object(code=_d.c.code, procedure=func.substr(_d.c.procedure_name, 1, 200),
                       due=_d.c.due_at, unit=_units.c.name, tz=_text(slot.timezone),
                       assignee=assignee).label("context"),
            _d.c.unit_id.label("unit_id"),
            _array(sql, _array(sql, _text(label("warn_view")) + _text(" ") + _d.c.code,
                               _key(VIEW_PAYLOAD, _d.c.id))).label("choices"),
        ).select_from(
            _units.join(_d, _d.c.unit_id == _units.c.id)
            .join(lead, and_(lead.c.unit_id == _units.c.id, lead.c.role == Role.LEAD.value))
            .outerjoin(holder, holder.c.id == _d.c.assignee_id)
        ).where(_units.c.timezone == slot.timezone, OPEN, RUNNING, _d.c.due_at < before,
                untouched)
        return insert_planned(connection, rows, kind=self.kind, now=slot.now)
