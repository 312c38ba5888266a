"""Undo, pausing reminders, closing a month and deciding on edits of a closed month."""

from __future__ import annotations

from datetime import timedelta

from bot.core import report_store
from bot.core.labels import label
from bot.core.messages import Choice, Recipient, Reply
from bot.core.outbox import schedule
from bot.core.report_periods import (
    PeriodState,
    close_period,
    decide,
    pending_approvals,
    period_of,
    period_state,
)
from handlers.base import Router, Turn, allowed, bounded_int, command_parts, payload_parts
from handlers.report_common import elements, local_today, no_unit, sector_label, staff_unit
from models import ApprovalRequest, Role, User

MAX_PAUSE_DAYS = 60


def undo_last(turn: Turn) -> list[Reply]:
    """/hoantac: put back what my last submission replaced."""
    unit = staff_unit(turn)
    if unit is None or unit.id is None:
        return no_unit()
    submission = report_store.last_submission(turn.session, unit.id, turn.identity.user_id)
    if submission is None:
        return [Reply("report/nothing_to_undo")]
    state = period_state(turn.session, unit.id, submission.day, turn.now)
    if state is PeriodState.CLOSED and not allowed(turn.role, Role.LEAD):
        return [Reply("report/undo_closed", {"day": submission.day})]
    undone = report_store.undo(turn.session, submission, turn.identity.user_id, turn.now)
    items = elements(turn)
    return [Reply("report/undone", {
        "day": undone.day, "sector": sector_label(turn, undone.sector),
        "reverted": [{"code": c, "label": items.get(c).label, "removed": a, "restored": b}
                     for c, (a, b) in undone.reverted.items()],
    })]


def pause_reminders(turn: Turn) -> list[Reply]:
    """/nghi N: no reminders for N days from today; /nghi 0 turns them back on."""
    unit = staff_unit(turn)
    if unit is None:
        return no_unit()
    _, rest = command_parts(turn.text)
    days = bounded_int(rest, high=MAX_PAUSE_DAYS)
    if days is None:
        return [Reply("report/pause_usage", {"max": MAX_PAUSE_DAYS})]
    user = turn.user
    today = local_today(turn, unit)
    user.nag_paused_until = today + timedelta(days=days - 1) if days else None
    return [Reply("report/paused", {"days": days, "until": user.nag_paused_until})]


def close_month(turn: Turn) -> list[Reply]:
    """/chotky [MM/YYYY]: close a month (default: the previous one)."""
    unit = staff_unit(turn)
    if unit is None or unit.id is None:
        return no_unit()
    _, rest = command_parts(turn.text)
    today = local_today(turn, unit)
    if rest:
        month_text, _, year_text = rest.strip().partition("/")
        month = bounded_int(month_text, 1, 12)
        year = bounded_int(year_text, 2000, 2999)
        if month is None or year is None:
            return [Reply("report/close_usage")]
        period = f"{year:04d}-{month:02d}"
    else:
        period = period_of(today.replace(day=1) - timedelta(days=1))
    changed = close_period(turn.session, unit.id, period, turn.now, turn.identity.user_id)
    return [Reply("report/closed", {"period": period, "changed": changed})]


def list_approvals(turn: Turn) -> list[Reply]:
    """/duyet: edits of closed months waiting for a decision."""
    unit = staff_unit(turn)
    if unit is None or unit.id is None:
        return no_unit()
    pending = pending_approvals(turn.session, unit.id)[:5]
    choices = []
    for request in pending:
        choices += [Choice(f"{label('approve')} #{request.id}", f"approve:{request.id}"),
                    Choice(f"{label('reject')} #{request.id}", f"reject:{request.id}")]
    return [Reply("report/approvals", {"requests": [_view(turn, r) for r in pending]},
                  choices=tuple(choices))]


def _view(turn: Turn, request: ApprovalRequest) -> dict[str, object]:
    requester = turn.session.get(User, request.requested_by)
    return {
        "id": request.id, "day": request.day, "sector": sector_label(turn, request.sector),
        "who": (requester.display_name or requester.address) if requester else "",
        "values": [{"code": c, "value": v} for c, v in request.values.items()],
    }


def approve(turn: Turn) -> list[Reply]:
    return _decide(turn, approved=True)


def reject(turn: Turn) -> list[Reply]:
    return _decide(turn, approved=False)


def _decide(turn: Turn, *, approved: bool) -> list[Reply]:
    _, raw_id = payload_parts(turn.msg.payload or "")
    request_id = bounded_int(raw_id)
    request = turn.session.get(ApprovalRequest, request_id) if request_id is not None else None
    if request is None or request.unit_id != turn.identity.unit_id:
        return [Reply("report/approval_missing")]
    if not decide(turn.session, request, approved=approved, user_id=turn.identity.user_id,
                  now=turn.now):
        return [Reply("report/approval_already", {"id": request.id,
                                                   "approved": bool(request.approved)})]
    if approved:
        report_store.store(turn.session, unit_id=request.unit_id, day=request.day,
                           sector=request.sector, values=request.values,
                           user_id=request.requested_by, now=turn.now, source="approval")
    requester = turn.session.get(User, request.requested_by)
    context = {"id": request.id, "day": request.day.isoformat(), "approved": approved,
               "sector": sector_label(turn, request.sector)}
    if requester is not None:
        schedule(turn.session, key=f"decision:{request.id}",
                 recipient=Recipient(requester.channel, requester.address),
                 template="report/approval_decided", context=context, due_at=turn.now,
                 now=turn.now)
    return [Reply("report/decided", {**context, "day": request.day})]


def register(router: Router) -> None:
    router.command("hoantac", "undo", min_role=Role.STAFF)(undo_last)
    router.command("nghi", min_role=Role.STAFF)(pause_reminders)
    router.command("chotky", min_role=Role.LEAD)(close_month)
    router.command("duyet", min_role=Role.LEAD)(list_approvals)
    router.payload("approve", min_role=Role.LEAD)(approve)
    router.payload("reject", min_role=Role.LEAD)(reject)


