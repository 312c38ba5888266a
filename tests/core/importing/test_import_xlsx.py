"""XLSX files: real workbooks, damaged ones and hostile ones, all built in the test."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from bot.core.importing import Columns, Limits, RowError, load_file
from bot.core.importing.xlsx import xlsx_rows
from bot.rendering import Renderer
from tests.importing_files import (
    SHEET,
    huge_cell_xlsx,
    rewrite,
    shared_strings_xlsx,
    sheet_xml,
    write_xlsx,
    xlsx_bytes,
)

COLUMNS = Columns(("ma", "ten", "ngay"), ("ma", "ten"), True,
                  {"ma": "ma", "ten": "ten", "ngay": "ngay", "ma_ho_so": "ma",
                   "ten_thu_tuc": "ten", "ngay_nhan": "ngay"})


def no_check(_line: int, _record: dict[str, object]) -> list[RowError]:
    return []


def codes(path: Path, limits: Limits | None = None) -> list[tuple[int, str]]:
    result = load_file(path, COLUMNS, no_check, limits=limits or Limits())
    return [(e.line, e.code) for e in result.errors]


def test_the_issue_bomb_is_refused_from_the_zip_directory(xlsx_bomb: Path) -> None:
    assert xlsx_bomb.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        result = load_file(xlsx_bomb, COLUMNS, no_check)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (error,) = result.errors
    assert error.code == "xlsx_too_large" and error.values["size_mb"] == 1500.0
    assert peak < 5 * 1024 * 1024, f"refusing used {peak / 1e6:.1f} MB"
    text = Renderer().text("procedures/import_errors", errors=[error.as_context()])
    assert "1500,0 MB, vượt giới hạn 200,0 MB" in text


def test_a_long_cell_under_the_size_limit_is_refused_by_the_scan(tmp_path: Path) -> None:
    path = huge_cell_xlsx(tmp_path / "long.xlsx", 200_001)
    assert codes(path) == [(2, "cell_too_long")]


def test_a_long_shared_string_is_refused(tmp_path: Path) -> None:
    path = shared_strings_xlsx(tmp_path / "s.xlsx", [["ma", "ten"], ["1", "x" * 60]])
    assert codes(path, Limits(max_cell_chars=50)) == [(0, "cell_too_long")]


def test_a_row_wider_than_excel_is_refused_before_openpyxl_builds_it(tmp_path: Path) -> None:
    row = '<row r="1">' + "<c/>" * 20_000 + "</row>"
    path = rewrite(xlsx_bytes([["x"]]), tmp_path / "wide.xlsx", {SHEET: sheet_xml(row)})
    assert codes(path) == [(1, "too_many_cells")]


def test_a_dtd_is_refused(tmp_path: Path) -> None:
    xml = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>')
    xml = xml.replace(b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaa">]><worksheet', 1)
    path = rewrite(xlsx_bytes([["x"]]), tmp_path / "dtd.xlsx", {SHEET: xml})
    assert codes(path) == [(0, "corrupt_xlsx")]


def test_a_part_over_its_limit_is_named(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [["ma", "ten"], ["1", "x"]])
    result = load_file(path, COLUMNS, no_check, limits=Limits(max_xlsx_part=4096))
    (error,) = result.errors
    assert error.code == "xlsx_part_too_large" and error.values["part"] == "xl/theme/theme1.xml"


def _corrupt(tmp_path: Path, kind: str) -> Path:
    good = xlsx_bytes([["ma", "ten"], ["1", "Tên"]])
    path = tmp_path / ("bad.xls" if kind == "xls suffix" else "bad.xlsx")
    if kind == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif kind == "zip header, then garbage":
        path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    elif kind == "a Word document":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
    elif kind in ("old Excel", "xls suffix"):
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    elif kind == "text":
        path.write_text("ma,ten\n1,x\n", encoding="utf-8")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "bad checksum":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive, \
                zipfile.ZipFile(io.BytesIO(good)) as src:
            for info in src.infolist():
                archive.writestr(info.filename, src.read(info))
        data = bytearray(path.read_bytes())
        at = data.index(b"<sheetData>") + 2
        data[at] ^= 0x20  # one flipped bit inside the stored sheet
        path.write_bytes(bytes(data))
    elif kind == "a folder":
        path.mkdir()
    return path


@pytest.mark.parametrize(("kind", "code"), [
    ("truncated", "corrupt_xlsx"),
    ("zip header, then garbage", "corrupt_xlsx"),
    ("bad checksum", "corrupt_xlsx"),
    ("a Word document", "not_xlsx"),
    ("old Excel", "xls_format"),
    ("xls suffix", "xls_format"),
    ("text", "not_xlsx"),
    ("empty", "empty_file"),
    ("a folder", "not_a_file"),
])
def test_damaged_files_are_refused_with_a_sentence(tmp_path: Path, kind: str, code: str) -> None:
    result = load_file(_corrupt(tmp_path, kind), COLUMNS, no_check)
    assert [(e.line, e.code) for e in result.errors] == [(0, code)] and not result.records
    text = Renderer().text("procedures/import_errors", errors=[result.errors[0].as_context()])
    assert text.startswith("Không nhập được tệp") and "không xác định" not in text


def test_excel_shared_strings_and_a_wrong_dimension_are_read(tmp_path: Path) -> None:
    # sheet_xml declares the sheet as "A1" only; openpyxl alone would return one cell.
    path = shared_strings_xlsx(tmp_path / "s.xlsx", [["Mã hồ sơ", "Tên thủ tục"],
                                                      ["H01", "Đăng ký khai sinh"]])
    result = load_file(path, COLUMNS, no_check)
    assert result.ok and result.records == ({"ma": "H01", "ten": "Đăng ký khai sinh"},)


def test_title_rows_above_the_header_and_typed_values(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "so.xlsx", [
        ["SỔ THEO DÕI HỒ SƠ", None, None],
        [],
        ["Mã hồ sơ", "Tên thủ tục", "Ngày nhận"],
        ["H01", "Khai sinh", datetime(2026, 3, 2, 8, 30)],
        [None, None, None],
        [1001, "Khai tử", None],
    ])
    result = load_file(path, COLUMNS, no_check)
    assert result.ok and result.lines == (4, 6)
    assert result.records[0]["ngay"] == datetime(2026, 3, 2, 8, 30)
    assert result.records[1] == {"ma": 1001, "ten": "Khai tử", "ngay": ""}


def test_rows_beyond_the_limit_stop_the_file(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["ma", "ten"], *[[str(i), "x"] for i in range(10)]])
    assert codes(path, Limits(max_rows=5)) == [(7, "too_many_rows")]


def test_reading_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    def peak(rows: int) -> int:
        path = write_xlsx(tmp_path / f"{rows}.xlsx", [["ma", "ten", "ghi_chu"]] + [
            [f"H{i:06d}", f"Thủ tục số {i}: đăng ký khai sinh cho con", "x" * 400]
            for i in range(rows)])
        tracemalloc.start()
        try:
            for _ in xlsx_rows(path, Limits()):
                pass
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(1_000), peak(8_000)
    # Holding the rows would cost over 500 bytes each (a 400-character note per row); openpyxl's
    # own bookkeeping in read-only mode is about 40. Judge the growth per added row, which does
    # not depend on where the garbage collector happened to run.
    per_row = (large - small) / 7_000
    assert per_row < 150, (small, large, per_row)
