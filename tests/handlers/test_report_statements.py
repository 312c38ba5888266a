"""A `bc` line — parse, checks, store, audit, echo — costs at most 5 SQL statements.

How we count: a `before_cursor_execute` listener on the engine records every statement
SQLAlchemy sends while `Dispatcher.handle` runs one message. The first is the dispatcher's
own identity load (it runs for every message and is left out); everything after it counts,
including any SAVEPOINT or conversation write. Connection-level work that does not go through
a cursor (BEGIN/COMMIT, the pool's pre-ping) is not a statement here.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import event

from bot.app import App
from bot.core.messages import Incoming
from tests.chat import Chat
from tests.handlers.report_helpers import make_center

LIMIT = 5


@contextmanager
def statements(app: App) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(app.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(app.engine, "before_cursor_execute", record)


def report_statements(app: App, text: str, at: datetime) -> list[str]:
    with statements(app) as seen:
        replies = app.dispatcher.handle(Incoming(channel="console", sender="an", now=at,
                                                 text=text, message_id="9"))
    assert replies[0].template == "report/stored", replies
    identity, *rest = seen
    assert identity.startswith("SELECT") and "conversation" in identity
    return rest


def test_a_report_line_takes_at_most_five_statements(app: App, now: datetime) -> None:
    chat = Chat(app, now)
    make_center(chat)
    for back in range(1, 31):  # a month of history, so the checks have something to read
        chat.say(f"bc tt={30 + back % 7} tiep=4 th=2 qh=0", user="an",
                 at=now - timedelta(days=back))
    chat.say("/homnay", user="an")  # steady state: no open flow, no buttons on screen
    first = report_statements(app, "bc tt=33 tiep=5 som=1 dung=6 th=2 qh=0", now)
    correction = report_statements(app, "bc tt=34", now + timedelta(minutes=5))
    dated = report_statements(app, "bc tiep=6 ngay=13/3", now + timedelta(minutes=6))
    for counted in (first, correction, dated):
        assert len(counted) <= LIMIT, "\n".join(counted)
    # The shape: desk, the merged read, then submission, upsert, audit — each figure is a row
    # of one multi-row statement, not a statement of its own.
    assert [s.split()[0] for s in first] == ["SELECT", "SELECT", "INSERT", "INSERT", "INSERT"]
    upsert, trail = first[3], first[4]
    assert "ON CONFLICT" in upsert and upsert.count("), (") == 5  # six figures, one statement
    assert trail.startswith("INSERT INTO value_change") and trail.count("), (") == 5
