"""Due dates (ngày hẹn trả) computed when the source gives none, and after a supplement.

The governing text is Nghị định 118/2025/NĐ-CP on the one-door mechanism (Điều 1: scope; the
articles on receipt, supplement requests, late dossiers and time counting are to be confirmed
against the official text — none is cited here until it is read). What this module does, and
why:

- **A due date the source gives is the truth**; nothing here runs for it.
- **The clock starts at acceptance** (received_at, ngày tiếp nhận), not at an online
  submission: the systems keep both (NgayNopHoSo, NgayTiepNhan) and count from the latter.
- **Accepted on a day off or after closing** counts from the next working day's opening.
- **The 15:00 cut-off** ("tiếp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp
  theo") is a property of the procedure: its published text says so for a dozen commune
  procedures and for no others (rules.py), so it applies only where `cutoff` is given.
- **Working days** (the catalog's "Ngày làm việc"): the day of acceptance is not counted
  (Điều 147 Bộ luật Dân sự 2015, as bot/core/calendar.py); the dossier is due at the close of
  office hours of the n-th working day after it. 0 working days means the same day.
- **Calendar days** ("Ngày"): n days after acceptance; a deadline on a day off moves to the
  next working day (Điều 148 Bộ luật Dân sự 2015).
- **Hours** ("Giờ làm việc"), and fractions of a working day, are counted inside the unit's
  office windows (hours.py), a working day being the windows' total (8 hours by default).

Supplements (yêu cầu bổ sung) pause the clock. Two practices exist and the decree's wording is
to be confirmed, so it is a setting (`DOSSIER_SUPPLEMENT_RULE`):

- `shift` (default): the time the citizen held the dossier does not count; the due date moves
  by the working days (or, for hour deadlines, the office minutes) between the request and the
  answer. The office keeps the time it had already used. This is what "pause" means, what the
  issue asks for, and the provincial Thanh Hóa system's default.
- `restart`: the full processing time starts again when the citizen supplies (that system's
  "theo Nghị định" mode). Needs the procedure's duration; without one it falls back to `shift`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from bot.core.catalog import Procedure
from bot.core.dossiers.hours import WorkClock

DurationUnit = Literal["working_day", "day", "hour"]
SupplementRule = Literal["shift", "restart"]


@dataclass(frozen=True)
class Duration:
    """A processing time as the catalog states it (the value of one channel's row)."""

    value: float
    unit: DurationUnit

    def in_minutes(self, minutes_per_day: int) -> int | None:
        """Office minutes for hour deadlines and fractions of a working day; None: by days."""
        if self.unit == "hour":
            return round(self.value * 60)
        if self.unit == "working_day" and self.value != int(self.value):
            return round(self.value * minutes_per_day)
        return None


def catalog_duration(procedure: Procedure, channel: str | None) -> Duration | None:
    """The processing time the catalog gives for `channel`; without a channel, the time all
    channels share. None when the catalog does not say it unambiguously."""
    options = [o for o in procedure.channels if channel is None or o.channel == channel]
    found = {(o.duration_value, o.duration_unit) for o in options}
    if len(found) != 1:
        return None
    value, unit = found.pop()
    if value is None or unit is None or value < 0:
        return None
    return Duration(value, unit)


def compute_due(received: dt.datetime, duration: Duration, clock: WorkClock,
                cutoff: dt.time | None = None) -> dt.datetime:
    """When a dossier accepted at `received` is due (timezone-aware, in the unit's zone)."""
    start = clock.start(received, cutoff)
    minutes = duration.in_minutes(clock.hours.minutes_per_day)
    if minutes is not None:
        return clock.add(start, minutes)
    days = int(duration.value)
    calendar = clock.calendar
    if duration.unit == "day":
        end = start.date() + dt.timedelta(days=days)
        return clock.close(end if calendar.is_working_day(end) else calendar.next_working_day(end))
    return clock.close(calendar.add_working_days(start.date(), days))


def due_after_supplement(
    rule: SupplementRule,
    *,
    due_before: dt.datetime | None,
    requested_at: dt.datetime,
    supplied_at: dt.datetime,
    clock: WorkClock,
    duration: Duration | None = None,
    cutoff: dt.time | None = None,
) -> dt.datetime | None:
    """The due date once the citizen supplied what was asked (see the module docstring)."""
    if rule == "restart" and duration is not None:
        return compute_due(supplied_at, duration, clock, cutoff)
    if due_before is None:
        return None
    by_minutes = duration is not None and duration.in_minutes(1) is not None
    if by_minutes:
        left = clock.between(requested_at, due_before)
        return clock.add(clock.start(supplied_at), left)
    paused = clock.calendar.working_days_between(
        clock.local(requested_at).date(), clock.local(supplied_at).date())
    moved = clock.calendar.add_working_days(clock.local(due_before).date(), max(paused, 0))
    return clock.close(moved) if paused > 0 else due_before
