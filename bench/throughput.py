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
import itertools
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

# Two mixes: commands only (routing + state + rendering), and a citizen's day where half
# the messages are procedure searches (the last one matches nothing).
MIXES = {
    "commands": ["/start", "/help"],
    "citizen mix": ["/start", "/help", "lam giay khai sinh cho con", "/help",
                    "đăng ký thường trú", "/start", "xin giấy xác nhận độc thân", "/help",
                    "giá vàng hôm nay"],
}
NOW = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)
# Every run gets fresh update ids: the bot answers an update id once (bot/core/deliveries.py).
UPDATE_IDS = itertools.count(1)


def synthetic(count: int, users: int, texts: list[str]) -> list[dict[str, object]]:
    return [text_update(i + 1, 10_000 + i % users, texts[i % len(texts)]) for i in range(count)]


async def run(application, updates: list[dict[str, object]]) -> float:  # type: ignore[no-untyped-def]
    """Feed the update queue the way polling and the webhook do; time until all are handled."""
    async with application:
        await application.start()
        parsed = [Update.de_json({**u, "update_id": next(UPDATE_IDS)}, application.bot)
                  for u in updates]
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
        # Warm both (imports, templates, first users, the search index) before timing.
        await run(echo_app, synthetic(users, users, MIXES["citizen mix"]))
        await run(bot_app, synthetic(users, users, MIXES["citizen mix"]))
        print(f"updates: {count} from {users} users per round, {rounds} alternating rounds, "
              f"medians; SQLite file in WAL mode")
        print(f"{'mix':14}{'echo upd/s':>12}{'bot upd/s':>12}{'echo ms':>10}{'bot ms':>10}"
              f"{'ratio':>8}")
        for name, texts in MIXES.items():
            updates = synthetic(count, users, texts)
            echo_times, bot_times = [], []
            for _ in range(rounds):  # alternate so a noisy moment hits both columns alike
                echo_times.append(await run(echo_app, updates))
                bot_times.append(await run(bot_app, updates))
            echo_rate = count / statistics.median(echo_times)
            bot_rate = count / statistics.median(bot_times)
            print(f"{name:14}{echo_rate:12.0f}{bot_rate:12.0f}{1000 / echo_rate:10.3f}"
                  f"{1000 / bot_rate:10.3f}{bot_rate / echo_rate:8.2f}")
        app.engine.dispose()
    print("target: bot/echo ratio ≥ 0.50")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.updates, args.users, args.rounds))
