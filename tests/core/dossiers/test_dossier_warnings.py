"""Deadline warnings: the right people get exactly the right dossiers, once, on working days;
unassigned dossiers go to their sector's staff, else to all staff; the leads get counts and,
once, the overdue dossiers nobody acted on."""

from __future__ import annotations

import threading
from datetime import date, timedelta

from sqlalchemy import func, select

from bot.app import App, build_app
from bot.delivery import Deliverer
from models import Notification
from tests.conftest import make_settings
from tests.core.dossiers.warning_helpers import (
    add_dossier,
    codes,
    local,
    make_office,
    planned,
    touch,
)
from tests.fakes import FakeMessenger

MONDAY = date(2026, 3, 16)
MORNING = local(MONDAY, 7, 30)


def deliverer(app: App, messenger: FakeMessenger | None = None) -> Deliverer:
    return Deliverer(app.sessions, {"console": messenger or FakeMessenger()}, app.planners,
                     worker="test")


def seed(app: App) -> dict[str, int]:
    """Dossiers around Monday 16/03/2026 07:30 (horizon: end of Wednesday 18/03)."""
    unit, people = make_office(app, MORNING)
    other, strangers = make_office(app, MORNING, code="xb")
    ids = {
        "D1-TODAY": add_dossier(app, unit, "D1-TODAY", local(MONDAY, 16), now=MORNING,
                                assignee=people["an"], sector="xa"),
        "D2-LATE": add_dossier(app, unit, "D2-LATE", local(date(2026, 3, 13), 10),
                               now=MORNING, assignee=people["an"], sector="xa"),
        "D3-WED": add_dossier(app, unit, "D3-WED", local(date(2026, 3, 18), 10),
                              now=MORNING, assignee=people["an"]),
        "D6-CA": add_dossier(app, unit, "D6-CA", local(date(2026, 3, 17), 9), now=MORNING,
                             sector="ca"),
        "D7-TP": add_dossier(app, unit, "D7-TP", local(date(2026, 3, 17), 15), now=MORNING,
                             sector="tp"),
        "D8-NONE": add_dossier(app, unit, "D8-NONE", local(date(2026, 3, 18), 15),
                               now=MORNING),
        "D9-DD": add_dossier(app, unit, "D9-DD", local(date(2026, 3, 17), 8), now=MORNING,
                             sector="dd", assignee_text="Ông Hải (không dùng bot)"),
        # Not listed: due after the horizon, closed, waiting for the citizen's supplement
        # (its clock is stopped), or another unit's (its own staff hear).
        "D11-WAIT": add_dossier(app, unit, "D11-WAIT", local(date(2026, 3, 12), 10),
                                now=MORNING, assignee=people["an"], status="supplement"),
        "D4-THU": add_dossier(app, unit, "D4-THU", local(date(2026, 3, 19), 10),
                              now=MORNING, assignee=people["an"]),
        "D5-DONE": add_dossier(app, unit, "D5-DONE", local(MONDAY, 10), now=MORNING,
                               assignee=people["an"], status="resolved"),
        "X1-OTHER": add_dossier(app, other, "X1-OTHER", local(MONDAY, 10), now=MORNING,
                                assignee=strangers["an"]),
    }
    return {**ids, "unit": unit}


async def test_each_person_gets_their_dossiers_most_urgent_first_once(app: App) -> None:
    ids = seed(app)
    messenger = FakeMessenger()
    run = deliverer(app, messenger)
    assert await run.tick(MORNING - timedelta(minutes=1)) == 0  # 07:29: not yet
    await run.tick(MORNING)
    await run.tick(MORNING + timedelta(minutes=5))  # never twice
    rows = planned(app, "deadline")
    assert set(rows) == {"an", "binh", "chi", "anxb"}
    assert codes(rows["an"]) == ["D2-LATE", "D1-TODAY", "D7-TP", "D3-WED", "D8-NONE"]
    assert codes(rows["binh"]) == ["D6-CA", "D7-TP", "D8-NONE"]  # sector ca; nobody holds tp
    assert codes(rows["chi"]) == ["D9-DD", "D7-TP", "D8-NONE"]  # a free-text assignee: dd
    assert codes(rows["anxb"]) == ["X1-OTHER"]
    an = rows["an"]
    assert an["key"] == f"deadline:{an['key'].split(':')[1]}:2026-03-16"
    urgency = {i["code"]: i["urgency"] for i in an["context"]["items"]}
    assert urgency == {"D2-LATE": "overdue", "D1-TODAY": "day", "D7-TP": "soon",
                       "D3-WED": "soon", "D8-NONE": "soon"}
    assert [payload for _, payload in an["choices"]] == [
        f"hoso:done:{ids['D2-LATE']}", f"xinloi:{ids['D2-LATE']}",
        f"hoso:done:{ids['D1-TODAY']}", f"xinloi:{ids['D1-TODAY']}",
        f"hoso:done:{ids['D7-TP']}", f"xinloi:{ids['D7-TP']}"]
    sent = [reply for address, reply in messenger.sent if address == "an"]
    assert len(sent) == 1
    text = sent[0].text
    assert "5 hồ sơ quá hạn hoặc hẹn trả trong 2 ngày làm việc tới" in text
    assert "1. ⛔ QUÁ HẠN · D2-LATE · Thủ tục D2-LATE · hẹn trả 10:00 13/03/2026" in text
    assert "2. ⚠️ còn dưới 24 giờ · D1-TODAY" in text
    assert "hồ sơ khác" not in text
    assert [c.label for c in sent[0].choices][:2] == ["✓ Đã giải quyết D2-LATE",
                                                       "✉ Xin lỗi, hẹn lại D2-LATE"]


async def test_a_long_list_is_cut_and_points_to_hoso(app: App) -> None:
    unit, people = make_office(app, MORNING)
    for n in range(14):
        add_dossier(app, unit, f"L{n:02d}", local(MONDAY, 8) + timedelta(minutes=n),
                    now=MORNING, assignee=people["binh"])
    messenger = FakeMessenger()
    await deliverer(app, messenger).tick(MORNING)
    row = planned(app, "deadline")["binh"]
    assert codes(row) == [f"L{n:02d}" for n in range(10)]
    assert len(row["choices"]) == 6
    text = next(reply.text for address, reply in messenger.sent if address == "binh")
    assert "… và 4 hồ sơ khác: gõ /hoso" in text


async def test_nobody_is_warned_on_tet_but_on_a_make_up_saturday(app: App) -> None:
    tet = date(2026, 2, 17)
    unit, people = make_office(app, local(tet, 7))
    add_dossier(app, unit, "T1", local(tet, 16), now=local(tet, 7), assignee=people["an"])
    messenger = FakeMessenger()
    run = deliverer(app, messenger)
    assert await run.tick(local(tet, 7, 30)) == 0
    assert planned(app, "deadline") == {} and planned(app, "deadline_digest") == {}
    saturday = date(2026, 1, 10)  # làm bù for Friday 02/01/2026 (calendar_overrides.toml)
    add_dossier(app, unit, "S1", local(saturday, 16), now=local(saturday, 7),
                assignee=people["an"])
    await run.tick(local(saturday, 7, 30))
    assert codes(planned(app, "deadline")["an"]) == ["S1"]


async def test_the_afternoon_check_lists_only_what_is_due_today(app: App) -> None:
    seed(app)
    messenger = FakeMessenger()
    await deliverer(app, messenger).tick(local(MONDAY, 13, 30))
    rows = planned(app, "deadline_check")
    assert {address: codes(row) for address, row in rows.items()} == {
        "an": ["D1-TODAY"], "anxb": ["X1-OTHER"]}
    text = next(reply.text for address, reply in messenger.sent if address == "an")
    assert "còn 1 hồ sơ hẹn trả hôm nay chưa xong" in text


async def test_leads_get_the_counts_by_sector(app: App) -> None:
    seed(app)
    messenger = FakeMessenger()
    await deliverer(app, messenger).tick(MORNING)
    context = planned(app, "deadline_digest")["lead"]["context"]
    assert (context["overdue"], context["today"], context["soon"]) == (1, 1, 5)
    text = next(reply.text for address, reply in messenger.sent if address == "lead")
    assert "1 quá hạn, 1 hẹn trả hôm nay, 5 hẹn trả trong 2 ngày làm việc tới" in text
    assert "Chưa xác định lĩnh vực: 0 quá hạn, 0 hôm nay, 2 sắp đến hạn" in text


async def test_an_overdue_dossier_nobody_touched_reaches_the_leads_once(app: App) -> None:
    ids = seed(app)
    unit_late = add_dossier(app, ids["unit"], "D10-TOUCHED", local(date(2026, 3, 13), 9),
                            now=MORNING, sector="xa")
    touch(app, unit_late, local(date(2026, 3, 14), 9))  # acted on after it became overdue
    messenger = FakeMessenger()
    run = deliverer(app, messenger)
    await run.tick(MORNING)  # D2 was not overdue yet at Friday's warning: no escalation
    assert planned(app, "deadline_escalate") == {}
    await run.tick(local(date(2026, 3, 17), 7, 30))
    assert escalated(app) == [ids["D2-LATE"]]
    escalations = [r.text for address, r in messenger.sent
                   if address == "lead" and "chưa được xử lý" in r.text]
    assert len(escalations) == 1
    assert "D2-LATE" in escalations[0] and "người xử lý: An" in escalations[0]
    # Wednesday: D2 is not told again; D1 (due Monday 16:00, untouched) and the other
    # unit's X1 now are; D10, touched after its due time, never.
    await run.tick(local(date(2026, 3, 18), 7, 30))
    assert escalated(app) == sorted([ids["D2-LATE"], ids["D1-TODAY"], ids["X1-OTHER"]])


def escalated(app: App) -> list[int]:
    with app.engine.connect() as connection:
        keys = connection.scalars(select(Notification.key).where(  # type: ignore[call-overload]
            Notification.kind == "deadline_escalate")).all()
    return sorted(int(key.split(":")[1]) for key in keys)


def test_two_processes_plan_each_warning_once(database_url: str) -> None:
    """Two bot processes (own engines and pools) plan the same morning at the same moment."""
    first = build_app(make_settings(database_url))
    second = build_app(make_settings(database_url), migrate=False)
    try:
        seed(first)
        start = threading.Barrier(2)
        added: list[int] = []

        def plan(app: App) -> None:
            start.wait()
            added.append(deliverer(app).plan(MORNING))

        threads = [threading.Thread(target=plan, args=(app,)) for app in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for app in (first, second):  # and again later, as every tick does
            deliverer(app).plan(MORNING + timedelta(minutes=1))
        with first.engine.connect() as connection:
            counts = dict(connection.execute(
                select(Notification.kind, func.count())  # type: ignore[call-overload]
                .group_by(Notification.kind)).all())
        assert counts == {"deadline": 4, "deadline_digest": 2}
        assert sum(added) == 6
    finally:
        first.engine.dispose()
        second.engine.dispose()


def test_a_plan_stays_inside_the_callers_transaction(app: App) -> None:
    """On SQLite too: a statement starting with WITH must not commit by itself."""
    from datetime import time

    from bot.core.calendar_service import working_calendar
    from bot.core.dossiers.warnings import DeadlineWarning
    from bot.core.outbox.planning import Slot

    seed(app)
    with app.engine.connect() as connection, connection.begin() as transaction:
        slot = Slot("Asia/Ho_Chi_Minh", MONDAY, MORNING, working_calendar(connection))
        assert DeadlineWarning(time(7, 30)).plan(connection, slot) == 4
        transaction.rollback()
    assert planned(app, "deadline") == {}
