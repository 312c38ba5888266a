"""What the report handlers share: the reporter's desk, checking and storing, the echo."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import select

from bot.core.labels import label
from bot.core.messages import Choice, Recipient, Reply
from bot.core.outbox import schedule
from bot.core.reporting import (
    ElementSet,
    corrections,
    grouped_values,
    identity_problems,
    missing_elements,
    outlier,
    problem_views,
)
from bot.core.reporting import store as report_store
from bot.core.reporting.desk import Desk, earliest_day, load_desk
from bot.core.reporting.fields import format_date
from bot.core.reporting.periods import PeriodState, period_of, request_approval
from bot.core.reporting.store import Change, Key
from handlers.base import Turn
from models import Role, User

CONFIRM_FLOW = "report_confirm"


def elements(turn: Turn) -> ElementSet:
    return turn.services.elements


def desk(turn: Turn, day: date | None = None) -> Desk | None:
    """The sender's unit, sectors and closed months (from `day`'s month, by default the
    oldest a line may be for); None when they belong to no unit."""
    unit_id = turn.identity.unit_id
    if unit_id is None:
        return None
    oldest = earliest_day(turn.now, turn.services.settings.report_max_days_back)
    return load_desk(turn.connection, unit_id, turn.identity.user_id, turn.role,
                     min(day, oldest) if day else oldest)


def covering(turn: Turn, found: Desk, day: date) -> Desk:
    """`found`, or the same desk read again with the locks of an older month."""
    if period_of(day, found.unit.scheme) >= found.since:
        return found
    again = desk(turn, day)
    assert again is not None
    return again


def sector_label(turn: Turn, code: str) -> str:
    sector = elements(turn).sector(code)
    return sector.label if sector else code


def no_unit() -> list[Reply]:
    return [Reply("report/no_unit")]


def sector_refused(turn: Turn, found: Desk, sector: str | None) -> list[Reply]:
    """Staff report only for the sectors they were given; say which, and how to get more."""
    return [Reply("report/sector_refused", {
        "sector": sector_label(turn, sector) if sector else None,
        "mine": [sector_label(turn, s) for s in found.sectors],
    })]


def check_and_store(
    turn: Turn, found: Desk, day: date, sector: str, values: Mapping[str, int], *,
    source: str, confirmed: bool = False, message_id: str = "", corrects: int | None = None,
) -> list[Reply]:
    """Closed period -> ask a lead; warnings -> ask the sender; otherwise store and echo.
    `corrects`: the submission an edited line corrects (its figures are replaced)."""
    if not found.may_report(sector):
        return sector_refused(turn, found, sector)
    found = covering(turn, found, day)
    if found.period_state(day, turn.now) is PeriodState.CLOSED and not found.is_lead:
        return _ask_for_approval(turn, found, day, sector, values)
    recent = report_store.recent(turn.connection, found.unit.id, sector, day)
    if not confirmed:
        # Outliers judge only what was sent; identities judge the whole day after the change.
        items = elements(turn)
        warnings = [w for code, value in values.items()
                    if (w := outlier(items.get(code), value, recent.history.get(code, ())))]
        warnings += identity_problems({**recent.current, **values}, items, recent.carried_over)
        if warnings:
            turn.start_flow(CONFIRM_FLOW, "confirm", {
                "day": day.isoformat(), "sector": sector, "values": dict(values),
                "source": source, "message_id": message_id, "corrects": corrects,
            })
            return [Reply(
                "report/problems", {"problems": problem_views(warnings, elements(turn))},
                choices=(Choice(label("confirm_anyway"), "report:confirm"),
                         Choice(label("cancel"), "cancel")),
            )]
    turn.end_flow()
    key = Key(found.unit.id, day, sector)
    if corrects is not None:
        return _correct(turn, key, corrects, values, recent.current)
    stored = report_store.store(turn.connection, key, values, user_id=turn.identity.user_id,
                                now=turn.now, source=source, message_id=message_id)
    after = {**recent.current, **{e: c.new for e, c in stored.changed.items()
                                  if c.new is not None}}
    return [Reply("report/stored", stored_context(turn, key, values, stored.changed, after))]


def _correct(
    turn: Turn, key: Key, original_id: int, values: Mapping[str, int], current: dict[str, int]
) -> list[Reply]:
    original = corrections.find_by_id(turn.connection, original_id)
    if original is None or original.undone_at is not None:
        return [Reply("report/edit_undone")]
    outcome = corrections.correct(turn.connection, original, values,
                                  user_id=turn.identity.user_id, now=turn.now)
    after = dict(current)
    for element, change in outcome.changed.items():
        if change.new is None:
            after.pop(element, None)
        else:
            after[element] = change.new
    held = {e: v for e, v in values.items() if e not in {k.element for k in outcome.kept}}
    context = stored_context(turn, key, held, outcome.changed, after)
    context["removed"] = [{"code": e, "old": c.old} for e, c in outcome.changed.items()
                          if c.new is None]
    context["kept"] = kept_views(turn, outcome.kept)
    context["unchanged"] = not outcome.changed
    return [Reply("report/corrected", context)]


def kept_views(turn: Turn, kept: list[corrections.Kept]) -> list[dict[str, Any]]:
    items = elements(turn)
    return [{"code": k.element, "label": items.get(k.element).label, "value": k.value,
             "by": k.by, "by_role": k.by_role, "by_self": k.by_self} for k in kept]


def stored_context(
    turn: Turn, key: Key, sent: Mapping[str, int], changed: Mapping[str, Change],
    after: Mapping[str, int],
) -> dict[str, Any]:
    items = elements(turn)
    return {
        "day": key.day,
        "sector": sector_label(turn, key.sector),
        "groups": grouped_values(sent, items),
        "corrections": [
            {"code": code, "label": items.get(code).label, "old": c.old, "new": c.new}
            for code, c in changed.items() if c.old is not None and c.new is not None
        ],
        "missing": [{"code": e.code, "label": e.label}
                    for e in missing_elements(after, items)],
    }


def _ask_for_approval(
    turn: Turn, found: Desk, day: date, sector: str, values: Mapping[str, int]
) -> list[Reply]:
    unit_id = found.unit.id
    request = request_approval(turn.session, unit_id=unit_id, day=day, sector=sector,
                               values=values, user_id=turn.identity.user_id, now=turn.now)
    leads = turn.session.exec(select(User).where(
        User.unit_id == unit_id, User.role.in_((Role.LEAD.value, Role.ADMIN.value))  # type: ignore[attr-defined]
    )).all()
    context = {
        "request_id": request.id, "day": format_date(day), "sector": sector_label(turn, sector),
        "who": turn.identity.display_name or turn.msg.sender,
        "values": [{"code": c, "label": elements(turn).get(c).label, "value": v}
                   for c, v in values.items()],
    }
    for lead in leads:
        schedule(turn.session, key=f"approval:{request.id}:{lead.id}",
                 recipient=Recipient(lead.channel, lead.address),
                 template="report/approval_needed", context=context, due_at=turn.now,
                 now=turn.now, choices=(Choice(label("approve"), f"approve:{request.id}"),
                                        Choice(label("reject"), f"reject:{request.id}")))
    turn.end_flow()
    return [Reply("report/sent_for_approval", {**context, "leads": len(leads)})]
