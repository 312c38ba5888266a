"""The console has no background loop: messages due for its users print between lines."""

import io
from datetime import datetime
from pathlib import Path

from bot.app import App
from bot.channels.console import ConsoleMessenger, run_console
from bot.core.messages import Choice, Recipient
from bot.core.outbox import schedule
from bot.db import transaction
from tests.chat import Chat
from tests.core.summaries.test_sending import MONDAY, at_local, quarter_days, seed_days
from tests.handlers.report_helpers import make_center


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


def test_a_scheduled_summarys_files_are_saved_and_their_paths_shown(
        sqlite_app: App, tmp_path: Path) -> None:
    monday_8 = at_local(MONDAY, 8)
    unit_id = make_center(Chat(sqlite_app, monday_8))
    seed_days(sqlite_app, unit_id, quarter_days(), ("xa", "ca", "dd"))
    out = io.StringIO()
    deliverer = sqlite_app.deliverer({"console": ConsoleMessenger(out, tmp_path / "files")})
    run_console(sqlite_app.dispatcher, ["/help\n"], out, user="lead", clock=lambda: monday_8,
                deliverer=deliverer)
    printed = out.getvalue()
    assert "[→ lead] Báo cáo quý I/2025" in printed
    saved = [line.split(": ", 1)[1].rstrip(")") for line in printed.splitlines()
             if "tệp đính kèm đã lưu" in line]
    assert sorted(Path(p).suffix for p in saved) == [".docx", ".png", ".xlsx"]
    assert all(Path(p).is_file() and str(tmp_path) in p for p in saved)
