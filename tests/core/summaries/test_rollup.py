"""The province roll-up: the pure build (ranking, ties, units without a rate or a report),
its XLSX (opened again, formulas computed) and its chart (size grows with the units)."""

from __future__ import annotations

import dataclasses
import io
import warnings
from datetime import date

import openpyxl
import pytest

from bot.core.documents.rollup_table import render_rollup_table
from bot.core.summaries.model import Figures, Period, PeriodKind
from bot.core.summaries.rollup import Standing, build_rollup
from bot.core.summaries.rollup_chart import height_for, render_rollup_chart
from tests.documents_read import evaluate
from tests.period_reports import MARCH, report
from tests.summaries_png import png_size

UNITS = [("X001", "Xã Một"), ("X002", "Xã Hai"), ("X003", "Xã Ba"), ("X004", "Xã Bốn"),
         ("X005", "Xã Năm"), ("X006", "Xã Sáu")]


def unit(code: str, early: int, on_time: int, late: int, **kwargs: object) -> object:
    figures = Figures(online=5, in_person=5, early=early, on_time=on_time, late=late)
    return report(unit_code=code, unit_name=dict(UNITS)[code],
                  sectors=(("hotich", "Hộ tịch", figures),), **kwargs)  # type: ignore[arg-type]


def reports() -> list[object]:
    every_day = tuple(MARCH.start.fromordinal(MARCH.start.toordinal() + i)
                      for i in range(MARCH.days))
    return [
        unit("X001", 8, 1, 1),  # 9/10
        unit("X002", 80, 10, 10),  # 90/100: ties with X001
        unit("X003", 10, 0, 0, missing={"hotich": (date(2026, 3, 2),)}),  # 10/10
        unit("X004", 0, 0, 0),  # reported, resolved nothing
        unit("X005", 0, 0, 0, missing={"hotich": every_day}),  # every day missing
        # X006 sent nothing at all
    ]


def test_ranking_with_ties_and_units_without_a_rate() -> None:
    rollup = build_rollup("Tỉnh Đồng Nai", MARCH, UNITS, reports())  # type: ignore[arg-type]
    assert [(r.code, r.rank, r.standing) for r in rollup.rows] == [
        ("X003", 1, Standing.RANKED),
        ("X001", 2, Standing.RANKED), ("X002", 2, Standing.RANKED),  # 9/10 == 90/100
        ("X004", None, Standing.NO_RESOLVED),
        ("X005", None, Standing.NOT_REPORTED), ("X006", None, Standing.NOT_REPORTED),
    ]
    assert [r.code for r in rollup.not_reported] == ["X005", "X006"]
    assert rollup.rows[0].missing_days == 1
    assert rollup.rows[4].missing_days == MARCH.days
    assert (rollup.on_time.numerator, rollup.on_time.denominator) == (109, 120)


def test_a_fourth_unit_after_a_tie_is_ranked_four() -> None:
    units = UNITS[:4]
    rollup = build_rollup("T", MARCH, units, [  # type: ignore[list-item]
        unit("X001", 1, 0, 0), unit("X002", 2, 0, 0), unit("X003", 1, 0, 1),
        unit("X004", 0, 0, 1)])
    assert [r.rank for r in rollup.rows] == [1, 1, 3, 4]


def test_reports_of_another_period_are_refused() -> None:
    other = Period(PeriodKind.MONTH, 2026, 4, date(2026, 3, 15), date(2026, 4, 14), "2026-04")
    with pytest.raises(ValueError, match="another period"):
        build_rollup("T", MARCH, UNITS, [report(period=other)])


def test_the_table_lists_every_unit_with_formulas_and_totals() -> None:
    rollup = build_rollup("Tỉnh Đồng Nai", MARCH, UNITS, reports())  # type: ignore[arg-type]
    attachment = render_rollup_table(rollup)
    assert attachment.filename == "tong-hop-2026-03.xlsx"
    ws = openpyxl.load_workbook(io.BytesIO(attachment.content))["Tổng hợp đơn vị"]
    assert ws["A2"].value == "Tỉnh Đồng Nai"
    first = next(c.row for c in ws["B"] if c.value == "X003")
    total = next(c.row for c in ws["A"] if c.value == "Toàn tỉnh")
    assert total == first + 6
    assert [ws.cell(first + i, 2).value for i in range(6)] == [
        "X003", "X001", "X002", "X004", "X005", "X006"]
    assert ws.cell(first, 1).value == 1 and ws.cell(first + 2, 1).value == 2
    assert ws[f"F{first}"].value == f"=G{first}+H{first}"
    assert ws[f"I{first}"].value == f"=J{first}+K{first}+L{first}"
    assert ws[f"P{first + 1}"].value == 90.0
    assert ws[f"D{first + 4}"].value == "Chưa báo cáo"
    assert ws[f"G{first + 5}"].value is None  # not reported: no figure, not a zero typed
    assert "chưa báo cáo" in ws[f"Q{first + 5}"].value
    assert "không có hồ sơ đã giải quyết" in ws[f"Q{first + 3}"].value
    assert evaluate(ws, f"I{total}") == 120
    assert evaluate(ws, f"F{total}") == 40
    assert evaluate(ws, f"E{total}") == 1 + MARCH.days
    short = openpyxl.load_workbook(io.BytesIO(attachment.content))["Chưa báo cáo đủ"]
    first_short = next(c.row for c in short["B"] if c.value == "X005")
    assert [[short.cell(first_short + i, c).value for c in (2, 4, 5)] for i in range(3)] == [
        ["X005", "Chưa báo cáo", MARCH.days], ["X006", "Chưa báo cáo", 0],
        ["X003", "Đã báo cáo", 1]]
    assert short.cell(first_short + 3, 2).value is None
    notes = [ws.cell(total + i, 1).value for i in (1, 2)]
    assert notes[0].endswith("109/120 (90,8%).")
    assert "cùng tỷ lệ cùng hạng" in notes[1]


def test_the_chart_of_114_units_grows_to_stay_readable() -> None:
    units = [(f"U{i:03d}", f"Xã Thứ {i}") for i in range(1, 115)]
    many = [dataclasses.replace(report(unit_code=code, unit_name=name), rates={})
            for code, name in units]
    rollup = build_rollup("Tỉnh Đồng Nai", MARCH, units, many)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        attachment = render_rollup_chart(rollup)
    width, height = png_size(attachment.content)
    assert (width, height) == (900, round(height_for(114) * 100))
    assert height >= 114 * 25  # a quarter inch per unit at 100 dpi
    assert attachment.content == render_rollup_chart(rollup).content


def test_a_chart_with_nobody_ranked_still_draws() -> None:
    rollup = build_rollup("T", MARCH, UNITS, [])
    assert png_size(render_rollup_chart(rollup).content) == (900, 300)
