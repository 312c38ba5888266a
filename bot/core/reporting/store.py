"""Daily figures in the database: read, store field by field with an audit trail, undo."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, and_, select
from sqlmodel import Session
from sqlmodel import select as model_select

from models import DailyValue, Submission, User, ValueChange

HISTORY_DAYS = 30
_values = DailyValue.__table__  # type: ignore[attr-defined]


def current_values(connection: Connection, unit_id: int, day: date, sector: str) -> dict[str, int]:
    rows = connection.execute(
        select(_values.c.element, _values.c.value).where(
            _values.c.unit_id == unit_id, _values.c.day == day, _values.c.sector == sector
        )
    )
    return {element: value for element, value in rows}


def history(
    connection: Connection, unit_id: int, sector: str, day: date, days: int = HISTORY_DAYS
) -> dict[str, list[int]]:
    """Each element's values over the `days` before `day`, oldest first (for outliers)."""
    rows = connection.execute(
        select(_values.c.element, _values.c.value)
        .where(
            _values.c.unit_id == unit_id, _values.c.sector == sector,
            _values.c.day < day, _values.c.day >= day - timedelta(days=days),
        )
        .order_by(_values.c.day)
    )
    found: dict[str, list[int]] = {}
    for element, value in rows:
        found.setdefault(element, []).append(value)
    return found


def carried_over(connection: Connection, unit_id: int, sector: str, day: date) -> int | None:
    """Yesterday's pending stock (in time + overdue), from the latest earlier day within a
    week that has both; None when unknown, so the balance identity is not checked."""
    rows = connection.execute(
        select(_values.c.day, _values.c.element, _values.c.value).where(
            _values.c.unit_id == unit_id, _values.c.sector == sector,
            _values.c.day < day, _values.c.day >= day - timedelta(days=7),
            _values.c.element.in_(("th", "qh")),
        )
    )
    stock: dict[date, dict[str, int]] = {}
    for found_day, element, value in rows:
        stock.setdefault(found_day, {})[element] = value
    complete = [d for d, v in stock.items() if len(v) == 2]
    if not complete:
        return None
    latest = stock[max(complete)]
    return latest["th"] + latest["qh"]


@dataclass(frozen=True)
class Stored:
    submission_id: int
    changed: dict[str, tuple[int | None, int]]  # element -> (old, new)
    values: dict[str, int]  # everything stored for the day/sector afterwards


def store(
    session: Session,
    *,
    unit_id: int,
    day: date,
    sector: str,
    values: Mapping[str, int],
    user_id: int,
    now: datetime,
    source: str,
) -> Stored:
    """Overwrite the given elements only; every changed figure keeps its old value."""
    existing = {
        row.element: row
        for row in session.exec(
            model_select(DailyValue).where(
                DailyValue.unit_id == unit_id, DailyValue.day == day, DailyValue.sector == sector
            )
        )
    }
    submission = Submission(unit_id=unit_id, day=day, sector=sector, user_id=user_id,
                            source=source, created_at=now)
    session.add(submission)
    session.flush()
    assert submission.id is not None
    changed: dict[str, tuple[int | None, int]] = {}
    for element, value in values.items():
        row = existing.get(element)
        if row is not None and row.value == value:
            continue
        changed[element] = (row.value if row else None, value)
        session.add(ValueChange(submission_id=submission.id, element=element,
                                old_value=row.value if row else None, new_value=value))
        if row is None:
            row = DailyValue(unit_id=unit_id, day=day, sector=sector, element=element,
                             value=value, updated_by=user_id, updated_at=now)
            session.add(row)
            existing[element] = row
        else:
            row.value, row.updated_by, row.updated_at = value, user_id, now
    session.flush()
    return Stored(submission.id, changed, {k: r.value for k, r in existing.items()})


@dataclass(frozen=True)
class Undone:
    day: date
    sector: str
    reverted: dict[str, tuple[int, int | None]]  # element -> (value removed, value restored)


def last_submission(session: Session, unit_id: int, user_id: int) -> Submission | None:
    """The person's latest submission that changed something and is not undone."""
    return session.exec(
        model_select(Submission)
        .where(
            Submission.unit_id == unit_id, Submission.user_id == user_id,
            Submission.undone_at.is_(None),  # type: ignore[union-attr]
            Submission.source != "undo",
            Submission.id.in_(model_select(ValueChange.submission_id)),  # type: ignore[union-attr]
        )
        .order_by(Submission.id.desc())  # type: ignore[union-attr]
        .limit(1)
    ).first()


def undo(session: Session, submission: Submission, user_id: int, now: datetime) -> Undone:
    """Put back the values a submission replaced; the undo is itself audited."""
    changes = list(session.exec(
        model_select(ValueChange).where(ValueChange.submission_id == submission.id)
    ))
    undo_record = Submission(unit_id=submission.unit_id, day=submission.day,
                             sector=submission.sector, user_id=user_id, source="undo",
                             created_at=now)
    session.add(undo_record)
    session.flush()
    reverted: dict[str, tuple[int, int | None]] = {}
    for change in changes:
        row = session.exec(model_select(DailyValue).where(
            DailyValue.unit_id == submission.unit_id, DailyValue.day == submission.day,
            DailyValue.sector == submission.sector, DailyValue.element == change.element,
        )).first()
        if row is None or change.new_value is None:
            continue
        assert undo_record.id is not None
        session.add(ValueChange(submission_id=undo_record.id, element=change.element,
                                old_value=row.value, new_value=change.old_value))
        reverted[change.element] = (row.value, change.old_value)
        if change.old_value is None:
            session.delete(row)
        else:
            row.value, row.updated_by, row.updated_at = change.old_value, user_id, now
    submission.undone_at = now
    session.flush()
    return Undone(submission.day, submission.sector, reverted)


@dataclass(frozen=True)
class SectorDay:
    sector: str
    values: dict[str, int]
    reporters: list[str]


def day_overview(connection: Connection, unit_id: int, day: date) -> dict[str, SectorDay]:
    """Every sector's figures for a day and who entered them."""
    users = User.__table__  # type: ignore[attr-defined]
    rows = connection.execute(
        select(_values.c.sector, _values.c.element, _values.c.value, users.c.display_name,
               users.c.address)
        .select_from(_values.join(users, and_(users.c.id == _values.c.updated_by)))
        .where(_values.c.unit_id == unit_id, _values.c.day == day)
    )
    result: dict[str, SectorDay] = {}
    for sector, element, value, name, address in rows:
        entry = result.setdefault(sector, SectorDay(sector, {}, []))
        entry.values[element] = value
        who = name or address
        if who not in entry.reporters:
            entry.reporters.append(who)
    return result


def reported_sectors(connection: Connection, unit_id: int, day: date) -> set[str]:
    rows = connection.execute(
        select(_values.c.sector).where(_values.c.unit_id == unit_id, _values.c.day == day)
        .distinct()
    )
    return {sector for (sector,) in rows}
