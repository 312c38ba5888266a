"""/hoso: each desk's own open dossiers, the card, marking by button and by line, refusals."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.app import App
from models import Dossier
from tests.chat import Chat, bare
from tests.core.dossiers.warning_helpers import add_dossier, local, make_office
from tests.fakes import FakeMessenger

MONDAY = date(2026, 3, 16)
NOW = local(MONDAY, 9)


def office(app: App) -> tuple[Chat, dict[str, int]]:
    chat = Chat(app, NOW)
    unit, people = make_office(app, NOW)
    other, strangers = make_office(app, NOW, code="xb")
    ids = {
        "A-MINE": add_dossier(app, unit, "A-MINE", local(MONDAY, 16), now=NOW,
                              assignee=people["an"], citizen_name="Nguyễn Văn Dân",
                              citizen_phone="0912345678"),
        "B-XA": add_dossier(app, unit, "B-XA", local(date(2026, 3, 13), 16), now=NOW,
                            sector="xa"),
        "C-CA": add_dossier(app, unit, "C-CA", local(MONDAY, 15), now=NOW, sector="ca"),
        "D-BINH": add_dossier(app, unit, "D-BINH", local(MONDAY, 15), now=NOW,
                              assignee=people["binh"], sector="xa"),
        "E-DONE": add_dossier(app, unit, "E-DONE", local(MONDAY, 15), now=NOW,
                              assignee=people["an"], status="resolved"),
        "X-OTHER": add_dossier(app, other, "X-OTHER", local(MONDAY, 15), now=NOW,
                               assignee=strangers["an"]),
    }
    return chat, ids


def status(app: App, dossier_id: int) -> str:
    table = Dossier.__table__  # type: ignore[attr-defined]
    with app.engine.connect() as connection:
        return str(connection.scalar(select(table.c.status).where(table.c.id == dossier_id)))


def test_staff_see_their_own_open_dossiers_and_open_a_card(app: App) -> None:
    chat, ids = office(app)
    replies = chat.send("/hoso", user="an")
    text = replies[0].text
    assert "Hồ sơ bạn đang giải quyết" in text and "2 hồ sơ" in text
    assert "B-XA" in text and "A-MINE" in text  # assigned, and unassigned in sector xa
    assert "C-CA" not in text and "D-BINH" not in text and "E-DONE" not in text
    assert text.index("B-XA") < text.index("A-MINE")  # overdue first
    assert "QUÁ HẠN" in text
    assert bare(replies[0]) == [f"hoso:view:{ids['B-XA']}", f"hoso:view:{ids['A-MINE']}"]
    card = chat.say(press=f"hoso:view:{ids['A-MINE']}", user="an")
    assert "Hồ sơ A-MINE" in card and "còn dưới 24 giờ" in card
    assert "Nguyễn Văn Dân, điện thoại 0912***678" in card and "0912345678" not in card
    assert "Người xử lý: An" in card
    buttons = chat.buttons["an"]
    assert f"hoso:xong:{ids['A-MINE']}" in buttons and f"xinloi:{ids['A-MINE']}" in buttons
    assert f"hoso:danop:{ids['A-MINE']}" not in buttons  # not waiting for a supplement
    binh = chat.say("/hoso", user="binh")
    assert "C-CA" in binh and "D-BINH" in binh and "B-XA" not in binh


def test_a_button_marks_it_resolved_and_a_second_press_is_refused(app: App) -> None:
    chat, ids = office(app)
    chat.send("/hoso", user="an")
    chat.press(f"hoso:view:{ids['A-MINE']}", user="an")
    done = chat.say(press=f"hoso:xong:{ids['A-MINE']}", user="an")
    assert "Đã ghi: hồ sơ A-MINE đã giải quyết xong" in done
    assert status(app, ids["A-MINE"]) == "resolved"
    again = chat.say(press=f"hoso:xong:{ids['A-MINE']}", user="an")
    assert "đã ở trạng thái «đã giải quyết»" in again
    assert "A-MINE" not in chat.say("/hoso", user="an")


def test_marking_by_line_with_clear_refusals(app: App) -> None:
    chat, ids = office(app)
    assert "cần mã hồ sơ" in chat.say("/xong", user="an")
    assert "không có hồ sơ mã «ZZZ-1»" in chat.say("/xong ZZZ-1", user="an")
    assert "không có hồ sơ mã «X-OTHER»" in chat.say("/xong X-OTHER", user="an")  # other unit
    assert status(app, ids["X-OTHER"]) == "in_progress"
    assert "không ở trạng thái chờ bổ sung" in chat.say("/danop b-xa", user="an")
    asked = chat.say("/bosung b-xa", user="an")
    assert "chờ người dân bổ sung" in asked and status(app, ids["B-XA"]) == "supplement"
    assert "không chuyển sang trạng thái đó" in chat.say("/xong B-XA", user="an")
    chat.later(hours=2)
    supplied = chat.say("/danop B-XA", user="an")
    assert "người dân đã bổ sung hồ sơ B-XA" in supplied
    assert status(app, ids["B-XA"]) == "in_progress"
    second = chat.say("/bosung B-XA", user="an")
    assert "lần yêu cầu bổ sung thứ 2" in second
    assert "quá một lần" in chat.say("/hoso B-XA", user="an")
    assert "người dân đã rút hồ sơ C-CA" in chat.say("/rut C-CA", user="binh")
    assert "trả lại cho người dân" in chat.say("/tralai D-BINH", user="binh")
    assert "đã kết thúc (đã rút)" in chat.say("/tralai C-CA", user="binh")


def test_other_units_and_citizens_get_nothing(app: App) -> None:
    chat, ids = office(app)
    gone = chat.say(payload=f"hoso:xong:{ids['X-OTHER']}", user="an")
    assert "Không tìm thấy hồ sơ này" in gone
    assert status(app, ids["X-OTHER"]) == "in_progress"
    assert "chỉ dành cho cán bộ" in chat.say("/hoso", user="someone")
    assert "chỉ dành cho cán bộ" in chat.say("/xong A-MINE", user="someone")


def test_leads_see_the_unit_by_sector_page_by_page(app: App) -> None:
    chat, ids = office(app)
    unit_id = 1
    with app.engine.connect() as connection:
        table = Dossier.__table__  # type: ignore[attr-defined]
        unit_id = int(connection.scalar(select(table.c.unit_id)
                                        .where(table.c.id == ids["A-MINE"])) or 0)
    for n in range(8):
        add_dossier(app, unit_id, f"P{n}", local(date(2026, 3, 20), 9) + timedelta(minutes=n),
                    now=NOW, sector="dd")
    first = chat.send("/hoso", user="lead")[0]
    assert "theo lĩnh vực: 12 hồ sơ, trang 1/2" in first.text
    assert "hoso:page:1" in bare(first) and "X-OTHER" not in first.text
    second = chat.say(press="hoso:page:1", user="lead")
    assert "trang 2/2" in second and "9. " in second


async def test_the_warnings_resolved_button_works_in_chat(app: App) -> None:
    chat, ids = office(app)
    from bot.delivery import Deliverer

    messenger = FakeMessenger()
    run = Deliverer(app.sessions, {"console": messenger}, app.planners, worker="test")
    await run.tick(local(MONDAY, 7, 30))
    warning = next(reply for address, reply in messenger.sent if address == "an")
    payloads = [choice.payload for choice in warning.choices]
    assert f"hoso:done:{ids['A-MINE']}" in payloads and f"xinloi:{ids['A-MINE']}" in payloads
    done = chat.say(payload=f"hoso:done:{ids['A-MINE']}", user="an")
    assert "Đã ghi: hồ sơ A-MINE đã giải quyết xong" in done
    assert status(app, ids["A-MINE"]) == "resolved"


def test_the_demo_staff_member_sees_the_demo_register(app: App) -> None:
    from bot.core.demo import DEMO_STAFF, seed_demo
    from bot.db import transaction

    with transaction(app.sessions) as session:
        procedures = app.services.catalog.snapshot(session.connection(), NOW).procedures
        seed_demo(session, NOW, timedelta(hours=1), app.settings.dossier_options, procedures)
    text = Chat(app, NOW).say("/hoso", user=DEMO_STAFF)
    assert "Hồ sơ bạn đang giải quyết" in text and "5 hồ sơ" in text and "QUÁ HẠN" in text
