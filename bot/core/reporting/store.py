"""Daily figures in the database: read, store with an audit trail, in few plain statements.

A report line costs one read (the day, its 30-day history and yesterday's stock together)
and three writes: the submission, one upsert of every figure that returns old and new values,
and the audit rows. Every write of `daily_value` goes through `write` or `restore` here, so
the audit (value_change, in order) replays exactly to the stored figures.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    and_,
    case,
    cast,
    delete,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement

from models import DailyValue, Submission, User, ValueChange

HISTORY_DAYS = 30
CARRY_DAYS = 7  # yesterday's stock may come from the last day reported within a week

_values = DailyValue.__table__  # type: ignore[attr-defined]
_submissions = Submission.__table__  # type: ignore[attr-defined]
_changes = ValueChange.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Key:
    """Which figures: one unit, day and sector."""

    unit_id: int
    day: date
    sector: str

    def where(self) -> ColumnElement[bool]:
        return and_(_values.c.unit_id == self.unit_id, _values.c.day == self.day,
                    _values.c.sector == self.sector)


@dataclass(frozen=True)
class Change:
    old: int | None
    new: int | None
    old_submission: int | None  # whose figure was replaced


@dataclass(frozen=True)
class Recent:
    """The day's figures, each element's values over the 30 days before (oldest first), and
    yesterday's pending stock (None when unknown, so the balance identity is not checked)."""

    current: dict[str, int] = field(default_factory=dict)
    history: dict[str, list[int]] = field(default_factory=dict)
    carried_over: int | None = None


def recent(connection: Connection, unit_id: int, sector: str, day: date) -> Recent:
    """Everything the checks need, in one query."""
    rows = connection.execute(
        select(_values.c.day, _values.c.element, _values.c.value).where(
            _values.c.unit_id == unit_id, _values.c.sector == sector,
            _values.c.day <= day, _values.c.day >= day - timedelta(days=HISTORY_DAYS),
        )
    ).all()
    current: dict[str, int] = {}
    history: dict[str, list[int]] = {}
    stock: dict[date, dict[str, int]] = {}
    for found_day, element, value in sorted(rows, key=lambda r: r[0]):
        if found_day == day:
            current[element] = value
            continue
        history.setdefault(element, []).append(value)
        if element in ("th", "qh") and (day - found_day).days <= CARRY_DAYS:
            stock.setdefault(found_day, {})[element] = value
    complete = [d for d, v in stock.items() if len(v) == 2]
    carried = None
    if complete:
        latest = stock[max(complete)]
        carried = latest["th"] + latest["qh"]
    return Recent(current, history, carried)


def current_values(connection: Connection, key: Key) -> dict[str, int]:
    rows = connection.execute(select(_values.c.element, _values.c.value).where(key.where()))
    return {element: value for element, value in rows}


def new_submission(
    connection: Connection, key: Key, *, user_id: int, now: datetime, source: str,
    message_id: str | None = None, corrects_id: int | None = None,
) -> int:
    return int(connection.execute(
        insert(_submissions).values(
            unit_id=key.unit_id, day=key.day, sector=key.sector, user_id=user_id,
            source=source, created_at=now, message_id=message_id or None,
            corrects_id=corrects_id,
        ).returning(_submissions.c.id)
    ).scalar_one())


def write(
    connection: Connection, key: Key, values: Mapping[str, int], *, submission_id: int,
    user_id: int, now: datetime, only_if: ColumnElement[bool] | None = None,
) -> dict[str, Change]:
    """Insert or overwrite figures in one statement; returns those that changed, with the
    value and submission they replaced. `only_if` limits which existing rows may change."""
    if not values:
        return {}
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(_values).values([
        {"unit_id": key.unit_id, "day": key.day, "sector": key.sector, "element": element,
         "value": values[element], "submission_id": submission_id, "updated_by": user_id,
         "updated_at": now, "previous_value": None, "previous_submission_id": None}
        # One order for every writer: two writers lock shared rows alike, never deadlock.
        for element in sorted(values)
    ])
    changed = _values.c.value != statement.excluded.value
    statement = statement.on_conflict_do_update(
        index_elements=["unit_id", "day", "sector", "element"],
        set_={
            # SET reads the row as it was, so the previous_* columns get the old figure.
            "previous_value": _values.c.value,
            "previous_submission_id": _values.c.submission_id,
            "value": statement.excluded.value,
            "submission_id": statement.excluded.submission_id,
            "updated_by": statement.excluded.updated_by,
            "updated_at": statement.excluded.updated_at,
        },
        where=changed if only_if is None else and_(changed, only_if),
    ).returning(_values.c.element, _values.c.previous_value,
                _values.c.previous_submission_id, _values.c.value)
    found = {row.element: Change(row.previous_value, row.value, row.previous_submission_id)
             for row in connection.execute(statement)}
    return {element: found[element] for element in values if element in found}  # as sent


def restore(
    connection: Connection, key: Key, targets: Mapping[str, tuple[int | None, int | None]], *,
    owners: Collection[int], user_id: int, now: datetime,
) -> dict[str, Change]:
    """Put figures back to (value, submission) where one of `owners` still holds them; a
    None value removes the figure. Returns what changed."""
    done: dict[str, Change] = {}
    owned = and_(key.where(), _values.c.submission_id.in_(list(owners)))
    refilled = {e: t for e, t in targets.items() if t[0] is not None}
    if refilled:
        rows = connection.execute(
            update(_values)
            .where(owned, _values.c.element.in_(sorted(refilled)))
            .values(
                previous_value=_values.c.value,
                previous_submission_id=_values.c.submission_id,
                value=_case({e: t[0] for e, t in refilled.items()}),
                submission_id=_case({e: t[1] for e, t in refilled.items()}),
                updated_by=user_id, updated_at=now,
            )
            .returning(_values.c.element, _values.c.previous_value,
                       _values.c.previous_submission_id, _values.c.value)
        )
        done.update({r.element: Change(r.previous_value, r.value, r.previous_submission_id)
                     for r in rows})
    emptied = sorted(e for e, t in targets.items() if t[0] is None)
    if emptied:
        rows = connection.execute(
            delete(_values).where(owned, _values.c.element.in_(emptied))
            .returning(_values.c.element, _values.c.value, _values.c.submission_id)
        )
        done.update({r.element: Change(r.value, None, r.submission_id) for r in rows})
    return done


def _case(by_element: Mapping[str, int | None]) -> Any:
    whens = [(_values.c.element == e, cast(v, Integer)) for e, v in sorted(by_element.items())]
    return case(*whens, else_=None)


def audit(connection: Connection, submission_id: int, changes: Mapping[str, Change]) -> None:
    if changes:
        connection.execute(insert(_changes).values([
            {"submission_id": submission_id, "element": element, "old_value": c.old,
             "new_value": c.new, "old_submission_id": c.old_submission}
            for element, c in changes.items()
        ]))


@dataclass(frozen=True)
class Stored:
    submission_id: int
    changed: dict[str, Change]


def store(
    connection: Connection, key: Key, values: Mapping[str, int], *, user_id: int,
    now: datetime, source: str, message_id: str | None = None,
) -> Stored:
    """Overwrite the given elements only; every changed figure keeps its old value."""
    submission_id = new_submission(connection, key, user_id=user_id, now=now, source=source,
                                   message_id=message_id)
    changed = write(connection, key, values, submission_id=submission_id, user_id=user_id,
                    now=now)
    audit(connection, submission_id, changed)
    return Stored(submission_id, changed)


def held_by_any(owners: Iterable[int], older_than: int) -> ColumnElement[bool]:
    """Rows an edit of submission `older_than` may change: its own figures, and any set
    before it; a figure someone changed afterwards is theirs."""
    return or_(_values.c.submission_id.is_(None), _values.c.submission_id < older_than,
               _values.c.submission_id.in_(list(owners)))


@dataclass(frozen=True)
class SectorDay:
    sector: str
    values: dict[str, int]
    reporters: list[str]


def day_overview(connection: Connection, unit_id: int, day: date) -> dict[str, SectorDay]:
    """Every sector's figures for a day and who entered them."""
    rows = connection.execute(
        select(_values.c.sector, _values.c.element, _values.c.value, _users.c.display_name,
               _users.c.address)
        .select_from(_values.join(_users, _users.c.id == _values.c.updated_by))
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
