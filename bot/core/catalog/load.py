"""Read a procedure file (JSONL, CSV or XLSX) and validate it, row by row.

The procedure importer, built on `bot.core.importing` (which reads the file safely and the same
way for every importer: encodings, strict CSV quoting, XLSX size limits, header matching,
numbered errors). This module adds what is particular to procedures: the columns
(`bot/data/import_columns/procedures.toml`) and the checks of a record.

Accepted formats, all with the same field names:

- **JSONL** (`.jsonl`): one JSON object per line, as in `bot/data/procedures.jsonl`.
  Blank lines are skipped.
- **CSV** (`.csv`, UTF-8 with or without BOM, `,` or `;` or tab between values): the first row
  with the required columns is the header.
- **XLSX** (`.xlsx`): first sheet, the first row with the required columns is the header.

Columns (JSON keys); each is also accepted under its portal heading ("Mã thủ tục", "Tên thủ
tục", "Lĩnh vực"…), with or without diacritics:

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

Other columns are kept as they are. Every error carries the line (JSONL line, the CSV line a
row starts on, or XLSX row number; 0 for the whole file), the column heading where it applies,
a code and values; `templates/procedures/import_errors.j2` turns them into Vietnamese. An
importer should refuse the file if any error.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.core.importing import ERROR_CODES as FILE_ERROR_CODES
from bot.core.importing import Columns, Limits, Loaded, Progress, RowError, load_file

COLUMNS_FILE = Path(__file__).resolve().parents[2] / "data" / "import_columns" / "procedures.toml"
CODE_PATTERN = re.compile(r"^\d\.\d{6}$")
REQUIRED_FIELDS = ("ma_thu_tuc", "ten_thu_tuc")

# Error codes of procedures, rendered by templates/procedures/import_errors.j2 (the file-level
# codes of bot.core.importing are rendered there too, through templates/importing/problem.j2).
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
PROCEDURE_ERROR_CODES = (ERR_BAD_CODE, ERR_DUPLICATE_CODE, ERR_BAD_URL)
ERROR_CODES = (*FILE_ERROR_CODES, *PROCEDURE_ERROR_CODES)

RecordError = RowError  # the name this module has always used
LoadResult = Loaded


@cache
def procedure_columns() -> Columns:
    return Columns.from_toml(COLUMNS_FILE)


def _cell(value: Any) -> Any:
    return "" if value is None else value


def validate_record(number: int, record: Any, seen: dict[str, int]) -> list[RecordError]:
    """Errors of one record; `seen` maps codes already accepted to their line."""
    if not isinstance(record, dict):
        return [RecordError(number, ERR_NOT_OBJECT)]
    errors = []
    for name in REQUIRED_FIELDS:
        if not str(_cell(record.get(name))).strip():
            errors.append(RecordError(number, ERR_MISSING_FIELD, {"field": name}, field=name))
    code = str(_cell(record.get("ma_thu_tuc"))).strip()
    if code and not CODE_PATTERN.match(code):
        errors.append(RecordError(number, ERR_BAD_CODE, {"value": code}, field="ma_thu_tuc"))
    elif code in seen:
        errors.append(RecordError(number, ERR_DUPLICATE_CODE,
                                  {"code": code, "first_line": seen[code]}, field="ma_thu_tuc"))
    elif code:
        seen[code] = number
    url = str(_cell(record.get("detail_url"))).strip()
    if url and not url.startswith(("http://", "https://")):
        errors.append(RecordError(number, ERR_BAD_URL, {"value": url}, field="detail_url"))
    return errors


def load_records(path: str | Path, *, limits: Limits | None = None,
                 progress: Progress | None = None) -> LoadResult:
    """Read and validate every record of `path`; the records are returned even with errors."""
    seen: dict[str, int] = {}
    return load_file(path, procedure_columns(), lambda line, record: validate_record(
        line, record, seen), limits=limits or Limits(), progress=progress)


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
