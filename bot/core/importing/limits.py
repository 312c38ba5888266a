"""How much of a file an importer will read before refusing it.

The limits protect a small server from a file that is large or built to explode when opened:
an XLSX is a zip, and a 1.5 MB one can hold a 1.5 GB cell. Sizes are checked before any parser
runs; rows and cells as they are read. Each importer may pass its own `Limits`.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024

# Excel's own worksheet size (Excel specifications and limits): a row with more cells than
# this was not written by a spreadsheet program.
EXCEL_MAX_COLUMNS = 16_384


@dataclass(frozen=True)
class Limits:
    """Every bound an importer applies; the defaults fit a commune center's files many times."""

    max_file_bytes: int = 50 * MB  # on disk, any format
    max_rows: int = 100_000  # data rows, header excluded
    max_cell_chars: int = 100_000  # one value (the shipped catalog's longest is ~51,000)
    max_line_bytes: int = 4 * MB  # one physical line of a CSV or JSONL file
    max_xlsx_uncompressed: int = 200 * MB  # sum of the unzipped members of an XLSX
    max_xlsx_part: int = 20 * MB  # any member other than worksheets and the shared strings
    max_xlsx_members: int = 10_000  # members of the zip
    header_search_rows: int = 20  # title rows above the header of an exported register
    max_errors: int = 100  # listed errors; the rest are counted


DEFAULT_LIMITS = Limits()
