"""Taking back or correcting a submission: `/hoantac`, and an edit of the message that sent
a line. Both change only what the submission still determines: a figure someone changed
afterwards (a lead's correction, a later line) is kept, and the person is told which."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, exists, or_, select, update

from bot.core.reporting.store import (
    Change,
    Key,
    audit,
    new_submission,
    restore,
    write,
)
from models import DailyValue, Submission, User, ValueChange

_values = DailyValue.__table__  # type: ignore[attr-defined]
_submissions = Submission.__table__  # type: ignore[attr-defined]
_changes = ValueChange.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]

_COLUMNS = (_submissions.c.id, _submissions.c.unit_id, _submissions.c.day,
            _submissions.c.sector, _submissions.c.created_at, _submissions.c.undone_at)


@dataclass(frozen=True)
class SubmissionRef:
    id: int
    key: Key
    created_at: datetime
    undone_at: datetime | None


@dataclass(frozen=True)
class Kept:
    """A figure left as it is because someone changed it after the submission."""

    element: str
    value: int | None
    by: str  # the display name of whoever wrote it last
    by_role: str
    by_self: bool


@dataclass(frozen=True)
class Outcome:
    key: Key
    changed: dict[str, Change]
    kept: list[Kept]


def _ref(row: Row[*tuple[Any, ...]]) -> SubmissionRef:
    return SubmissionRef(row.id, Key(row.unit_id, row.day, row.sector), row.created_at,
                         row.undone_at)


def last_submission(connection: Connection, unit_id: int, user_id: int) -> SubmissionRef | None:
    """The person's latest submission that changed something and is not undone."""
    row = connection.execute(
        select(*_COLUMNS)
        .where(
            _submissions.c.unit_id == unit_id, _submissions.c.user_id == user_id,
            _submissions.c.undone_at.is_(None), _submissions.c.source != "undo",
            exists().where(_changes.c.submission_id == _submissions.c.id),
        )
        .order_by(_submissions.c.id.desc())
        .limit(1)
    ).first()
    return _ref(row) if row is not None else None


def find_line(connection: Connection, user_id: int, message_id: str) -> SubmissionRef | None:
    """The submission a person's message made when it was first sent, if it made one."""
    row = connection.execute(
        select(*_COLUMNS).where(
            _submissions.c.user_id == user_id, _submissions.c.message_id == message_id,
            _submissions.c.corrects_id.is_(None),
        ).order_by(_submissions.c.id.desc()).limit(1)
    ).first()
    return _ref(row) if row is not None else None


def find_by_id(connection: Connection, submission_id: int) -> SubmissionRef | None:
    row = connection.execute(select(*_COLUMNS).where(_submissions.c.id == submission_id)).first()
    return _ref(row) if row is not None else None


@dataclass(frozen=True)
class _Holder:
    value: int
    submission_id: int | None
    by: str
    by_role: str
    by_id: int


def _holders(connection: Connection, key: Key) -> dict[str, _Holder]:
    rows = connection.execute(
        select(_values.c.element, _values.c.value, _values.c.submission_id,
               _values.c.updated_by, _users.c.display_name, _users.c.role)
        .select_from(_values.join(_users, _users.c.id == _values.c.updated_by))
        .where(key.where())
    )
    return {r.element: _Holder(r.value, r.submission_id, r.display_name, r.role, r.updated_by)
            for r in rows}


def _kept(element: str, holder: _Holder | None, user_id: int) -> Kept:
    if holder is None:
        return Kept(element, None, "", "", False)
    return Kept(element, holder.value, holder.by, holder.by_role, holder.by_id == user_id)


def undo(connection: Connection, submission: SubmissionRef, user_id: int, now: datetime) -> Outcome:
    """Put back what the submission replaced, where it still holds the figure; the undo is
    itself a submission in the audit."""
    key = submission.key
    changes = connection.execute(
        select(_changes.c.element, _changes.c.old_value, _changes.c.old_submission_id)
        .where(_changes.c.submission_id == submission.id).order_by(_changes.c.id)
    ).all()
    holders = _holders(connection, key)
    targets = {c.element: (c.old_value, c.old_submission_id) for c in changes
               if (h := holders.get(c.element)) is not None and h.submission_id == submission.id}
    undo_id = new_submission(connection, key, user_id=user_id, now=now, source="undo")
    changed = restore(connection, key, targets, owners=[submission.id], user_id=user_id, now=now)
    audit(connection, undo_id, changed)
    connection.execute(update(_submissions).where(_submissions.c.id == submission.id)
                       .values(undone_at=now))
    kept = [_kept(c.element, holders.get(c.element), user_id) for c in changes
            if c.element not in changed]
    return Outcome(key, changed, kept)


def correct(
    connection: Connection, original: SubmissionRef, values: Mapping[str, int], *,
    user_id: int, now: datetime,
) -> Outcome:
    """An edited line: its submission's figures become `values` on the day it was for.
    Figures the line set and the edit leaves out go back to what they were before it."""
    key = original.key
    chain = connection.execute(
        select(_changes.c.submission_id, _changes.c.element, _changes.c.old_value,
               _changes.c.old_submission_id)
        .select_from(_changes.join(_submissions, _submissions.c.id == _changes.c.submission_id))
        .where(or_(_submissions.c.id == original.id,
                   _submissions.c.corrects_id == original.id))
        .order_by(_changes.c.id)
    ).all()
    owners = {original.id} | {c.submission_id for c in chain}
    before: dict[str, tuple[int | None, int | None]] = {}
    for c in chain:  # the first change of each figure tells what it was before this message
        before.setdefault(c.element, (c.old_value, c.old_submission_id))
    holders = _holders(connection, key)

    def editable(element: str) -> bool:
        h = holders.get(element)
        return (h is None or h.submission_id is None or h.submission_id < original.id
                or h.submission_id in owners)

    sets = {e: v for e, v in values.items() if editable(e)}
    reverts = {e: before[e] for e in before
               if e not in values and (h := holders.get(e)) is not None
               and h.submission_id in owners}
    edit_id = new_submission(connection, key, user_id=user_id, now=now, source="edit",
                             corrects_id=original.id)
    changed = write(connection, key, sets, submission_id=edit_id, user_id=user_id, now=now,
                    owners=owners, older_than=original.id)
    changed.update(restore(connection, key, reverts, owners=owners, user_id=user_id, now=now))
    audit(connection, edit_id, changed)
    kept = [_kept(e, holders.get(e), user_id) for e in values if e not in sets]
    return Outcome(key, changed, kept)
