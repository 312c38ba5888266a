"""The XLSX table builder, on a statistics table shaped like Biểu 07a/06 (issue 9).

Every workbook is written, opened again with openpyxl, and its merged header cells, values,
formulas (computed here), formats and print setup checked.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bot.core.documents import (
    XLSX_MIME,
    Column,
    Sheet,
    SheetLayout,
    TitleLine,
    load_layout,
    render_xlsx,
    workbook_bytes,
)
from tests.documents_read import evaluate

RECEIVED = ("Số hồ sơ nhận giải quyết",)
PARTS = (*RECEIVED, "Trong đó")
RESOLVED = ("Số hồ sơ đã giải quyết",)
PENDING = ("Số hồ sơ đang giải quyết",)

STATISTICS = SheetLayout(
    sheet_name="Biểu 07a",
    title=(TitleLine("TÌNH HÌNH GIẢI QUYẾT HỒ SƠ", size=14, bold=True),
           TitleLine("Kỳ báo cáo: tháng 3 năm 2026", italic=True)),
    notes=(TitleLine("Ghi chú: cột (4) gồm cả hồ sơ trực tuyến một phần.", align="left"),),
    number_row=True,
    totals_label="Tổng cộng",
    freeze_columns=2,
    columns=(
        Column("index", "STT", width=5, align="center", label="(1)"),
        Column("sector", "Lĩnh vực", width=24, label="(2)"),
        Column("received", "Tổng số", RECEIVED, number_format="#,##0", total="sum",
               formula="[online]+[post]+[in_person]+[carried]", label="(3)"),
        Column("online", "Trực tuyến", PARTS, number_format="#,##0", total="sum", label="(4)"),
        Column("post", "Bưu chính công ích", PARTS, number_format="#,##0", total="sum",
               label="(5)"),
        Column("in_person", "Trực tiếp", PARTS, number_format="#,##0", total="sum",
               label="(6)"),
        Column("carried", "Từ kỳ trước chuyển qua", PARTS, number_format="#,##0",
               total="sum", label="(7)"),
        Column("resolved", "Tổng số", RESOLVED, number_format="#,##0", total="sum",
               formula="[early]+[on_time]+[late]", label="(8)"),
        Column("early", "Trước hạn", RESOLVED, number_format="#,##0", total="sum", label="(9)"),
        Column("on_time", "Đúng hạn", RESOLVED, number_format="#,##0", total="sum",
               label="(10)"),
        Column("late", "Quá hạn", RESOLVED, number_format="#,##0", total="sum", label="(11)"),
        Column("pending", "Tổng số", PENDING, number_format="#,##0", total="sum",
               formula="[within]+[overdue]", label="(12)"),
        Column("within", "Trong hạn", PENDING, number_format="#,##0", total="sum",
               label="(13)"),
        Column("overdue", "Quá hạn", PENDING, number_format="#,##0", total="sum",
               label="(14)"),
        Column("rate", "Tỷ lệ đúng hạn", number_format="0.0%", total="formula",
               formula="([early]+[on_time])/[resolved]", label="(15)"),
    ),
)

FIGURES = [
    {"sector": "Tư pháp - Hộ tịch", "online": 1204, "post": 3, "in_person": 310, "carried": 12,
     "early": 900, "on_time": 560, "late": 4, "within": 60, "overdue": 5},
    {"sector": "Đất đai", "online": 45, "post": 0, "in_person": 88, "carried": 40,
     "early": 20, "on_time": 71, "late": 11, "within": 60, "overdue": 11},
    {"sector": "Lao động - Thương binh và Xã hội", "online": 17, "post": 1, "in_person": 25,
     "carried": 2, "early": 30, "on_time": 10, "late": 1, "within": 4, "overdue": 0},
]


def rows() -> list[dict[str, Any]]:
    return [{"index": i, **figures} for i, figures in enumerate(FIGURES, start=1)]


def sheet(layout: SheetLayout = STATISTICS, data: list[dict[str, Any]] | None = None) -> Any:
    content = workbook_bytes([Sheet(layout, rows() if data is None else data)])
    return openpyxl.load_workbook(io.BytesIO(content))[layout.sheet_name]


def merged(ws: Any) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def area(ws: Any, row: int, column: int) -> tuple[int, int, int, int]:
    """The merged range holding a cell (or the cell alone): first row, col, last row, col."""
    for cells in ws.merged_cells.ranges:
        if cells.min_row <= row <= cells.max_row and cells.min_col <= column <= cells.max_col:
            return cells.min_row, cells.min_col, cells.max_row, cells.max_col
    return row, column, row, column


def test_title_block_and_three_level_header_with_merged_cells() -> None:
    ws = sheet()
    assert ws["A1"].value == "TÌNH HÌNH GIẢI QUYẾT HỒ SƠ" and ws["A1"].font.b
    assert ws["A2"].value == "Kỳ báo cáo: tháng 3 năm 2026" and ws["A2"].font.i
    # rows 1-2 title, 3 empty, 4-6 header, 7 column numbers, 8-10 data, 11 totals, 12 note
    assert {"A1:O1", "A2:O2", "A12:O12"} <= merged(ws)
    assert {
        "A4:A6", "B4:B6",  # no group: merged down the whole header
        "C4:G4", "C5:C6", "D5:G5",  # received: total + "Trong đó" over four parts
        "H4:K4", "H5:H6", "I5:I6", "J5:J6", "K5:K6",
        "L4:N4", "L5:L6", "M5:M6", "N5:N6",
        "O4:O6",
    } <= merged(ws)
    assert ws["C4"].value == "Số hồ sơ nhận giải quyết"
    assert ws["C5"].value == "Tổng số"
    assert ws["D5"].value == "Trong đó"
    assert [ws.cell(6, c).value for c in range(4, 8)] == [
        "Trực tuyến", "Bưu chính công ích", "Trực tiếp", "Từ kỳ trước chuyển qua"]
    assert ws["H4"].value == "Số hồ sơ đã giải quyết"
    assert ws["O4"].value == "Tỷ lệ đúng hạn"
    assert [ws.cell(7, c).value for c in range(1, 16)] == [f"({n})" for n in range(1, 16)]
    for r in (4, 5, 6):  # every heading is boxed on the edges of its merged area
        for c in range(1, 16):
            first_row, first_col, last_row, last_col = area(ws, r, c)
            border = ws.cell(r, c).border
            assert r != first_row or border.top.style == "thin", (r, c)
            assert r != last_row or border.bottom.style == "thin", (r, c)
            assert c != first_col or border.left.style == "thin", (r, c)
            assert c != last_col or border.right.style == "thin", (r, c)
    assert ws["C4"].font.b and ws["C4"].alignment.wrap_text


def test_every_row_value_and_every_identity_is_a_formula_that_adds_up() -> None:
    ws = sheet()
    for offset, figures in enumerate(FIGURES):
        r = 8 + offset
        assert ws[f"A{r}"].value == offset + 1
        assert ws[f"B{r}"].value == figures["sector"]
        assert ws[f"C{r}"].value == f"=D{r}+E{r}+F{r}+G{r}"
        assert ws[f"H{r}"].value == f"=I{r}+J{r}+K{r}"
        assert ws[f"L{r}"].value == f"=M{r}+N{r}"
        assert evaluate(ws, f"C{r}") == sum(figures[k] for k in ("online", "post",
                                                                 "in_person", "carried"))
        assert evaluate(ws, f"H{r}") == figures["early"] + figures["on_time"] + figures["late"]
        assert evaluate(ws, f"L{r}") == figures["within"] + figures["overdue"]
        resolved = figures["early"] + figures["on_time"] + figures["late"]
        assert evaluate(ws, f"O{r}") == pytest.approx(
            (figures["early"] + figures["on_time"]) / resolved)
        assert ws[f"D{r}"].value == figures["online"]
        assert ws[f"D{r}"].number_format == "#,##0"
        assert ws[f"O{r}"].number_format == "0.0%"


def test_totals_row_sums_each_column_and_recomputes_the_rate() -> None:
    ws = sheet()
    assert ws["A11"].value == "Tổng cộng" and "A11:B11" in merged(ws)
    assert ws["D11"].value == "=SUM(D8:D10)"
    assert ws["C11"].value == "=SUM(C8:C10)"
    assert evaluate(ws, "C11") == 1204 + 3 + 310 + 12 + 45 + 88 + 40 + 17 + 1 + 25 + 2
    assert evaluate(ws, "C11") == sum(evaluate(ws, f"{c}11") for c in "DEFG")
    assert evaluate(ws, "H11") == sum(evaluate(ws, f"{c}11") for c in "IJK")
    assert ws["O11"].value == "=(I11+J11)/H11"  # the rate of the totals, not a sum of rates
    assert evaluate(ws, "O11") == pytest.approx((950 + 641) / (950 + 641 + 16))
    assert ws["D11"].font.b


def test_print_setup_widths_and_frozen_panes() -> None:
    ws = sheet()
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$4:$6"
    assert ws.print_area == "'Biểu 07a'!$A$1:$O$12"
    assert ws.freeze_panes == "C8"
    assert ws.column_dimensions["B"].width == 24
    assert ws.column_dimensions["A"].width == 5
    assert ws.row_dimensions[4].height and ws.row_dimensions[6].height


def test_no_rows_gives_zero_totals_not_a_sum_over_the_header() -> None:
    ws = sheet(data=[])
    assert ws["A8"].value == "Tổng cộng"
    assert ws["C8"].value == 0 and ws["D8"].value == 0
    assert ws.freeze_panes == "C8"


def test_values_are_refused_where_a_formula_or_no_column_is() -> None:
    with pytest.raises(ValueError, match="received is a formula"):
        sheet(data=[{**rows()[0], "received": 1529}])
    with pytest.raises(ValueError, match="no column named"):
        sheet(data=[{**rows()[0], "recieved": 1}])
    with pytest.raises(ValueError, match="aware datetime"):
        sheet(data=[{"sector": datetime(2026, 3, 1, tzinfo=UTC)}])
    bad = SheetLayout("x", (Column("a", "A", formula="[b]+1"),))
    with pytest.raises(ValueError, match="unknown column b"):
        sheet(bad, [])


def test_text_stays_text_and_xml_safe() -> None:
    layout = SheetLayout("Ghi chú", (Column("note", "Ghi chú", width=40),))
    long = "Nguyễn Văn Á " * 3000  # 39,000 characters: over Excel's cell limit
    ws = sheet(layout, [{"note": "=HYPERLINK(\"http://x\";\"bấm\")"}, {"note": "a\x00b\x0bc"},
                        {"note": long}])
    assert ws["A2"].value == "=HYPERLINK(\"http://x\";\"bấm\")"
    assert ws["A2"].data_type == "s"
    assert ws["A3"].value == "abc"
    assert len(ws["A4"].value) == 32_767 and ws["A4"].value.endswith("…")
    assert ws.row_dimensions[4].height == 409  # wrapped: as tall as Excel allows
    assert ws.row_dimensions[3].height is None  # one line: Excel's own height


def test_render_xlsx_and_several_sheets() -> None:
    second = SheetLayout("Phản ánh", (Column("n", "Số phản ánh", total="sum"),),
                         totals_label="Cộng", landscape=False)
    attachment = render_xlsx([Sheet(STATISTICS, rows()), Sheet(second, [{"n": 2}, {"n": 5}])],
                             "bieu-07a.xlsx")
    assert attachment.mime_type == XLSX_MIME and attachment.filename == "bieu-07a.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(attachment.content))
    assert book.sheetnames == ["Biểu 07a", "Phản ánh"]
    ws = book["Phản ánh"]
    assert ws.page_setup.orientation == "portrait"
    assert ws["A4"].value == "=SUM(A2:A3)" and evaluate(ws, "A4") == 7


def test_layouts_load_from_toml_with_jinja_text(tmp_path: Path) -> None:
    (tmp_path / "bieu.toml").write_text(
        'filename = "bieu-{{ year }}.xlsx"\n'
        'sheet_name = "Biểu {{ year }}"\n'
        'totals_label = "Cộng"\n'
        '[[title]]\ntext = "NĂM {{ year }}"\nbold = true\n'
        '[[columns]]\nkey = "n"\nheading = "Số {{ year }}"\ngroups = ["Tổng"]\n'
        'total = "sum"\n',
        encoding="utf-8")
    layout, filename = load_layout("bieu", {"year": 2026}, tmp_path)
    assert filename == "bieu-2026.xlsx"
    assert layout.sheet_name == "Biểu 2026" and layout.totals_label == "Cộng"
    assert layout.title == (TitleLine("NĂM 2026", bold=True),)
    assert layout.columns == (Column("n", "Số 2026", ("Tổng",), total="sum"),)
    (tmp_path / "typo.toml").write_text(
        'filename = "x.xlsx"\nsheet_name = "x"\n[[columns]]\nkey = "n"\nheading = "N"\n'
        'widht = 3\n', encoding="utf-8")
    with pytest.raises(TypeError, match="widht"):
        load_layout("typo", {}, tmp_path)
