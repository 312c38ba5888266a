"""What an importer says about a file: errors per line (and column), and whole-file refusals.

Every code below is rendered in Vietnamese by `templates/importing/problem.j2`; an importer
adds its own codes (the procedure importer: `bad_code`, `duplicate_code`, `bad_url`) and renders
the rest through that macro. Line numbers are the line a row starts on (CSV, JSONL) or the
spreadsheet row (XLSX); 0 means the whole file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# code -> the names of its values (the templates use them).
FILE_CODES: dict[str, tuple[str, ...]] = {
    "file_not_found": (),
    "not_a_file": (),
    "no_permission": (),
    "unreadable_file": ("detail",),
    "unsupported_format": ("suffix",),
    "empty_file": (),
    "file_too_large": ("size_mb", "limit_mb"),
    "not_utf8": (),
    "utf16": (),
    "binary_file": (),
    "zip_not_csv": (),
    "line_too_long": ("limit_mb",),
    "unclosed_quote": (),
    "bad_quote": (),
    "bad_csv": (),
    "xls_format": (),
    "not_xlsx": (),
    "corrupt_xlsx": (),
    "xlsx_too_large": ("size_mb", "limit_mb"),
    "xlsx_part_too_large": ("part", "size_mb", "limit_mb"),
    "xlsx_too_many_parts": ("count", "limit"),
    "no_sheet": (),
    "too_many_rows": ("limit",),
    "missing_columns": ("columns",),
    "duplicate_column": ("field", "first", "second"),
}
ROW_CODES: dict[str, tuple[str, ...]] = {
    "bad_json": ("detail",),
    "not_object": (),
    "missing_field": ("field",),
    "cell_too_long": ("length", "limit"),
    "too_many_cells": ("count", "limit"),
    "extra_cells": ("column",),
    "more_errors": ("count",),
}
ERROR_CODES = (*FILE_CODES, *ROW_CODES)


@dataclass(frozen=True)
class RowError:
    """One problem: where (`line`, and `column` as the file names it) and what (`code`, values).

    `field` is the field the problem is about; the loader fills `column` from the heading the
    file uses for that field, so a person is told "cột «Mã thủ tục»" rather than a field name.
    """

    line: int
    code: str
    values: dict[str, Any] = field(default_factory=dict)
    column: str = ""
    field: str = ""

    def as_context(self) -> dict[str, Any]:
        """The shape the templates expect."""
        return {"line": self.line, "code": self.code, "values": dict(self.values),
                "column": self.column}


class FileRefused(Exception):
    """Reading stopped: the file as a whole cannot be trusted (encoding, quoting, size, zip)."""

    def __init__(self, code: str, line: int = 0, **values: Any) -> None:
        super().__init__(code)
        self.error = RowError(line, code, values)
