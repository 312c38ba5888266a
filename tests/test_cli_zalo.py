"""`motcua zalo status|token` as a real process: what an admin sees of the Zalo token."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import build_app
from bot.channels import zalo_tokens
from bot.settings import Settings

NOW = datetime(2025, 3, 14, 2, 0, tzinfo=UTC)


def motcua(data: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    env.update(DATA_DIR=str(data), DATABASE_URL="", ZALO_APP_ID="1",
               ZALO_APP_SECRET="app-secret-XYZ", ZALO_OA_SECRET_KEY="oa-secret-ABC", **extra)
    return subprocess.run([sys.executable, "-m", "bot", *args], text=True, capture_output=True,
                          env=env, timeout=120, check=False)


def test_status_shows_a_failed_refresh_and_a_new_token_mends_it(tmp_path: Path) -> None:
    empty = motcua(tmp_path, "zalo", "status")
    assert empty.returncode == 1 and "Chưa có refresh token" in empty.stdout

    app = build_app(Settings(_env_file=None, data_dir=tmp_path))  # type: ignore[call-arg]
    with app.engine.begin() as connection:
        zalo_tokens.seed(connection, "RT-secret-old")
        connection.execute(zalo_tokens._table.update().values(
            access_token="AT-secret", expires_at=NOW + timedelta(hours=20),
            refreshed_at=NOW - timedelta(hours=5), failed_at=NOW,
            last_error="error -14014: Invalid refresh token"))
    app.engine.dispose()

    failed = motcua(tmp_path, "zalo", "status")
    assert failed.returncode == 1, failed.stderr
    assert "THẤT BẠI lúc 09:00 14/03/2025 (error -14014: Invalid refresh token)" in failed.stdout
    assert "motcua zalo token" in failed.stdout
    assert "secret" not in failed.stdout + failed.stderr

    empty_token = motcua(tmp_path, "zalo", "token", "--refresh-token", "  ")
    assert empty_token.returncode == 2 and "Refresh token trống" in empty_token.stderr
    mended = motcua(tmp_path, "zalo", "token", "--refresh-token", "RT-new")
    assert mended.returncode == 0 and "Đã lưu refresh token mới" in mended.stdout
    after = motcua(tmp_path, "zalo", "status")
    assert after.returncode == 0, after.stdout
    assert "Chưa có access token" in after.stdout and "THẤT BẠI" not in after.stdout
