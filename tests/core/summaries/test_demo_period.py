"""`motcua demo` seeds a period a lead can ask about: a closed period with one missing day
and one broken identity, and a neighbour unit for the province roll-up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import App
from bot.core.demo import seed_demo
from bot.db import transaction
from tests.chat import Chat

NOW = datetime(2026, 3, 18, 2, 0, tzinfo=UTC)  # Wednesday 18/03/2026 09:00 in Hà Nội


def seed(app: App, now: datetime) -> None:
    with transaction(app.sessions) as session:
        procedures = app.services.catalog.snapshot(session.connection(), now).procedures
        seed_demo(session, now, timedelta(hours=1), app.settings.dossier_options, procedures)


def test_the_demo_lead_sees_a_missing_day_and_a_break(app: App) -> None:
    seed(app, NOW)
    seed(app, NOW + timedelta(days=1))  # a second run adds nothing
    chat = Chat(app, NOW)
    text = chat.say("/baocao", user="lanhdao")
    # The closed period "tháng 3/2026" (15/02-14/03), until its report is due on the 20th.
    assert "Báo cáo tháng 3/2026" in text and "15/02/2026 đến 14/03/2026" in text
    # The land desk's skipped day: the 6th working day after 16/02, counting Tết 2026 off.
    assert "Còn thiếu báo cáo ngày (1 ngày làm việc" in text
    assert "Văn phòng đăng ký đất đai: 03/03" in text
    breaks = text.split("Số liệu chưa khớp (2):")[1]
    assert "Quân sự:" in breaks and "ngày: 10/03" in breaks and "lệch -2" in breaks
    assert "Tổng cộng:" in breaks  # and nothing else: the carried-over stock is seeded


def test_the_demo_admin_ranks_the_provinces_two_units(app: App) -> None:
    seed(app, NOW)
    text = Chat(app, NOW).say("/tonghop", user="quantri")
    assert "Tỉnh Demo" in text and "Đơn vị đã báo cáo: 2/2" in text
    assert "xã Demo Hai" in text and "xã Demo:" in text
