"""The statistics table XLSX of a period (Biểu 07a layout as described), opened again."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from typing import Any

import openpyxl

from bot.core.documents import XLSX_MIME
from bot.core.documents.period_table import render_period_table
from bot.core.summaries.model import IdentityBreak
from tests.documents_read import evaluate
from tests.period_reports import CIVIL, LAND, report, with_feedback


def book(content: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(content))


def row_of(ws: Any, column: str, value: object) -> int:
    for cell in ws[column]:
        if cell.value == value:
            return int(cell.row)
    raise AssertionError(f"{value!r} not in column {column}")


def texts(ws: Any) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_one_row_per_sector_with_formulas_and_a_total_that_adds_up() -> None:
    attachment = render_period_table(report())
    assert attachment.mime_type == XLSX_MIME
    assert attachment.filename == "bieu-so-lieu-X001-2026-03.xlsx"
    wb = book(attachment.content)
    assert wb.sheetnames == ["Biểu 07a"]  # no feedback data: no second sheet
    ws = wb["Biểu 07a"]
    assert ws["A1"].value == "Biểu 07a/BTP/KSTT"
    assert ws["A3"].value == "Đơn vị báo cáo: Trung tâm Phục vụ hành chính công xã Tân Phước"
    assert ws["A4"].value == "Đơn vị nhận báo cáo: ……"
    assert ws["A5"].value == "Kỳ báo cáo: tháng 3/2026 (từ ngày 15/02/2026 đến ngày 14/03/2026)"
    numbers = row_of(ws, "A", "(1)")
    assert [ws.cell(numbers, c).value for c in range(1, 16)] == [f"({n})" for n in range(1, 16)]
    civil, land, total = numbers + 1, numbers + 2, numbers + 3
    assert ws[f"B{civil}"].value == "Hộ tịch" and ws[f"B{land}"].value == "Đất đai"
    assert ws[f"A{total}"].value == "Tổng cộng"
    for r in (civil, land, total):
        assert ws[f"C{r}"].value == f"=D{r}+E{r}+F{r}+G{r}+H{r}"
        assert ws[f"I{r}"].value == f"=J{r}+K{r}+L{r}"
        assert ws[f"M{r}"].value == f"=N{r}+O{r}"
    assert ws[f"D{total}"].value == f"=SUM(D{civil}:D{land})"
    expected = {  # column: (civil, land, total)
        "C": (47, 20, 67), "D": (30, 4, 34), "G": (12, 6, 18), "H": (5, 10, 15),
        "I": (37, 10, 47), "J": (20, 2, 22), "K": (15, 5, 20), "L": (2, 3, 5),
        "M": (10, 10, 20), "N": (8, 8, 16), "O": (2, 2, 4),
    }
    for column, values in expected.items():
        assert tuple(evaluate(ws, f"{column}{r}") for r in (civil, land, total)) == values
    # Online and post are not split in these figures: (5) and (6) are empty, never guessed.
    assert ws[f"E{civil}"].value is None and ws[f"F{civil}"].value is None
    notes = texts(ws)
    assert any("ở các dòng 1, 2, cột (4) là tổng số hồ sơ trực tuyến" in t for t in notes)
    assert any("ở các dòng 1, 2, cột (7) gồm cả hồ sơ nhận qua dịch vụ bưu chính" in t
               for t in notes)
    assert any("chưa đối chiếu với biểu mẫu ban hành" in t for t in notes)


def test_split_figures_fill_their_own_columns_and_no_note_is_needed() -> None:
    civil = dataclasses.replace(CIVIL, online_full=20, online_part=10, post=2)
    land = dataclasses.replace(LAND, online_full=4, online_part=0, post=0)
    ws = book(render_period_table(report(
        sectors=(("hotich", "Hộ tịch", civil), ("datdai", "Đất đai", land)))).content)["Biểu 07a"]
    civil_row = row_of(ws, "B", "Hộ tịch")
    assert [ws.cell(civil_row, c).value for c in range(4, 9)] == [20, 10, 2, 12, 5]
    assert evaluate(ws, f"C{civil_row}") == 49
    assert not any("cột (4) là tổng số" in t or "cột (7) gồm cả" in t for t in texts(ws))


def test_missing_days_and_breaks_are_counted_under_the_table() -> None:
    ws = book(render_period_table(report(
        missing={"datdai": (date(2026, 3, 2),)},
        breaks=(IdentityBreak("balance", "datdai", 20, 18),),
    )).content)["Biểu 07a"]
    notes = texts(ws)
    assert any("1 ngày-lĩnh vực chưa có báo cáo" in t for t in notes)
    assert any("1 đẳng thức không khớp" in t for t in notes)


def test_feedback_sheet_when_the_unit_keeps_feedback_data() -> None:
    civil, land = with_feedback(CIVIL, 4, 3), with_feedback(LAND, 1, 1)
    wb = book(render_period_table(report(
        sectors=(("hotich", "Hộ tịch", civil), ("datdai", "Đất đai", land)))).content)
    assert wb.sheetnames == ["Biểu 07a", "Phản ánh, đánh giá"]
    ws = wb["Phản ánh, đánh giá"]
    civil_row = row_of(ws, "B", "Hộ tịch")
    total = row_of(ws, "A", "Tổng cộng")
    assert [ws.cell(civil_row, c).value for c in (3, 4, 6, 7, 8)] == [4, 3, 10, 5, 1]
    assert ws[f"E{civil_row}"].value == f"=F{civil_row}+G{civil_row}+H{civil_row}"
    assert [evaluate(ws, f"{c}{total}") for c in "CDEFGH"] == [5, 4, 21, 11, 7, 3]


def test_a_unit_without_sectors_still_gets_a_checkable_sheet() -> None:
    ws = book(render_period_table(report(sectors=())).content)["Biểu 07a"]
    total = row_of(ws, "A", "Tổng cộng")
    assert evaluate(ws, f"C{total}") == 0
