"""Every problem code renders to a Vietnamese sentence, in plain text and Telegram HTML."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.reporting import ElementSet, Problem, parse_report, problem_views, review
from bot.core.reporting.problems import ALL_CODES
from bot.rendering import Renderer

TODAY = dt.date(2026, 3, 16)
TEXTS = [
    "bc tt=4x",
    "bc tt=-3",
    "bc tt=2001",
    "bc tructuyn=45",
    "bc xyzxyz=4",
    "bc tt=1 hello",
    "bc tt=1 dugn",
    "bc tt=45 tt=46",
    "bc tt=1 ngay=14/3 ngay=15/3",
    "bc tt=1 ca dd",
    "bc tt=1 ngay=31/2",
    "bc tt=1 ngay=17/3",
    "bc tt=1 ngay=1/3",
    "bc tt=1 nganh=cx",
    "bc tt=1 nganh=bhxh",
    "bc",
    "bc tt=",
    "bc tt=1 45=3",
    "bc tt=1, =5",
]


def _all_problems(elements: ElementSet) -> list[Problem]:
    problems: list[Problem] = []
    for text in TEXTS:
        problems += parse_report(text, elements, ["xa", "ca", "dd"], TODAY).problems
    problems += review(
        {
            "tt": 450,
            "tiep": 1,
            "gq": 1,
            "som": 0,
            "dung": 0,
            "tre": 0,
            "rut": 0,
            "tc": 0,
            "th": 0,
            "qh": 0,
            "phi": 0,
            "ttoan": 1,
        },
        elements,
        {"tt": [30, 40, 50, 45, 35, 55, 60]},
        carried_over=5,
    )
    return problems


def test_every_code_is_exercised(elements: ElementSet) -> None:
    assert {p.code for p in _all_problems(elements)} == set(ALL_CODES)


@pytest.mark.parametrize("channel", ["", "telegram"])
def test_every_problem_renders(channel: str, elements: ElementSet) -> None:
    renderer = Renderer(channel)
    for problem in _all_problems(elements):
        text = renderer.text("report/problems", problems=problem_views([problem], elements))
        assert "{{" not in text and "{%" not in text and "None" not in text, text
        lines = text.splitlines()
        assert len(lines) == 2, text  # heading + one bullet
        assert lines[1].startswith("- ") and len(lines[1]) > 20
        assert f"({problem.code})" not in text, text  # the generic fallback was not used


def test_sentence_names_label_and_fix(elements: ElementSet) -> None:
    (problem,) = parse_report("bc tructuyn=45", elements, ["xa"], TODAY).problems
    text = Renderer().text("report/problems", problems=problem_views([problem], elements))
    assert "Mã «tructuyn» không có" in text
    assert "«tructuyen» (Hồ sơ tiếp nhận trực tuyến)" in text
    assert text.endswith("Gửi lại: bc tructuyen=45")


def test_headings_for_errors_and_warnings(elements: ElementSet) -> None:
    renderer = Renderer()
    warnings = review({"tt": 450}, elements, {"tt": [30, 40, 50, 45, 35, 55, 60]})
    text = renderer.text("report/problems", problems=problem_views(warnings, elements))
    assert text.startswith("Vui lòng kiểm tra lại")
    assert "450" in text and "Hồ sơ tiếp nhận trực tuyến" in text
    errors = parse_report("bc tt=-1", elements, ["xa"], TODAY).problems
    text = renderer.text("report/problems", problems=problem_views(errors, elements), cmd="/bc")
    assert text.startswith("Báo cáo chưa được ghi nhận")
    assert "/bc tt=0" in text
