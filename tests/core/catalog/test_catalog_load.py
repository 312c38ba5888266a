"""Loading, validating and cleaning procedure files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from bot.core.catalog import (
    DEFAULT_EXCLUDED_FIELDS,
    ERROR_CODES,
    build_procedures,
    list_fields,
    load_procedure_index,
    load_records,
)
from bot.core.catalog.load import RecordError
from bot.core.importing import FILE_CODES, ROW_CODES
from bot.rendering import Renderer

DATA = Path(__file__).resolve().parents[3] / "bot" / "data"
GOOD = {"ma_thu_tuc": "1.001193", "ten_thu_tuc": "Thủ tục đăng ký khai sinh", "linh_vuc": "Hộ tịch"}


def test_shipped_catalog_loads_cleanly() -> None:
    result = load_records(DATA / "procedures.jsonl")
    assert result.ok and len(result.records) == 588
    procedures = build_procedures(result.records)
    visible = [p for p in procedures if p.visible]
    assert 250 < len(visible) < 350
    by_code = {p.code: p for p in procedures}
    assert by_code["1.001193"].visible and by_code["1.001193"].field == "Hộ tịch"
    assert by_code["1.001193"].detail_url.startswith("https://dichvucong.gov.vn/")


def test_excluded_fields_and_wrong_names_are_flagged() -> None:
    procedures = build_procedures(load_records(DATA / "procedures.jsonl").records)
    fields = {p.field for p in procedures if "excluded_field" in p.flags}
    assert {"Hải quan", "Thuế", "Kho bạc Nhà nước", "Hàng hải và đường thủy nội địa"} <= fields
    wrong = [p for p in procedures if "wrong_name" in p.flags]
    assert len(wrong) == 7 and all(p.field == "Người có công" for p in wrong)
    assert not any(p.visible for p in wrong)


def test_exclusion_list_is_configurable() -> None:
    records = load_records(DATA / "procedures.jsonl").records
    everything = build_procedures(records, excluded_fields=())
    assert sum(p.visible for p in everything) == 588 - 7
    no_civil = build_procedures(records, excluded_fields=(*DEFAULT_EXCLUDED_FIELDS, "ho tich"))
    assert not any(p.visible and p.field == "Hộ tịch" for p in no_civil)


def test_list_fields_counts_visible_only() -> None:
    procedures = build_procedures(load_records(DATA / "procedures.jsonl").records)
    counts = {f.field: f.count for f in list_fields(procedures)}
    assert counts["Hộ tịch"] == 41 and "Hải quan" not in counts
    assert list_fields(procedures)[0].field == "Hộ tịch"


def test_procedure_index() -> None:
    index = load_procedure_index(DATA / "procedure_index.csv")
    assert len(index) == 2642
    assert index["1.001193"].commune_level
    assert not index["1.000178"].commune_level


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_broken_jsonl_gives_line_numbered_errors(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "p.jsonl", [
        json.dumps(GOOD, ensure_ascii=False),
        "{not json",
        json.dumps({"ma_thu_tuc": "1.00119", "ten_thu_tuc": "X"}),
        "",
        json.dumps({"ma_thu_tuc": "1.001193", "ten_thu_tuc": "Trùng"}),
        json.dumps({"ma_thu_tuc": "2.000001"}),
        "[1, 2]",
        json.dumps({"ma_thu_tuc": "2.000002", "ten_thu_tuc": "Y", "detail_url": "ftp://x"}),
    ])
    result = load_records(path)
    assert not result.ok
    assert [(e.line, e.code) for e in result.errors] == [
        (2, "bad_json"), (3, "bad_code"), (5, "duplicate_code"), (6, "missing_field"),
        (7, "not_object"), (8, "bad_url")]
    assert result.errors[1].values == {"value": "1.00119"}
    assert result.errors[2].values == {"code": "1.001193", "first_line": 1}
    assert result.errors[3].values == {"field": "ten_thu_tuc"}


def test_csv_same_columns(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(GOOD))
        writer.writeheader()
        writer.writerow(GOOD)
        writer.writerow({**GOOD, "ten_thu_tuc": "dòng\nhai dòng"})
    result = load_records(path)
    assert result.records[0]["ten_thu_tuc"] == "Thủ tục đăng ký khai sinh"
    # The duplicate row spans lines 3-4 (a two-line name); errors name the line a row starts on,
    # which is also its row number in Excel when earlier rows have no line breaks.
    assert [(e.line, e.code) for e in result.errors] == [(3, "duplicate_code")]


def test_csv_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("code,name\n1.001193,x\n", encoding="utf-8")
    (error,) = load_records(path).errors
    assert (error.line, error.code, error.values) == (
        1, "missing_columns", {"columns": ["ma_thu_tuc", "ten_thu_tuc"]})


def test_xlsx(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(GOOD))
    sheet.append(list(GOOD.values()))
    sheet.append(["abc", "Tên", "Hộ tịch"])
    path = tmp_path / "p.xlsx"
    book.save(path)
    result = load_records(path)
    assert len(result.records) == 2
    assert [(e.line, e.code) for e in result.errors] == [(3, "bad_code")]


def test_unsupported_and_empty(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text("x", encoding="utf-8")
    assert load_records(tmp_path / "p.txt").errors[0].code == "unsupported_format"
    (tmp_path / "e.jsonl").write_text("\n", encoding="utf-8")
    assert load_records(tmp_path / "e.jsonl").errors[0].code == "empty_file"


PROCEDURE_SAMPLES = {
    "bad_code": {"value": "1.00119"},
    "duplicate_code": {"code": "1.001193", "first_line": 2},
    "bad_url": {"value": "ftp://x"},
}


def sample_values(code: str) -> dict[str, object]:
    """Every value a code's message uses, filled with something plausible."""
    if code in PROCEDURE_SAMPLES:
        return PROCEDURE_SAMPLES[code]
    names = {**FILE_CODES, **ROW_CODES}[code]
    samples: dict[str, object] = {"columns": ["ma_thu_tuc"], "size_mb": 1.5, "limit_mb": 50.0}
    return {name: samples.get(name, 12) for name in names}


@pytest.mark.parametrize("code", ERROR_CODES)
def test_every_error_code_renders(code: str) -> None:
    error = RecordError(7, code, sample_values(code))
    text = Renderer().text("procedures/import_errors", errors=[error.as_context()])
    assert "không xác định" not in text and "Undefined" not in text
    assert ("Dòng 7:" in text) == (code != "more_errors")


def test_render_whole_file_error() -> None:
    text = Renderer().text(
        "procedures/import_errors", errors=[RecordError(0, "empty_file").as_context()])
    assert "Cả tệp: tệp không có thủ tục nào." in text
