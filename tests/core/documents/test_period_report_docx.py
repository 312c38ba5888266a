"""The period report DOCX (issue 9), rendered from PeriodReport values and opened again."""

from __future__ import annotations

import dataclasses
from datetime import date

from bot.core.documents import DOCX_MIME
from bot.core.documents.period_report import ReportHeader, render_period_report
from bot.core.summaries.model import (
    Figures,
    IdentityBreak,
    Period,
    PeriodKind,
    Source,
)
from tests.documents_read import all_text, open_docx
from tests.period_reports import CIVIL, LAND, report, with_feedback


def text_of(attachment_content: bytes) -> str:
    return all_text(open_docx(attachment_content))


def test_the_report_carries_the_unit_the_period_and_the_figures() -> None:
    attachment = render_period_report(report())
    assert attachment.mime_type == DOCX_MIME
    assert attachment.filename == "bao-cao-X001-2026-03.docx"
    text = text_of(attachment.content)
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHƯỚC" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Kết quả tiếp nhận, giải quyết thủ tục hành chính tháng 3/2026" in text
    assert "(Từ ngày 15/02/2026 đến ngày 14/03/2026)" in text
    # received: 42+5 and 10+10; resolved 37 and 10; on time 35+7 of 47
    assert "Tổng số hồ sơ nhận giải quyết trong kỳ: 67 hồ sơ" in text
    assert "kỳ trước chuyển sang 15 hồ sơ; tiếp nhận mới 52 hồ sơ" in text
    assert "trực tuyến 34 hồ sơ;" in text
    assert "trực tiếp và qua dịch vụ bưu chính 18 hồ sơ" in text  # post not told apart
    assert "Tỷ lệ giải quyết trước hạn và đúng hạn: 42/47 (89,4%)." in text
    assert "- Hộ tịch: nhận giải quyết 47 (kỳ trước chuyển sang 5); đã giải quyết 37, " \
           "đúng hạn 35/37 (94,6%)" in text
    assert "- Đất đai: nhận giải quyết 20" in text
    assert "thanh toán trực tuyến: 17; tỷ lệ thanh toán trực tuyến: 17/28 (60,7%)." in text
    assert "tỷ lệ hài lòng và rất hài lòng: 18/21 (85,7%)." in text
    assert "Đơn vị chưa theo dõi phản ánh, kiến nghị" in text  # no feedback data
    assert "các đẳng thức của biểu số liệu đều khớp" in text
    assert text.count("[Lãnh đạo bổ sung:") == 6
    assert "Trên đây là báo cáo kết quả tiếp nhận, giải quyết thủ tục hành chính " \
           "tháng 3/2026 của Trung tâm Phục vụ hành chính công xã Tân Phước./." in text
    assert "- ……;" in text and "- Lưu: VT." in text
    assert "Số: ……/BC-……" in text


def test_breaks_and_missing_days_are_stated() -> None:
    broken = IdentityBreak("balance", "datdai", 20, 18, (date(2026, 3, 3), date(2026, 3, 5)))
    total_break = IdentityBreak("resolved", None, 47, 46)
    text = text_of(render_period_report(report(
        breaks=(broken, total_break),
        missing={"hotich": (date(2026, 2, 20), date(2026, 3, 2))},
    )).content)
    assert "Lĩnh vực Hộ tịch chưa có báo cáo 2 ngày: 20/02/2026, 02/03/2026." in text
    assert "Tổng số nhận giải quyết (3) = đã giải quyết (9) + đang giải quyết (13) " \
           "(lĩnh vực Đất đai): không khớp, vế trái 20, vế phải 18, chênh lệch 2; " \
           "các ngày 03/03/2026, 05/03/2026." in text
    assert "(toàn đơn vị): không khớp, vế trái 47, vế phải 46, chênh lệch 1." in text
    assert "đều khớp" not in text


def test_header_values_splits_and_feedback() -> None:
    civil = dataclasses.replace(with_feedback(CIVIL), online_full=20, online_part=10, post=2)
    land = dataclasses.replace(with_feedback(LAND, 1, 1), online_full=4, online_part=0, post=0)
    header = ReportHeader(parent_body="UBND xã Tân Phước", place_name="Tân Phước",
                          number="12/BC-TTPVHCC", issued_on=date(2026, 3, 16),
                          signer_authority="KT. Giám đốc", signer_title="Phó Giám đốc",
                          signer_name="Trần Văn An", recipients=("UBND xã;", "- Lưu trữ"),
                          archive="TTPVHCC")
    text = text_of(render_period_report(
        report(sectors=(("hotich", "Hộ tịch", civil), ("datdai", "Đất đai", land))),
        header).content)
    assert "UBND XÃ TÂN PHƯỚC" in text
    assert "Số: 12/BC-TTPVHCC" in text
    assert "Tân Phước, ngày 16 tháng 3 năm 2026" in text
    assert "trực tuyến 34 hồ sơ (toàn trình 24, một phần 10)" in text
    assert "qua dịch vụ bưu chính 2 hồ sơ; trực tiếp 18 hồ sơ" in text
    assert "Tiếp nhận 5 phản ánh, kiến nghị; xử lý đúng hạn 4; tỷ lệ xử lý đúng hạn: " \
           "4/5 (80,0%)." in text
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text and "Trần Văn An" in text
    assert "- UBND xã;" in text and "- Lưu trữ;" in text and "- Lưu: VT, TTPVHCC." in text


def test_other_periods_are_named_as_centers_name_them() -> None:
    quarter = Period(PeriodKind.QUARTER, 2026, 1, date(2025, 12, 15), date(2026, 3, 14),
                     "2026-Q1")
    text = text_of(render_period_report(report(period=quarter)).content)
    assert "thủ tục hành chính quý I/2026" in text
    assert "(Từ ngày 15/12/2025 đến ngày 14/03/2026)" in text
    explicit = Period(PeriodKind.MONTH, 2026, 3, date(2026, 3, 1), date(2026, 3, 31),
                      "2026-03-01..2026-03-31", explicit=True)
    text = text_of(render_period_report(report(period=explicit, sectors=())).content)
    assert "thủ tục hành chính từ ngày 01/03/2026 đến ngày 31/03/2026" in text
    assert "(Từ ngày" not in text  # named once, in the title
    assert "chưa có hồ sơ để tính" in text  # nothing resolved: no percent invented


def test_a_name_with_markup_stays_text() -> None:
    text = text_of(render_period_report(report(
        unit_name="Trung tâm <A> & B", sectors=(("x", "Lĩnh vực <x>", Figures()),))).content)
    assert "Trung tâm <A> & B" in text and "- Lĩnh vực <x>:" in text


def test_the_report_says_where_its_figures_came_from() -> None:
    daily = text_of(render_period_report(report()).content)
    assert "tổng hợp tự động từ báo cáo số liệu hằng ngày của cán bộ" in daily
    # A total whose sectors came from the register and the daily lines (MIXED) says both.
    mixed = text_of(render_period_report(report(sources={"online": Source.MIXED})).content)
    assert "tổng hợp tự động từ sổ theo dõi hồ sơ (số liệu hồ sơ) và báo cáo số liệu" in mixed
    register = text_of(render_period_report(report(sources={"online": Source.REGISTER})).content)
    assert "tổng hợp tự động từ sổ theo dõi hồ sơ," in register
