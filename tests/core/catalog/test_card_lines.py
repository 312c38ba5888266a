"""Issue 12: fee and time lines read correctly on a phone; the audit flags none in the
shipped catalog."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from bot.core.catalog.audit import problems
from bot.core.catalog.display import duration_text, fee_line, vietnamese_numbers

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("raw", "shown"), [
    ("2,000 Việt Nam Đồng (/trang)", "2.000 đồng/trang"),
    ("10 USD (/bản)", "10 USD/bản"),
    ("8,000 VNĐ", "8.000 đồng"),
    ("4,500,000 Việt Nam Đồng", "4.500.000 đồng"),
    ("Miễn phí (Không quy định.)", "Miễn phí"),
    ("Miễn phí (Đồng (Mức lệ phí cụ thể do HĐND tỉnh quyết định.))",
     "Miễn phí — Mức lệ phí cụ thể do HĐND tỉnh quyết định."),
    ("400,000 Việt Nam Đồng (Lệ phí : 400.000 Đồng (Mức thu lệ phí: 400.000đ/trường hợp.))",
     "400.000 đồng — Mức thu lệ phí: 400.000đ/trường hợp."),
])
def test_fee_lines(raw: str, shown: str) -> None:
    assert fee_line(raw) == shown
    assert not problems(f"• Nộp trực tiếp: phí, lệ phí: {shown}")


def test_numbers_dates_and_durations() -> None:
    assert vietnamese_numbers("1,234 và 2026-03-14") == "1.234 và 14/03/2026"
    assert duration_text(7, "working_day") == "7 ngày làm việc"
    assert duration_text(0.5, "day") == "0,5 ngày"
    assert "không ghi rõ" in duration_text(1, None) and "1 (" not in duration_text(1, None)


def test_audit_flags_the_fragments_the_portal_writes() -> None:
    flagged = {rule for rule, _ in problems(
        "• Nộp trực tuyến: 1 (không ghi rõ)\n• Nộp trực tiếp: 2,000 Việt Nam Đồng (/trang)\n"
        "Hạn: 2026-03-14")}
    assert {"the portal's currency words", "thousands with a comma (1,234)",
            "a bracket around a bare unit ((/trang))", "an ISO date",
            "a number with no unit in brackets"} <= flagged


@pytest.mark.parametrize("channel", ["console", "telegram"])
def test_no_card_of_the_shipped_catalog_has_a_broken_line(channel: str) -> None:
    script = ROOT / "scripts" / "audit_cards.py"
    spec = importlib.util.spec_from_file_location("audit_cards", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.audit(channel) == []
