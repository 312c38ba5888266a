from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.calendar import WorkingCalendar, load_overrides, parse_overrides

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date
CAL = WorkingCalendar.from_file()
PLAIN = WorkingCalendar()


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 2, 17),  # Tết (mùng 1)
        D(2026, 2, 16),  # 29 Tết / giao thừa
        D(2026, 2, 20),  # mùng 4
        D(2026, 3, 14),
        D(2026, 3, 15),  # weekend
        D(2026, 4, 27),  # Giỗ Tổ 26/4 falls on Sunday: compensatory Monday
        D(2026, 4, 30),
        D(2026, 5, 1),
        D(2026, 9, 1),
        D(2026, 9, 2),
        D(2026, 8, 31),  # swapped with Saturday 22/08/2026
        D(2026, 1, 1),
        D(2026, 1, 2),  # override: swapped with Saturday 10/01/2026
    ],
)
def test_days_off(day: dt.date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 3, 16),
        D(2026, 2, 23),  # first day back after Tết
        D(2026, 8, 22),  # make-up Saturday the package knows
        D(2026, 1, 10),  # make-up Saturday from the overrides file
    ],
)
def test_working_days(day: dt.date) -> None:
    assert CAL.is_working_day(day)


def test_overrides_file_is_what_adds_the_new_year_swap() -> None:
    assert PLAIN.is_working_day(D(2026, 1, 2)) and not PLAIN.is_working_day(D(2026, 1, 10))
    overrides = load_overrides()
    assert D(2026, 1, 2) in overrides.extra_holidays
    assert D(2026, 1, 10) in overrides.extra_working_days


def test_constructor_overrides_take_precedence() -> None:
    cal = WorkingCalendar(extra_holidays={D(2026, 3, 16)}, extra_working_days={D(2026, 2, 17)})
    assert not cal.is_working_day(D(2026, 3, 16))
    assert cal.is_working_day(D(2026, 2, 17))
    with pytest.raises(ValueError):
        WorkingCalendar(extra_holidays={D(2026, 3, 16)}, extra_working_days={D(2026, 3, 16)})


def test_parse_overrides_validates(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        parse_overrides({"day_off": [{"reason": "no date"}]})
    with pytest.raises(ValueError):
        parse_overrides({"day_off": [{"date": "2026-01-02"}]})  # a string, not a TOML date
    with pytest.raises(ValueError):
        parse_overrides(
            {"day_off": [{"date": D(2026, 1, 2)}], "working_day": [{"date": D(2026, 1, 2)}]}
        )
    path = tmp_path / "o.toml"
    path.write_text("[[working_day]]\ndate = 2027-01-09\n", encoding="utf-8")
    assert WorkingCalendar.from_file(path).is_working_day(D(2027, 1, 9))


def test_holiday_name_in_vietnamese() -> None:
    assert CAL.holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"
    assert CAL.holiday_name(D(2026, 3, 16)) is None


def test_next_and_previous_working_day() -> None:
    assert CAL.next_working_day(D(2026, 2, 13)) == D(2026, 2, 23)
    assert CAL.next_working_day(D(2026, 3, 13)) == D(2026, 3, 16)
    assert CAL.previous_working_day(D(2026, 2, 23)) == D(2026, 2, 13)


def test_add_working_days() -> None:
    assert CAL.add_working_days(D(2026, 2, 12), 1) == D(2026, 2, 13)
    assert CAL.add_working_days(D(2026, 2, 12), 2) == D(2026, 2, 23)
    assert CAL.add_working_days(D(2026, 3, 14), 1) == D(2026, 3, 16)  # from a Saturday
    assert CAL.add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)
    assert CAL.add_working_days(D(2026, 3, 14), 0) == D(2026, 3, 14)


def test_working_days_between() -> None:
    assert CAL.working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1
    assert CAL.working_days_between(D(2026, 2, 23), D(2026, 2, 13)) == -1
    assert CAL.working_days_between(D(2026, 3, 16), D(2026, 3, 16)) == 0
    assert CAL.working_days_between(D(2026, 3, 1), D(2026, 3, 31)) == 22


@settings(max_examples=200, deadline=None)
@given(st.dates(D(2025, 1, 1), D(2027, 12, 31)), st.integers(-40, 40))
def test_add_and_between_agree(start: dt.date, n: int) -> None:
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    if n:
        assert CAL.is_working_day(end)


class TestDueAt:
    def test_same_day_before_cutoff(self) -> None:
        assert CAL.due_at(at(2026, 3, 16, 10), 0, "working_day", TZ) == at(2026, 3, 16, 17)
        assert CAL.due_at(at(2026, 3, 16, 15, 0), 0, "working_day", TZ) == at(2026, 3, 16, 17)

    def test_same_day_after_15h_is_next_working_day(self) -> None:
        assert CAL.due_at(at(2026, 3, 16, 15, 1), 0, "working_day", TZ) == at(2026, 3, 17, 17)
        assert CAL.due_at(at(2026, 2, 13, 15, 30), 0, "working_day", TZ) == at(2026, 2, 23, 17)

    def test_same_day_received_on_a_day_off(self) -> None:
        assert CAL.due_at(at(2026, 3, 14, 9), 0, "working_day", TZ) == at(2026, 3, 16, 17)

    def test_received_in_another_timezone(self) -> None:
        utc = dt.datetime(2026, 3, 13, 8, 30, tzinfo=dt.UTC)  # 15:30 in Vietnam, a Friday
        assert CAL.due_at(utc, 0, "working_day", TZ) == at(2026, 3, 16, 17)

    def test_working_days_skip_tet(self) -> None:
        assert CAL.due_at(at(2026, 2, 13, 10), 3, "working_day", TZ) == at(2026, 2, 25, 17)
        assert CAL.due_at(at(2026, 3, 16, 10), 1, "working_day", TZ) == at(2026, 3, 17, 17)

    def test_after_hours_or_day_off_counts_from_next_working_day(self) -> None:
        assert CAL.due_at(at(2026, 3, 16, 18), 1, "working_day", TZ) == at(2026, 3, 18, 17)
        assert CAL.due_at(at(2026, 3, 14, 10), 1, "working_day", TZ) == at(2026, 3, 17, 17)

    def test_calendar_days_ending_on_a_day_off_move_to_next_working_day(self) -> None:
        assert CAL.due_at(at(2026, 2, 10, 10), 5, "day", TZ) == at(2026, 2, 23, 17)
        assert CAL.due_at(at(2026, 3, 2, 10), 10, "day", TZ) == at(2026, 3, 12, 17)

    def test_hours_count_office_hours(self) -> None:
        assert CAL.due_at(at(2026, 3, 16, 9), 4, "hour", TZ) == at(2026, 3, 16, 13)
        assert CAL.due_at(at(2026, 2, 13, 16), 4, "hour", TZ) == at(2026, 2, 23, 11)
        assert CAL.due_at(at(2026, 3, 16, 6), 2, "hour", TZ) == at(2026, 3, 16, 10)
        assert CAL.due_at(at(2026, 3, 16, 10), 24, "hour", TZ) == at(2026, 3, 18, 16)

    def test_refuses_naive_and_negative(self) -> None:
        with pytest.raises(ValueError):
            CAL.due_at(dt.datetime(2026, 3, 16, 9), 1, "working_day", TZ)
        with pytest.raises(ValueError):
            CAL.due_at(at(2026, 3, 16), -1, "day", TZ)
