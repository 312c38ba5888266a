"""Daily figures in the database: read, store with an audit trail, in few plain statements.

A report line costs one read (the day, its 30-day history and yesterday's stock together)
and three writes: the submission, one upsert of every figure that returns old and new values,
and the audit rows. Every write of `daily_value` goes through `write` or `restore` here, so
the audit (value_change, in order) replays exactly to the stored figures.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    and_,
    bindparam,
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


_RECENT = select(_values.c.day, _values.c.element, _values.c.value).where(
    _values.c.unit_id == bindparam("unit_id"), _values.c.sector == bindparam("sector"),
    _values.c.day <= bindparam("day"), _values.c.day >= bindparam("since"),
)


def recent(connection: Connection, unit_id: int, sector: str, day: date) -> Recent:
    """Everything the checks need, in one query."""
    rows = connection.execute(_RECENT, {
        "unit_id": unit_id, "sector": sector, "day": day,
        "since": day - timedelta(days=HISTORY_DAYS),
    }).all()
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


_NEW_SUBMISSION = insert(_submissions).values(
    {name: bindparam(name) for name in ("unit_id", "day", "sector", "user_id", "source",
                                        "created_at", "message_id", "corrects_id")}
).returning(_submissions.c.id)


def new_submission(
    connection: Connection, key: Key, *, user_id: int, now: datetime, source: str,
    message_id: str | None = None, corrects_id: int | None = None,
) -> int:
    return int(connection.execute(_NEW_SUBMISSION, {
        "unit_id": key.unit_id, "day": key.day, "sector": key.sector, "user_id": user_id,
        "source": source, "created_at": now, "message_id": message_id or None,
        "corrects_id": corrects_id,
    }).scalar_one())


_ROW = ("unit_id", "day", "sector", "element", "value", "submission_id", "updated_by",
        "updated_at", "previous_value", "previous_submission_id")


def _upsert(
    dialect_name: str, rows: list[dict[str, Any]] | None = None,
    only_if: ColumnElement[bool] | None = None,
) -> Any:
    """INSERT … ON CONFLICT DO UPDATE … RETURNING. Without `rows` it takes the rows as
    parameters: executed with a list, SQLAlchemy sends one multi-row statement
    ("insertmanyvalues"), and the statement is compiled once."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement = dialect.insert(_values).values(
        rows if rows is not None else {name: bindparam(name) for name in _ROW})
    changed = _values.c.value != statement.excluded.value
    return statement.on_conflict_do_update(
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


_UPSERTS = {name: _upsert(name) for name in ("postgresql", "sqlite")}  # the hot path: built once


def write(
    connection: Connection, key: Key, values: Mapping[str, int], *, submission_id: int,
    user_id: int, now: datetime, owners: Collection[int] = (), older_than: int | None = None,
) -> dict[str, Change]:
    """Insert or overwrite figures in one statement; returns those that changed, with the
    value and submission they replaced. With `older_than` (an edit), an existing figure
    changes only if one of `owners` holds it or it was set before submission `older_than`
    (a figure someone changed afterwards is theirs)."""
    if not values:
        return {}
    rows = [
        {"unit_id": key.unit_id, "day": key.day, "sector": key.sector, "element": element,
         "value": values[element], "submission_id": submission_id, "updated_by": user_id,
         "updated_at": now, "previous_value": None, "previous_submission_id": None}
        # One order for every writer: two writers lock shared rows alike, never deadlock.
        for element in sorted(values)
    ]
    if older_than is None:
        result = connection.execute(_UPSERTS[connection.dialect.name], rows)
    else:  # rare (an edited message): the guard's values go into the statement itself
        result = connection.execute(_upsert(connection.dialect.name, rows, or_(
            _values.c.submission_id.is_(None), _values.c.submission_id < older_than,
            _values.c.submission_id.in_(list(owners)))))
    found = {row.element: Change(row.previous_value, row.value, row.previous_submission_id)
             for row in result}
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


# RETURNING makes SQLAlchemy send the rows as one multi-row INSERT on both databases.
_AUDIT = insert(_changes).values(
    {name: bindparam(name) for name in ("submission_id", "element", "old_value", "new_value",
                                        "old_submission_id")}
).returning(_changes.c.id)


def audit(connection: Connection, submission_id: int, changes: Mapping[str, Change]) -> None:
    if changes:
        connection.execute(_AUDIT, [
            {"submission_id": submission_id, "element": element, "old_value": c.old,
             "new_value": c.new, "old_submission_id": c.old_submission}
            for element, c in changes.items()
        ]).all()


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
