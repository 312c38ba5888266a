"""The apology letter (Mẫu 04, TT 03/2025/TT-VPCP) opened again with python-docx."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from typing import Any

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from bot.core.documents import DOCX_MIME, ApologyValues, apology_letter
from tests.documents_read import all_text, open_docx

FULL = ApologyValues(
    unit_name="Trung tâm Phục vụ hành chính công xã Tân Phước",
    parent_body="UBND xã Tân Phước",
    place_name="Tân Phước",
    number="15/TB-TTPVHCC",
    issued_on=date(2026, 3, 9),
    citizen_name="Nguyễn Thị Hồng Nhung",
    dossier_code="000.00.53.H48-260305-0012",
    procedure_name="Đăng ký khai sinh kết hợp đăng ký thường trú, cấp thẻ bảo hiểm y tế",
    received_at=datetime(2026, 3, 5, 1, 30, tzinfo=UTC),  # 08:30 in Tân Phước
    due_at=datetime(2026, 3, 10, 9, 0, tzinfo=UTC),  # 16:00 local
    new_due_at=datetime(2026, 3, 13, 10, 0, tzinfo=UTC),  # 17:00 local
    reason="Cần xác minh thông tin hộ tịch tại Ủy ban nhân dân phường Bến Thành.",
    signer_authority="KT. Giám đốc",
    signer_title="Phó Giám đốc",
    signer_name="Trần Văn Đức",
    recipients=("Bộ phận Tư pháp - Hộ tịch",),
    archive="TTPVHCC",
)


def letter(values: ApologyValues = FULL) -> Any:
    attachment = apology_letter(values)
    assert attachment.mime_type == DOCX_MIME
    return open_docx(attachment.content)


def test_header_table_has_the_issuing_body_and_the_national_motto() -> None:
    document = letter()
    header = document.tables[0]
    issuer = header.cell(0, 0).paragraphs
    assert issuer[0].text == "UBND XÃ TÂN PHƯỚC"
    assert not issuer[0].runs[0].bold
    assert issuer[1].text == "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHƯỚC"
    assert issuer[1].runs[0].bold
    nation = header.cell(0, 1).paragraphs
    assert nation[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert nation[0].runs[0].bold and nation[0].runs[0].font.size == Pt(12)
    assert nation[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert nation[1].runs[0].bold and nation[1].runs[0].font.size == Pt(13)
    for rule in (issuer[2], nation[2]):  # the short rules under the body and the motto
        assert rule.text == ""
        assert rule._p.pPr.find(qn("w:pBdr")) is not None
    assert header.cell(1, 0).text == "Số: 15/TB-TTPVHCC"
    place = header.cell(1, 1).paragraphs[0]
    assert place.text == "Tân Phước, ngày 09 tháng 3 năm 2026"
    assert place.runs[0].italic


def test_title_addressee_and_every_field_value() -> None:
    document = letter()
    paragraphs = [p for p in document.paragraphs if p.text]
    title = paragraphs[0]
    assert title.text == "VĂN BẢN XIN LỖI\nVÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
    assert all(run.bold for run in title.runs)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs[1].text == "Kính gửi: Ông (Bà) Nguyễn Thị Hồng Nhung"
    body = "\n".join(p.text for p in paragraphs[2:])
    assert "Ngày 05/03/2026, Trung tâm Phục vụ hành chính công xã Tân Phước tiếp nhận" in body
    assert ("thủ tục Đăng ký khai sinh kết hợp đăng ký thường trú, cấp thẻ bảo hiểm y tế, "
            "mã hồ sơ 000.00.53.H48-260305-0012.") in body
    assert "hẹn trả kết quả là 16:00 ngày 10/03/2026." in body
    assert ("Lý do: Cần xác minh thông tin hộ tịch tại Ủy ban nhân dân phường Bến Thành.\n"
            in body)
    assert "thành thật xin lỗi Ông (Bà)" in body
    assert "gia hạn thời gian giải quyết hồ sơ đến 17:00 ngày 13/03/2026." in body
    recipients, signer = document.tables[1].cell(0, 0), document.tables[1].cell(0, 1)
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:", "- Như trên;", "- Bộ phận Tư pháp - Hộ tịch;", "- Lưu: VT, TTPVHCC."]
    label = recipients.paragraphs[0].runs[0]
    assert label.bold and label.italic and label.font.size == Pt(12)
    lines = [p.text for p in signer.paragraphs if p.text]
    assert lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Đức"]


def test_no_template_tag_survives() -> None:
    attachment = apology_letter(FULL)
    with zipfile.ZipFile(io.BytesIO(attachment.content)) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                xml = package.read(name).decode("utf-8")
                for tag in ("{{", "}}", "{%", "%}", "{#"):
                    assert tag not in xml, (name, tag)
    assert "{" not in all_text(open_docx(attachment.content))


def test_page_setup_margins_and_font_follow_decree_30() -> None:
    document = letter()
    section = document.sections[0]
    def mm(length: Any) -> float:  # stored in twips: 210 mm reads back as 210.004 mm
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fonts = normal.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:cs")) == "Times New Roman"
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for t in document.tables for row in t.rows for c in row.cells
             for p in c.paragraphs for r in p.runs]
    assert runs and all(r.font.name in (None, "Times New Roman") for r in runs)
    assert all(r.font.size is None or Pt(11) <= r.font.size <= Pt(14) for r in runs)
    # page numbers from page 2 on, at the top, centred
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0]._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"
    assert not section.first_page_header.paragraphs[0].text


def test_aware_times_print_in_the_units_clock_and_dates_without_time() -> None:
    values = ApologyValues(
        unit_name="UBND phường Sài Gòn", citizen_name="Lê Văn Tám", dossier_code="H29-0001",
        procedure_name="Chứng thực bản sao từ bản chính",
        received_at=datetime(2026, 1, 30, 17, 5, tzinfo=UTC),  # 31/01 00:05 local
        due_at=date(2026, 2, 3), new_due_at=date(2026, 2, 5), issued_on=date(2026, 2, 2),
        place_name="Thành phố Hồ Chí Minh",
    )
    text = all_text(letter(values))
    assert "Ngày 31/01/2026," in text
    assert "hẹn trả kết quả là ngày 03/02/2026." in text
    assert "đến ngày 05/02/2026." in text
    assert "Thành phố Hồ Chí Minh, ngày 02 tháng 02 năm 2026" in text


def test_missing_values_are_dotted_blanks_never_invented() -> None:
    values = ApologyValues(
        unit_name="Trung tâm Phục vụ hành chính công xã Đông Hòa",
        citizen_name="Phạm Thị Thu", dossier_code="000.00.12.H40-260302-0003",
        procedure_name="Đăng ký kết hôn", received_at=datetime(2026, 3, 2, 9, 15),
        due_at=datetime(2026, 3, 6, 17, 0),
    )
    document = letter(values)
    header = document.tables[0]
    assert header.cell(0, 0).paragraphs[0].text == "……"
    assert header.cell(1, 0).text == "Số: ……/……"
    assert header.cell(1, 1).text == "……, ngày …… tháng …… năm ……"
    text = all_text(document)
    assert "Lý do: ……." in text
    assert "gia hạn thời gian giải quyết hồ sơ đến ngày ……." in text
    signer = [p.text for p in document.tables[1].cell(0, 1).paragraphs if p.text]
    assert signer == ["……", "……"]  # title and name; no authority line at all
    recipients = [p.text for p in document.tables[1].cell(0, 0).paragraphs]
    assert recipients == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]


@pytest.mark.parametrize(
    "reason",
    [
        'Chờ ý kiến của Sở Tư pháp & Công an tỉnh <Phòng PC06> về "hộ khẩu" cũ',
        "Hồ sơ cần xác minh thêm " * 400,  # about 9,600 characters
        "Dòng một\nDòng hai\x0b\x00 và ký tự điều khiển \x1f",
        "{{ unit_name }} {% if x %}không phải mã mẫu{% endif %} ]]> &amp;",
    ],
    ids=["markup", "very-long", "control-characters", "template-lookalike"],
)
def test_any_reason_keeps_the_xml_valid(reason: str) -> None:
    attachment = apology_letter(ApologyValues(**{**FULL.__dict__, "reason": reason}))
    with zipfile.ZipFile(io.BytesIO(attachment.content)) as package:
        etree.fromstring(package.read("word/document.xml"))  # strict parser: raises if broken
    text = all_text(open_docx(attachment.content))
    expected = " ".join(reason.replace("\x0b", "").replace("\x00", "").replace("\x1f", "")
                        .split()).rstrip(" .;,")
    assert f"Lý do: {expected}." in text


def test_file_name_comes_from_the_dossier_code_and_is_safe() -> None:
    assert apology_letter(FULL).filename == "xin-loi-gia-han-000.00.53.H48-260305-0012.docx"
    odd = ApologyValues(**{**FULL.__dict__, "dossier_code": "HS/2026:15 Tân Phước"})
    assert apology_letter(odd).filename == "xin-loi-gia-han-HS-2026-15-T-n-Ph-c.docx"
