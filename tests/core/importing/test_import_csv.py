"""CSV and JSONL: strict quoting, encodings Excel writes, and files that are not text at all."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.core.importing import Columns, Limits, RowError, load_file
from tests.importing_files import xlsx_bytes

COLUMNS = Columns(("ma", "ten", "linh_vuc"), ("ma", "ten"), True,
                  {"ma": "ma", "ma_thu_tuc": "ma", "ten": "ten", "ten_thu_tuc": "ten",
                   "linh_vuc": "linh_vuc"})


def no_check(_line: int, _record: dict[str, object]) -> list[RowError]:
    return []


def load(path: Path, data: bytes | str, limits: Limits | None = None):  # type: ignore[no-untyped-def]
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return load_file(path, COLUMNS, no_check, limits=limits or Limits())


def test_the_issue_unclosed_quote_is_refused_at_its_line(tmp_path: Path) -> None:
    """Before: the following rows became one long name, and the import said "1 added"."""
    result = load(tmp_path / "p.csv", "ma_thu_tuc,ten_thu_tuc\n9.000001,\"Tên một\n"
                                      "9.000002,Tên hai\n9.000003,Tên ba\n")
    assert [(e.line, e.code) for e in result.errors] == [(2, "unclosed_quote")]
    assert result.records == ()


def test_a_quote_in_the_middle_of_a_value_is_refused(tmp_path: Path) -> None:
    result = load(tmp_path / "p.csv", 'ma,ten\n1,"Tên" thừa\n2,Tên\n')
    assert [(e.line, e.code) for e in result.errors] == [(2, "bad_quote")]


def test_multi_line_values_keep_the_line_each_row_starts_on(tmp_path: Path) -> None:
    result = load(tmp_path / "p.csv",
                  'ma,ten\r\n1,"Giấy tờ:\r\n- tờ khai\r\n- CCCD"\r\n2,"Ông ""Ba"""\r\n')
    assert result.ok and result.lines == (2, 5)
    assert result.records[0]["ten"] == "Giấy tờ:\r\n- tờ khai\r\n- CCCD"
    assert result.records[1]["ten"] == 'Ông "Ba"'


def test_excel_semicolon_csv_with_bom_and_vietnamese_headings(tmp_path: Path) -> None:
    text = "Mã thủ tục;TÊN THỦ TỤC;Lĩnh vực\r\n1.001193;Đăng ký khai sinh, kết hôn;Hộ tịch\r\n"
    with_bom = load(tmp_path / "a.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))
    without = load(tmp_path / "b.csv", text)
    assert with_bom.records == without.records == (
        {"ma": "1.001193", "ten": "Đăng ký khai sinh, kết hôn", "linh_vuc": "Hộ tịch"},)


def test_tab_separated(tmp_path: Path) -> None:
    result = load(tmp_path / "p.csv", "ma\tten\n1\tKhai sinh, khai tử\n")
    assert result.records == ({"ma": "1", "ten": "Khai sinh, khai tử"},)


def test_a_legacy_code_page_is_refused_at_the_first_line_it_breaks(tmp_path: Path) -> None:
    data = "ma,ten\n1,Tan\n2,Tân Đông\n".encode("cp1258")
    result = load(tmp_path / "p.csv", data)
    assert [(e.line, e.code) for e in result.errors] == [(3, "not_utf8")]


@pytest.mark.parametrize(("data", "code"), [
    (b"ma,ten\n1,a\x00b\n", "binary_file"),
    ("ma,ten\n1,Tên\n".encode("utf-16"), "utf16"),
    (xlsx_bytes([["ma", "ten"], ["1", "x"]]), "zip_not_csv"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "xls_format"),
])
def test_files_that_are_not_csv_text_are_named(tmp_path: Path, data: bytes, code: str) -> None:
    assert [e.code for e in load(tmp_path / "p.csv", data).errors] == [code]


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    noise = random.Random(13).randbytes(4096)
    (error,) = load(tmp_path / "p.csv", noise).errors
    assert error.code in ("not_utf8", "binary_file")


def test_more_cells_than_headings_is_an_error_fewer_are_empty(tmp_path: Path) -> None:
    result = load(tmp_path / "p.csv", "ma,ten,linh_vuc\n1,Tên, có phẩy,Hộ tịch\n2,Tên\n")
    assert [(e.line, e.code, e.values) for e in result.errors] == [
        (2, "extra_cells", {"column": 4})]
    assert result.records[1] == {"ma": "2", "ten": "Tên", "linh_vuc": ""}


def test_line_and_cell_limits(tmp_path: Path) -> None:
    long_line = load(tmp_path / "a.csv", "ma,ten\n1," + "x" * 5000 + "\n",
                     Limits(max_line_bytes=1000))
    assert [(e.line, e.code) for e in long_line.errors] == [(2, "line_too_long")]
    long_cell = load(tmp_path / "b.csv", "Mã thủ tục,Tên thủ tục\n1," + "x" * 200 + "\n",
                     Limits(max_cell_chars=100))
    (error,) = long_cell.errors
    assert (error.line, error.code, error.column) == (2, "cell_too_long", "Tên thủ tục")


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    result = load(tmp_path / "p.csv", "ma,ten\n" + "1,x\n" * 1000, Limits(max_file_bytes=1000))
    assert [e.code for e in result.errors] == ["file_too_large"]


def test_jsonl_keys_go_through_the_same_headings(tmp_path: Path) -> None:
    result = load(tmp_path / "p.jsonl", '{"Mã thủ tục": "1", "ten": "A", "khac": 2}\n'
                                        "{not json\n"
                                        "[1]\n"
                                        '{"ma": "2", "MA": "3", "ten": "B"}\n')
    assert result.records == ({"ma": "1", "ten": "A", "khac": 2},)
    assert [(e.line, e.code) for e in result.errors] == [
        (2, "bad_json"), (3, "not_object"), (4, "duplicate_column")]
