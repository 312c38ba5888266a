"""/baocao for staff and leads: the summary of a period, with buttons for its files.

`/baocao` alone is the running period, or the one just closed while its report is not yet
due (the summary says which); `/baocao 3/2026`, `/baocao quý 1/2026`,
`/baocao 01/03/2026-31/03/2026` name one. A line with figures (`/baocao tt=45`) is still a
daily report line, as before this command compiled summaries.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.messages import Reply
from bot.core.reporting.elements import fold
from bot.core.summaries.compile import compile_report, load_unit
from bot.core.summaries.compose import full_summary
from bot.core.summaries.files import KINDS, render_file
from bot.core.summaries.model import Period, PeriodReport
from bot.core.summaries.obligations import default_period
from bot.core.summaries.periods import (
    PeriodError,
    PeriodScheme,
    parse_key,
    parse_period,
    period_containing,
)
from handlers.base import Router, Turn, command_parts, payload_parts
from handlers.report_common import no_unit
from handlers.report_line import submit_line
from models import Role


def is_report_line(turn: Turn, rest: str) -> bool:
    """Figures (`tt=45`, `tt 45`) make a daily report line, not a period."""
    if "=" in rest or ":" in rest:
        return True
    items = turn.services.elements
    return any(items.element(word) is not None for word in fold(rest).split())


def summary_or_line(turn: Turn) -> list[Reply]:
    _, rest = command_parts(turn.text)
    unit_id = turn.identity.unit_id
    if unit_id is None:
        return submit_line(turn) if rest else no_unit()
    unit = load_unit(turn.connection, unit_id)
    today = turn.now.astimezone(ZoneInfo(unit.timezone)).date()
    chosen, current_key = "", ""
    if rest:
        try:
            period = parse_period(rest, unit.scheme)
        except PeriodError:
            if is_report_line(turn, rest):
                return submit_line(turn)
            return [Reply("summaries/bad_period", {"given": rest})]
    else:
        period, closed = default_period(unit.scheme, today)
        chosen = "closed" if closed else "current"
        if closed:
            current_key = period_containing(unit.scheme, today).key
    report = _compile(turn, unit_id, period)
    return [full_summary(turn.connection, report, now=turn.now, elements=turn.services.elements,
                         chosen=chosen, current_key=current_key)]


def send_file(turn: Turn) -> list[Reply]:
    """A file button: compiled again now, so the file shows the figures as they are."""
    _, rest = payload_parts(turn.msg.payload or "")
    kind, _, key = rest.partition(":")
    unit_id = turn.identity.unit_id
    if unit_id is None:
        return no_unit()
    scheme: PeriodScheme = load_unit(turn.connection, unit_id).scheme
    try:
        period = parse_key(key, scheme)
    except PeriodError:
        return [Reply("summaries/file_unknown")]
    if kind not in KINDS:
        return [Reply("summaries/file_unknown")]
    report = _compile(turn, unit_id, period)
    return [Reply("summaries/file", {"kind": kind, "title": report.title,
                                     "unit": report.unit_name},
                  attachments=(render_file(kind, report),))]


def _compile(turn: Turn, unit_id: int, period: Period) -> PeriodReport:
    return compile_report(turn.connection, unit_id, period, now=turn.now,
                          elements=turn.services.elements)


def register(router: Router) -> None:
    # After report_line: this replaces its /baocao route and hands lines back to it.
    router.command("baocao", min_role=Role.STAFF)(summary_or_line)
    router.payload("baocao", min_role=Role.STAFF)(send_file)
