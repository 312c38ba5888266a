"""Which reader a file gets, and the checks every file passes before it is opened."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.importing.limits import MB, Limits
from bot.core.importing.problems import FileRefused
from bot.core.importing.text_files import csv_rows, jsonl_records
from bot.core.importing.xlsx import xlsx_rows

TABLES: dict[str, Callable[[Path, Limits], Iterator[tuple[int, list[Any]]]]] = {
    ".csv": csv_rows,
    ".xlsx": xlsx_rows,
}
RECORDS: dict[str, Callable[[Path, Limits], Iterator[tuple[int, Any]]]] = {
    ".jsonl": jsonl_records,
    ".ndjson": jsonl_records,
}
SUFFIXES = (*RECORDS, *TABLES)
OLD_EXCEL = (".xls", ".xlsb", ".ods")


@dataclass
class Source:
    """Rows of one file: a table (header row, then rows of cells) or JSON records."""

    table: bool
    rows: Iterator[tuple[int, Any]]
    spreadsheet: bool = False  # columns are letters (A, B, …) rather than positions


def check_file(path: Path, limits: Limits) -> None:
    """Refuse what is missing, not a regular file, unreadable, empty or too large."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileRefused("file_not_found") from None
    except PermissionError:
        raise FileRefused("no_permission") from None
    except OSError as exc:
        raise FileRefused("unreadable_file", detail=exc.strerror or "") from None
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused("not_a_file")
    if not os.access(path, os.R_OK):
        raise FileRefused("no_permission")
    if info.st_size == 0:
        raise FileRefused("empty_file")
    if info.st_size > limits.max_file_bytes:
        raise FileRefused("file_too_large", size_mb=round(info.st_size / MB, 1),
                          limit_mb=round(limits.max_file_bytes / MB, 1))


def open_source(path: Path, limits: Limits) -> Source:
    """The reader for `path` by its suffix; nothing is read until the rows are iterated."""
    suffix = path.suffix.lower()
    if suffix in OLD_EXCEL:
        raise FileRefused("xls_format")
    if suffix not in SUFFIXES:
        raise FileRefused("unsupported_format", suffix=suffix or path.name)
    check_file(path, limits)
    if suffix in RECORDS:
        return Source(table=False, rows=RECORDS[suffix](path, limits))
    return Source(table=True, rows=TABLES[suffix](path, limits), spreadsheet=suffix == ".xlsx")
