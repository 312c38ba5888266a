"""Read generated documents back the way a checker would: python-docx and openpyxl.

`docx_outline` is the text and structure of a DOCX (page setup, every paragraph with its
formatting, tables cell by cell), for comparing two builds without comparing zip bytes.
`evaluate` computes the formulas our XLSX builder writes (cell references, +, -, *, /,
SUM over a range), so a test checks that a formula gives the right figure, not only that
some formula is there.
"""

from __future__ import annotations

import ast
import io
import operator
import re
from collections.abc import Callable
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def all_text(document: Any) -> str:
    """Every paragraph of the body, the tables and the headers, one per line."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    for section in document.sections:
        for header in (section.header, section.first_page_header):
            lines.extend(p.text for p in header.paragraphs)
    return "\n".join(lines)


def _paragraph(paragraph: Paragraph) -> tuple[object, ...]:
    fmt = paragraph.paragraph_format
    borders = paragraph._p.pPr.find(docx.oxml.ns.qn("w:pBdr")) if paragraph._p.pPr is not None \
        else None
    return (
        "p", paragraph.text, paragraph.alignment, fmt.left_indent, fmt.right_indent,
        fmt.first_line_indent, fmt.space_before, fmt.space_after, fmt.line_spacing,
        borders is not None,
        tuple((r.text, r.bold, r.italic, r.font.size, r.font.name) for r in paragraph.runs),
    )


def _table(table: Table) -> tuple[object, ...]:
    return ("table", tuple(
        tuple((cell.width, tuple(_paragraph(p) for p in cell.paragraphs)) for cell in row.cells)
        for row in table.rows
    ))


def docx_outline(data: bytes) -> list[object]:
    document = open_docx(data)
    section = document.sections[0]
    normal = document.styles["Normal"]
    outline: list[object] = [
        ("page", section.page_width, section.page_height, section.top_margin,
         section.bottom_margin, section.left_margin, section.right_margin,
         section.different_first_page_header_footer),
        ("normal", normal.font.name, normal.font.size),
        ("header", tuple(_paragraph(p) for p in section.header.paragraphs)),
        ("core", document.core_properties.title),
    ]
    for block in document.iter_inner_content():
        outline.append(_paragraph(block) if isinstance(block, Paragraph) else _table(block))
    return outline


_OPERATORS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_RANGE = re.compile(r"SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)")
_REF = re.compile(r"\b([A-Z]{1,3})(\d+)\b")


def evaluate(ws: Worksheet, ref: str) -> float:
    """The value Excel would show in `ref` (numbers only)."""
    value = ws[ref].value
    if isinstance(value, str) and value.startswith("="):
        return _expression(ws, value[1:])
    return 0 if value is None else value


def _expression(ws: Worksheet, text: str) -> float:
    def summed(match: re.Match[str]) -> str:
        first, last = column_index_from_string(match[1]), column_index_from_string(match[3])
        total = sum(
            evaluate(ws, f"{get_column_letter(c)}{r}")
            for c in range(first, last + 1)
            for r in range(int(match[2]), int(match[4]) + 1)
        )
        return repr(total)

    text = _RANGE.sub(summed, text)
    text = _REF.sub(lambda m: repr(evaluate(ws, m[0])), text)
    return _arithmetic(ast.parse(text, mode="eval").body)


def _arithmetic(node: ast.expr) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_arithmetic(node.operand)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_arithmetic(node.left), _arithmetic(node.right))
    raise ValueError(f"not a formula this reader knows: {ast.dump(node)}")
