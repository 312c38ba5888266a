"""The printable QR sheet of a unit: one code per procedure, its name and code underneath.

A pure function of values, like every document here: `render_qr_sheet` returns the A4 PDF
(fpdf2, DejaVu Sans from matplotlib's fonts so every Vietnamese letter prints; its creation
date given, so the same values give the same bytes) and `qr_png` one code as a PNG (segno).
Error correction level M (15% of the code may be damaged) is our choice: a printed notice
gets scratched and faded, and at these lengths the code stays small. Words are in
templates/documents/qr_sheet.toml.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import matplotlib
import segno
from fpdf import FPDF

from bot.core.deep_links import Target
from bot.core.documents.formatting import document_toml, render_text
from bot.core.messages import Attachment

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
FONT_BOLD = FONT.with_name("DejaVuSans-Bold.ttf")
PDF_MIME = "application/pdf"
# A4 in millimetres; 3 columns x 4 rows of codes a phone reads from about 40 cm.
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 12.0
COLUMNS, ROWS = 3, 4
HEADER_H = 26.0
QR_MM = 38.0
NAME_LINES = 4
NAME_PT, LINE_MM = 8.0, 3.6


@dataclass(frozen=True)
class QrItem:
    code: str
    name: str
    link: str


@dataclass(frozen=True)
class QrSheet:
    unit_name: str
    target: Target
    items: tuple[QrItem, ...]
    made_at: datetime


def qr_png(link: str, scale: int = 10) -> bytes:
    """One code as a PNG with the standard quiet zone (4 modules)."""
    out = io.BytesIO()
    segno.make_qr(link, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def _words() -> dict[str, object]:
    return document_toml("qr_sheet")


def _fit(pdf: FPDF, text: str, width: float) -> list[str]:
    """The name in at most NAME_LINES lines; a longer one ends with "…" (the code says which)."""
    lines: list[str] = pdf.multi_cell(width, LINE_MM, text, align="C", dry_run=True,
                                      output="LINES")  # type: ignore[assignment]
    if len(lines) <= NAME_LINES:
        return lines
    kept = lines[:NAME_LINES]
    last = kept[-1]
    while last and pdf.get_string_width(last + " …") > width - 2:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]  # whole words first
    kept[-1] = last.rstrip() + " …"
    return kept


def _header(pdf: FPDF, sheet: QrSheet, words: dict[str, object], page: int,
            pages: int) -> None:
    how = words["how"]
    assert isinstance(how, dict)
    pdf.set_xy(MARGIN, MARGIN)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(PAGE_W - 2 * MARGIN, 7, str(words["title"]), align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(PAGE_W - 2 * MARGIN, 6, sheet.unit_name, align="C", new_x="LMARGIN",
             new_y="NEXT")
    pdf.set_font("DejaVu", "", 8.5)
    pdf.multi_cell(PAGE_W - 2 * MARGIN, 4, str(how[sheet.target]), align="C")
    pdf.set_xy(MARGIN, PAGE_H - MARGIN + 2)
    pdf.set_font("DejaVu", "", 7)
    pdf.cell(PAGE_W - 2 * MARGIN, 4, render_text(str(words["page"]),
                                                 {"page": page, "pages": pages}), align="R")


def _item(pdf: FPDF, item: QrItem, x: float, y: float, width: float,
          words: dict[str, object], target: Target) -> None:
    pdf.image(io.BytesIO(qr_png(item.link)), x=x + (width - QR_MM) / 2, y=y, w=QR_MM,
              h=QR_MM)
    pdf.set_font("DejaVu", "", NAME_PT)
    top = y + QR_MM + 1
    for number, line in enumerate(_fit(pdf, item.name, width - 4)):
        pdf.set_xy(x + 2, top + number * LINE_MM)
        pdf.cell(width - 4, LINE_MM, line, align="C")
    pdf.set_xy(x + 2, top + NAME_LINES * LINE_MM + 0.5)
    pdf.set_font("DejaVu", "B", NAME_PT)
    under = words["send_code"] if target == "zalo" else words["code"]
    pdf.cell(width - 4, LINE_MM, render_text(str(under), {"code": item.code}), align="C")


def render_qr_sheet(sheet: QrSheet, filename: str) -> Attachment:
    """The A4 PDF: a title, the unit, how to scan, then the codes in a 3 x 4 grid per page."""
    words = _words()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(sheet.made_at)  # from the caller: same values, same bytes
    pdf.set_title(str(words["title"]))
    pdf.set_author(sheet.unit_name)
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    per_page = COLUMNS * ROWS
    pages = max(1, -(-len(sheet.items) // per_page))
    cell_w = (PAGE_W - 2 * MARGIN) / COLUMNS
    cell_h = (PAGE_H - 2 * MARGIN - HEADER_H) / ROWS
    for page in range(pages):
        pdf.add_page()
        _header(pdf, sheet, words, page + 1, pages)
        for slot, item in enumerate(sheet.items[page * per_page:(page + 1) * per_page]):
            column, row = slot % COLUMNS, slot // COLUMNS
            _item(pdf, item, MARGIN + column * cell_w, MARGIN + HEADER_H + row * cell_h,
                  cell_w, words, sheet.target)
    return Attachment(filename, bytes(pdf.output()), PDF_MIME)
