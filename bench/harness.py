"""The applications under test and the loops that drive them (see bench/throughput.py).

The bot is built by the public entry points (`build_app`, `build_telegram`) and fed
`Update.de_json` objects through its update queue, as polling and the webhook feed it.
"""

from __future__ import annotations

import asyncio
import cProfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import event
from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bench.telegram_mix import FIRST, KINDS, STAFF_KINDS, People, Replies, bc_line
from bot.app import App, build_app
from bot.channels.telegram import build_telegram
from bot.core.people import create_invite, create_unit
from bot.db import transaction
from bot.settings import Settings
from models import Role
from tests.conftest import reset_postgres
from tests.telegram_fakes import text_update

NOW = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)  # Monday 09:00 in Hà Nội
TOKEN = "123456789:" + "A" * 35
UNITS = ["u1", "u2", "u3", "u4", "u5"]
SECTORS = ["xa", "ca", "qs", "dd", "bhxh"]
STAFF_PER_DESK = 2
HISTORY_DAYS = 14


class Statements:
    """SQL statements sent through the engine (before_cursor_execute)."""

    def __init__(self, app: App) -> None:
        self.count = 0
        event.listen(app.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


@dataclass
class Target:
    """One application under test: the bot on a backend, or the echo bot."""

    name: str
    application: Application  # type: ignore[type-arg]
    replies: Replies
    statements: Statements | None = None
    done: dict[int, float] = field(default_factory=dict)
    profiler: cProfile.Profile | None = None

    async def feed(self, updates: list[dict[str, Any]]) -> tuple[float, float]:
        """Closed loop: queue everything, wait until all are handled.

        Returns (wall seconds, CPU seconds of this process, all threads)."""
        parsed = [Update.de_json(u, self.application.bot) for u in updates]
        if self.profiler:
            self.profiler.enable()
        wall, cpu = time.perf_counter(), time.process_time()
        for update in parsed:
            self.application.update_queue.put_nowait(update)
        await self.application.update_queue.join()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if self.profiler:
            self.profiler.disable()
        return wall, cpu

    @property
    def statement_count(self) -> int:
        return self.statements.count if self.statements else 0


def attach_completion(target: Target) -> None:
    async def finished(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        target.done[update.update_id] = time.perf_counter()

    # A later group runs after the bot's own handler finished (its replies sent).
    target.application.add_handler(TypeHandler(Update, finished), group=99)


async def echo_text(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


async def echo_button(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer()
    await query.get_bot().send_message(query.message.chat.id, query.data or "")


async def echo_target() -> Target:
    """The bare PTB echo bot, with PTB's defaults."""
    replies = Replies()
    application = (ApplicationBuilder().token(TOKEN).request(replies)
                   .get_updates_request(replies).updater(None).build())
    application.add_handler(MessageHandler(filters.TEXT, echo_text))
    application.add_handler(CallbackQueryHandler(echo_button))
    target = Target("echo", application, replies)
    attach_completion(target)
    await application.initialize()
    await application.start()
    return target


async def bot_target(backend: str, pg_url: str, data_dir: Path) -> tuple[Target, App, People]:
    """The bot on a fresh database, seeded, started; SQL counting starts after the seed."""
    if backend == "postgresql":
        reset_postgres(pg_url).dispose()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=data_dir, telegram_token=SecretStr(TOKEN),
        database_url=pg_url if backend == "postgresql" else "", default_unit=UNITS[0],
        report_max_days_back=HISTORY_DAYS + 1,
    )
    app = build_app(settings)
    replies = Replies()
    zero = time.perf_counter()
    application, _ = build_telegram(
        settings, app.dispatcher, request=replies, rate_limit=False, with_updater=False,
        clock=lambda: NOW + timedelta(seconds=time.perf_counter() - zero),
    )
    target = Target({"sqlite": "SQLite", "postgresql": "PostgreSQL"}[backend], application,
                    replies)
    attach_completion(target)
    await application.initialize()
    await application.start()
    people = await seed(app, target)
    target.statements = Statements(app)
    return target, app, people


async def seed(app: App, target: Target) -> People:
    """Five units, two staff per sector desk joined by invite, two weeks of figures."""
    invites: list[str] = []
    with transaction(app.sessions) as session:
        for code in UNITS:
            unit = create_unit(session, code=code, name=f"Trung tâm xã {code.upper()}",
                               now=NOW, sectors=SECTORS)
            for sector in SECTORS:
                for _ in range(STAFF_PER_DESK):
                    invite, _ = create_invite(session, unit, Role.STAFF, NOW, timedelta(days=1),
                                              sectors=[sector])
                    invites.append(invite)
    staff = list(range(500_001, 500_001 + len(invites)))
    with app.engine.connect() as connection:
        catalog = app.services.catalog.snapshot(connection, NOW).procedures
    people = People(staff=staff, codes=sorted(c for c, p in catalog.items() if p.visible))
    await target.feed([text_update(people.update_id(), user, f"/thamgia {invite}")
                       for user, invite in zip(staff, invites, strict=True)])
    local = (NOW + timedelta(hours=7)).date()
    history = []
    for back in range(HISTORY_DAYS, 0, -1):
        day = local - timedelta(days=back)
        history += [text_update(people.update_id(), user, bc_line(people.rng, f"{day:%d/%m}"))
                    for user in staff[::STAFF_PER_DESK]]
    await target.feed(history)
    return people


async def stop(*targets: Target) -> None:
    for target in targets:
        await target.application.stop()
        await target.application.shutdown()


def _order(bot: Target, echo: Target | None, round_: int) -> list[Target]:
    """Alternate who goes first, so a noisy moment hits both columns alike."""
    if echo is None:
        return [bot]
    return [bot, echo] if round_ % 2 == 0 else [echo, bot]


async def closed_loop_mix(bot: Target, echo: Target | None, people: People, total: int,
                          round_: int) -> dict[str, float]:
    """The mix in waves: step k of every visit, then step k+1 (a press needs its reply)."""
    plan = people.visits(total)
    spent = {"bot": [0.0, 0.0], "echo": [0.0, 0.0]}
    statements = count = 0
    for step in range(max(len(steps) for _, steps in plan)):
        wave = [(user, steps[step]) for user, steps in plan if len(steps) > step]
        updates = [people.build(kind, user, bot.replies)[1] for user, kind in wave]
        before = bot.statement_count
        for target in _order(bot, echo, round_):
            wall, cpu = await target.feed(updates)
            key = "bot" if target is bot else "echo"
            spent[key][0] += wall
            spent[key][1] += cpu
        statements += bot.statement_count - before
        count += len(updates)
    return {"bot_ms": 1000 * spent["bot"][0] / count, "bot_cpu": 1000 * spent["bot"][1] / count,
            "echo_ms": 1000 * spent["echo"][0] / count, "statements": statements / count,
            "count": count}


async def closed_loop_kinds(bot: Target, echo: Target, people: People, batch: int,
                            round_: int) -> dict[str, dict[str, float]]:
    """Each kind alone, a batch at a time, in the order a citizen goes (new people first)."""
    citizens = [people.new_citizen() for _ in range(batch)]
    staff = [people.staff[i % len(people.staff)] for i in range(batch)]
    found: dict[str, dict[str, float]] = {}
    order = [FIRST, *[k for k in KINDS if k != FIRST]]
    for kind in order:
        senders = staff if kind in STAFF_KINDS else citizens
        built = [people.build(kind, user, bot.replies) for user in senders]
        before = bot.statement_count
        spent = {}
        for target in _order(bot, echo, round_):
            spent[target.name] = await target.feed([u for _, u in built])
        found[kind] = {"bot_ms": 1000 * spent[bot.name][0] / batch,
                       "bot_cpu": 1000 * spent[bot.name][1] / batch,
                       "echo_ms": 1000 * spent[echo.name][0] / batch,
                       "statements": (bot.statement_count - before) / batch,
                       "as_asked": sum(k == kind for k, _ in built) / batch}
    return found


async def open_loop(target: Target, people: People, schedule: list[tuple[float, int, str]],
                    lead_in: float, builder: Replies) -> dict[str, float]:
    """Send each update at its scheduled time, whatever is still running; latency is
    completion − scheduled time, so a backlog or a late sender counts against the target."""
    queue = target.application.update_queue
    scheduled: dict[int, float] = {}
    target.done.clear()
    zero = time.perf_counter() + lead_in
    for at, user, kind in schedule:
        due = zero + at
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        _, update = people.build(kind, user, builder)
        if at >= 0:
            scheduled[update["update_id"]] = due
        queue.put_nowait(Update.de_json(update, target.application.bot))
    await queue.join()
    latencies = sorted(1000 * (target.done[i] - due) for i, due in scheduled.items())
    return {"count": len(latencies), "max": latencies[-1],
            **{f"p{p}": percentile(latencies, p / 100) for p in (50, 95, 99)}}


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def cpu_profile() -> cProfile.Profile:
    """Counts each thread's CPU time, so waiting on the database or the GIL is left out."""
    return cProfile.Profile(time.thread_time)


class ProfiledExecutor(ThreadPoolExecutor):
    """Profiles work sent to threads too (PostgreSQL runs the dispatcher off the loop)."""

    def __init__(self) -> None:
        super().__init__()
        self.profiles: dict[int, cProfile.Profile] = {}

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        def run() -> Any:
            profile = self.profiles.setdefault(threading.get_ident(), cpu_profile())
            profile.enable()
            try:
                return fn(*args, **kwargs)
            finally:
                profile.disable()
        return super().submit(run)
