"""A new appointment for a dossier that will be late: the dates the bot proposes, the checks a
typed date must pass, and the values of the apology letter (Mẫu 04, TT 03/2025/TT-VPCP).

The rule behind the proposal is OUR choice. Nghị định 118/2025/NĐ-CP and Thông tư
03/2025/TT-VPCP (articles not verified, as actions.py says) require the apology with a new
date and allow the return date to be moved once, but leave the length of the extension to
the desk. So the bot proposes, and the desk decides:

- counting starts from the later of the current appointment day and today (an overdue
  dossier is extended from today, never to a date already past);
- the proposal is that start plus the procedure's own processing time again, in working
  days of the unit's calendar (`catalog_duration` for the dossier's channel; calendar days
  counted as working days, hours and fractions rounded up to whole working days, at least
  one). The time the law gives for the procedure is the best measure of how long a second
  attempt takes; counting it in working days keeps the date off weekends and holidays;
- without a processing time in the catalog (a procedure typed by name, a ngành dọc desk),
  `FALLBACK_DAYS` (5) working days — a working week, our choice;
- two alternatives beside it: half the time (at least one day) and twice the time;
- every date is the close of office hours of a working day, as every due date is (due.py).

A date the desk types is checked the same way: a working day, after the current appointment
and not already past (actions.extend refuses the last two again, inside the transaction).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from bot.core.documents import ApologyValues
from bot.core.documents.formatting import BLANK
from bot.core.dossiers.actions import Refusal
from bot.core.dossiers.context import RegisterContext
from bot.core.dossiers.store import DossierView

FALLBACK_DAYS = 5
# The letter's addressee when the desk leaves the name to be written by hand.
NAME_BLANK = BLANK * 6


def processing_days(ctx: RegisterContext, view: DossierView) -> int | None:
    """The procedure's processing time as whole working days; None when unknown."""
    duration = ctx.duration(view.procedure_code, view.channel)
    if duration is None:
        return None
    if duration.unit == "hour":
        days = duration.value * 60 / ctx.clock.hours.minutes_per_day
    else:
        days = duration.value
    return max(1, math.ceil(days))


def _start_day(ctx: RegisterContext, view: DossierView, now: dt.datetime) -> dt.date:
    today = ctx.clock.local(now).date()
    if view.due_at is None:
        return today
    return max(ctx.clock.local(view.due_at).date(), today)


def proposed_days(ctx: RegisterContext, view: DossierView, now: dt.datetime
                  ) -> tuple[dt.date, list[dt.date]]:
    """(the proposal, every offered day in order — the proposal among them)."""
    n = processing_days(ctx, view) or FALLBACK_DAYS
    start = _start_day(ctx, view, now)
    calendar = ctx.clock.calendar
    proposal = calendar.add_working_days(start, n)
    offered = sorted({calendar.add_working_days(start, k) for k in (max(1, n // 2), n, 2 * n)})
    return proposal, offered


@dataclass(frozen=True)
class DayProblem:
    """Why a day cannot be the new appointment: `refusal`, or a day off (`holiday` names it,
    empty for a weekend) with the next working day to suggest."""

    refusal: Refusal | None = None
    day_off: bool = False
    holiday: str = ""
    next_working_day: dt.date | None = None


def check_day(ctx: RegisterContext, view: DossierView, day: dt.date, now: dt.datetime
              ) -> DayProblem | None:
    calendar = ctx.clock.calendar
    if not calendar.is_working_day(day):
        return DayProblem(day_off=True, holiday=calendar.holiday_name(day) or "",
                          next_working_day=calendar.next_working_day(day))
    due = new_due_at(ctx, day)
    if due <= now:
        return DayProblem(refusal=Refusal.IN_PAST)
    if view.due_at is not None and due <= view.due_at:
        return DayProblem(refusal=Refusal.NOT_LATER)
    return None


def new_due_at(ctx: RegisterContext, day: dt.date) -> dt.datetime:
    """A new appointment falls at the close of office hours, as every due date does."""
    return ctx.clock.close(day)


def letter_values(ctx: RegisterContext, before: DossierView, after: DossierView, *,
                  citizen_name: str, reason: str, issued_on: dt.date) -> ApologyValues:
    """The letter of a dossier just extended: the appointment the citizen held (`before`),
    the new one (`after`, as `actions.extend` returned it), the reason. The number, the
    place, the parent body and the signer are left as dotted blanks for the lead to fill in
    Word: the bot does not know the unit's document register or who signs."""
    held = before.due_at or before.original_due_at
    assert after.due_at is not None and held is not None
    return ApologyValues(
        unit_name=ctx.unit_name,
        citizen_name=citizen_name.strip() or NAME_BLANK,
        dossier_code=after.code,
        procedure_name=after.procedure_name or (after.procedure_code or ""),
        received_at=after.received_at or held,
        due_at=held,
        new_due_at=after.due_at,
        reason=reason,
        issued_on=issued_on,
        timezone=str(ctx.tz),
    )
