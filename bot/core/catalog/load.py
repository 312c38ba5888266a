"""Read a procedure file (JSONL, CSV or XLSX) and validate it, row by row.

Accepted formats, all with the same field names:

- **JSONL** (`.jsonl`): one JSON object per line, as in `bot/data/procedures.jsonl`.
  Blank lines are skipped.
- **CSV** (`.csv`, UTF-8, optional BOM, comma-separated): first row = column names.
- **XLSX** (`.xlsx`): first sheet, first row = column names.

Columns (JSON keys):

| column | required | meaning |
|---|---|---|
| `ma_thu_tuc` | yes | procedure code, `<digit>.<6 digits>`, e.g. `1.001193` |
| `ten_thu_tuc` | yes | procedure name |
| `linh_vuc` | no | field (lĩnh vực), used for browsing and exclusion |
| `detail_url` | no | official page, must start with `http://` or `https://` |
| `co_quan_thuc_hien`, `co_quan_co_tham_quyen` | no | agency |
| `dia_chi_tiep_nhan` | no | where to submit |
| `cach_thuc_thuc_hien` | no | portal table "Hình thức nộp / Thời gian / Phí, lệ phí / Mô tả" |
| `thanh_phan_ho_so` | no | portal table "Tên giấy tờ / Mẫu đơn, tờ khai / Số lượng" |
| `can_cu_phap_ly` | no | portal table "Tên văn bản pháp lý / Mã văn bản" |
| `yeu_cau_dieu_kien`, `trinh_tu_thuc_hien`, `ket_qua_xu_ly` | no | conditions, steps, result |
| `doi_tuong_thuc_hien`, `so_quyet_dinh`, `loai_thu_tuc` | no | as published |
| `nhom_nguon`, `cap_thuc_hien`, `co_quan_phoi_hop`, … | no | as published |

Other columns are kept as they are. Every error carries the line (JSONL line, CSV line, or
XLSX row number; 0 for the whole file), a code and values; `templates/procedures/
import_errors.j2` turns them into Vietnamese. An importer should refuse the file if any error.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CODE_PATTERN = re.compile(r"^\d\.\d{6}$")
REQUIRED_FIELDS = ("ma_thu_tuc", "ten_thu_tuc")

# Error codes, rendered by templates/procedures/import_errors.j2.
ERR_UNSUPPORTED_FORMAT = "unsupported_format"  # values: suffix
ERR_UNREADABLE_FILE = "unreadable_file"  # values: detail
ERR_EMPTY_FILE = "empty_file"
ERR_MISSING_COLUMNS = "missing_columns"  # values: columns
ERR_BAD_JSON = "bad_json"  # values: detail
ERR_NOT_OBJECT = "not_object"
ERR_MISSING_FIELD = "missing_field"  # values: field
ERR_BAD_CODE = "bad_code"  # values: value
ERR_DUPLICATE_CODE = "duplicate_code"  # values: code, first_line
ERR_BAD_URL = "bad_url"  # values: value
ERROR_CODES = (
    ERR_UNSUPPORTED_FORMAT,
    ERR_UNREADABLE_FILE,
    ERR_EMPTY_FILE,
    ERR_MISSING_COLUMNS,
    ERR_BAD_JSON,
    ERR_NOT_OBJECT,
    ERR_MISSING_FIELD,
    ERR_BAD_CODE,
    ERR_DUPLICATE_CODE,
    ERR_BAD_URL,
)


@dataclass(frozen=True)
class RecordError:
    line: int
    code: str
    values: dict[str, Any] = field(default_factory=dict)

    def as_context(self) -> dict[str, Any]:
        """The shape the template expects: {"line", "code", "values"}."""
        return {"line": self.line, "code": self.code, "values": dict(self.values)}


@dataclass(frozen=True)
class LoadResult:
    records: tuple[dict[str, Any], ...]
    errors: tuple[RecordError, ...]
    lines: tuple[int, ...] = ()  # source line of each record, same order

    @property
    def ok(self) -> bool:
        return not self.errors


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _jsonl_rows(data: bytes, errors: list[RecordError]) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(data.decode("utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(RecordError(number, ERR_BAD_JSON, {"detail": exc.msg}))


def _table_rows(header: list[Any], rows: Iterator[tuple[int, list[Any]]], errors: list[RecordError]
                ) -> Iterator[tuple[int, Any]]:
    names = [str(_cell(h)).strip() for h in header]
    missing = [name for name in REQUIRED_FIELDS if name not in names]
    if missing:
        errors.append(RecordError(1, ERR_MISSING_COLUMNS, {"columns": missing}))
        return
    for number, row in rows:
        if not any(str(_cell(v)).strip() for v in row):
            continue
        yield number, {n: _cell(v) for n, v in zip(names, row, strict=False) if n}


def _csv_rows(data: bytes, errors: list[RecordError]) -> Iterator[tuple[int, Any]]:
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader, None)
    if header is None:
        return
    # reader.line_num is the physical line where the row ends (multi-line cells are common).
    rows = ((reader.line_num, row) for row in reader)
    yield from _table_rows(header, rows, errors)


def _xlsx_rows(path: Path, errors: list[RecordError]) -> Iterator[tuple[int, Any]]:
    import openpyxl  # only needed for spreadsheets

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = next(values, None)
        if header is None:
            return
        rows = ((number, list(row)) for number, row in enumerate(values, start=2))
        yield from _table_rows(list(header), rows, errors)
    finally:
        book.close()


def _rows(path: Path, errors: list[RecordError]) -> Iterator[tuple[int, Any]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        yield from _xlsx_rows(path, errors)
        return
    data = path.read_bytes()
    if suffix in (".jsonl", ".ndjson"):
        yield from _jsonl_rows(data, errors)
    elif suffix == ".csv":
        yield from _csv_rows(data, errors)
    else:
        errors.append(RecordError(0, ERR_UNSUPPORTED_FORMAT, {"suffix": suffix or path.name}))


def validate_record(number: int, record: Any, seen: dict[str, int]) -> list[RecordError]:
    """Errors of one record; `seen` maps codes already accepted to their line."""
    if not isinstance(record, dict):
        return [RecordError(number, ERR_NOT_OBJECT)]
    errors = []
    for name in REQUIRED_FIELDS:
        if not str(_cell(record.get(name))).strip():
            errors.append(RecordError(number, ERR_MISSING_FIELD, {"field": name}))
    code = str(_cell(record.get("ma_thu_tuc"))).strip()
    if code and not CODE_PATTERN.match(code):
        errors.append(RecordError(number, ERR_BAD_CODE, {"value": code}))
    elif code in seen:
        errors.append(
            RecordError(number, ERR_DUPLICATE_CODE, {"code": code, "first_line": seen[code]})
        )
    elif code:
        seen[code] = number
    url = str(_cell(record.get("detail_url"))).strip()
    if url and not url.startswith(("http://", "https://")):
        errors.append(RecordError(number, ERR_BAD_URL, {"value": url}))
    return errors


def load_records(path: str | Path) -> LoadResult:
    """Read and validate every record of `path`; the records are returned even with errors."""
    path = Path(path)
    errors: list[RecordError] = []
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    seen: dict[str, int] = {}
    try:
        for number, record in _rows(path, errors):
            problems = validate_record(number, record, seen)
            errors.extend(problems)
            if isinstance(record, dict):
                # Codes and names are matched as text; spreadsheets may hand back numbers.
                clean = {k: v.strip() if isinstance(v, str) else v for k, v in record.items()}
                records.append(clean)
                lines.append(number)
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        return LoadResult((), (RecordError(0, ERR_UNREADABLE_FILE, {"detail": str(exc)}),))
    if not records and not errors:
        errors.append(RecordError(0, ERR_EMPTY_FILE))
    errors.sort(key=lambda e: e.line)
    return LoadResult(tuple(records), tuple(errors), tuple(lines))


@dataclass(frozen=True)
class IndexEntry:
    """One row of the national index (`procedure_index.csv`), commune level or not."""

    code: str
    name: str
    field: str
    level: str
    source: str
    detail_url: str

    @property
    def commune_level(self) -> bool:
        return "Cấp xã" in self.level


def load_procedure_index(path: str | Path) -> dict[str, IndexEntry]:
    """The 2,642-row index: tells a citizen a code exists even when the commune cannot do it."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["ma_thu_tuc"]: IndexEntry(
                code=row["ma_thu_tuc"],
                name=" ".join(row["ten_thu_tuc"].split()),
                field=row.get("linh_vuc", ""),
                level=row.get("cap_thuc_hien", ""),
                source=row.get("nhom_nguon", ""),
                detail_url=row.get("detail_url", ""),
            )
            for row in csv.DictReader(handle)
        }
