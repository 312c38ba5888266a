"""Every statement the outbox runs on a busy day finds its rows through an index
(PostgreSQL EXPLAIN on 20,000 pending, 20,000 sent and some failed rows)."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, insert, text

from bot.core.messages import Recipient
from bot.core.outbox import claims, failures, planning
from bot.core.outbox.pace import Pace, reserve
from bot.core.outbox.planning import PlannerRun
from bot.core.reporting import load_elements
from bot.core.reporting.reminders import LeadDigest
from models import Notification
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(not PG_URL, reason="EXPLAIN of PostgreSQL plans")
NOW = datetime(2025, 3, 17, 1, 0, tzinfo=UTC)


def fill(engine: Engine) -> None:
    rows = []
    for i in range(60_000):
        state = i % 3  # pending, sent yesterday, or given up last week
        rows.append({
            "key": f"nag:{i}", "kind": "nag", "priority": 50, "unit_id": i % 500,
            "channel": "telegram", "address": str(i % 25_000), "template": "report/nag",
            "context": {}, "choices": [], "due_at": NOW - timedelta(minutes=i % 30),
            "created_at": NOW, "attempts": 0,
            "sent_at": NOW - timedelta(days=1) if state == 1 else None,
            "failed_at": NOW - timedelta(days=7, minutes=i) if state == 2 and i % 60 == 2
            else (NOW - timedelta(days=1) if state == 2 else None),
        })
    with engine.begin() as connection:
        connection.execute(insert(Notification.__table__), rows)  # type: ignore[attr-defined]
        connection.execute(text("ANALYZE"))


def plans(engine: Engine, work: Callable[[Connection], Any]) -> list[str]:
    """Run `work`, then EXPLAIN every statement it ran, with its own parameters."""
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        seen.append((statement, parameters))

    with engine.connect() as connection:
        event.listen(engine, "before_cursor_execute", capture)
        try:
            work(connection)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        explained = []
        cursor = connection.connection.cursor()
        for statement, parameters in seen:
            if statement.startswith(("ANALYZE", "SET", "SELECT DISTINCT unit.timezone")):
                continue  # the zones come from the (small) unit table
            first = parameters[0] if isinstance(parameters, list) else parameters
            cursor.execute("EXPLAIN " + statement, first)
            explained.append("\n".join(row[0] for row in cursor.fetchall()))
        connection.rollback()
    return explained


def on_indexes(plan: str) -> bool:
    return "Seq Scan on notification" not in plan and "Index" in plan


def test_claim_flush_and_idle_paths_use_indexes(engine: Engine, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("EXPLAIN is PostgreSQL's")
    fill(engine)
    chat = Recipient("telegram", "7")

    def deliver(connection: Connection) -> None:
        batch = claims.claim(connection, now=NOW, worker="w", lease=timedelta(minutes=5),
                             limit=20, channels={"telegram"})
        reserve(connection, "telegram", len(batch), NOW, Pace(30))
        outcomes: list[claims.Outcome] = [claims.Sent(batch[0].id, chat, NOW),
                                          claims.Failed(batch[1].id, 0, "x"),
                                          claims.Failed(batch[2].id, 4, "x"),
                                          claims.Limited(batch[3].id, chat, NOW),
                                          claims.Released(batch[4].id)]
        claims.flush(connection, outcomes, worker="w", now=NOW, max_attempts=5,
                     chat_intervals={"telegram": timedelta(seconds=1)})
        claims.backlog(connection, now=NOW, channels={"telegram"})

    explained = plans(engine, deliver)
    # claim, reserve; sent, given up, retried later, released; chat push; backlog
    assert len(explained) == 8
    claim_plan = explained[0]
    assert "ix_notification_claim" in claim_plan and "ix_notification_chat" in claim_plan
    for plan in explained:
        if "send_pace" not in plan:
            assert on_indexes(plan), plan


def test_digest_failures_admin_list_and_planning_marks_use_indexes(
    engine: Engine, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("EXPLAIN is PostgreSQL's")
    fill(engine)
    digest = LeadDigest(load_elements(), datetime.min.time().replace(hour=8))

    def admin_and_planning(connection: Connection) -> None:
        failures.list_failed(connection)
        failures.retry(connection, 2, NOW)
        planning.due_slots(connection, NOW, [digest])
        from bot.core.calendar_service import working_calendar

        planning.run_slot(connection, PlannerRun(digest, "Asia/Ho_Chi_Minh", NOW.date()), NOW,
                          working_calendar(connection))

    explained = plans(engine, admin_and_planning)
    digest_plan = next(p for p in explained if "Insert on notification" in p)
    assert "ix_notification_failed" in digest_plan
    for plan in explained:
        assert "Seq Scan on notification" not in plan, plan
