"""Documents a unit prints or sends: DOCX letters and reports, XLSX books and tables.

Pure functions of plain values (no database, no clock); each returns an `Attachment`
(bytes, a safe ASCII file name, the MIME type) that a handler puts on a `Reply`.

- `render_docx(template_name, context)`: a docxtpl template of templates/documents/,
  autoescaped, StrictUndefined; filters in `formatting` (official dates, dd/mm/yyyy, 1.234,
  dotted blanks for unknown values).
- `SheetLayout` / `Column` / `TitleLine` / `Sheet` and `render_xlsx` / `workbook_bytes` /
  `write_sheet`: tables with a multi-row merged header, formulas per row and for totals,
  A4 print setup; `load_layout(name, context)` reads a layout from templates/documents/.
- `apology_letter(ApologyValues)`: Mẫu 04, TT 03/2025/TT-VPCP (wording not verified).
- `register_book(unit, month, [RegisterRow])`: Mẫu 07, TT 03/2025/TT-VPCP (columns not
  verified).
- Period files (issue 9), pure functions of a `PeriodReport`: `render_period_report` (DOCX
  report, `ReportHeader` for what the figures do not say), `render_period_table` (XLSX in
  the Biểu 07a layout as described, not verified), `render_rollup_table` (a province).

DOCX templates are built by scripts/build_document_templates.py from text specs on the
administrative layout of NĐ 30/2020/NĐ-CP (`admin_layout`); see templates/documents/README.md.
"""

from bot.core.documents.apology import ApologyValues, apology_letter
from bot.core.documents.docx_render import DOCX_MIME, document_filename, render_docx
from bot.core.documents.formatting import official_date, to_local
from bot.core.documents.period_report import ReportHeader, render_period_report
from bot.core.documents.period_table import render_period_table
from bot.core.documents.register_book import RegisterRow, register_book
from bot.core.documents.rollup_table import render_rollup_table
from bot.core.documents.xlsx import (
    XLSX_MIME,
    CellValue,
    Column,
    Placement,
    Sheet,
    SheetLayout,
    TitleLine,
    render_xlsx,
    workbook_bytes,
    write_sheet,
)
from bot.core.documents.xlsx_layouts import load_layout

__all__ = [
    "DOCX_MIME",
    "XLSX_MIME",
    "ApologyValues",
    "CellValue",
    "Column",
    "Placement",
    "RegisterRow",
    "ReportHeader",
    "Sheet",
    "SheetLayout",
    "TitleLine",
    "apology_letter",
    "document_filename",
    "load_layout",
    "official_date",
    "register_book",
    "render_docx",
    "render_period_report",
    "render_period_table",
    "render_rollup_table",
    "render_xlsx",
    "to_local",
    "workbook_bytes",
    "write_sheet",
]
