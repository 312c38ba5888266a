"""Periods by cut-off day or calendar month, their keys as typed, the reports due."""

from datetime import date

import pytest

from bot.core.summaries.model import PeriodKind
from bot.core.summaries.obligations import due_date, report_due
from bot.core.summaries.periods import (
    PeriodError,
    PeriodScheme,
    cutoff_value,
    make_period,
    month_key,
    parse_key,
    parse_period,
    period_containing,
    previous,
    title_of,
)

CUT15, CUT20, CALENDAR = PeriodScheme(15), PeriodScheme(20), PeriodScheme(None)


@pytest.mark.parametrize(("scheme", "year", "month", "start", "end"), [
    (CUT15, 2026, 3, date(2026, 2, 15), date(2026, 3, 14)),
    (CUT15, 2026, 1, date(2025, 12, 15), date(2026, 1, 14)),  # January starts the year before
    (CUT15, 2026, 2, date(2026, 1, 15), date(2026, 2, 14)),
    (CUT20, 2026, 3, date(2026, 2, 20), date(2026, 3, 19)),
    (CUT20, 2024, 3, date(2024, 2, 20), date(2024, 3, 19)),
    (CALENDAR, 2026, 2, date(2026, 2, 1), date(2026, 2, 28)),
    (CALENDAR, 2024, 2, date(2024, 2, 1), date(2024, 2, 29)),  # leap year
    (CALENDAR, 2026, 12, date(2026, 12, 1), date(2026, 12, 31)),
])
def test_month_boundaries(scheme: PeriodScheme, year: int, month: int, start: date,
                          end: date) -> None:
    period = make_period(scheme, PeriodKind.MONTH, year, month)
    assert (period.start, period.end, period.key) == (start, end, f"{year}-{month:02d}")


def test_february_with_a_cutoff_spans_the_leap_day() -> None:
    march = make_period(CUT15, PeriodKind.MONTH, 2024, 3)  # 15/02/2024-14/03/2024
    assert march.days == 29
    assert make_period(CUT15, PeriodKind.MONTH, 2026, 3).days == 28


def test_quarter_across_the_year_end_and_longer_spans() -> None:
    q1 = make_period(CUT15, PeriodKind.QUARTER, 2026, 1)
    assert (q1.start, q1.end, q1.key) == (date(2025, 12, 15), date(2026, 3, 14), "2026-Q1")
    q4 = make_period(CALENDAR, PeriodKind.QUARTER, 2026, 4)
    assert (q4.start, q4.end) == (date(2026, 10, 1), date(2026, 12, 31))
    half = make_period(CUT20, PeriodKind.HALF, 2026, 2)
    assert (half.start, half.end) == (date(2026, 6, 20), date(2026, 12, 19))
    nine = make_period(CUT15, PeriodKind.NINE, 2026)
    assert (nine.start, nine.end, nine.key) == (date(2025, 12, 15), date(2026, 9, 14), "2026-9T")
    year = make_period(CALENDAR, PeriodKind.YEAR, 2026)
    assert (year.start, year.end, year.key) == (date(2026, 1, 1), date(2026, 12, 31), "2026")


@pytest.mark.parametrize(("day", "scheme", "key"), [
    (date(2026, 3, 14), CUT15, "2026-03"),
    (date(2026, 3, 15), CUT15, "2026-04"),
    (date(2026, 12, 15), CUT15, "2027-01"),  # the first day of next year's January
    (date(2026, 12, 14), CUT15, "2026-12"),
    (date(2026, 3, 19), CUT20, "2026-03"),
    (date(2026, 3, 20), CUT20, "2026-04"),
    (date(2026, 3, 31), CALENDAR, "2026-03"),
    (date(2026, 1, 1), CALENDAR, "2026-01"),
])
def test_the_period_containing_a_day(day: date, scheme: PeriodScheme, key: str) -> None:
    period = period_containing(scheme, day)
    assert period.key == month_key(scheme, day) == key
    assert period.start <= day <= period.end


def test_previous_periods() -> None:
    assert previous(make_period(CUT15, PeriodKind.MONTH, 2026, 1), CUT15).key == "2025-12"
    assert previous(make_period(CUT15, PeriodKind.QUARTER, 2026, 1), CUT15).key == "2025-Q4"
    assert previous(make_period(CUT15, PeriodKind.HALF, 2026, 2), CUT15).key == "2026-H1"
    assert previous(make_period(CUT15, PeriodKind.YEAR, 2026), CUT15).key == "2025"
    assert previous(make_period(CUT15, PeriodKind.NINE, 2026), CUT15).key == "2025-9T"
    march20 = make_period(CUT20, PeriodKind.MONTH, 2026, 3)
    assert previous(march20) == make_period(CUT20, PeriodKind.MONTH, 2026, 2)
    assert previous(make_period(CALENDAR, PeriodKind.QUARTER, 2026, 1)).start == date(2025, 10, 1)
    span = parse_period("01/03/2026-10/03/2026", CUT15)
    before = previous(span, CUT15)
    assert (before.start, before.end) == (date(2026, 2, 19), date(2026, 2, 28))


@pytest.mark.parametrize(("typed", "key"), [
    ("3/2026", "2026-03"), ("03/2026", "2026-03"), ("2026-03", "2026-03"),
    ("tháng 3/2026", "2026-03"), ("thang 03/2026", "2026-03"),
    ("quý 1/2026", "2026-Q1"), ("quy 1/2026", "2026-Q1"), ("Q1/2026", "2026-Q1"),
    ("2026-Q1", "2026-Q1"), ("quý III/2026", "2026-Q3"),
    ("6 tháng 2026", "2026-H1"), ("6 thang dau nam 2026", "2026-H1"),
    ("6 tháng cuối năm 2026", "2026-H2"), ("2026-H1", "2026-H1"),
    ("9 tháng 2026", "2026-9T"), ("9 thang nam 2026", "2026-9T"), ("2026-9T", "2026-9T"),
    ("năm 2026", "2026"), ("nam 2026", "2026"), ("2026", "2026"),
    ("01/03/2026-31/03/2026", "2026-03-01..2026-03-31"),
    ("01/03/2026 - 31/03/2026", "2026-03-01..2026-03-31"),
    ("từ 1/3/2026 đến 31/3/2026", "2026-03-01..2026-03-31"),
    ("2026-03-01..2026-03-31", "2026-03-01..2026-03-31"),
])
def test_keys_as_people_type_them(typed: str, key: str) -> None:
    period = parse_period(typed, CUT15)
    assert period.key == key
    assert parse_key(period.key, CUT15) == period


@pytest.mark.parametrize("typed", [
    "13/2026", "0/2026", "q5/2026", "abc", "", "3/99999", "31/02/2026-01/03/2026",
    "31/03/2026-01/03/2026", "01/01/2025-31/12/2026",
])
def test_bad_keys_are_refused(typed: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(typed, CUT15)


def test_titles_and_cutoff_values() -> None:
    assert title_of(parse_period("quý 1/2026", CUT15)) == "quý I/2026"
    assert title_of(parse_period("3/2026", CUT15)) == "tháng 3/2026"
    assert title_of(parse_period("6 tháng 2026", CUT15)) == "6 tháng đầu năm 2026"
    assert cutoff_value("20") == 20
    assert cutoff_value("0") == 0
    assert cutoff_value("dương lịch") == 0
    for bad in ("1", "29", "-3", "mười lăm", "١٥"):
        with pytest.raises(PeriodError):
            cutoff_value(bad)
    with pytest.raises(PeriodError):
        PeriodScheme(31)
    assert PeriodScheme.stored(0) == PeriodScheme.stored(None) == CALENDAR


def test_which_report_is_due_and_by_when() -> None:
    def due(month: int) -> str:
        return report_due(CUT15, make_period(CUT15, PeriodKind.MONTH, 2026, month)).key

    assert [due(m) for m in (1, 2, 3, 6, 9, 12)] == [
        "2026-01", "2026-02", "2026-Q1", "2026-H1", "2026-Q3", "2026"]
    assert due_date(CUT15, make_period(CUT15, PeriodKind.QUARTER, 2026, 1)) == date(2026, 3, 20)
    assert due_date(CALENDAR, make_period(CALENDAR, PeriodKind.MONTH, 2026, 3)) is None
