"""The messages of the period planners (`sending.py`), built when the outbox sends them.

A planned row holds only the unit and the period key; here, in the delivery's own read
transaction, the period is compiled from the figures as they are at that moment, so a
summary delayed by a busy channel is no staler than one typed as /baocao.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from bot.core.calendar_service import working_calendar
from bot.core.labels import label
from bot.core.messages import Choice, Reply
from bot.core.outbox import Due
from bot.core.reporting.elements import ElementSet
from bot.core.summaries.compile import UnknownUnit, compile_report, load_unit
from bot.core.summaries.estimate import estimate_for
from bot.core.summaries.files import KINDS, render_all
from bot.core.summaries.model import PeriodReport
from bot.core.summaries.periods import PeriodError, parse_key
from bot.core.summaries.qd766 import Qd766Estimate, qd766_context
from bot.core.summaries.view import summary_context


def summary_message(report: PeriodReport, *, chosen: str = "", current_key: str = "",
                    qd766: Qd766Estimate | None = None) -> Reply:
    """The chat summary with one button per file (`baocao:<kind>:<period key>`), and the
    QĐ 766 estimate when one was computed."""
    key = report.period.key
    context = summary_context(report, chosen=chosen, current_key=current_key)
    context["qd766"] = qd766_context(qd766) if qd766 is not None else None
    return Reply("summaries/summary", context,
                 choices=tuple(Choice(label(f"summary_{kind}"), f"baocao:{kind}:{key}")
                               for kind in KINDS))


def full_summary(connection: Connection, report: PeriodReport, *, now: dt.datetime,
                 elements: ElementSet, chosen: str = "", current_key: str = "") -> Reply:
    """`summary_message` with the QĐ 766 estimate of the period's calendar months."""
    estimate = estimate_for(connection, report.unit_id, report.period, now=now,
                            elements=elements, calendar=working_calendar(connection))
    return summary_message(report, chosen=chosen, current_key=current_key, qd766=estimate)


def _report(connection: Connection, due: Due, now: dt.datetime,
            elements: ElementSet) -> PeriodReport | None:
    """The row's unit and period compiled now; None when the unit is gone or the key no
    longer reads (the cut-off changed since it was planned)."""
    try:
        unit = load_unit(connection, int(due.context["unit_id"]))
        period = parse_key(str(due.context["period"]), unit.scheme)
    except (UnknownUnit, PeriodError, KeyError, ValueError):
        return None
    return compile_report(connection, unit.id, period, now=now, elements=elements,
                          calendar=working_calendar(connection))


@dataclass(frozen=True)
class IssuedSummary:
    """`summary` rows: the summary of the report due, with its three files attached."""

    elements: ElementSet

    def __call__(self, connection: Connection, due: Due, now: dt.datetime) -> Reply | None:
        report = _report(connection, due, now, elements=self.elements)
        if report is None:
            return None
        message = full_summary(connection, report, now=now, elements=self.elements,
                               chosen="issued")
        return Reply(message.template, message.context, choices=message.choices,
                     attachments=tuple(render_all(report)))


@dataclass(frozen=True)
class MissingReminder:
    """`period_nag` rows: which days each sector has not reported in the period so far;
    nothing is sent when every day is in by the time it goes out."""

    elements: ElementSet

    def __call__(self, connection: Connection, due: Due, now: dt.datetime) -> Reply | None:
        report = _report(connection, due, now, elements=self.elements)
        if report is None or not report.missing:
            return None
        sectors: list[dict[str, Any]] = [
            {"label": s.label, "days": list(s.missing_days)}
            for s in report.sectors if s.missing_days]
        return Reply("summaries/reminder", {
            "unit": report.unit_name, "title": report.title, "end": report.period.end,
            "sectors": sectors, "key": report.period.key})
