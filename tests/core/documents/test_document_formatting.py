"""Official Vietnamese forms of dates and numbers, and values made safe for a file."""

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from bot.core.documents import formatting


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (date(2026, 1, 15), "ngày 15 tháng 01 năm 2026"),  # months 1 and 2 take a zero
        (date(2026, 2, 1), "ngày 01 tháng 02 năm 2026"),
        (date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
        (date(2026, 10, 9), "ngày 09 tháng 10 năm 2026"),
        (None, "ngày …… tháng …… năm ……"),
    ],
)
def test_official_date_follows_decree_30(value: date | None, expected: str) -> None:
    assert formatting.official_date(value) == expected


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (0, 0, "0"),
        (999, 0, "999"),
        (1234, 0, "1.234"),
        (1234567, 0, "1.234.567"),
        (-1234, 0, "-1.234"),
        (1234.5, 1, "1.234,5"),
        (Decimal("98.76"), 1, "98,8"),
        (1234.4, 0, "1.234"),
        (None, 0, "……"),
    ],
)
def test_numbers_use_the_vietnamese_separators(value: float | None, digits: int,
                                               expected: str) -> None:
    assert formatting.number(value, digits) == expected


def test_day_clock_and_time_of_day() -> None:
    moment = datetime(2026, 3, 5, 8, 30)
    assert formatting.day(moment) == "05/03/2026"
    assert formatting.clock(moment) == "08:30"
    assert formatting.day(None) == formatting.clock(None) == "……"
    assert formatting.has_time(moment)
    assert not formatting.has_time(datetime(2026, 3, 5))  # midnight: a date in disguise
    assert not formatting.has_time(date(2026, 3, 5))
    assert formatting.clock(time(16, 0)) == "16:00"


def test_to_local_converts_aware_times_and_keeps_naive_ones() -> None:
    assert formatting.to_local(datetime(2026, 3, 5, 1, 30, tzinfo=UTC)) == datetime(2026, 3, 5,
                                                                                     8, 30)
    assert formatting.to_local(datetime(2026, 3, 5, 1, 30)) == datetime(2026, 3, 5, 1, 30)


def test_blank_and_sentence() -> None:
    assert formatting.blank(None) == "……"
    assert formatting.blank("   ") == "……"
    assert formatting.blank("x") == "x"
    assert formatting.blank(0) == 0  # a zero is a value, not a blank
    assert formatting.blank(None, "……/……") == "……/……"
    assert formatting.sentence("  Cần xác minh\nthêm.  ") == "Cần xác minh thêm"
    assert formatting.sentence(None) == "……"
    assert formatting.sentence("...") == "……"


def test_xml_safe_drops_only_what_xml_cannot_hold() -> None:
    assert formatting.xml_safe("a\x00b\x0bc\x1fd\te\nf\rg & <h>") == "abcd\te\nf\rg & <h>"
    assert formatting.xml_safe("Nguyễn Thị Ánh 😀") == "Nguyễn Thị Ánh 😀"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("xin-loi-000.00.53.H48-260305-0012.docx", "xin-loi-000.00.53.H48-260305-0012.docx"),
        ("so/12:TB?.docx", "so-12-TB-.docx"),
        ("Sổ theo dõi.xlsx", "S-theo-d-i.xlsx"),
        ("../../etc/passwd", "etc-passwd"),
        ("", "document"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert formatting.safe_filename(name) == expected
