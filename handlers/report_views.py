"""/homnay: the unit's figures for a day, sector by sector, with who reported."""

from __future__ import annotations

from bot.core.messages import Reply
from bot.core.reporting import store as report_store
from bot.core.reporting.fields import parse_day
from handlers.base import Router, Turn, allowed, command_parts
from handlers.report_common import desk, elements, no_unit, sector_label
from models import Role


def show_day(turn: Turn) -> list[Reply]:
    """Today for staff; any day for leads (/homnay 14/3)."""
    found = desk(turn)
    if found is None:
        return no_unit()
    unit = found.unit
    _, rest = command_parts(turn.text)
    today = unit.today(turn.now)
    day = today
    if rest:
        if not allowed(turn.role, Role.LEAD):
            return [Reply("report/day_lead_only")]
        parsed = parse_day(rest.strip(), today)
        if parsed is None:
            return [Reply("report/day_bad_date", {"given": rest.strip()})]
        day = parsed
    overview = report_store.day_overview(turn.connection, unit.id, day)
    items = elements(turn)
    sectors = []
    for code in unit.sectors:
        entry = overview.get(code)
        values = entry.values if entry else {}
        sectors.append({
            "label": sector_label(turn, code),
            "reported": entry is not None,
            "reporters": entry.reporters if entry else [],
            "values": [{"code": e.code, "value": values[e.code]}
                       for e in items.elements if e.code in values],
        })
    return [Reply("report/day", {"day": day, "unit": unit.name, "sectors": sectors,
                                 "missing": [s["label"] for s in sectors if not s["reported"]]})]


def register(router: Router) -> None:
    router.command("homnay", "today", min_role=Role.STAFF)(show_day)
