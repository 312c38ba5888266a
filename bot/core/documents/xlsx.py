"""Tables as XLSX: a title block, a multi-row header with merged cells, rows, real formulas.

A `SheetLayout` describes the table (usually loaded from templates/documents/<name>.toml by
`xlsx_layouts.load_layout`, so every heading a person reads stays in templates/); rows are
mappings from column key to plain values. `workbook_bytes` writes one or more sheets.

- Header: a column's `groups` are the headings above its own, outermost first. Neighbouring
  columns with the same groups share a merged cell; a heading with fewer groups than the
  deepest column is merged down to the last header row. Statistics forms (Biểu 06, 07a)
  and the register book are both this shape.
- Formulas: a column with `formula="[a]+[b]"` gets an Excel formula on every data row, each
  `[key]` being that row's cell of column `key`; the sheet stays checkable and a figure
  typed over the formula would show. A value passed for such a column is refused.
- Totals: `total="sum"` puts `=SUM(...)` of the column under the data, `total="formula"`
  the column's own formula on the totals row (a rate of totals is not a sum of rates).
- Values: str, int, float, Decimal, date, naive datetime (local wall clock; an aware one is
  refused: Excel has no time zones), or None. A bare date in a column formatted with a time
  shows as dd/mm/yyyy. Strings lose the characters XML cannot hold, a
  string starting with "=" stays text (never a formula a citizen could inject), and one
  longer than Excel's cell limit (32,767) is cut with "…".
- Print: A4, landscape unless told otherwise, one page wide, header rows repeated on every
  page, print area set; panes frozen under the header (and after `freeze_columns`).
  Numbers show with the reader's grouping (`#,##0`: 1.234 in Vietnamese Excel).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.core.documents.formatting import xml_safe
from bot.core.messages import Attachment

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CellValue = str | int | float | Decimal | date | datetime | None
EXCEL_CELL_LIMIT = 32_767
DATE_FORMAT = "dd/mm/yyyy"
MAX_ROW_HEIGHT = 409.0  # points; Excel refuses taller rows
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
_REFERENCE = re.compile(r"\[([A-Za-z_][A-Za-z0-9_]*)\]")


@dataclass(frozen=True)
class TitleLine:
    """A line above (or, as a note, under) the table, merged across all its columns."""

    text: str
    size: int = 12
    bold: bool = False
    italic: bool = False
    align: Literal["left", "center", "right"] = "center"


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    groups: tuple[str, ...] = ()
    width: float = 12
    number_format: str = "General"
    align: Literal["left", "center", "right"] = "left"
    formula: str | None = None
    total: Literal["sum", "formula"] | None = None
    label: str | None = None  # in the column-number row; its position (1, 2, …) if None


@dataclass(frozen=True)
class SheetLayout:
    sheet_name: str
    columns: tuple[Column, ...]
    title: tuple[TitleLine, ...] = ()
    notes: tuple[TitleLine, ...] = ()
    number_row: bool = False
    totals_label: str | None = None  # a totals row under the data when set
    landscape: bool = True
    freeze_columns: int = 0
    font: str = "Times New Roman"
    font_size: int = 12


@dataclass(frozen=True)
class Placement:
    """Where things landed (1-based rows): for callers adding their own checks."""

    header_rows: tuple[int, int]
    data_rows: tuple[int, int]  # (first, last); last = first - 1 when there are no rows
    totals_row: int | None
    letters: dict[str, str]  # column key -> column letter


@dataclass(frozen=True)
class Sheet:
    layout: SheetLayout
    rows: Sequence[Mapping[str, CellValue]]


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        write_sheet(book.create_sheet(), sheet.layout, sheet.rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render_xlsx(sheets: Sequence[Sheet], filename: str) -> Attachment:
    return Attachment(filename=filename, content=workbook_bytes(sheets), mime_type=XLSX_MIME)


def write_sheet(ws: Worksheet, layout: SheetLayout, rows: Sequence[Mapping[str, CellValue]],
                ) -> Placement:
    columns = layout.columns
    letters = {c.key: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    _check_formulas(columns, letters)
    ws.title = layout.sheet_name
    last = get_column_letter(len(columns))
    row = 1
    for line in layout.title:
        _line(ws, row, line, layout, last)
        row += 1
    if layout.title:
        row += 1  # one empty row between the title block and the table
    header_first = row
    row = _header(ws, layout, row)
    header_last = row - 1
    if layout.number_row:
        for index, column in enumerate(columns, start=1):
            cell = _cell(ws, row, index, column.label or str(index), layout)
            cell.font = Font(name=layout.font, size=layout.font_size, italic=True)
            cell.alignment = Alignment(horizontal="center")
        row += 1
    first_data = row
    styles: dict[tuple[str, str], Any] = {}
    for values in rows:
        _data_row(ws, row, columns, values, letters, layout, styles)
        row += 1
    totals_row = None
    if layout.totals_label is not None:
        totals_row = row
        _totals(ws, row, layout, letters, first_data, row - 1)
        row += 1
    print_last = row - 1
    for line in layout.notes:
        _line(ws, row, line, layout, last)
        print_last = row
        row += 1
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    _print_setup(ws, layout, header_first, header_last, f"A1:{last}{print_last}")
    ws.freeze_panes = f"{get_column_letter(layout.freeze_columns + 1)}{first_data}"
    return Placement((header_first, header_last), (first_data, first_data + len(rows) - 1),
                     totals_row, letters)


def _check_formulas(columns: Sequence[Column], letters: Mapping[str, str]) -> None:
    for column in columns:
        for key in _REFERENCE.findall(column.formula or ""):
            if key not in letters:
                raise ValueError(f"column {column.key}: formula names unknown column {key}")
        if column.total == "formula" and not column.formula:
            raise ValueError(f"column {column.key}: total='formula' needs a formula")


def _formula(text: str, letters: Mapping[str, str], row: int) -> str:
    body = _REFERENCE.sub(lambda m: f"{letters[m.group(1)]}{row}", text)
    return body if body.startswith("=") else "=" + body


def _cell(ws: Worksheet, row: int, column: int, value: object, layout: SheetLayout,
          ) -> Any:
    cell = ws.cell(row=row, column=column, value=value)
    cell.font = Font(name=layout.font, size=layout.font_size)
    cell.border = BOX
    return cell


def _line(ws: Worksheet, row: int, line: TitleLine, layout: SheetLayout, last: str) -> None:
    cell = ws.cell(row=row, column=1, value=xml_safe(line.text))
    cell.font = Font(name=layout.font, size=line.size, bold=line.bold, italic=line.italic)
    cell.alignment = Alignment(horizontal=line.align, vertical="center")
    if last != "A":
        ws.merge_cells(f"A{row}:{last}{row}")


def _header(ws: Worksheet, layout: SheetLayout, top: int) -> int:
    """Write the header block from `top`; return the first row under it."""
    columns = layout.columns
    depth = max(len(c.groups) for c in columns) + 1
    needed: dict[tuple[int, int], float] = {}  # (first row, last row) -> points of text
    for level in range(depth):
        index = 0
        while index < len(columns):
            column = columns[index]
            if level < len(column.groups):
                path = column.groups[: level + 1]
                end = index
                while end + 1 < len(columns) and columns[end + 1].groups[: level + 1] == path:
                    end += 1
                text, rows = column.groups[level], (top + level, top + level)
            elif level == len(column.groups):
                end, text, rows = index, column.heading, (top + level, top + depth - 1)
            else:
                index += 1
                continue
            width = sum(c.width for c in columns[index : end + 1])
            needed[rows] = max(needed.get(rows, 0.0), _text_height(text, width, layout))
            for r in range(rows[0], rows[1] + 1):
                for c in range(index + 1, end + 2):
                    _cell(ws, r, c, None, layout)
            cell = ws.cell(row=rows[0], column=index + 1, value=xml_safe(text))
            cell.font = Font(name=layout.font, size=layout.font_size, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if (rows[0], index) != (rows[1], end):
                ws.merge_cells(start_row=rows[0], start_column=index + 1,
                               end_row=rows[1], end_column=end + 1)
            index = end + 1
    _header_heights(ws, needed, top, depth)
    return top + depth


def _text_height(text: str, width: float, layout: SheetLayout) -> float:
    """Points a wrapped heading needs: about one character per unit of column width."""
    per_line = max(1.0, width - 1)
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return min(MAX_ROW_HEIGHT, lines * layout.font_size * 1.3 + 4)


def _header_heights(ws: Worksheet, needed: Mapping[tuple[int, int], float], top: int,
                    depth: int) -> None:
    """Row heights so every heading shows whole: merged cells are never auto-fitted."""
    heights = {r: 0.0 for r in range(top, top + depth)}
    for (first, last), points in sorted(needed.items(), key=lambda item: item[0][1] - item[0][0]):
        if first == last:
            heights[first] = max(heights[first], points)
    for (first, last), points in needed.items():
        have = sum(heights[r] for r in range(first, last + 1))
        if have < points:
            heights[last] += points - have
    for r, points in heights.items():
        ws.row_dimensions[r].height = min(MAX_ROW_HEIGHT, round(points, 1))


def _data_row(ws: Worksheet, row: int, columns: Sequence[Column],
              values: Mapping[str, CellValue], letters: Mapping[str, str],
              layout: SheetLayout, styles: dict[tuple[str, str], Any]) -> None:
    unknown = set(values) - set(letters)
    if unknown:
        raise ValueError(f"row {row}: no column named {sorted(unknown)}")
    lines = max((_text_height(str(values[c.key]), c.width, layout)
                 for c in columns if isinstance(values.get(c.key), str)), default=0.0)
    if lines > _text_height("", 1, layout):  # wrapped text: Excel does not fit rows on open
        ws.row_dimensions[row].height = round(lines, 1)
    for index, column in enumerate(columns, start=1):
        value = values.get(column.key)
        if column.formula is not None:
            if value is not None:
                raise ValueError(f"row {row}: column {column.key} is a formula, not a value")
            cell = ws.cell(row=row, column=index,
                           value=_formula(column.formula, letters, row))
        else:
            cell = ws.cell(row=row, column=index, value=_plain(value))
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula stays text
        key = (_format_for(value, column.number_format), column.align)
        if key in styles:
            # Setting font, border, format and alignment hashes each style object every
            # time (most of a 114-row table's time); a cell styled alike is copied instead.
            cell._style = copy(styles[key])
            continue
        cell.font = Font(name=layout.font, size=layout.font_size)
        cell.border = BOX
        cell.number_format = key[0]
        cell.alignment = Alignment(horizontal=column.align, vertical="top", wrap_text=True)
        styles[key] = copy(cell._style)


def _format_for(value: CellValue, number_format: str) -> str:
    """A bare date in a date-and-time column shows without an invented 00:00."""
    if isinstance(value, date) and not isinstance(value, datetime) and "h" in number_format:
        return DATE_FORMAT
    return number_format


def _plain(value: CellValue) -> CellValue:
    if isinstance(value, datetime) and value.tzinfo is not None:
        raise ValueError("an aware datetime: convert it to the unit's local time first")
    if isinstance(value, str):
        text = xml_safe(value)
        return text if len(text) <= EXCEL_CELL_LIMIT else text[: EXCEL_CELL_LIMIT - 1] + "…"
    return value


def _totals(ws: Worksheet, row: int, layout: SheetLayout, letters: Mapping[str, str],
            first: int, last: int) -> None:
    columns = layout.columns
    label_end = next((i for i, c in enumerate(columns) if c.total), len(columns))
    for index, column in enumerate(columns, start=1):
        letter = letters[column.key]
        value: object = None
        if column.total == "sum":
            value = f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0
        elif column.total == "formula" and column.formula:
            value = _formula(column.formula, letters, row)
        cell = _cell(ws, row, index, value, layout)
        cell.font = Font(name=layout.font, size=layout.font_size, bold=True)
        cell.number_format = column.number_format
        cell.alignment = Alignment(horizontal=column.align)
    if label_end == 0:
        return  # the first column is a total itself: no room for the label
    label = ws.cell(row=row, column=1, value=xml_safe(layout.totals_label or ""))
    label.alignment = Alignment(horizontal="center")
    if label_end > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=label_end)


def _print_setup(ws: Worksheet, layout: SheetLayout, header_first: int, header_last: int,
                 area: str) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if layout.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = f"{header_first}:{header_last}"
    ws.print_area = area
