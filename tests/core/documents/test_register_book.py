"""The register book (Sổ theo dõi hồ sơ, Mẫu 07 of TT 03/2025/TT-VPCP) opened with openpyxl."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import openpyxl

from bot.core.documents import XLSX_MIME, RegisterRow, register_book

UNIT = "Trung tâm Phục vụ hành chính công phường Hòa Khánh"
ROWS = [
    RegisterRow(
        code="000.00.16.H17-260312-0042", procedure_name="Đăng ký kết hôn",
        owner_name="Đặng Thị Phương Thảo", address="Tổ 12, phường Hòa Khánh, TP Đà Nẵng",
        phone_masked="090****321", received_at=datetime(2026, 3, 12, 2, 15, tzinfo=UTC),
        due_at=datetime(2026, 3, 17, 9, 0, tzinfo=UTC),
        delivered_at=datetime(2026, 3, 16, 8, 40, tzinfo=UTC), receiver="Hồ Văn Lực",
        note="Trả sớm 1 ngày",
    ),
    RegisterRow(
        code="000.00.16.H17-260302-0007", procedure_name="Chứng thực chữ ký trên giấy tờ",
        owner_name="Lý Quốc Cường", address="Kiệt 45 Âu Cơ", phone_masked="098****007",
        received_at=datetime(2026, 3, 2, 14, 5), due_at=date(2026, 3, 3),
        receiver="Hồ Văn Lực",
    ),
    RegisterRow(
        code="000.00.16.H17-260331-0101",
        procedure_name="Cấp giấy xác nhận tình trạng hôn nhân; & <bản sao>",
        owner_name="Trương Mỹ Lan", received_at=datetime(2026, 3, 31, 16, 55),
        due_at=datetime(2026, 4, 2, 17, 0), handed_by="Hồ Văn Lực",
        collected_by="Trương Mỹ Lan", delivered_at=datetime(2026, 4, 2, 10, 0),
    ),
]


def book(rows: list[RegisterRow] = ROWS, month: date = date(2026, 3, 1)) -> Any:
    attachment = register_book(UNIT, month, rows)
    assert attachment.mime_type == XLSX_MIME
    return attachment, openpyxl.load_workbook(io.BytesIO(attachment.content)).active


def test_title_block_names_the_unit_and_month_and_the_file() -> None:
    attachment, ws = book()
    assert attachment.filename == "so-theo-doi-ho-so-2026-03.xlsx"
    assert ws.title == "Sổ theo dõi hồ sơ"
    assert ws["A1"].value == "SỔ THEO DÕI HỒ SƠ" and ws["A1"].font.b
    assert ws["A2"].value == UNIT
    assert ws["A3"].value == "Tháng 3 năm 2026"
    assert {"A1:M1", "A2:M2", "A3:M3"} <= {str(r) for r in ws.merged_cells.ranges}
    january = book(month=date(2027, 1, 20))
    assert january[0].filename == "so-theo-doi-ho-so-2027-01.xlsx"
    assert january[1]["A3"].value == "Tháng 01 năm 2027"


def test_two_row_header_with_its_merged_groups() -> None:
    _, ws = book()
    ranges = {str(r) for r in ws.merged_cells.ranges}
    assert {"G5:H5", "I5:K5"} <= ranges  # "Ngày, tháng, năm" and "Trả kết quả"
    assert {f"{c}5:{c}6" for c in "ABCDEFLM"} <= ranges
    assert [ws.cell(5, c).value for c in range(1, 14)] == [
        "STT", "Mã hồ sơ", "Nội dung (thủ tục hành chính)", "Họ tên chủ hồ sơ", "Địa chỉ",
        "Số điện thoại", "Ngày, tháng, năm", None, "Trả kết quả", None, None,
        "Người nhận hồ sơ", "Ghi chú"]
    assert [ws.cell(6, c).value for c in range(7, 12)] == [
        "Nhận hồ sơ", "Hẹn trả kết quả", "Ngày nhận kết quả", "Bên giao", "Bên nhận"]


def test_rows_in_order_of_receipt_with_real_dates_in_the_units_clock() -> None:
    _, ws = book()
    values = [[ws.cell(r, c).value for c in range(1, 14)] for r in (7, 8, 9)]
    assert values == [
        [1, "000.00.16.H17-260302-0007", "Chứng thực chữ ký trên giấy tờ", "Lý Quốc Cường",
         "Kiệt 45 Âu Cơ", "098****007", datetime(2026, 3, 2, 14, 5), datetime(2026, 3, 3),
         None, None, None, "Hồ Văn Lực", None],
        [2, "000.00.16.H17-260312-0042", "Đăng ký kết hôn", "Đặng Thị Phương Thảo",
         "Tổ 12, phường Hòa Khánh, TP Đà Nẵng", "090****321", datetime(2026, 3, 12, 9, 15),
         datetime(2026, 3, 17, 16, 0), datetime(2026, 3, 16, 15, 40), None, None, "Hồ Văn Lực",
         "Trả sớm 1 ngày"],
        [3, "000.00.16.H17-260331-0101",
         "Cấp giấy xác nhận tình trạng hôn nhân; & <bản sao>", "Trương Mỹ Lan", None, None,
         datetime(2026, 3, 31, 16, 55), datetime(2026, 4, 2, 17, 0), datetime(2026, 4, 2, 10, 0),
         "Hồ Văn Lực", "Trương Mỹ Lan", None, None],
    ]
    for r in (7, 8, 9):
        for c in "GI":
            if ws[f"{c}{r}"].value is not None:
                assert ws[f"{c}{r}"].is_date
                assert ws[f"{c}{r}"].number_format == "dd/mm/yyyy hh:mm"
    assert ws["H7"].is_date and ws["H7"].number_format == "dd/mm/yyyy"  # a date, no 00:00
    assert ws["H8"].number_format == "dd/mm/yyyy hh:mm"


def test_print_setup_for_a_landscape_book() -> None:
    _, ws = book()
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_area == "'Sổ theo dõi hồ sơ'!$A$1:$M$9"
    assert ws.print_title_rows == "$5:$6"
    assert ws.freeze_panes == "C7"


def test_a_month_without_dossiers_is_the_empty_book() -> None:
    _, ws = book(rows=[])
    assert ws["A5"].value == "STT" and ws["A7"].value is None
    assert ws.print_area == "'Sổ theo dõi hồ sơ'!$A$1:$M$6"
