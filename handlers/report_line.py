"""Staff send the day's figures in one line: `bc tt=45 tiep=12 ngay=14/3 nganh=ca`."""

from __future__ import annotations

from datetime import date

from bot.core.messages import Reply
from bot.core.reporting import is_report_command, parse_report, problem_views
from handlers.base import Router, Turn, command_parts
from handlers.report_common import (
    CONFIRM_FLOW,
    check_and_store,
    default_sector,
    elements,
    local_today,
    no_unit,
    staff_unit,
)
from handlers.report_form import start_form
from models import Role


def is_report(turn: Turn) -> bool:
    return is_report_command(turn.text)


def submit_line(turn: Turn) -> list[Reply]:
    """Parse, refuse with reasons or warn, else store and echo what was stored."""
    unit = staff_unit(turn)
    if unit is None:
        return no_unit()
    name, rest = command_parts(turn.text) if turn.text.startswith("/") else ("", turn.text)
    if name == "sua" and not rest:
        return start_form(turn)  # the form shows what is stored and lets each figure change
    if name in ("bc", "baocao") and not rest:
        return show_codes(turn)
    text = turn.text if name != "sua" else f"bc {rest}"
    result = parse_report(
        text, elements(turn), unit.sectors, local_today(turn, unit),
        max_days_back=turn.services.settings.report_max_days_back,
        default_sector=default_sector(turn, unit),
    )
    errors = [p for p in result.problems if p.severity == "error"]
    if errors or result.report is None:
        return [Reply("report/problems", {"problems": problem_views(errors, elements(turn))})]
    report = result.report
    return check_and_store(turn, unit, report.date, report.sector, dict(report.values),
                           source="line")


def show_codes(turn: Turn) -> list[Reply]:
    """/bc alone: the codes and an example."""
    unit = staff_unit(turn)
    items = elements(turn)
    sectors = [s for s in items.sectors if unit is None or s.code in unit.sectors]
    return [Reply("report/codes", {
        "groups": [
            {"label": g.label, "items": [
                {"code": e.code, "aliases": list(e.aliases), "label": e.label,
                 "required": e.required}
                for e in items.elements if e.group == g.code
            ]}
            for g in items.groups
        ],
        "sectors": [{"code": s.code, "label": s.label} for s in sectors],
    })]


def confirm_warned(turn: Turn) -> list[Reply]:
    """'Vẫn lưu' after warnings: store exactly what was checked."""
    data = turn.conversation.data
    unit = staff_unit(turn)
    if turn.conversation.flow != CONFIRM_FLOW or unit is None:
        return [Reply("report/nothing_to_confirm")]
    values = {str(k): int(v) for k, v in dict(data["values"]).items()}
    return check_and_store(turn, unit, date.fromisoformat(data["day"]), data["sector"], values,
                           source=data["source"], confirmed=True)


def waiting_for_confirmation(turn: Turn) -> list[Reply]:
    """Text while a warned report waits: a new report replaces it, anything else reminds."""
    if is_report(turn):
        turn.end_flow()
        return submit_line(turn)
    return [Reply("report/confirm_pending")]


def register(router: Router) -> None:
    router.command("bc", "baocao", "sua", min_role=Role.STAFF)(submit_line)
    router.payload("report", min_role=Role.STAFF, on_dialogue=True)(confirm_warned)
    router.flow(CONFIRM_FLOW, min_role=Role.STAFF)(waiting_for_confirmation)
    router.text(is_report, min_role=Role.STAFF)(submit_line)
