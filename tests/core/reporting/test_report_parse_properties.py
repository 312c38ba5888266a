"""Property tests: the parser never raises, never half-succeeds, and reads back what was sent."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.reporting import ElementSet, load_elements, parse_report, problem_views
from bot.rendering import Renderer

ELEMENTS: ElementSet = load_elements()
UNIT = ("xa", "ca", "dd", "bhxh")
TODAY = dt.date(2026, 3, 2)  # a window crossing February
WINDOW = 7
RENDERER = Renderer()

separators = st.sampled_from([" ", "  ", ",", ", ", " , ", ";", "; ", " | ", "|", "\t", "\n"])
operators = st.sampled_from(["=", ":", " = ", ": ", " :", "  =  "])
commands = st.sampled_from(
    ["", "bc ", "/bc ", "baocao ", "/baocao ", "BC ", "/bc@motcua_bot ", "bc: ", "Báo cáo "]
)


def _cased(word: str, draw: st.DrawFn) -> str:
    mode = draw(st.sampled_from(["lower", "upper", "title"]))
    return word.upper() if mode == "upper" else word.title() if mode == "title" else word


def _number(value: int, draw: st.DrawFn) -> str:
    if value >= 1000 and draw(st.booleans()):
        return f"{value:,}".replace(",", ".")  # Vietnamese thousands separator
    return str(value)


@st.composite
def reports(draw: st.DrawFn) -> tuple[str, dict[str, int], dt.date, str]:
    chosen = draw(st.lists(st.sampled_from(ELEMENTS.elements), min_size=1, unique=True))
    values = {e.code: draw(st.integers(0, e.max_daily)) for e in chosen}
    parts = []
    for element in chosen:
        key = _cased(draw(st.sampled_from((element.code, *element.aliases))), draw)
        number = _number(values[element.code], draw)
        form = draw(st.sampled_from(["op", "space", "glued"]))
        if form == "space":
            parts.append(f"{key} {number}")
        elif form == "glued":
            parts.append(f"{key}{number}")
        else:
            parts.append(f"{key}{draw(operators)}{number}")
        if draw(st.integers(0, 9)) == 0:  # the same value again under another name is fine
            parts.append(f"{element.code}={values[element.code]}")
    sector_code = draw(st.sampled_from(UNIT))
    sector = ELEMENTS.sector(sector_code)
    assert sector is not None
    sector_word = _cased(draw(st.sampled_from((sector.code, *sector.aliases))), draw)
    sector_form = draw(st.sampled_from(["key", "spacekey", "bare"]))
    key = draw(st.sampled_from(["nganh", "ngành", "linhvuc", "lv", "bophan"]))
    parts.append(
        sector_word
        if sector_form == "bare"
        else f"{key} {sector_word}"
        if sector_form == "spacekey"
        else f"{key}{draw(operators)}{sector_word}"
    )
    day = TODAY - dt.timedelta(days=draw(st.integers(0, WINDOW)))
    spellings = [f"{day.day}/{day.month}", f"{day:%d/%m/%Y}", f"{day:%d-%m-%y}", day.isoformat()]
    if day == TODAY:
        spellings += ["hôm nay", "homnay"]
    if day == TODAY - dt.timedelta(days=1):
        spellings += ["hôm qua", "hom qua", "homqua"]
    spelled = draw(st.sampled_from(spellings))
    date_form = draw(st.sampled_from(["key", "none", "bare"]))
    if date_form == "none" and day == TODAY:
        pass
    elif date_form == "bare" and "/" in spelled:
        parts.append(spelled)
    else:
        parts.append(f"{draw(st.sampled_from(['ngay', 'ngày', 'date']))}{draw(operators)}{spelled}")
    order = draw(st.permutations(parts))
    text = draw(commands)
    for i, part in enumerate(order):
        text += (draw(separators) if i else "") + part
    return text + draw(st.sampled_from(["", " ", "\n"])), values, day, sector_code


@settings(max_examples=400, deadline=None)
@given(reports())
def test_valid_reports_read_back_exactly(case: tuple[str, dict[str, int], dt.date, str]) -> None:
    text, values, day, sector = case
    result = parse_report(text, ELEMENTS, UNIT, TODAY, max_days_back=WINDOW)
    assert result.problems == (), text
    assert result.report is not None
    assert dict(result.report.values) == values
    assert result.report.date == day
    assert result.report.sector == sector


def _check_outcome(text: str) -> None:
    result = parse_report(text, ELEMENTS, UNIT, TODAY, default_sector="xa")
    if result.report is None:
        assert result.problems, text
        assert all(p.severity == "error" for p in result.problems)
        views = problem_views(result.problems, ELEMENTS)
        rendered = RENDERER.text("report/problems", problems=views)
        # No template markup may leak; what the person typed is quoted back, braces and all,
        # so the check applies to texts without braces.
        if "{" not in text:
            assert "{{" not in rendered and "{%" not in rendered, rendered
    else:
        assert result.problems == ()
        assert result.report.values
        for code, value in result.report.values.items():
            assert 0 <= value <= ELEMENTS.get(code).max_daily


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    _check_outcome(text)


words = st.sampled_from(
    [
        "bc",
        "tt",
        "tiep",
        "=",
        ":",
        "45",
        "-3",
        "1.000",
        "x",
        "ngay",
        "14/3",
        "31/2",
        "ca",
        "nganh",
        "hom",
        "qua",
        ",",
        "|",
        ";",
        " ",
        "tructuyn",
        "9" * 30,
        "đ",
        "Ư",
        "tt45",
        "==",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(words, max_size=12))
def test_near_miss_text_never_raises(pieces: list[str]) -> None:
    _check_outcome(" ".join(pieces))
    _check_outcome("".join(pieces))
