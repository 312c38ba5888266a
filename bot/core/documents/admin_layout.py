"""The administrative-document layout of Nghị định 30/2020/NĐ-CP, built with python-docx.

Used by scripts/build_document_templates.py to turn a text spec
(templates/documents/<name>.toml: the words and the docxtpl Jinja tags) into
templates/documents/<name>.docx. Nothing here runs when a document is rendered.

What is applied, from NĐ 30/2020/NĐ-CP Phụ lục I "Thể thức, kỹ thuật trình bày văn bản
hành chính", Phần I (text read in the copy of the decree's Phụ lục I kept in the public
repository ericphan28/van-ban-plus, docs/van-ban-phap-quy/nghi-dinh/30-2020-ND-CP/van-ban-goc,
commit 2358a468; the same values are quoted by luatvietnam.vn):

- Mục I khoản 1-4: A4 (210 x 297 mm), portrait; margins top and bottom 20-25 mm, left
  30-35 mm, right 15-20 mm (we take 20/20/30/15, the smallest, to keep a letter on one
  page); Times New Roman, black. Khoản 7: page numbers at the top centre, not on page 1.
- Mục II khoản 1: Quốc hiệu in capitals, 12-13 pt, bold, top right; Tiêu ngữ 13-14 pt,
  bold, centred under it, with a solid rule as long as the line. We use 12/13 pt (the size
  pairing of the decree's own example table): at 13 pt the Quốc hiệu (about 96 mm) would
  not fit beside the issuing body on one line.
- Khoản 2 điểm b: the parent body in capitals, 12-13 pt, upright; the issuing body under it
  in capitals, bold, with a rule 1/3 to 1/2 as long as its line. The name is known only at
  render time, so the rule has a fixed 20 mm: 1/3-1/2 of a 40-60 mm line, the length of a
  centre's name in that column (long names wrap, which khoản 2 allows).
- Khoản 3 điểm c: "Số:" 13 pt upright, centred under the issuing body. Khoản 4 điểm c: place
  and date on the same line, 13-14 pt italic, centred under the Quốc hiệu (we use 14).
- Khoản 5 điểm b: the title in capitals, 13-14 pt, bold, centred, a rule under it 1/3-1/2 of
  the line (50 mm). Khoản 6 điểm e: body justified, 13-14 pt (14), first line indented 1 cm,
  at least 6 pt between paragraphs, line spacing from single to 1.5 lines (1.15).
- Khoản 7 điểm đ: authority and position of the signer in capitals, 13-14 pt bold; the name
  13-14 pt bold, centred under them. Khoản 9 điểm d: "Kính gửi:" and one addressee on one
  line, 13-14 pt; "Nơi nhận:" on the line of the signer's authority, at the left margin,
  12 pt bold italic; the list under it 11 pt, one "- " line each, the last "- Lưu: VT, …".

The rules are empty paragraphs with a top border, indented to the rule's length:
python-docx draws no shapes, and a paragraph border prints as the decree's "nét liền".
The Tiêu ngữ rule is 56 mm, the width of the motto at 13 pt bold from the Adobe Times-Bold
advance widths (12.2 em): an estimate, as Word measures Times New Roman itself.
"""

from __future__ import annotations

import io
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT  # 165 mm
HEADER_COLUMNS = (62, 103)  # the Quốc hiệu (88 mm at 12 pt bold) fits the right column
FOOTER_COLUMNS = (75, 90)
CELL_PADDING = 3.8  # Word's default cell margins, 1.9 mm each side
BODY_SIZE = 14
ISSUER_RULE, MOTTO_RULE, TITLE_RULE = 20, 56, 50
SIGNATURE_SPACE = 4  # empty lines left for the signature and the seal (ô 7c, 8)
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Heading:
    """A body line that is not a running paragraph: a section title ("I. TÌNH HÌNH …",
    bold, at the margin, NĐ 30 Phụ lục I Mục II khoản 6 điểm đ) or a centred line."""

    text: str
    bold: bool = True
    italic: bool = False
    centered: bool = False


@dataclass(frozen=True)
class AdministrativeSpec:
    """The words of one document, each a docxtpl Jinja text; "{%p … %}" items are control
    paragraphs docxtpl removes (loops and conditions over whole lines). `body` items are
    running paragraphs (strings) or `Heading`s (TOML inline tables: {text = "…"}); an empty
    `parent_body` leaves the line out (a body with no parent)."""

    core_title: str
    parent_body: str
    issuing_body: str
    number: str
    place_date: str
    title: tuple[str, ...]
    addressee: str
    body: tuple[str | Heading, ...]
    recipients: tuple[str, ...]
    signature: tuple[str, ...]
    signer_name: str


def load_spec(path: Path) -> AdministrativeSpec:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return AdministrativeSpec(
        core_title=data["core_title"],
        parent_body=data.get("parent_body", ""),
        issuing_body=data["issuing_body"],
        number=data["number"],
        place_date=data["place_date"],
        title=tuple(data["title"]),
        addressee=data.get("addressee", ""),
        body=tuple(item if isinstance(item, str) else Heading(**item) for item in data["body"]),
        recipients=tuple(data["recipients"]),
        signature=tuple(data["signature"]),
        signer_name=data["signer_name"],
    )


def build(spec: AdministrativeSpec, words: dict[str, str]) -> bytes:
    """The template as DOCX bytes, identical for identical input (fixed zip times)."""
    doc = Document()
    _page_and_styles(doc)
    _header_table(doc, spec, words)
    title = doc.add_paragraph()
    _format(title, WD_ALIGN_PARAGRAPH.CENTER, before=12)
    for index, line in enumerate(spec.title):
        run = title.add_run(line)
        run.bold = True
        if index < len(spec.title) - 1:
            run.add_break()
    _rule(doc.add_paragraph(), TITLE_RULE, TEXT_WIDTH)
    if spec.addressee:
        _text(doc.add_paragraph(), spec.addressee, WD_ALIGN_PARAGRAPH.CENTER, before=6, after=6)
    for text in spec.body:
        paragraph = doc.add_paragraph()
        if isinstance(text, Heading):
            align = WD_ALIGN_PARAGRAPH.CENTER if text.centered else WD_ALIGN_PARAGRAPH.LEFT
            _text(paragraph, text.text, align, bold=text.bold, italic=text.italic, before=6,
                  after=6)
            continue
        if _is_control(text):
            paragraph.add_run(text)
            continue
        _text(paragraph, text, WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.line_spacing = 1.15
    _footer_table(doc, spec, words)
    _core_properties(doc, spec.core_title)
    raw = io.BytesIO()
    doc.save(raw)
    return _fixed_zip(raw.getvalue())


def _page_and_styles(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True  # no number on page 1
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number._p.append(field)
    section.first_page_header.is_linked_to_previous = False  # defined, and empty
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:  # replace the theme's Calibri and Word 2013 spacing outright
        defaults.getparent().remove(defaults)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(language)


def _header_table(doc: DocxDocument, spec: AdministrativeSpec, words: dict[str, str]) -> None:
    table = _table(doc, 2, HEADER_COLUMNS)
    issuer, nation = table.cell(0, 0), table.cell(0, 1)
    left_width = HEADER_COLUMNS[0] - CELL_PADDING
    if spec.parent_body:
        _text(issuer.paragraphs[0], spec.parent_body, WD_ALIGN_PARAGRAPH.CENTER, size=12)
    unit = issuer.add_paragraph() if spec.parent_body else issuer.paragraphs[0]
    _text(unit, spec.issuing_body, WD_ALIGN_PARAGRAPH.CENTER, size=12, bold=True)
    _rule(issuer.add_paragraph(), ISSUER_RULE, left_width)
    _text(nation.paragraphs[0], words["national_name"], WD_ALIGN_PARAGRAPH.CENTER, size=12,
          bold=True)
    _text(nation.add_paragraph(), words["motto"], WD_ALIGN_PARAGRAPH.CENTER, size=13, bold=True)
    _rule(nation.add_paragraph(), MOTTO_RULE, HEADER_COLUMNS[1] - CELL_PADDING)
    number, place = table.cell(1, 0), table.cell(1, 1)
    _text(number.paragraphs[0], f"{words['number_label']} {spec.number}",
          WD_ALIGN_PARAGRAPH.CENTER, size=13, before=3)
    _text(place.paragraphs[0], spec.place_date, WD_ALIGN_PARAGRAPH.CENTER, italic=True,
          before=3)


def _footer_table(doc: DocxDocument, spec: AdministrativeSpec, words: dict[str, str]) -> None:
    _format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.LEFT, after=6)  # space above the block
    table = _table(doc, 1, FOOTER_COLUMNS)
    recipients, signer = table.cell(0, 0), table.cell(0, 1)
    _text(recipients.paragraphs[0], words["recipients_label"], WD_ALIGN_PARAGRAPH.LEFT, size=12,
          bold=True, italic=True)
    for line in spec.recipients:
        _text(recipients.add_paragraph(), line, WD_ALIGN_PARAGRAPH.LEFT,
              size=None if _is_control(line) else 11)
    for index, line in enumerate(spec.signature):
        paragraph = signer.paragraphs[0] if index == 0 else signer.add_paragraph()
        _text(paragraph, line, WD_ALIGN_PARAGRAPH.CENTER, bold=not _is_control(line))
    for _ in range(SIGNATURE_SPACE):
        signer.add_paragraph()
    _text(signer.add_paragraph(), spec.signer_name, WD_ALIGN_PARAGRAPH.CENTER, bold=True)


def _table(doc: DocxDocument, rows: int, widths: tuple[int, int]) -> Table:
    table: Table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    return table


def _text(paragraph: Paragraph, text: str, align: WD_ALIGN_PARAGRAPH, *, size: int | None = None,
          bold: bool = False, italic: bool = False, before: int = 0, after: int = 0) -> None:
    """One run per paragraph, so each Jinja tag stays whole inside one w:t."""
    _format(paragraph, align, before=before, after=after)
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size is not None and size != BODY_SIZE:
        run.font.size = Pt(size)


def _format(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH, *, before: int = 0,
            after: int = 0) -> None:
    paragraph.alignment = align
    if before:
        paragraph.paragraph_format.space_before = Pt(before)
    if after:
        paragraph.paragraph_format.space_after = Pt(after)


def _rule(paragraph: Paragraph, length: float, container: float) -> None:
    """A solid horizontal line `length` mm long, centred in `container` mm."""
    indent = Mm((container - length) / 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.right_indent = indent, indent
    fmt.space_before = Pt(3)  # clear of the descenders of the line above
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                        ("w:color", "000000")):
        top.set(qn(name), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")


def _is_control(text: str) -> bool:
    return text.lstrip().startswith("{%p")


def _core_properties(doc: DocxDocument, title: str) -> None:
    props = doc.core_properties
    props.title, props.author, props.comments, props.last_modified_by = title, "", "", ""
    element = props._element
    for name in ("dcterms:created", "dcterms:modified"):
        found = element.find(qn(name))
        if found is not None:  # a template has no date of its own; nor has what it renders
            element.remove(found)


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps, so a rebuild with no change is no diff."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()
