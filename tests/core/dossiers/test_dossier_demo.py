"""`motcua demo` seeds a register with something due today, something late, something waiting."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.core.demo import seed_demo
from bot.core.dossiers import list_dossiers, register_counts
from bot.db import transaction
from tests.chat import Chat
from tests.core.dossiers.register_helpers import NOW, context, local


def test_demo_dossiers_are_due_today_overdue_and_waiting(app: App) -> None:
    for when in (NOW, NOW + timedelta(days=3)):  # a second run adds nothing
        with transaction(app.sessions) as session:
            procedures = app.services.catalog.snapshot(session.connection(), when).procedures
            seeded = seed_demo(session, when, timedelta(hours=1), app.settings.dossier_options,
                               procedures)
    with app.engine.connect() as connection:
        unit_id = connection.exec_driver_sql("SELECT id FROM unit WHERE code = 'demo'").scalar()
        assert isinstance(unit_id, int) and seeded["unit_code"] == "demo"
        views = list_dossiers(connection, unit_id)
        ctx = context(app, connection, unit_id)
        counts = register_counts(connection, unit_id, NOW, ctx.due_soon_limit(NOW))
    assert len(views) == 5 and all(v.assignee_id and v.phone == "0912***" + v.code[-3:]
                                   for v in views)
    due = {v.procedure_code: (v.status, v.due_at) for v in views}
    # Monday 16/03/2026: two due at today's close, one late since Friday, one waiting.
    assert due["1.004194"] == ("in_progress", local(16, 17))
    assert due["2.000908"] == ("received", local(16, 17))
    assert due["1.004222"] == ("in_progress", local(13, 17))
    assert due["1.004837"][0] == "supplement"
    assert (counts.open, counts.overdue) == (5, 1)
    # The intro names the late one for /xinloi.
    assert seeded["overdue_code"] == next(v.code for v in views if v.procedure_code == "1.004222")
    # The intro's code, looked up by the demo citizen: the late one, and nobody's name.
    # And one feedback ticket from the demo citizen, kept (not repeated) on a rerun.
    assert str(seeded["feedback_code"]).startswith("PA-2026-")
    with app.engine.connect() as connection:
        tickets = connection.exec_driver_sql("SELECT status FROM feedback_ticket").all()
    assert [t[0] for t in tickets] == ["waiting"]
    code = seeded["dossier_code"]
    assert code == next(v.code for v in views if v.procedure_code == "1.004222")
    answer = Chat(app, NOW).say(f"/tracuu {code}", user="nguoidan")
    assert f"Hồ sơ {code}" in answer and "quá ngày hẹn trả" in answer
    assert "Công dân Demo" not in answer and "0912" not in answer
