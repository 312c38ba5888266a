"""Closed periods (a month whose summary was issued), admin unlocks and lead approvals.

A closed period is a month period of the unit's own scheme (bot/core/summaries/periods.py:
with a 15th cut-off "2026-03" is 15/02-14/03), keyed "YYYY-MM" by the month it ends in."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Session, select

from bot.core.summaries.periods import PeriodScheme, month_key, period_containing, previous
from models import ApprovalRequest, PeriodLock


class PeriodState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    UNLOCKED = "unlocked"


def period_of(day: date, scheme: PeriodScheme) -> str:
    """The key of the month period `day` belongs to in the unit's scheme."""
    return month_key(scheme, day)


def last_closed_key(today: date, scheme: PeriodScheme) -> str:
    """The month period before the one `today` is in (what /chotky closes by default)."""
    return previous(period_containing(scheme, today), scheme).key


def _lock(session: Session, unit_id: int, period: str) -> PeriodLock | None:
    return session.exec(select(PeriodLock).where(
        PeriodLock.unit_id == unit_id, PeriodLock.period == period
    )).first()


def unusual_close(period: str, today: date, scheme: PeriodScheme) -> str | None:
    """Why closing `period` now is unusual: "current" (the month is not over) or "future"
    (it has not begun); None for a past month."""
    current = period_of(today, scheme)
    if period == current:
        return "current"
    return "future" if period > current else None


def close_period(
    session: Session, unit_id: int, period: str, now: datetime, user_id: int | None
) -> bool:
    """Close a month; False if it already was (closing twice changes nothing)."""
    lock = _lock(session, unit_id, period)
    if lock is not None:
        if lock.unlocked_until is not None:
            lock.unlocked_until = None
            return True
        return False
    session.add(PeriodLock(unit_id=unit_id, period=period, closed_at=now, closed_by=user_id))
    session.flush()
    return True


def unlock_period(session: Session, unit_id: int, period: str, until: datetime) -> bool:
    """An admin exception: edits of a closed month go straight in until `until`."""
    lock = _lock(session, unit_id, period)
    if lock is None:
        return False
    lock.unlocked_until = until
    return True


def request_approval(
    session: Session, *, unit_id: int, day: date, sector: str, values: Mapping[str, int],
    user_id: int, now: datetime,
) -> ApprovalRequest:
    request = ApprovalRequest(unit_id=unit_id, day=day, sector=sector, values=dict(values),
                              requested_by=user_id, requested_at=now)
    session.add(request)
    session.flush()
    return request


def pending_approvals(session: Session, unit_id: int) -> list[ApprovalRequest]:
    return list(session.exec(
        select(ApprovalRequest)
        .where(ApprovalRequest.unit_id == unit_id,
               ApprovalRequest.decided_at.is_(None))  # type: ignore[union-attr]
        .order_by(ApprovalRequest.id)  # type: ignore[arg-type]
    ))


def decide(
    session: Session, request: ApprovalRequest, *, approved: bool, user_id: int, now: datetime
) -> bool:
    """Record a lead's decision; False if someone decided first."""
    if request.decided_at is not None:
        return False
    request.approved, request.decided_by, request.decided_at = approved, user_id, now
    return True
