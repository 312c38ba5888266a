"""Due dates with `now` and receipt times passed in: Tết 2026, make-up Saturdays, the 15:00
cut-off of a procedure, hours inside office windows, supplements."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.core.calendar import WorkingCalendar
from bot.core.dossiers.due import Duration, compute_due, due_after_supplement
from bot.core.dossiers.hours import OfficeHours, WorkClock

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkingCalendar.from_file()
HOURS = OfficeHours.parse("07:00-11:30,13:30-17:00")
CLOCK = WorkClock(CAL, HOURS, TZ)
CUTOFF = dt.time(15, 0)
DAYS = lambda n: Duration(n, "working_day")  # noqa: E731


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


def close(y: int, m: int, d: int) -> dt.datetime:
    return at(y, m, d, 17, 0)


@pytest.mark.parametrize(("received", "days", "due"), [
    # Friday before Tết: the 9 days off (14–22/02/2026, Tết is 17/02) are skipped.
    (at(2026, 2, 13, 10), 3, close(2026, 2, 25)),
    # Received on Tết itself (online, accepted by a duty officer): counted from 23/02.
    (at(2026, 2, 17, 10), 3, close(2026, 2, 26)),
    (at(2026, 2, 12, 16), 1, close(2026, 2, 13)),
    (at(2026, 2, 13, 16), 1, close(2026, 2, 23)),
    # After closing on the last day before Tết: the clock starts on 23/02.
    (at(2026, 2, 13, 17, 30), 1, close(2026, 2, 24)),
])
def test_working_days_across_tet_2026(received: dt.datetime, days: int, due: dt.datetime) -> None:
    assert compute_due(received, DAYS(days), CLOCK) == due


def test_make_up_saturdays_are_working_days() -> None:
    # 02/01/2026 (Friday) off, swapped with Saturday 10/01 (calendar_overrides.toml).
    assert compute_due(at(2026, 1, 8), DAYS(2), CLOCK) == close(2026, 1, 10)
    assert compute_due(at(2026, 1, 1), DAYS(1), CLOCK) == close(2026, 1, 6)
    # 31/08/2026 off, Saturday 22/08 worked (the holidays package knows this one).
    assert compute_due(at(2026, 8, 20), DAYS(2), CLOCK) == close(2026, 8, 22)
    assert compute_due(at(2026, 8, 28), DAYS(1), CLOCK) == close(2026, 9, 3)
    # Without the overrides file the January swap is unknown: Monday 12/01 instead.
    plain = WorkClock(WorkingCalendar(), HOURS, TZ)
    assert compute_due(at(2026, 1, 8), DAYS(2), plain) == close(2026, 1, 12)


def test_calendar_days_end_on_a_working_day() -> None:
    assert compute_due(at(2026, 2, 10), Duration(15, "day"), CLOCK) == close(2026, 2, 25)
    # 05/02 + 15 days = 20/02, mùng 4 Tết: the next working day.
    assert compute_due(at(2026, 2, 5), Duration(15, "day"), CLOCK) == close(2026, 2, 23)


@pytest.mark.parametrize(("received", "cutoff", "due"), [
    (at(2026, 3, 16, 14, 59), CUTOFF, close(2026, 3, 16)),
    (at(2026, 3, 16, 15, 0), CUTOFF, close(2026, 3, 16)),  # "sau 15 giờ": 15:00 is in time
    (at(2026, 3, 16, 15, 1), CUTOFF, close(2026, 3, 17)),
    (at(2026, 3, 16, 15, 1), None, close(2026, 3, 16)),  # the procedure has no cut-off
    (at(2026, 2, 13, 15, 30), CUTOFF, close(2026, 2, 23)),  # after it, before Tết
])
def test_same_day_cutoff_is_the_procedures(received: dt.datetime, cutoff: dt.time | None,
                                           due: dt.datetime) -> None:
    assert compute_due(received, DAYS(0), CLOCK, cutoff) == due


def test_cutoff_moves_the_start_of_a_longer_procedure_too() -> None:
    # 1.011441 (3 working days, cut-off): Monday 16:10 counts from Tuesday.
    assert compute_due(at(2026, 3, 16, 16, 10), DAYS(3), CLOCK, CUTOFF) == close(2026, 3, 20)
    assert compute_due(at(2026, 3, 16, 16, 10), DAYS(3), CLOCK) == close(2026, 3, 19)


@pytest.mark.parametrize(("received", "duration", "due"), [
    # 10:00 + 4 h: 1.5 h before lunch, 2.5 h from 13:30.
    (at(2026, 3, 16, 10), Duration(4, "hour"), at(2026, 3, 16, 16)),
    # 16:00 + 8 h: 1 h today, 4.5 h tomorrow morning, 2.5 h after lunch.
    (at(2026, 3, 16, 16), Duration(8, "hour"), at(2026, 3, 17, 16)),
    # Lunch: received at noon, the clock starts at 13:30.
    (at(2026, 3, 16, 12), Duration(1, "hour"), at(2026, 3, 16, 14, 30)),
    # Before opening, on a day off, across Tết.
    (at(2026, 3, 16, 6), Duration(2, "hour"), at(2026, 3, 16, 9)),
    (at(2026, 3, 14, 10), Duration(2, "hour"), at(2026, 3, 16, 9)),
    (at(2026, 2, 13, 16), Duration(8, "hour"), at(2026, 2, 23, 16)),
    # Half a working day is 4 office hours.
    (at(2026, 3, 16, 10), Duration(0.5, "working_day"), at(2026, 3, 16, 16)),
])
def test_hours_are_counted_inside_office_windows(received: dt.datetime, duration: Duration,
                                                 due: dt.datetime) -> None:
    assert compute_due(received, duration, CLOCK) == due


def test_a_unit_may_have_its_own_windows() -> None:
    clock = WorkClock(CAL, OfficeHours.parse("08:00-12:00,13:00-17:30"), TZ)
    assert compute_due(at(2026, 3, 16, 10), Duration(4, "hour"), clock) == at(2026, 3, 16, 15)
    assert compute_due(at(2026, 3, 16, 10), DAYS(1), clock) == at(2026, 3, 17, 17, 30)


def test_office_windows_are_checked() -> None:
    assert OfficeHours.parse(" 7:00 - 11:30 , 13:30-17:00").minutes_per_day == 8 * 60
    for bad in ("8-17", "11:30-07:00", "07:00-12:00,11:00-17:00", "25:00-26:00", ""):
        with pytest.raises(ValueError):
            OfficeHours.parse(bad)


def test_working_minutes_between_two_moments() -> None:
    assert CLOCK.between(at(2026, 3, 16, 10), at(2026, 3, 16, 16)) == 4 * 60
    assert CLOCK.between(at(2026, 2, 13, 16), at(2026, 2, 23, 8)) == 2 * 60
    assert CLOCK.between(at(2026, 3, 16, 16), at(2026, 3, 16, 10)) == 0


def test_supplement_shift_moves_the_due_date_by_the_pause() -> None:
    due = close(2026, 3, 20)
    # Asked Tuesday, supplied Thursday: two working days of waiting.
    moved = due_after_supplement("shift", due_before=due, requested_at=at(2026, 3, 10, 10),
                                 supplied_at=at(2026, 3, 12, 9), clock=CLOCK, duration=DAYS(8))
    assert moved == close(2026, 3, 24)
    # Asked and supplied the same day: nothing to move.
    same = due_after_supplement("shift", due_before=due, requested_at=at(2026, 3, 10, 10),
                                supplied_at=at(2026, 3, 10, 15), clock=CLOCK, duration=DAYS(8))
    assert same == due
    # The pause spans Tết: only working days count (13/02 → 24/02 is 2 of them).
    tet = due_after_supplement("shift", due_before=close(2026, 2, 26),
                               requested_at=at(2026, 2, 13, 10), supplied_at=at(2026, 2, 24, 9),
                               clock=CLOCK, duration=DAYS(5))
    assert tet == close(2026, 3, 2)


def test_supplement_shift_for_hours_keeps_the_office_time_left() -> None:
    # Due 16:00, asked at 10:00 (4 office hours left), supplied the next day at 14:00.
    moved = due_after_supplement("shift", due_before=at(2026, 3, 16, 16),
                                 requested_at=at(2026, 3, 16, 10), supplied_at=at(2026, 3, 17, 14),
                                 clock=CLOCK, duration=Duration(8, "hour"))
    assert moved == at(2026, 3, 18, 8)


def test_supplement_restart_counts_the_full_time_again() -> None:
    moved = due_after_supplement("restart", due_before=close(2026, 3, 20),
                                 requested_at=at(2026, 3, 10, 10), supplied_at=at(2026, 3, 12, 9),
                                 clock=CLOCK, duration=DAYS(5))
    assert moved == close(2026, 3, 19)
    # No duration known (the source gave the date): falls back to the shift.
    fallback = due_after_supplement("restart", due_before=close(2026, 3, 20),
                                    requested_at=at(2026, 3, 10, 10),
                                    supplied_at=at(2026, 3, 12, 9), clock=CLOCK)
    assert fallback == close(2026, 3, 24)
