"""Office hours and working time: what deadlines in hours are counted in.

A unit works in windows, morning and afternoon, on working days of the calendar
(bot/core/calendar.py: weekends, holidays, announced swaps, local overrides). The default,
`DOSSIER_OFFICE_HOURS=07:00-11:30,13:30-17:00`, is 8 hours a day and is what the one-door
systems in use count with (the Thanh Hóa system's defaults; procedure pages on the VNPT iGate
portals say "Sáng từ 07 giờ đến 11 giờ 30, chiều từ 13 giờ 30 đến 17 giờ"). A unit whose
hours differ sets its own (`motcua unit set CODE --office-hours ...`). The 8-hour working day
itself is the Labour Code's normal day (Bộ luật Lao động 2019; article to be confirmed
against the official text); the windows are not forced to add up to 8 hours.

Times are local to the unit (`tz`); every datetime given or returned is timezone-aware.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.core.calendar import WorkingCalendar

DEFAULT_OFFICE_HOURS = "07:00-11:30,13:30-17:00"
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class OfficeHours:
    """Ordered, non-overlapping windows of one working day."""

    windows: tuple[tuple[dt.time, dt.time], ...]

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """"07:00-11:30,13:30-17:00" (one to four windows); ValueError when malformed."""
        windows: list[tuple[dt.time, dt.time]] = []
        for part in text.split(","):
            match = _WINDOW.match(part)
            if match is None:
                raise ValueError(f"not a window HH:MM-HH:MM: {part!r}")
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            start, end = dt.time(h1, m1), dt.time(h2, m2)  # ValueError past 23:59
            if end <= start:
                raise ValueError(f"window ends before it starts: {part!r}")
            if windows and start < windows[-1][1]:
                raise ValueError(f"windows overlap or are out of order: {part!r}")
            windows.append((start, end))
        if not 1 <= len(windows) <= 4:
            raise ValueError("one to four windows")
        return cls(tuple(windows))

    def __str__(self) -> str:
        return ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in self.windows)

    @property
    def opens(self) -> dt.time:
        return self.windows[0][0]

    @property
    def closes(self) -> dt.time:
        return self.windows[-1][1]

    @property
    def minutes_per_day(self) -> int:
        return sum(_minutes(b) - _minutes(a) for a, b in self.windows)


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


class WorkClock:
    """Working days of `calendar` × office windows of `hours`, in the unit's timezone."""

    def __init__(self, calendar: WorkingCalendar, hours: OfficeHours, tz: dt.tzinfo) -> None:
        self.calendar, self.hours, self.tz = calendar, hours, tz

    def local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            raise ValueError("timezone-aware datetimes only")
        return moment.astimezone(self.tz)

    def at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.tz)

    def close(self, day: dt.date) -> dt.datetime:
        """End of office hours of `day`: where a deadline counted in days falls."""
        return self.at(day, self.hours.closes)

    def start(self, received: dt.datetime, cutoff: dt.time | None = None) -> dt.datetime:
        """When the clock starts for a dossier accepted at `received`.

        Accepted on a day off or after closing: the next working day's opening. Accepted
        after the procedure's same-day cut-off (when it has one): the same.
        """
        local = self.local(received)
        day = local.date()
        late = local.time() >= self.hours.closes or (cutoff is not None and local.time() > cutoff)
        if not self.calendar.is_working_day(day) or late:
            return self.at(self.calendar.next_working_day(day), self.hours.opens)
        return max(local, self.at(day, self.hours.opens))

    def add(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """`minutes` of office time after `start` (counted only inside the windows)."""
        cursor = self.local(start)
        left = dt.timedelta(minutes=minutes)
        day = cursor.date()
        if not self.calendar.is_working_day(day):
            day = self.calendar.next_working_day(day)
            cursor = self.at(day, self.hours.opens)
        while True:
            for begin, end in self.hours.windows:
                window_end = self.at(day, end)
                if cursor >= window_end:
                    continue
                cursor = max(cursor, self.at(day, begin))
                if left <= window_end - cursor:
                    return cursor + left
                left -= window_end - cursor
                cursor = window_end
            day = self.calendar.next_working_day(day)
            cursor = self.at(day, self.hours.opens)

    def between(self, a: dt.datetime, b: dt.datetime) -> int:
        """Minutes of office time in [a, b); 0 when b is not after a."""
        a, b = self.local(a), self.local(b)
        total = dt.timedelta()
        day = a.date()
        while day <= b.date():
            if self.calendar.is_working_day(day):
                for begin, end in self.hours.windows:
                    lo, hi = max(a, self.at(day, begin)), min(b, self.at(day, end))
                    if hi > lo:
                        total += hi - lo
            day += dt.timedelta(days=1)
        return int(total.total_seconds() // 60)
