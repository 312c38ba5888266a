"""XLSX: checked as a zip before any spreadsheet code runs, then read row by row.

An XLSX is a zip of XML parts, so its size on disk says little: a 1.5 MB file can unzip to a
1.5 GB cell, and a few KB of XML can describe a row of millions of cells that openpyxl would
build in memory. Before openpyxl opens the file:

1. the zip's declared sizes are checked (each part, and their sum) — Python's zipfile never
   inflates a member past its declared size, so the check binds;
2. every worksheet and the shared strings are streamed once through expat, refusing a DTD
   (Excel never writes one; it is how entity bombs start), a row with more cells than Excel
   allows, more rows than Excel allows, and any value longer than `max_cell_chars`.

Then openpyxl reads the first worksheet with `read_only=True` (rows are parsed as they are
iterated) and `data_only=True` (the values last calculated, not formulas). Its recorded
dimensions are ignored, because some programs write them wrong and values would be lost.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from bot.core.importing.limits import EXCEL_MAX_COLUMNS, MB, Limits
from bot.core.importing.problems import FileRefused
from bot.core.importing.text_files import OLE_MAGIC, ZIP_MAGIC

EXCEL_MAX_ROWS = 1_048_576
SHARED_STRINGS = "xl/sharedStrings.xml"
CHUNK = 1 << 16


def _mb(size: int) -> float:
    return round(size / MB, 1)


def check_archive(path: Path, limits: Limits) -> None:
    """Refuse what is not an XLSX, or unzips to more than the limits allow."""
    with path.open("rb") as handle:
        head = handle.read(len(OLE_MAGIC))
    if head.startswith(OLE_MAGIC):
        raise FileRefused("xls_format")
    if not head.startswith(ZIP_MAGIC):
        raise FileRefused("not_xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise FileRefused("not_xlsx")
            if len(members) > limits.max_xlsx_members:
                raise FileRefused("xlsx_too_many_parts", count=len(members),
                                  limit=limits.max_xlsx_members)
            total = sum(m.file_size for m in members)
            if total > limits.max_xlsx_uncompressed:
                raise FileRefused("xlsx_too_large", size_mb=_mb(total),
                                  limit_mb=_mb(limits.max_xlsx_uncompressed))
            for member in members:
                if not _is_data_part(member.filename) and member.file_size > limits.max_xlsx_part:
                    raise FileRefused("xlsx_part_too_large", part=member.filename,
                                      size_mb=_mb(member.file_size),
                                      limit_mb=_mb(limits.max_xlsx_part))
            for member in members:
                if _is_data_part(member.filename):
                    _scan(archive, member.filename, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise FileRefused("corrupt_xlsx") from exc


def _is_data_part(name: str) -> bool:
    return name == SHARED_STRINGS or (name.startswith("xl/worksheets/") and name.endswith(".xml"))


class _Scan:
    """Counts what openpyxl would otherwise hold in memory at once."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.rows = 0
        self.row = 0  # the spreadsheet row being read, for the error's line
        self.cells = 0
        self.text = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if tag == "row":
            self.rows += 1
            if self.rows > EXCEL_MAX_ROWS:
                raise FileRefused("too_many_rows", limit=EXCEL_MAX_ROWS)
            self.row = int(attrs["r"]) if attrs.get("r", "").isdigit() else self.row + 1
            self.cells = 0
        elif tag == "c":
            self.cells += 1
            self.text = 0
            if self.cells > EXCEL_MAX_COLUMNS:
                raise FileRefused("too_many_cells", self.row, count=self.cells,
                                  limit=EXCEL_MAX_COLUMNS)
        elif tag == "si":
            self.row = 0  # a shared string belongs to no row of its own
            self.text = 0

    def characters(self, data: str) -> None:
        self.text += len(data)
        if self.text > self.limits.max_cell_chars:
            raise FileRefused("cell_too_long", self.row, length=self.text,
                              limit=self.limits.max_cell_chars)

    def doctype(self, *_args: object) -> None:
        raise FileRefused("corrupt_xlsx")


def _scan(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    scan = _Scan(limits)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = scan.start
    parser.CharacterDataHandler = scan.characters
    parser.StartDoctypeDeclHandler = scan.doctype
    try:
        with archive.open(name) as member:
            while chunk := member.read(CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise FileRefused("corrupt_xlsx") from exc


def xlsx_rows(path: Path, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """(spreadsheet row number, values) of the first worksheet, after `check_archive`."""
    check_archive(path, limits)
    import openpyxl  # only needed for spreadsheets

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl reports a damaged part with many exception types
        raise FileRefused("corrupt_xlsx") from exc
    try:
        sheets = [s for s in book.worksheets if hasattr(s, "reset_dimensions")]
        if not sheets:
            raise FileRefused("no_sheet")
        sheet = sheets[0]
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        number = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # as above: a damaged row, whatever openpyxl raises
                raise FileRefused("corrupt_xlsx", number + 1) from exc
            number += 1
            yield number, list(row)
    finally:
        book.close()
