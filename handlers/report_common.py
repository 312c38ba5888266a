"""What the report handlers share: the unit's today, checking and storing, the echo."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.core.labels import label
from bot.core.messages import Choice, Recipient, Reply
from bot.core.outbox import schedule
from bot.core.reporting import (
    ElementSet,
    grouped_values,
    identity_problems,
    missing_elements,
    outlier,
    problem_views,
)
from bot.core.reporting import store as report_store
from bot.core.reporting.periods import PeriodState, period_state, request_approval
from handlers.base import Turn, allowed
from models import Role, Unit, User

CONFIRM_FLOW = "report_confirm"


def elements(turn: Turn) -> ElementSet:
    return turn.services.elements


def staff_unit(turn: Turn) -> Unit | None:
    return turn.unit


def local_today(turn: Turn, unit: Unit) -> date:
    return turn.now.astimezone(ZoneInfo(unit.timezone)).date()


def default_sector(turn: Turn, unit: Unit) -> str | None:
    """The sector a staff member reports for; a single-sector unit needs no choice."""
    if turn.identity.sector and turn.identity.sector in unit.sectors:
        return turn.identity.sector
    if len(unit.sectors) == 1:
        return unit.sectors[0]
    return None


def sector_label(turn: Turn, code: str) -> str:
    sector = elements(turn).sector(code)
    return sector.label if sector else code


def no_unit() -> list[Reply]:
    return [Reply("report/no_unit")]


def check_and_store(
    turn: Turn, unit: Unit, day: date, sector: str, values: Mapping[str, int], *,
    source: str, confirmed: bool = False,
) -> list[Reply]:
    """Closed period -> ask a lead; warnings -> ask the sender; otherwise store and echo."""
    assert unit.id is not None
    state = period_state(turn.session, unit.id, day, turn.now)
    if state is PeriodState.CLOSED and not allowed(turn.role, Role.LEAD):
        return _ask_for_approval(turn, unit, day, sector, values)
    if not confirmed:
        current = report_store.current_values(turn.connection, unit.id, day, sector)
        merged = {**current, **values}
        history = report_store.history(turn.connection, unit.id, sector, day)
        carried = report_store.carried_over(turn.connection, unit.id, sector, day)
        # Outliers judge only what was sent; identities judge the whole day after the change.
        items = elements(turn)
        found = (outlier(items.get(code), value, history.get(code, ()))
                 for code, value in values.items())
        warnings = [w for w in found if w is not None]
        warnings += identity_problems(merged, items, carried)
        if warnings:
            turn.start_flow(CONFIRM_FLOW, "confirm", {
                "day": day.isoformat(), "sector": sector, "values": dict(values),
                "source": source,
            })
            return [Reply(
                "report/problems", {"problems": problem_views(warnings, elements(turn))},
                choices=(Choice(label("confirm_anyway"), "report:confirm"),
                         Choice(label("cancel"), "cancel")),
            )]
    stored = report_store.store(
        turn.session, unit_id=unit.id, day=day, sector=sector, values=values,
        user_id=turn.identity.user_id, now=turn.now, source=source,
    )
    turn.end_flow()
    return [Reply("report/stored", stored_context(turn, day, sector, values, stored))]


def stored_context(
    turn: Turn, day: date, sector: str, sent: Mapping[str, int], stored: report_store.Stored
) -> dict[str, Any]:
    items = elements(turn)
    return {
        "day": day,
        "sector": sector_label(turn, sector),
        "groups": grouped_values(sent, items),
        "corrections": [
            {"code": code, "label": items.get(code).label, "old": old, "new": new}
            for code, (old, new) in stored.changed.items() if old is not None
        ],
        "missing": [{"code": e.code, "label": e.label}
                    for e in missing_elements(stored.values, items)],
    }


def _ask_for_approval(
    turn: Turn, unit: Unit, day: date, sector: str, values: Mapping[str, int]
) -> list[Reply]:
    assert unit.id is not None
    request = request_approval(turn.session, unit_id=unit.id, day=day, sector=sector,
                               values=values, user_id=turn.identity.user_id, now=turn.now)
    leads = turn.session.exec(select(User).where(
        User.unit_id == unit.id, User.role.in_((Role.LEAD.value, Role.ADMIN.value))  # type: ignore[attr-defined]
    )).all()
    context = {
        "request_id": request.id, "day": day.isoformat(), "sector": sector_label(turn, sector),
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
