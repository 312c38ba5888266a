"""`motcua outbox failed [--retry ID]` as a real process on a real SQLite file."""

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from bot.app import build_app
from bot.core.messages import Recipient
from bot.core.outbox import schedule
from bot.db import transaction
from bot.delivery import Deliverer
from bot.settings import Settings
from models import Notification
from tests.fakes import FakeMessenger

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def motcua(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(DATA_DIR=str(data), DATABASE_URL="")
    return subprocess.run([sys.executable, "-m", "bot", *args], text=True, capture_output=True,
                          env=env, timeout=120, check=False)


def test_an_admin_sees_what_failed_and_sends_it_again(tmp_path: Path) -> None:
    app = build_app(Settings(_env_file=None, data_dir=tmp_path))  # type: ignore[call-arg]
    with transaction(app.sessions) as session:
        for address in ("lan", "minh"):
            schedule(session, key=f"nag:{address}:2025-03-14", template="report/nag",
                     recipient=Recipient("console", address), due_at=NOW, now=NOW,
                     context={"day": "2025-03-14", "sector": "Công an", "unit": "Xã A"})
        schedule(session, key="digest:9:2025-03-14", recipient=Recipient("viber", "z1"),
                 template="report/lead_digest", context={}, due_at=NOW, now=NOW)
    asyncio.run(Deliverer(app.sessions, {"console": FakeMessenger(blocked={"lan"})}).tick(NOW))
    with transaction(app.sessions) as session:
        lan = session.exec(select(Notification).where(Notification.address == "lan")).one()[0]
    app.engine.dispose()

    listed = motcua(tmp_path, "outbox", "failed")
    assert listed.returncode == 0, listed.stderr
    assert f"#{lan.id} — nhắc báo cáo tới console lan" in listed.stdout
    assert "thôi gửi lúc 16:30 14/03/2025, sau 1 lần thử; lỗi cuối: Undeliverable" in listed.stdout
    assert "tình hình báo cáo gửi lãnh đạo tới viber z1" in listed.stdout
    assert "unknown channel 'viber'" in listed.stdout and "minh" not in listed.stdout

    refused = motcua(tmp_path, "outbox", "failed", "--retry", str(lan.id), "--retry", "999")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "#999: không có tin nhắn số này" in refused.stderr

    again = motcua(tmp_path, "outbox", "failed", "--retry", str(lan.id))
    assert again.returncode == 0 and f"(#{lan.id}) trở lại hàng đợi" in again.stdout
    remaining = motcua(tmp_path, "outbox", "failed")
    assert f"#{lan.id}" not in remaining.stdout and "viber z1" in remaining.stdout
    twice = motcua(tmp_path, "outbox", "failed", "--retry", str(lan.id))
    assert twice.returncode == 1 and "không cần gửi lại" in twice.stderr
