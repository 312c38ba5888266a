"""Staff send the day's figures in one line: `bc tt=45 tiep=12 ngay=14/3 nganh=ca`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.core.messages import Reply
from bot.core.reporting import ParseResult, Problem, is_report_command, parse_report, problem_views
from bot.core.reporting import problems as p
from bot.core.reporting.desk import Desk
from handlers.base import Router, Turn, command_parts
from handlers.report_common import (
    CONFIRM_FLOW,
    check_and_store,
    desk,
    elements,
    no_unit,
    sector_refused,
)
from handlers.report_form import start_form
from models import Role


def is_report(turn: Turn) -> bool:
    return is_report_command(turn.text)


def line_text(turn: Turn) -> str:
    """The line as `bc …`: `/sua tt=5` is a line too."""
    name, rest = command_parts(turn.text) if turn.text.startswith("/") else ("", "")
    return f"bc {rest}" if name == "sua" else turn.text


def parse_line(turn: Turn, found: Desk, text: str, today: date,
               default_sector: str | None) -> ParseResult:
    result = parse_report(
        text, elements(turn), found.unit.sectors, today,
        max_days_back=turn.services.settings.report_max_days_back,
        default_sector=default_sector,
    )
    # A missing sector is asked among the reporter's own, not all of the unit's.
    problems = tuple(replace(x, params={**x.params, "allowed": list(found.sectors)})
                     if x.code == p.MISSING_SECTOR else x for x in result.problems)
    return replace(result, problems=problems)


def refusal(turn: Turn, problems: tuple[Problem, ...]) -> list[Reply]:
    errors = [x for x in problems if x.severity == "error"]
    return [Reply("report/problems", {"problems": problem_views(errors, elements(turn))})]


def submit_line(turn: Turn) -> list[Reply]:
    """Parse, refuse with reasons or warn, else store and echo what was stored."""
    found = desk(turn)
    if found is None:
        return no_unit()
    name, rest = command_parts(turn.text) if turn.text.startswith("/") else ("", turn.text)
    if name == "sua" and not rest:
        return start_form(turn)  # the form shows what is stored and lets each figure change
    if name in ("bc", "baocao") and not rest:
        return show_codes(turn, found)
    if not found.sectors:
        return sector_refused(turn, found, None)
    result = parse_line(turn, found, line_text(turn), found.unit.today(turn.now),
                        found.default_sector())
    if result.report is None:
        return refusal(turn, result.problems)
    report = result.report
    return check_and_store(turn, found, report.date, report.sector, dict(report.values),
                           source="line", message_id=turn.msg.message_id)


def show_codes(turn: Turn, found: Desk | None = None) -> list[Reply]:
    """/bc alone: the codes and an example."""
    found = found or desk(turn)
    items = elements(turn)
    sectors = [s for s in items.sectors if found is None or s.code in found.sectors]
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
    found = desk(turn)
    if turn.conversation.flow != CONFIRM_FLOW or found is None:
        return [Reply("report/nothing_to_confirm")]
    values = {str(k): int(v) for k, v in dict(data["values"]).items()}
    corrects = data.get("corrects")
    return check_and_store(turn, found, date.fromisoformat(data["day"]), data["sector"], values,
                           source=data["source"], confirmed=True,
                           message_id=str(data.get("message_id") or ""),
                           corrects=int(corrects) if corrects is not None else None)


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
