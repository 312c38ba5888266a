from __future__ import annotations

import datetime as dt

import pytest

from bot.core.reporting import ElementSet, ParseResult, is_report_command, parse_report

TODAY = dt.date(2026, 3, 16)  # a Monday
UNIT = ("xa", "ca", "dd")


def parse(text: str, elements: ElementSet, **kwargs: object) -> ParseResult:
    kwargs.setdefault("default_sector", "xa")
    return parse_report(text, elements, UNIT, TODAY, **kwargs)  # type: ignore[arg-type]


def codes(result: ParseResult) -> list[str]:
    return [p.code for p in result.problems]


def test_the_documented_example(elements: ElementSet) -> None:
    result = parse("bc tt=45 tiep=12 som=3 dung=30 ngay=14/3 linhvuc=ca", elements)
    assert result.ok and result.problems == ()
    assert result.report is not None
    assert result.report.date == dt.date(2026, 3, 14)
    assert result.report.sector == "ca"
    assert dict(result.report.values) == {"tt": 45, "tiep": 12, "som": 3, "dung": 30}


@pytest.mark.parametrize(
    "text",
    [
        "bc tt=45 tiep=12",
        "/bc tt: 45, tiep : 12",
        "/bc@MotCuaBot tt = 45 | tiep=12",
        "baocao tructuyen=45; tructiep=12",
        "/baocao Tructuyến=45 TIẾP=12",
        "Báo cáo tt 45 tiep 12",
        "bc tt45 tiep12",
        "tt=45 tiep=12",
        "bc: tt=45 tt=45 tructuyen=45 tiep=12",
        "Báo cáo ngày hôm nay: tt=45, tiếp: 12",
        f"Báo cáo ngày {TODAY:%d/%m}: tt 45; tiếp 12",
    ],
)
def test_spellings_of_the_same_report(text: str, elements: ElementSet) -> None:
    result = parse(text, elements)
    assert result.report is not None, result.problems
    assert dict(result.report.values) == {"tt": 45, "tiep": 12}
    assert result.report.date == TODAY and result.report.sector == "xa"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("ngay=14/3", dt.date(2026, 3, 14)),
        ("ngay=14/03/2026", dt.date(2026, 3, 14)),
        ("ngày: 14-3-26", dt.date(2026, 3, 14)),
        ("ngay=2026-03-14", dt.date(2026, 3, 14)),
        ("ngay=hom qua", dt.date(2026, 3, 15)),
        ("ngày hôm qua", dt.date(2026, 3, 15)),
        ("homkia", dt.date(2026, 3, 14)),
        ("ngay=homnay", TODAY),
        ("13/3", dt.date(2026, 3, 13)),
    ],
)
def test_dates(text: str, day: dt.date, elements: ElementSet) -> None:
    result = parse(f"bc tt=1 {text}", elements)
    assert result.report is not None, result.problems
    assert result.report.date == day


def test_day_month_without_year_takes_the_nearest_year(elements: ElementSet) -> None:
    result = parse_report("bc tt=1 ngay=31/12", elements, ["xa"], dt.date(2026, 1, 2))
    assert result.report is not None and result.report.date == dt.date(2025, 12, 31)


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("nganh=ca", "ca"),
        ("linhvuc: congan", "ca"),
        ("ca", "ca"),
        ("datdai", "dd"),
        ("lv vpdkdd", "dd"),
        ("Công an".replace(" ", ""), "ca"),
    ],
)
def test_sectors(text: str, sector: str, elements: ElementSet) -> None:
    result = parse(f"bc tt=1 {text}", elements)
    assert result.report is not None, result.problems
    assert result.report.sector == sector


def test_single_sector_unit_needs_no_sector(elements: ElementSet) -> None:
    result = parse_report("bc tt=1", elements, ["xa"], TODAY)
    assert result.report is not None and result.report.sector == "xa"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bc tt=4x", ["not_integer"]),
        ("bc tt=4.5", ["not_integer"]),
        ("bc tt=-3", ["negative"]),
        ("bc tt=2001", ["absurd"]),
        ("bc tt=" + "9" * 5000, ["absurd"]),
        ("bc tructuyn=45", ["unknown_code"]),
        ("bc tt=45 tt=46", ["duplicate_code"]),
        ("bc tt=45 tructuyen=46", ["duplicate_code"]),
        ("bc tt=1 ngay=17/3", ["future_date"]),
        ("bc tt=1 ngay=1/3", ["too_old_date"]),
        ("bc tt=1 ngay=31/2", ["bad_date"]),
        ("bc tt=1 ngay=mai", ["bad_date"]),
        ("bc tt=1 ngay=14/3 ngay=15/3", ["duplicate_code"]),
        ("bc tt=1 nganh=cx", ["unknown_sector"]),
        ("bc tt=1 nganh=bhxh", ["sector_not_in_unit"]),
        ("bc tt=1 ca dd", ["duplicate_code"]),
        ("bc", ["empty"]),
        ("bc ngay=14/3 nganh=ca", ["empty"]),
        ("bc tt=", ["missing_value"]),
        ("bc tt tiep=3", ["missing_value"]),
        ("bc tt=1 hello", ["unexpected_text"]),
        ("bc tt=1 45", ["unexpected_text"]),
        ("bc tt=1,000", ["unexpected_text"]),
    ],
)
def test_problems(text: str, expected: list[str], elements: ElementSet) -> None:
    result = parse(text, elements)
    assert result.report is None
    assert codes(result) == expected


def test_missing_sector_when_unit_has_several(elements: ElementSet) -> None:
    result = parse_report("bc tt=1", elements, UNIT, TODAY)
    assert codes(result) == ["missing_sector"]
    assert result.problems[0].params["allowed"] == list(UNIT)


def test_all_problems_at_once_and_nothing_partial(elements: ElementSet) -> None:
    result = parse("bc tt=45 tiep=-1 som=abc ngay=20/3 tructuyn=4", elements)
    assert result.report is None
    assert set(codes(result)) == {"negative", "not_integer", "future_date", "unknown_code"}


def test_unknown_code_suggests_the_closest_name(elements: ElementSet) -> None:
    (problem,) = parse("bc tructuyn=45", elements).problems
    assert problem.params == {"given": "tructuyn", "value": "45", "suggestion": "tructuyen"}
    (problem,) = parse("bc dugn=4", elements).problems
    assert problem.params["suggestion"] == "dung"
    (problem,) = parse("bc xyzxyz=4", elements).problems
    assert problem.params["suggestion"] is None


def test_window_is_configurable(elements: ElementSet) -> None:
    assert parse("bc tt=1 ngay=1/3", elements, max_days_back=30).ok
    assert codes(parse("bc tt=1 ngay=15/3", elements, max_days_back=0)) == ["too_old_date"]


def test_thousands_with_dots_and_limits(elements: ElementSet) -> None:
    result = parse("bc sh=1.500 tt=0 tiep=2000", elements)
    assert result.report is not None
    assert dict(result.report.values) == {"sh": 1500, "tt": 0, "tiep": 2000}


def test_is_report_command() -> None:
    assert is_report_command("bc tt=1")
    assert is_report_command("/BC@bot")
    assert is_report_command("Báo cáo: tt=1")
    assert not is_report_command("bcd")
    assert not is_report_command("tra cứu khai sinh")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", 0),
        ("007", 7),
        ("-0", 0),
        ("1.500", 1500),
        ("-5", "negative"),
        ("-" + "9" * 40, "negative"),
        ("1.5", "not_integer"),
        ("1.5000", "not_integer"),
        ("+5", "not_integer"),
        ("٣", "not_integer"),  # only ASCII digits
        ("2001", "absurd"),
        ("0" * 50 + "7", 7),
    ],
)
def test_parse_count(raw: str, expected: int | str) -> None:
    from bot.core.reporting.fields import parse_count

    result = parse_count(raw, 2000)
    assert (result if isinstance(result, int) else result[0]) == expected


def test_every_unknown_code_gets_its_own_hint(elements: ElementSet) -> None:
    result = parse("bc tructuyn=4 tiepp2 dungg 3 zz=1", elements)
    hints = {p.params["given"]: p.params["suggestion"] for p in result.problems
             if p.code == "unknown_code"}
    assert hints == {"tructuyn": "tructuyen", "tiepp": "tiep", "dungg": "dung", "zz": None}
    assert result.report is None
