"""What every importer gets from load_file: headings, all-or-nothing results, progress, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.catalog.load import COLUMNS_FILE, procedure_columns
from bot.core.importing import Columns, Limits, RowError, heading_key, load_file
from bot.rendering import Renderer


def needs_a_number(line: int, record: dict[str, object]) -> list[RowError]:
    if str(record.get("so", "")).isdigit():
        return []
    return [RowError(line, "missing_field", {"field": "so"}, field="so")]


COLUMNS = Columns(("ma", "so"), ("ma",), False,
                  {"ma": "ma", "ma_ho_so": "ma", "so": "so", "so_luong": "so"})


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_heading_keys_ignore_case_diacritics_and_punctuation() -> None:
    assert {heading_key(h) for h in (
        "Mã thủ tục", "MA THU TUC", "ma_thu_tuc", " Mã-thủ-tục (*) ", "MÃ THỦ TỤC")} == {
        "ma_thu_tuc"}
    assert heading_key("Đơn vị") == "don_vi"


def test_the_procedure_columns_file_loads_and_clashes_are_refused(tmp_path: Path) -> None:
    columns = procedure_columns()
    assert columns.required == ("ma_thu_tuc", "ten_thu_tuc") and columns.keep_unknown
    assert columns.field_of("Tên TTHC") == "ten_thu_tuc"
    assert columns.field_of("Ghi chú riêng") == "Ghi chú riêng"  # kept under its heading
    assert COLUMNS_FILE.is_file()
    clash = write(tmp_path / "c.toml", 'required = ["a"]\n[headings]\na = ["Mã"]\nb = ["MA"]\n')
    with pytest.raises(ValueError, match="names two fields"):
        Columns.from_toml(clash)


def test_unknown_columns_dropped_when_the_importer_says_so(tmp_path: Path) -> None:
    result = load_file(write(tmp_path / "p.csv", "Mã hồ sơ,Số lượng,Ghi chú\nH1,3,x\n"),
                       COLUMNS, needs_a_number)
    assert result.records == ({"ma": "H1", "so": "3"},)


def test_errors_name_the_files_own_heading(tmp_path: Path) -> None:
    result = load_file(write(tmp_path / "p.csv", "Mã hồ sơ,Số lượng\nH1,ba\nH2,4\n"),
                       COLUMNS, needs_a_number)
    (error,) = result.errors
    assert (error.line, error.column) == (2, "Số lượng") and len(result.records) == 2
    text = Renderer().text("procedures/import_errors", errors=[error.as_context()])
    assert 'Dòng 2, cột «Số lượng»: thiếu trường bắt buộc "so".' in text


def test_two_columns_for_one_field_refuse_the_file(tmp_path: Path) -> None:
    result = load_file(write(tmp_path / "p.csv", "ma,Mã hồ sơ\nH1,H2\n"), COLUMNS,
                       needs_a_number)
    (error,) = result.errors
    assert (error.line, error.code, error.values) == (
        1, "duplicate_column", {"field": "ma", "first": "ma", "second": "Mã hồ sơ"})


def test_missing_columns_are_reported_on_the_first_row(tmp_path: Path) -> None:
    result = load_file(write(tmp_path / "p.csv", "\nma_so,ten\nH1,x\n"), COLUMNS,
                       needs_a_number)
    assert [(e.line, e.code, e.values) for e in result.errors] == [
        (2, "missing_columns", {"columns": ["ma"]})]


def test_progress_reports_every_row_once(tmp_path: Path) -> None:
    rows = "".join(f"H{i},{i}\n" for i in range(2_500))
    calls: list[int] = []
    result = load_file(write(tmp_path / "p.csv", "ma,so\n" + rows), COLUMNS, needs_a_number,
                       progress=calls.append)
    assert result.ok and calls == [1000, 1000, 500]


def test_errors_are_capped_but_counted(tmp_path: Path) -> None:
    rows = "".join(f"H{i},x\n" for i in range(150))
    result = load_file(write(tmp_path / "p.csv", "ma,so\n" + rows), COLUMNS, needs_a_number,
                       limits=Limits(max_errors=100))
    assert len(result.errors) == 101 and result.errors[-1].values == {"count": 50}
    text = Renderer().text("procedures/import_errors",
                           errors=[e.as_context() for e in result.errors])
    assert text.startswith("Không nhập được tệp: có 150 lỗi.")
    assert text.endswith(
        "- Còn 50 lỗi nữa chưa liệt kê; sửa các lỗi trên rồi nhập lại để xem tiếp.")


def test_a_refused_file_keeps_the_errors_found_before(tmp_path: Path) -> None:
    result = load_file(write(tmp_path / "p.csv", 'ma,so\nH1,x\nH2,"3\n'), COLUMNS,
                       needs_a_number)
    assert [(e.line, e.code) for e in result.errors] == [
        (2, "missing_field"), (3, "unclosed_quote")]
    assert result.records == ()
