"""/tonghop: an admin sees every unit of the province, ranked, with who has not reported;
the roll-up files come as buttons; nobody else may ask."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from bot.app import App
from bot.core.people import create_unit
from bot.db import transaction
from models import DailyValue, Role, User
from tests.chat import Chat

NOW = datetime(2025, 3, 17, 2, 0, tzinfo=UTC)  # Monday 17/03/2025 09:00 in Hà Nội


def seed(app: App) -> None:
    """Three communes of one province (one silent), one of another province; an admin."""
    with transaction(app.sessions) as session:
        ids = {}
        for code, name, province in (("a", "Xã An", "Tỉnh Mẫu"), ("b", "Xã Bình", "Tỉnh Mẫu"),
                                     ("c", "Xã Cát", "Tỉnh Mẫu"), ("z", "Xã Xa", "Tỉnh Khác")):
            unit = create_unit(session, code=code, name=name, province=province, now=NOW,
                               sectors=["xa"])
            ids[code] = unit.id
        admin = User(channel="console", address="admin", role=Role.ADMIN.value,
                     unit_id=ids["a"], created_at=NOW, last_seen_at=NOW)
        lead = User(channel="console", address="lead", role=Role.LEAD.value, unit_id=ids["a"],
                    created_at=NOW, last_seen_at=NOW)
        session.add_all([admin, lead])
        session.flush()
        first = date(2025, 2, 15)
        days = [first + timedelta(days=i) for i in range(28)]
        # An resolves 9 of 10 on time each day, Bình 10 of 10, Xa (other province) 0 of 10.
        for code, on_time, late in (("a", 9, 1), ("b", 10, 0), ("z", 0, 10)):
            for day in days:
                for element, value in {"tt": 6, "tiep": 4, "som": 0, "dung": on_time,
                                       "tre": late, "rut": 0, "tc": 0, "th": 5,
                                       "qh": 0}.items():
                    session.add(DailyValue(unit_id=ids[code], day=day, sector="xa",
                                           element=element, value=value,
                                           updated_by=admin.id, updated_at=NOW))


def test_the_admin_gets_the_provinces_units_ranked(app: App) -> None:
    seed(app)
    chat = Chat(app, NOW)
    text = chat.say("/tonghop 3/2025", user="admin")
    assert "Tỉnh Mẫu" in text and "15/02/2025" in text and "14/03/2025" in text
    assert "Đơn vị đã báo cáo: 2/3" in text
    assert text.index("1. Xã Bình: 100,0%") < text.index("2. Xã An: 90,0% (252/280)")
    assert "Chưa báo cáo (1): Xã Cát" in text
    assert "Xã Xa" not in text  # another province
    assert "/tonghop" not in chat.say("/trogiup", user="lead")


def test_the_files_come_from_the_buttons(app: App) -> None:
    seed(app)
    chat = Chat(app, NOW)
    chat.say("/tonghop 3/2025", user="admin")
    replies = chat.press("tonghop:xlsx:2025-03", user="admin")
    [attachment] = [a for r in replies for a in r.attachments]
    sheet = load_workbook(io.BytesIO(attachment.content)).worksheets[0]
    names = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Xã Bình" in names and "Xã Cát" in names and "Xã Xa" not in names
    replies = chat.press("tonghop:png:2025-03", user="admin")
    [chart] = [a for r in replies for a in r.attachments]
    assert chart.content.startswith(b"\x89PNG")


def test_only_an_admin_may_ask_and_a_bad_period_is_explained(app: App) -> None:
    seed(app)
    chat = Chat(app, NOW)
    assert "Tỉnh Mẫu" not in chat.say("/tonghop", user="lead")
    text = chat.say("/tonghop tháng mười ba", user="admin")
    assert "3/2026" in text  # the examples of what to type
    with transaction(app.sessions) as session:
        assert session.scalars(select(User.role).where(User.address == "admin")).one() == "admin"
