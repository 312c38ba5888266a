"""Undo, pausing reminders, closing a month and deciding on edits of a closed month."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.core.labels import label
from bot.core.messages import Choice, Recipient, Reply
from bot.core.outbox import schedule
from bot.core.reporting import corrections
from bot.core.reporting import store as report_store
from bot.core.reporting.fields import format_date
from bot.core.reporting.periods import (
    PeriodState,
    close_period,
    decide,
    last_closed_key,
    pending_approvals,
    unusual_close,
)
from bot.core.reporting.store import Key
from handlers.base import Router, Turn, bounded_int, command_parts, payload_parts
from handlers.report_common import (
    covering,
    desk,
    elements,
    kept_views,
    no_unit,
    sector_label,
    sector_refused,
)
from models import ApprovalRequest, Role, User

MAX_PAUSE_DAYS = 60
PERIOD = re.compile(r"^[0-9]{4}-[0-9]{2}$")
MIN_YEAR, MAX_YEAR = 2000, 2100


def undo_last(turn: Turn) -> list[Reply]:
    """/hoantac: put back what my last submission replaced and still determines."""
    found = desk(turn)
    if found is None:
        return no_unit()
    submission = corrections.last_submission(turn.connection, found.unit.id,
                                             turn.identity.user_id)
    if submission is None:
        return [Reply("report/nothing_to_undo")]
    key = submission.key
    if not found.may_report(key.sector):
        return sector_refused(turn, found, key.sector)
    found = covering(turn, found, key.day)
    if found.period_state(key.day, turn.now) is PeriodState.CLOSED and not found.is_lead:
        return [Reply("report/undo_closed", {"day": key.day})]
    outcome = corrections.undo(turn.connection, submission, turn.identity.user_id, turn.now)
    items = elements(turn)
    return [Reply("report/undone", {
        "day": key.day, "sector": sector_label(turn, key.sector),
        "reverted": [{"code": c, "label": items.get(c).label, "removed": ch.old,
                      "restored": ch.new} for c, ch in outcome.changed.items()],
        "kept": kept_views(turn, outcome.kept),
    })]


def pause_reminders(turn: Turn) -> list[Reply]:
    """/nghi N: no reminders for N days from today; /nghi 0 turns them back on."""
    found = desk(turn)
    if found is None:
        return no_unit()
    _, rest = command_parts(turn.text)
    days = bounded_int(rest, high=MAX_PAUSE_DAYS)
    if days is None:
        return [Reply("report/pause_usage", {"max": MAX_PAUSE_DAYS})]
    user = turn.user
    today = found.unit.today(turn.now)
    user.nag_paused_until = today + timedelta(days=days - 1) if days else None
    return [Reply("report/paused", {"days": days, "until": user.nag_paused_until})]


def close_month(turn: Turn) -> list[Reply]:
    """/chotky [MM/YYYY]: close a month (default: the previous one); the current or a future
    month only after a confirmation saying why that is unusual."""
    found = desk(turn)
    if found is None:
        return no_unit()
    _, rest = command_parts(turn.text)
    today = found.unit.today(turn.now)
    if rest:
        month_text, _, year_text = rest.strip().partition("/")
        month = bounded_int(month_text, 1, 12)
        year = bounded_int(year_text, MIN_YEAR, MAX_YEAR)
        if month is None or year is None:
            return [Reply("report/close_usage")]
        period = f"{year:04d}-{month:02d}"
    else:
        period = last_closed_key(today, found.unit.scheme)
    why = unusual_close(period, today, found.unit.scheme)
    if why is not None:
        # The button names the month it closes, so an old message cannot close another one.
        return [Reply("report/close_unusual", {"period": period, "why": why, "today": today},
                      choices=(Choice(label("close_anyway"), f"chotky:{period}"),
                               Choice(label("cancel"), "chotky:cancel")))]
    return _close(turn, found.unit.id, period)


def confirm_close(turn: Turn) -> list[Reply]:
    """'Vẫn chốt' after the warning about an unfinished month."""
    _, period = payload_parts(turn.msg.payload or "")
    if period == "cancel":
        return [Reply("common/cancelled")]
    if turn.identity.unit_id is None:
        return no_unit()
    if not PERIOD.match(period):
        return [Reply("report/close_usage")]
    return _close(turn, turn.identity.unit_id, period)


def _close(turn: Turn, unit_id: int, period: str) -> list[Reply]:
    changed = close_period(turn.session, unit_id, period, turn.now, turn.identity.user_id)
    return [Reply("report/closed", {"period": period, "changed": changed})]


def list_approvals(turn: Turn) -> list[Reply]:
    """/duyet: edits of closed months waiting for a decision."""
    unit_id = turn.identity.unit_id
    if unit_id is None:
        return no_unit()
    pending = pending_approvals(turn.session, unit_id)[:5]
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
        report_store.store(turn.connection, Key(request.unit_id, request.day, request.sector),
                           {str(k): int(v) for k, v in request.values.items()},
                           user_id=request.requested_by, now=turn.now, source="approval")
    requester = turn.session.get(User, request.requested_by)
    context = {"id": request.id, "day": format_date(request.day), "approved": approved,
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
    router.payload("chotky", min_role=Role.LEAD)(confirm_close)
    router.command("duyet", min_role=Role.LEAD)(list_approvals)
    router.payload("approve", min_role=Role.LEAD)(approve)
    router.payload("reject", min_role=Role.LEAD)(reject)

