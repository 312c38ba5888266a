"""Updates per second through the real Telegram application vs. a bare PTB echo bot.

Both run in this process on the same synthetic updates, with HTTP replaced by the same
recording request, so the difference is our dialogue core: routing, one database transaction
per message (SQLite file in WAL mode, the embedded default), rendering, splitting.
AIORateLimiter is left out of both: it models Telegram's server-side ceiling (about 30
messages/second), not what this process can do.

    .venv/bin/python bench/throughput.py [--updates 3000] [--users 300]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pydantic import SecretStr
from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.app import build_app
from bot.channels.telegram import build_telegram
from bot.settings import Settings
from tests.telegram_fakes import RecordingRequest, text_update

TEXTS = ["/start", "/help", "xin chào, tôi cần hỏi"]
NOW = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)


def synthetic(count: int, users: int) -> list[dict[str, object]]:
    return [text_update(i + 1, 10_000 + i % users, TEXTS[i % len(TEXTS)]) for i in range(count)]


async def run(application, updates: list[dict[str, object]]) -> float:  # type: ignore[no-untyped-def]
    """Feed the update queue the way polling and the webhook do; time until all are handled."""
    async with application:
        await application.start()
        parsed = [Update.de_json(u, application.bot) for u in updates]
        started = time.perf_counter()
        for update in parsed:
            application.update_queue.put_nowait(update)
        await application.update_queue.join()
        elapsed = time.perf_counter() - started
        await application.stop()
        return elapsed


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


async def main(count: int, users: int, rounds: int) -> None:
    updates = synthetic(count, users)
    echo_request = RecordingRequest()
    echo_app = (ApplicationBuilder().token("1:bench").request(echo_request)
                .get_updates_request(echo_request).updater(None).build())
    echo_app.add_handler(MessageHandler(filters.TEXT, echo))

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp),  # type: ignore[call-arg]
                            telegram_token=SecretStr("1:bench"))
        app = build_app(settings)
        bot_request = RecordingRequest()
        bot_app, _ = build_telegram(settings, app.dispatcher, request=bot_request,
                                    rate_limit=False, with_updater=False, clock=lambda: NOW)
        # Warm both (imports, template compilation, first users) before timing.
        await run(echo_app, synthetic(users, users))
        await run(bot_app, synthetic(users, users))
        echo_times, bot_times = [], []
        for _ in range(rounds):  # alternate so a noisy moment hits both columns alike
            echo_request.calls.clear()
            bot_request.calls.clear()
            echo_times.append(await run(echo_app, updates))
            bot_times.append(await run(bot_app, updates))
        app.engine.dispose()

    echo_rate = count / statistics.median(echo_times)
    bot_rate = count / statistics.median(bot_times)
    print(f"updates: {count} from {users} users, {rounds} alternating rounds, medians; "
          f"texts: {', '.join(TEXTS)}")
    print(f"{'':28}{'updates/s':>12}{'ms/update':>12}{'messages/round':>16}")
    print(f"{'bare PTB echo (baseline)':28}{echo_rate:12.0f}{1000 / echo_rate:12.3f}"
          f"{len(echo_request.sent()):16d}")
    print(f"{'Một Cửa bot (SQLite WAL)':28}{bot_rate:12.0f}{1000 / bot_rate:12.3f}"
          f"{len(bot_request.sent()):16d}")
    print(f"ratio bot/echo: {bot_rate / echo_rate:.2f} (target ≥ 0.50)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.updates, args.users, args.rounds))
