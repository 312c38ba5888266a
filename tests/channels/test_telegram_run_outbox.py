"""`motcua run` sends what is waiting in the outbox, and stops cleanly with it recorded."""

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from bot.app import build_app
from bot.core.messages import Recipient
from bot.core.outbox import schedule
from bot.db import transaction
from bot.settings import Settings
from models import Notification
from tests.channels.test_telegram_e2e import BotProcess, bot_env
from tests.telegram_fakes import FakeBotApi

DUE = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)  # long past: due at once


def test_run_delivers_due_messages_and_records_them(tmp_path: Path) -> None:
    app = build_app(Settings(_env_file=None, data_dir=tmp_path))  # type: ignore[call-arg]
    with transaction(app.sessions) as session:
        for chat in (7001, 7002):
            schedule(session, key=f"nag:{chat}:2025-03-14", recipient=Recipient("telegram",
                     str(chat)), template="report/nag", due_at=DUE, now=DUE,
                     context={"day": "2025-03-14", "sector": "Công an", "unit": "Xã A"})
    with FakeBotApi() as api:
        bot = BotProcess(bot_env(tmp_path, api))
        try:
            sent = api.wait_for("sendMessage", count=2)
        finally:
            assert bot.stop() == 0
    assert sorted(int(m["chat_id"]) for m in sent) == [7001, 7002]
    assert "hôm nay 14/03/2025, Công an (Xã A)" in sent[0]["text"]
    with transaction(app.sessions) as session:
        rows = session.exec(select(Notification)).scalars().all()
        assert all(row.sent_at is not None for row in rows)
    app.engine.dispose()
