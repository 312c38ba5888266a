"""Parsing the portal's flattened cells, on real examples from the shipped catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.catalog.parse import (
    parse_channels,
    parse_documents,
    parse_legal_basis,
    parse_result,
)

DATA = Path(__file__).resolve().parents[3] / "bot" / "data" / "procedures.jsonl"


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    return {row["ma_thu_tuc"]: row for row in rows}


def test_channel_with_unit_and_fee() -> None:
    text = (
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7 Ngày làm việc10,000 Việt Nam Đồng"
        "(Lệ phí cấp mới)Nộp qua cổngTrực tiếp1 GiờMiễn phí"
    )
    online, direct = parse_channels(text)
    assert (online.channel, online.duration_value, online.duration_unit) == (
        "online", 7.0, "working_day")
    assert online.fee_text == "10,000 Việt Nam Đồng (Lệ phí cấp mới)"
    assert online.description == "Nộp qua cổng"
    assert (direct.channel, direct.duration_value, direct.duration_unit) == ("direct", 1.0, "hour")
    assert direct.fee_text == "Miễn phí"


def test_channel_unit_missing_keeps_value_without_unit() -> None:
    (row,) = parse_channels("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phí")
    assert row.duration_value == 1.0 and row.duration_unit is None and row.fee_text == "Miễn phí"


def test_channel_ambiguous_number_glued_to_amount_is_not_guessed(records: dict) -> None:
    # "120 VNĐ": 1 day + 20 VNĐ, or 120 VNĐ? Nothing is invented.
    rows = parse_channels(records["1.000014"]["cach_thuc_thuc_hien"])
    assert rows and all(r.duration_value is None and r.fee_text is None for r in rows)
    assert all("120 VNĐ" in r.raw for r in rows)


def test_channel_description_mentioning_channels_does_not_split(records: dict) -> None:
    rows = parse_channels(records["3.000494"]["cach_thuc_thuc_hien"])
    assert [r.channel for r in rows] == ["online", "postal", "direct"]
    assert all(r.duration_value == 7 and r.duration_unit == "working_day" for r in rows)
    assert "Trực tiếp: nộp hồ sơ" in rows[0].description


def test_channel_no_info_time_then_fee(records: dict) -> None:
    row = parse_channels(records["2.000815"]["cach_thuc_thuc_hien"])[0]
    assert row.channel == "direct" and row.duration_value is None
    assert row.fee_text is not None and row.fee_text.startswith("2,000 Việt Nam Đồng")


def test_real_khai_sinh_channels(records: dict) -> None:
    rows = parse_channels(records["1.001193"]["cach_thuc_thuc_hien"])
    assert {r.channel for r in rows} >= {"online", "direct"}
    assert all(r.raw for r in rows)


def test_every_record_parses_without_crashing(records: dict) -> None:
    parsed = 0
    for record in records.values():
        rows = parse_channels(record["cach_thuc_thuc_hien"])
        parsed += bool(rows)
        parse_documents(record["thanh_phan_ho_so"])
        parse_legal_basis(record["can_cu_phap_ly"])
    assert parsed >= len(records) - 2  # one Thuế record has free text in the time cell


def test_documents_with_template_and_quantity(records: dict) -> None:
    (doc,) = parse_documents(records["1.000253"]["thanh_phan_ho_so"])
    assert doc.name == "Phiếu khai báo tạm trú cho người nước ngoài (mẫu NA17)"
    assert doc.template == "101-Mau A17 tam tru cho nguoi nuoc ngoai.doc"
    assert doc.quantity == "1 bản chính"


def test_documents_groups_and_copies(records: dict) -> None:
    docs = parse_documents(records["1.003583"]["thanh_phan_ho_so"])
    groups = {d.group for d in docs}
    assert "Giấy tờ phải nộp:" in groups and "Giấy tờ phải xuất trình:" in groups
    assert docs[1].name == "Tờ khai đăng ký khai sinh theo mẫu."
    assert docs[1].quantity == "1 bản chính"


def test_documents_quantity_zero_and_copy() -> None:
    text = (
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượngBản sao giấy phép0 bản chính,1 bản sao"
        "Đơn1 bản chính"
    )
    first, second = parse_documents(text)
    assert (first.name, first.quantity) == ("Bản sao giấy phép", "1 bản sao")
    assert (second.name, second.quantity) == ("Đơn", "1 bản chính")


def test_documents_sentence_quantities_do_not_split() -> None:
    text = "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai: nộp 02 bản chính cho cơ quan1 bản chính"
    (doc,) = parse_documents(text)
    assert doc.name == "Tờ khai: nộp 02 bản chính cho cơ quan"


def test_legal_basis_glued_rows() -> None:
    text = (
        "Tên văn bản pháp lýMã văn bảnLuật Nhập cảnh47/2014/QH13Thông tư quy định khai báo"
        "53/2016/TT-BCANghị định số 123/2015/NĐ-CP ngày 15/11/2015123/2015/NĐ-CP"
    )
    docs = parse_legal_basis(text)
    assert [d.number for d in docs] == ["47/2014/QH13", "53/2016/TT-BCA", "123/2015/NĐ-CP"]
    assert docs[2].name == "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015"


def test_legal_basis_title_repeating_number(records: dict) -> None:
    text = "Tên văn bản pháp lýMã văn bảnLuật 60/2010/QH1260/2010/QH12Luật Quản lý thuế38/2019/QH14"
    docs = parse_legal_basis(text)
    assert [(d.name, d.number) for d in docs] == [
        ("Luật 60/2010/QH12", "60/2010/QH12"), ("Luật Quản lý thuế", "38/2019/QH14")]


def test_legal_basis_no_information() -> None:
    assert parse_legal_basis("Không có thông tin") == ()


def test_result_drops_portal_chrome(records: dict) -> None:
    result = parse_result(records["1.000253"]["ket_qua_xu_ly"])
    assert result.startswith("Phiếu khai báo tạm trú được cơ quan Công an xác nhận")
    assert "Mã: KQ" not in result and "Nộp hồ sơ" not in result
