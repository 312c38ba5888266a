"""Feedback deadlines in the outbox loop: staff are warned and the leads told before the
deadline, once each, on working days only; two processes plan each once."""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import func, select

from bot.app import App, build_app
from bot.core.feedback import actions, store
from bot.core.feedback.model import Deadlines
from bot.core.feedback.store import Draft
from bot.delivery import Deliverer
from models import FeedbackAction, FeedbackTicket, Notification
from tests.conftest import make_settings
from tests.core.dossiers.warning_helpers import make_office
from tests.handlers.feedback_helpers import local, outbox

_n = Notification.__table__  # type: ignore[attr-defined]
DRAFT = Draft("conduct", "", "Chờ quá lâu ở quầy số 3.", False, "")


def deliverer(app: App) -> Deliverer:
    from tests.fakes import FakeMessenger
    return Deliverer(app.sessions, {"console": FakeMessenger()}, app.planners, worker="test")


def add_ticket(app: App, unit: int, citizen: int, due: datetime, *, taken_by: int | None = None,
               answered: bool = False) -> int:
    received = local(4, 24, 16)
    with app.engine.begin() as connection:
        ticket = store.create(connection, unit, citizen, DRAFT, None, received,
                              Deadlines(local(4, 29, 17), due))
        if taken_by:
            done = actions.take(connection, ticket, taken_by, received)
            assert not isinstance(done, actions.Refusal)
            ticket = done
        if answered:
            assert not isinstance(actions.reply(connection, ticket, taken_by or citizen,
                                                received, "Đã xử lý."), actions.Refusal)
        return ticket.id


def seed(app: App) -> dict[str, int]:
    unit, people = make_office(app, local(4, 24, 8))
    citizen = people["an"]  # any user id will do as the sender
    return {
        "unit": unit, **people,
        # Due Wed 20/05 17:00, nobody took it: all staff are warned.
        "open": add_ticket(app, unit, citizen, local(5, 20, 17)),
        # Due the same day, taken by binh: only binh is warned.
        "taken": add_ticket(app, unit, citizen, local(5, 20, 17), taken_by=people["binh"]),
        # Answered: never warned.
        "answered": add_ticket(app, unit, citizen, local(5, 20, 17),
                               taken_by=people["chi"], answered=True),
        # Due Mon 04/05 17:00, right after 30/4, 1/5 and a weekend.
        "after_holidays": add_ticket(app, unit, citizen, local(5, 4, 17)),
    }


def keys(app: App, kind: str) -> list[str]:
    return sorted(n["key"] for n in outbox(app, kind))


def test_warning_then_escalation_before_the_deadline_once_each(app: App) -> None:
    ids = seed(app)
    run = deliverer(app)
    # Wed 29/04: the ticket due Mon 04/05 is the next working day's: warned and escalated.
    run.plan(local(4, 29, 7, 30))
    after = ids["after_holidays"]
    assert keys(app, "feedback_escalate") == [f"feedback_escalate:{after}:{ids['lead']}"]
    assert {k for k in keys(app, "feedback") if k.startswith("feedback_warn:")} == {
        f"feedback_warn:{after}:{ids[p]}" for p in ("an", "binh", "chi")}
    # Thursday and Friday are holidays, then a weekend: nothing planned, nothing repeated.
    for day in (4, 30), (5, 1), (5, 2), (5, 4):
        run.plan(local(*day, 7, 30))
    assert len(keys(app, "feedback_escalate")) == 1
    before = len(outbox(app, "feedback"))
    run.plan(local(5, 15, 7, 30))  # Fri 15/05: 20/05 is 3 working days away
    assert len(outbox(app, "feedback")) == before
    run.plan(local(5, 18, 7, 30))  # Mon 18/05: 2 working days away: staff are warned
    warned = [k for k in keys(app, "feedback") if k.startswith("feedback_warn:")
              and not k.startswith(f"feedback_warn:{after}:")]
    assert warned == sorted([f"feedback_warn:{ids['open']}:{ids[p]}" for p in ("an", "binh", "chi")]
                            + [f"feedback_warn:{ids['taken']}:{ids['binh']}"])
    assert len(keys(app, "feedback_escalate")) == 1
    run.plan(local(5, 19, 7, 30))  # Tue 19/05: the lead hears, a working day ahead
    assert keys(app, "feedback_escalate") == sorted(
        f"feedback_escalate:{t}:{ids['lead']}" for t in (after, ids["open"], ids["taken"]))
    run.plan(local(5, 20, 7, 30))
    assert len(keys(app, "feedback_escalate")) == 3
    with app.engine.connect() as connection:
        audited = connection.scalar(select(func.count()).where(
            FeedbackAction.action == "escalate"))  # type: ignore[arg-type]
        marked = connection.scalar(select(func.count()).where(
            FeedbackTicket.escalated_at.isnot(None)))  # type: ignore[union-attr]
    assert (audited, marked) == (3, 3)


def test_two_processes_plan_each_warning_and_escalation_once(database_url: str) -> None:
    first = build_app(make_settings(database_url))
    second = build_app(make_settings(database_url), migrate=False)
    try:
        seed(first)
        start = threading.Barrier(2)

        def plan(app: App, at: datetime) -> None:
            start.wait()
            deliverer(app).plan(at)

        for at in (local(5, 18, 7, 30), local(5, 19, 7, 30)):
            threads = [threading.Thread(target=plan, args=(app, at)) for app in (first, second)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        with first.engine.connect() as connection:
            counts = dict(connection.execute(
                select(_n.c.kind, func.count()).group_by(_n.c.kind)).all())
            audited = connection.scalar(select(func.count()).where(
                FeedbackAction.action == "escalate"))  # type: ignore[arg-type]
        # Warnings: the open ticket to 3 staff, the taken one to binh, the one after the
        # holidays (overdue by now) to 3 staff; each of these 3 tickets to the lead once.
        assert counts == {"feedback": 7, "feedback_escalate": 3}
        assert audited == 3
    finally:
        first.engine.dispose()
        second.engine.dispose()


async def test_the_warning_and_the_escalation_read_well(app: App) -> None:
    from tests.fakes import FakeMessenger

    ids = seed(app)
    messenger = FakeMessenger()
    run = Deliverer(app.sessions, {"console": messenger}, app.planners, worker="test")
    await run.tick(local(4, 29, 7, 30))
    for _ in range(5):  # one message per chat per interval: let every row out
        await run.tick(local(4, 29, 8))
    texts: dict[str, str] = {}
    for address, reply in messenger.sent:  # the lead also gets the reports' digest
        texts[address] = texts.get(address, "") + "\n" + reply.text
    after = ticket_row_code(app, ids["after_holidays"])
    assert (f"Phản ánh {after} (thái độ phục vụ, cán bộ) — Trung tâm xã hb sắp đến hạn trả "
            "lời: 17:00 04/05/2026, và chưa có ai nhận xử lý") in texts["an"]
    assert (f"Phản ánh chưa được trả lời — Trung tâm xã hb: {after}"
            in texts["lead"]) and "hạn trả lời 17:00 04/05/2026" in texts["lead"]


def ticket_row_code(app: App, ticket_id: int) -> str:
    with app.engine.connect() as connection:
        code = connection.scalar(select(FeedbackTicket.code).where(  # type: ignore[call-overload]
            FeedbackTicket.id == ticket_id))
    return str(code)
