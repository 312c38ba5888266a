"""Vietnamese working-day calendar: public holidays from `holidays`, plus local overrides.

The `holidays` package knows Tết, Hùng Kings, 30/4, 1/5, 2/9 (two days since 2021),
compensatory days for holidays on weekends, and the national swaps it has been told of
(e.g. 31/08/2026 off, Saturday 22/08/2026 worked). Swaps are announced yearly, often after a
package release, so `calendar_overrides.toml` adds what it does not know yet.

Deadline rules (`due_at`):
- the day of receipt is not counted (Điều 147 Bộ luật Dân sự 2015);
- a period in calendar days ending on a day off ends on the next working day (Điều 148);
- a dossier received on a day off or after office hours counts as received the next working
  day; a same-day procedure (amount 0) received after 15:00 is due the next working day;
- deadlines fall at the end of office hours of the due day.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import holidays

DEFAULT_OVERRIDES = Path(__file__).resolve().parents[1] / "data" / "calendar_overrides.toml"
DueUnit = Literal["working_day", "day", "hour"]
_MAX_DAYS_OFF_IN_A_ROW = 60  # guards the loops against an overrides file that closes a year


@dataclass(frozen=True)
class Overrides:
    extra_holidays: frozenset[dt.date]
    extra_working_days: frozenset[dt.date]


def parse_overrides(data: dict[str, Any]) -> Overrides:
    """`[[day_off]]` and `[[working_day]]` tables, each with a TOML date `date`."""

    def dates(kind: str) -> frozenset[dt.date]:
        found = set()
        for entry in data.get(kind, []):
            value = entry.get("date") if isinstance(entry, dict) else None
            if type(value) is not dt.date:
                raise ValueError(f"[[{kind}]] entry needs date = YYYY-MM-DD, got {entry!r}")
            found.add(value)
        return frozenset(found)

    off, working = dates("day_off"), dates("working_day")
    if off & working:
        raise ValueError(f"dates both off and working: {sorted(off & working)}")
    return Overrides(off, working)


def load_overrides(path: Path = DEFAULT_OVERRIDES) -> Overrides:
    with path.open("rb") as handle:
        return parse_overrides(tomllib.load(handle))


class WorkingCalendar:
    """Working days of a Vietnamese state office: Monday–Friday minus public holidays,
    with local overrides taking precedence over the package."""

    def __init__(
        self,
        extra_holidays: Iterable[dt.date] = (),
        extra_working_days: Iterable[dt.date] = (),
        *,
        country: str = "VN",
        work_start: dt.time = dt.time(8, 0),
        work_end: dt.time = dt.time(17, 0),
        same_day_cutoff: dt.time = dt.time(15, 0),
    ) -> None:
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_working_days = frozenset(extra_working_days)
        if self.extra_holidays & self.extra_working_days:
            raise ValueError("a date cannot be both an extra holiday and an extra working day")
        self.country = country
        self.work_start, self.work_end, self.same_day_cutoff = work_start, work_end, same_day_cutoff
        self._years: dict[int, tuple[dict[dt.date, str], frozenset[dt.date]]] = {}

    @classmethod
    def from_file(cls, path: Path = DEFAULT_OVERRIDES, **options: Any) -> WorkingCalendar:
        overrides = load_overrides(path)
        return cls(overrides.extra_holidays, overrides.extra_working_days, **options)

    def _year(self, year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
        # Built once per year; neighbours included because a swap may cross the new year.
        if year not in self._years:
            table = holidays.country_holidays(
                self.country, years=range(year - 1, year + 2), language="vi"
            )
            names = {d: str(n) for d, n in table.items() if d.year == year}
            workdays = frozenset(d for d in table.weekend_workdays if d.year == year)
            self._years[year] = (names, workdays)
        return self._years[year]

    def holiday_name(self, day: dt.date) -> str | None:
        """The package's (Vietnamese) name of a public holiday, None otherwise."""
        return self._year(day.year)[0].get(day)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_holidays:
            return False
        names, weekend_workdays = self._year(day.year)
        if day.weekday() >= 5:
            return day in weekend_workdays
        return day not in names

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        return self._step(day, 1)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """The last working day strictly before `day`."""
        return self._step(day, -1)

    def _step(self, day: dt.date, direction: int) -> dt.date:
        for offset in range(1, _MAX_DAYS_OFF_IN_A_ROW + 1):
            candidate = day + dt.timedelta(days=direction * offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(f"no working day within {_MAX_DAYS_OFF_IN_A_ROW} days of {day}")

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (start itself not counted; negative n goes
        back). n = 0 returns `start` unchanged."""
        day = start
        for _ in range(abs(n)):
            day = self._step(day, 1 if n > 0 else -1)
        return day

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b] when b >= a, minus those in [b, a) when b < a: the exact
        inverse of add_working_days, so add_working_days(a, working_days_between(a, b)) == b
        whenever b is a working day."""
        step = 1 if b >= a else -1
        start = a if b >= a else b - dt.timedelta(days=1)
        days = abs((b - a).days)
        return step * sum(
            1 for i in range(1, days + 1) if self.is_working_day(start + dt.timedelta(days=i))
        )

    def due_at(
        self, received: dt.datetime, amount: int, unit: DueUnit, tz: dt.tzinfo
    ) -> dt.datetime:
        """When a dossier received at `received` (timezone-aware) is due, in `tz`."""
        if received.tzinfo is None:
            raise ValueError("received must be timezone-aware")
        if amount < 0:
            raise ValueError("amount must not be negative")
        local = received.astimezone(tz)
        day = local.date()
        if unit == "hour":
            return self._add_working_hours(local, amount, tz)
        if amount == 0:
            same_day = self.is_working_day(day) and local.time() <= self.same_day_cutoff
            return self._close(day if same_day else self.next_working_day(day), tz)
        if unit == "day":
            end = day + dt.timedelta(days=amount)
            return self._close(end if self.is_working_day(end) else self.next_working_day(end), tz)
        if not self.is_working_day(day) or local.time() >= self.work_end:
            day = self.next_working_day(day)
        return self._close(self.add_working_days(day, amount), tz)

    def _close(self, day: dt.date, tz: dt.tzinfo) -> dt.datetime:
        return dt.datetime.combine(day, self.work_end, tzinfo=tz)

    def _add_working_hours(self, local: dt.datetime, hours: int, tz: dt.tzinfo) -> dt.datetime:
        """Office hours only (work_start–work_end of working days; lunch not deducted)."""
        remaining = dt.timedelta(hours=hours)
        cursor = local
        while True:
            day = cursor.date()
            if not self.is_working_day(day) or cursor.time() >= self.work_end:
                cursor = dt.datetime.combine(self.next_working_day(day), self.work_start, tz)
                continue
            cursor = max(cursor, dt.datetime.combine(day, self.work_start, tz))
            available = self._close(day, tz) - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
            cursor = dt.datetime.combine(self.next_working_day(day), self.work_start, tz)
