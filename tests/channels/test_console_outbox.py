"""The console has no background loop: messages due for its users print between lines."""

import io
from datetime import datetime

from bot.app import App
from bot.channels.console import ConsoleMessenger, run_console
from bot.core.messages import Choice, Recipient
from bot.core.outbox import schedule
from bot.db import transaction


def test_a_due_message_prints_after_the_next_line(sqlite_app: App, now: datetime) -> None:
    with transaction(sqlite_app.sessions) as session:
        schedule(session, key="approval:1:1", recipient=Recipient("console", "lead"),
                 template="report/approval_needed", due_at=now, now=now,
                 context={"request_id": 1, "who": "An", "day": "2025-03-14", "sector": "Công an",
                          "values": [{"code": "tt", "label": "Trực tuyến", "value": 1200}]},
                 choices=(Choice("Duyệt", "approve:1"), Choice("Từ chối", "reject:1")))
        schedule(session, key="telegram:1", recipient=Recipient("telegram", "42"),
                 template="common/cancelled", context={}, due_at=now, now=now)
    out = io.StringIO()
    deliverer = sqlite_app.deliverer({"console": ConsoleMessenger(out)})
    run_console(sqlite_app.dispatcher, ["/help\n"], out, user="lead", clock=lambda: now,
                deliverer=deliverer)
    printed = out.getvalue()
    assert printed.index("Bạn có thể") < printed.index("[→ lead] Yêu cầu duyệt số 1")
    assert "Trực tuyến (tt): 1.200" in printed and "[1] Duyệt" in printed
    assert "[→ 42]" not in printed  # Telegram's messages wait for `motcua run`
