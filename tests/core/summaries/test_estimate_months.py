"""Which calendar months the QĐ 766 estimate of a report period covers."""

from datetime import date

from bot.core.summaries.estimate import calendar_months
from bot.core.summaries.periods import PeriodScheme, parse_period

CUT15 = PeriodScheme(15)
CALENDAR = PeriodScheme(None)


def test_months_ending_inside_the_period_and_already_over() -> None:
    march = parse_period("3/2026", CUT15)  # 15/02-14/03
    assert calendar_months(march, date(2026, 3, 20)) == [(date(2026, 2, 1), date(2026, 2, 28))]
    quarter = parse_period("quý 1/2026", CUT15)  # 15/12/2025-14/03/2026
    assert [m for m, _ in calendar_months(quarter, date(2026, 3, 20))] == [
        date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    running = parse_period("3/2026", CALENDAR)
    assert calendar_months(running, date(2026, 3, 31)) == []  # March is not over yet
    assert calendar_months(running, date(2026, 4, 1)) == [(date(2026, 3, 1), date(2026, 3, 31))]
    leap = parse_period("2/2024", CALENDAR)
    assert calendar_months(leap, date(2024, 3, 1)) == [(date(2024, 2, 1), date(2024, 2, 29))]
