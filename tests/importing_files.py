"""Spreadsheets built in the test, the way Excel and attackers write them (no binary fixtures)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# A part's new content: bytes, or a function that streams it into the zip.
Part = bytes | Callable[[IO[bytes]], None]


def xlsx_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """A workbook as openpyxl writes it (inline strings)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_xlsx(path: Path, rows: Iterable[Sequence[Any]]) -> Path:
    path.write_bytes(xlsx_bytes(rows))
    return path


def rewrite(source: bytes, path: Path, parts: dict[str, Part], *, level: int = 6) -> Path:
    """Copy a workbook's zip, replacing or adding `parts`."""
    with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as out:
        for info in src.infolist():
            if info.filename not in parts:
                out.writestr(info.filename, src.read(info))
        for name, content in parts.items():
            if isinstance(content, bytes):
                out.writestr(name, content)
            else:
                with out.open(name, "w", force_zip64=True) as handle:
                    content(handle)
    return path


def sheet_xml(rows_xml: str, dimension: str = "A1") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'
            f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
            ).encode()


def huge_cell_xlsx(path: Path, cell_bytes: int) -> Path:
    """The issue's file: a header, one row, and a name cell of `cell_bytes` letters.

    Written at the best compression, as an attacker would: 1.5 GB of text zips to ~1.5 MB.
    """
    def stream(handle: IO[bytes]) -> None:
        handle.write(sheet_xml("", "A1:B2")[: -len(b"</sheetData></worksheet>")])
        handle.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>ma_thu_tuc</t></is></c>'
                     b'<c r="B1" t="inlineStr"><is><t>ten_thu_tuc</t></is></c></row>'
                     b'<row r="2"><c r="A2" t="inlineStr"><is><t>9.000001</t></is></c>'
                     b'<c r="B2" t="inlineStr"><is><t>')
        chunk = b"A" * (1 << 22)
        left = cell_bytes
        while left > 0:
            handle.write(chunk[:left])
            left -= len(chunk)
        handle.write(b"</t></is></c></row></sheetData></worksheet>")

    return rewrite(xlsx_bytes([["x"]]), path, {SHEET: stream}, level=9)


def shared_strings_xlsx(path: Path, rows: list[list[str]]) -> Path:
    """Text in the shared-strings table, as Excel itself writes it."""
    strings: list[str] = []
    rows_xml = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, text in enumerate(row):
            if text not in strings:
                strings.append(text)
            ref = f"{chr(ord('A') + c)}{r}"
            cells.append(f'<c r="{ref}" t="s"><v>{strings.index(text)}</v></c>')
        rows_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    table = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" '
             f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode()
    source = xlsx_bytes([["x"]])
    with zipfile.ZipFile(io.BytesIO(source)) as src:
        types = src.read("[Content_Types].xml").replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        rels = src.read("xl/_rels/workbook.xml.rels").replace(
            b"</Relationships>",
            b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            b"</Relationships>")
    return rewrite(source, path, {
        SHEET: sheet_xml("".join(rows_xml)), SHARED_STRINGS: table,
        "[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels})
