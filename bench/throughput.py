"""Throughput and latency of the real Telegram application on a realistic mix, beside a bare
PTB echo bot measured in the same run.

Updates are real PTB objects (`Update.de_json`) fed to the application built by `build_app` and
`build_telegram`, exactly as polling and the webhook feed it; only HTTP to Telegram is replaced
by a recording request (tests/telegram_fakes.py). Button presses carry the callback data of the
keyboard the bot actually sent to that chat, so whatever a button encodes stays valid.

The mix is 80 % citizens (first contact with /start, searches with and without diacritics, a
result button, the documents button, /thutuc CODE) and 20 % staff of five units (a `bc` line for
their sector, /homnay), in visits: a person's steps follow each other, several visits run at once.

Reported, for SQLite (file, WAL) and PostgreSQL:
- closed loop: ms per update for each kind (a batch of that kind at full concurrency) and for the
  mix, and SQL statements per update (a `before_cursor_execute` listener; BEGIN/COMMIT and pool
  pings are not statements);
- open loop: Poisson arrivals at each rate, on a schedule that does not wait for completions;
  latency = completion − scheduled arrival, so a backlog shows instead of slowing the sender.

    .venv/bin/python bench/throughput.py [--backends sqlite,postgresql] [--pg-url URL]
        [--rounds 3] [--batch 300] [--mix 3000] [--rates 100,300] [--seconds 10]
    .venv/bin/python bench/throughput.py --profile sqlite|postgresql   # cProfile of the mix

PostgreSQL: the `public` schema of --pg-url (default $BENCH_DATABASE_URL, else the local
`bench_w5`) is dropped and recreated; point it at a throwaway database.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import platform
import pstats
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy  # noqa: E402
import telegram  # noqa: E402
from pydantic import SecretStr  # noqa: E402
from sqlalchemy import create_engine, event, text  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.app import App, build_app  # noqa: E402
from bot.channels.telegram import build_telegram  # noqa: E402
from bot.core.labels import label  # noqa: E402
from bot.core.people import create_invite, create_unit  # noqa: E402
from bot.core.search.folding import fold  # noqa: E402
from bot.db import transaction  # noqa: E402
from bot.settings import Settings  # noqa: E402
from models import Role  # noqa: E402
from tests.telegram_fakes import BOT_USER, RecordingRequest, api_result, text_update  # noqa: E402

NOW = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)  # Monday 09:00 in Hà Nội
TOKEN = "123456789:" + "A" * 35
UNITS = ["u1", "u2", "u3", "u4", "u5"]
SECTORS = ["xa", "ca", "qs", "dd", "bhxh"]
STAFF_PER_DESK = 2
HISTORY_DAYS = 14
QUERY_FILES = sorted((ROOT / "tests" / "core" / "search").glob("*_queries.jsonl"))

FIRST, SEARCH_VN, SEARCH_ASCII, RESULT, DOCS, CODE, BC, TODAY = (
    "first contact (/start)", "search, diacritics", "search, no diacritics", "result button",
    "documents button", "/thutuc CODE", "bc line", "/homnay",
)
KINDS = [FIRST, SEARCH_VN, SEARCH_ASCII, RESULT, DOCS, CODE, BC, TODAY]
# Visits: (weight, who, steps). Shares come out about 80 % citizen and 20 % staff updates.
VISITS: list[tuple[float, str, list[str]]] = [
    (2.0, "new", [FIRST, SEARCH_VN, RESULT, DOCS]),
    (3.0, "citizen", [SEARCH_ASCII, RESULT, DOCS, CODE]),
    (2.0, "citizen", [CODE, SEARCH_VN, RESULT]),
    (2.5, "staff", [BC, TODAY]),
    (1.5, "staff", [BC]),
]
TARGET_MIX_MS, TARGET_BC_STATEMENTS, TARGET_P99_MS = 1.5, 5, 50.0


class Replies(RecordingRequest):
    """The recording request, remembering only each chat's last message with a keyboard."""

    def __init__(self) -> None:
        super().__init__()
        self.sends = 0
        self.keyboards: dict[int, dict[str, Any]] = {}

    async def do_request(self, url: str, method: str, request_data: Any = None,
                         **_timeouts: Any) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.sends += 1
        result = api_result(name, params, self.sends)
        if name == "sendMessage" and params.get("reply_markup"):
            self.keyboards[int(params["chat_id"])] = {**result,
                                                      "reply_markup": params["reply_markup"]}
        return 200, json.dumps({"ok": True, "result": result}).encode()


def press(update_id: int, user_id: int, message: dict[str, Any], data: str) -> dict[str, Any]:
    """A callback update as Telegram sends it: the pressed message with its keyboard."""
    return {"update_id": update_id, "callback_query": {
        "id": str(update_id), "chat_instance": str(user_id), "data": data,
        "from": {"id": user_id, "is_bot": False, "first_name": "Lan"},
        "message": {**message, "chat": {"id": user_id, "type": "private", "first_name": "Lan"},
                    "from": BOT_USER},
    }}


@dataclass
class People:
    """Who sends what: citizens (new ones get fresh ids), staff with their sector, queries."""

    staff: list[int]
    codes: list[str]
    rng: random.Random = field(default_factory=lambda: random.Random(13))
    citizens: list[int] = field(default_factory=list)
    next_citizen: int = 1_000_000
    next_update: int = 1
    queries_vn: list[str] = field(default_factory=list)
    queries_ascii: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for path in QUERY_FILES:
            for line in path.read_text(encoding="utf-8").splitlines():
                query = json.loads(line)
                if not query.get("expect"):
                    continue  # questions with no procedure make no result button to press
                q = query["q"]
                (self.queries_vn if q != fold(q) else self.queries_ascii).append(q)
                self.queries_ascii.append(fold(q))

    def new_citizen(self) -> int:
        self.next_citizen += 1
        self.citizens.append(self.next_citizen)
        return self.next_citizen

    def update_id(self) -> int:
        self.next_update += 1
        return self.next_update

    def build(self, kind: str, user: int, replies: Replies) -> tuple[str, dict[str, Any]]:
        """The update for `kind`, built when it is sent (a button needs the latest keyboard)."""
        uid, rng = self.update_id(), self.rng
        if kind == FIRST:
            return kind, text_update(uid, user, "/start")
        if kind in (RESULT, DOCS):
            message = replies.keyboards.get(user)
            buttons = [b for row in (message or {}).get("reply_markup", {})
                       .get("inline_keyboard", []) for b in row]
            if kind == DOCS:
                buttons = [b for b in buttons if b["text"] == label("documents")]
            if message and buttons:
                return kind, press(uid, user, message, rng.choice(buttons)["callback_data"])
            kind = SEARCH_VN  # nothing to press: the person asks again
        if kind == SEARCH_VN:
            return kind, text_update(uid, user, rng.choice(self.queries_vn))
        if kind == SEARCH_ASCII:
            return kind, text_update(uid, user, rng.choice(self.queries_ascii))
        if kind == CODE:
            return kind, text_update(uid, user, f"/thutuc {rng.choice(self.codes)}")
        if kind == BC:
            return kind, text_update(uid, user, bc_line(rng))
        return kind, text_update(uid, user, "/homnay")


def bc_line(rng: random.Random, day: str = "") -> str:
    """A day's figures in the range the history has, so no outlier warning is asked."""
    values = (f"tt={rng.randint(8, 15)} tiep={rng.randint(3, 8)} som={rng.randint(1, 4)} "
              f"dung={rng.randint(5, 12)} tre={rng.randint(0, 1)}")
    return f"bc {values}" + (f" ngay={day}" if day else "")


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

    async def feed(self, updates: list[dict[str, Any]]) -> float:
        """Closed loop: queue everything, wait until all are handled; seconds taken."""
        parsed = [Update.de_json(u, self.application.bot) for u in updates]
        started = time.perf_counter()
        for update in parsed:
            self.application.update_queue.put_nowait(update)
        await self.application.update_queue.join()
        return time.perf_counter() - started


def attach_completion(target: Target) -> None:
    async def finished(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        target.done[update.update_id] = time.perf_counter()

    # A later group runs after the bot's own handler finished (replies sent).
    target.application.add_handler(TypeHandler(Update, finished), group=99)


async def echo_text(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "")


async def echo_button(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer()
    await query.get_bot().send_message(query.message.chat.id, query.data or "")


def echo_target() -> Target:
    replies = Replies()
    application = (ApplicationBuilder().token(TOKEN).request(replies)
                   .get_updates_request(replies).updater(None).build())
    application.add_handler(MessageHandler(filters.TEXT, echo_text))
    application.add_handler(CallbackQueryHandler(echo_button))
    target = Target("echo", application, replies)
    attach_completion(target)
    return target


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def bot_settings(backend: str, pg_url: str, data_dir: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=data_dir, telegram_token=SecretStr(TOKEN),
        database_url=pg_url if backend == "postgresql" else "", default_unit=UNITS[0],
        report_max_days_back=HISTORY_DAYS + 1,
    )


async def bot_target(backend: str, pg_url: str, data_dir: Path) -> tuple[Target, App, People]:
    if backend == "postgresql":
        reset_postgres(pg_url)
    settings = bot_settings(backend, pg_url, data_dir)
    app = build_app(settings)
    replies = Replies()
    clock_zero = time.perf_counter()
    application, _ = build_telegram(
        settings, app.dispatcher, request=replies, rate_limit=False, with_updater=False,
        clock=lambda: NOW + timedelta(seconds=time.perf_counter() - clock_zero),
    )
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[backend]
    target = Target(name, application, replies)
    attach_completion(target)
    await application.initialize()
    await application.start()
    people = await seed(app, target)
    target.statements = Statements(app)
    return target, app, people


async def seed(app: App, target: Target) -> People:
    """Five units, two staff per sector desk joined by invite, two weeks of figures."""
    invites: list[tuple[str, str]] = []
    with transaction(app.sessions) as session:
        for code in UNITS:
            unit = create_unit(session, code=code, name=f"Trung tâm xã {code.upper()}",
                               now=NOW, sectors=SECTORS)
            for sector in SECTORS:
                for _ in range(STAFF_PER_DESK):
                    invite, _ = create_invite(session, unit, Role.STAFF, NOW, timedelta(days=1),
                                              sector=sector)
                    invites.append((invite, sector))
    staff = list(range(500_001, 500_001 + len(invites)))
    with app.engine.connect() as connection:
        catalog = app.services.catalog.snapshot(connection, NOW).procedures
    people = People(staff=staff, codes=sorted(c for c, p in catalog.items() if p.visible))
    await target.feed([text_update(people.update_id(), user, f"/thamgia {invite}")
                       for user, (invite, _) in zip(staff, invites, strict=True)])
    local = (NOW + timedelta(hours=7)).date()
    history = []
    for back in range(HISTORY_DAYS, 0, -1):
        day = local - timedelta(days=back)
        history += [text_update(people.update_id(), user, bc_line(people.rng, f"{day:%d/%m}"))
                    for user in staff[::STAFF_PER_DESK]]
    await target.feed(history)
    return people


def visit_plan(people: People, total: int) -> list[tuple[int, list[str]]]:
    """Visits adding up to about `total` updates, each with its sender."""
    weights = [w for w, _, _ in VISITS]
    plan: list[tuple[int, list[str]]] = []
    count = 0
    while count < total:
        _, who, steps = people.rng.choices(VISITS, weights)[0]
        if who == "new" or not people.citizens:
            user = people.new_citizen()
        elif who == "citizen":
            user = people.rng.choice(people.citizens)
        else:
            user = people.rng.choice(people.staff)
        plan.append((user, steps))
        count += len(steps)
    return plan


async def closed_loop_mix(bot: Target, echo: Target, people: People, total: int,
                          order: int) -> dict[str, float]:
    """The mix in waves: step k of every visit, then step k+1 (a press needs its reply)."""
    plan = visit_plan(people, total)
    seconds = {bot.name: 0.0, echo.name: 0.0}
    statements = 0
    count = 0
    for step in range(max(len(steps) for _, steps in plan)):
        wave = [(user, steps[step]) for user, steps in plan if len(steps) > step]
        updates = [people.build(kind, user, bot.replies)[1] for user, kind in wave]
        before = bot.statements.count if bot.statements else 0
        for target in ((bot, echo) if order % 2 == 0 else (echo, bot)):
            seconds[target.name] += await target.feed(updates)
        statements += (bot.statements.count if bot.statements else 0) - before
        count += len(updates)
    return {"bot_ms": 1000 * seconds[bot.name] / count,
            "echo_ms": 1000 * seconds[echo.name] / count, "statements": statements / count,
            "count": count}


async def closed_loop_kinds(bot: Target, echo: Target, people: People, batch: int,
                            order: int) -> dict[str, dict[str, float]]:
    """Each kind alone, a batch at a time, in the order a citizen would go."""
    citizens = [people.new_citizen() for _ in range(batch)]
    staff = [people.staff[i % len(people.staff)] for i in range(batch)]
    found: dict[str, dict[str, float]] = {}
    for kind in [FIRST, SEARCH_VN, RESULT, DOCS, CODE, SEARCH_ASCII, BC, TODAY]:
        senders = staff if kind in (BC, TODAY) else citizens
        built = [people.build(kind, user, bot.replies) for user in senders]
        updates = [u for _, u in built]
        before = bot.statements.count if bot.statements else 0
        times = {}
        for target in ((bot, echo) if order % 2 == 0 else (echo, bot)):
            times[target.name] = await target.feed(updates)
        statements = (bot.statements.count if bot.statements else 0) - before
        found[kind] = {"bot_ms": 1000 * times[bot.name] / batch,
                       "echo_ms": 1000 * times[echo.name] / batch,
                       "statements": statements / batch,
                       "as_asked": sum(k == kind for k, _ in built) / batch}
    return found


def arrivals(people: People, rate: float, seconds: float, lead_in: float,
             ) -> list[tuple[float, int, str]]:
    """(time, sender, kind): visits start at random, each step a few seconds after the last.

    Visits start from -lead_in so the rate is steady from 0; only [0, seconds) is measured.
    """
    mean_steps = sum(w * len(s) for w, _, s in VISITS) / sum(w for w, _, _ in VISITS)
    visit_rate = rate / mean_steps
    rng = people.rng
    schedule = []
    start = -lead_in
    while True:
        start += rng.expovariate(visit_rate)
        if start >= seconds:
            break
        [(user, steps)] = visit_plan(people, 1)
        at = start
        for kind in steps:
            if at < seconds:
                schedule.append((at, user, kind))
            at += 1.0 + rng.expovariate(1.0)  # reading the reply, then tapping or typing
    return sorted(schedule)


async def open_loop(target: Target, people: People, schedule: list[tuple[float, int, str]],
                    lead_in: float, builder: Replies) -> dict[str, float]:
    """Send each update at its scheduled time whatever is still running."""
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
    return {"count": len(latencies), **{f"p{p}": percentile(latencies, p / 100)
                                        for p in (50, 95, 99)}, "max": latencies[-1]}


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class ProfiledExecutor(ThreadPoolExecutor):
    """Profiles work sent to threads too (PostgreSQL runs the dispatcher off the loop)."""

    def __init__(self) -> None:
        super().__init__()
        self.profiles: dict[int, cProfile.Profile] = {}

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        def run() -> Any:
            profile = self.profiles.setdefault(threading.get_ident(), cProfile.Profile())
            profile.enable()
            try:
                return fn(*args, **kwargs)
            finally:
                profile.disable()
        return super().submit(run)


async def profile(backend: str, pg_url: str, total: int) -> None:
    executor = ProfiledExecutor()
    asyncio.get_running_loop().set_default_executor(executor)
    with tempfile.TemporaryDirectory() as tmp:
        bot, app, people = await bot_target(backend, pg_url, Path(tmp))
        echo = echo_target()
        await echo.application.initialize()
        await echo.application.start()
        await closed_loop_mix(bot, echo, people, total, 0)  # warm
        main = cProfile.Profile()
        main.enable()
        result = await closed_loop_mix(bot, echo, people, total, 0)
        main.disable()
        stats = pstats.Stats(main)
        for thread_profile in executor.profiles.values():
            stats.add(thread_profile)
        print(f"{bot.name}: mix {result['bot_ms']:.3f} ms/update under the profiler "
              f"(echo {result['echo_ms']:.3f})")
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(45)
        await stop(bot, echo)
        app.engine.dispose()


async def stop(*targets: Target) -> None:
    for target in targets:
        await target.application.stop()
        await target.application.shutdown()


async def measure(backend: str, args: argparse.Namespace, echo: Target) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        bot, app, people = await bot_target(backend, args.pg_url, Path(tmp))
        await closed_loop_mix(bot, echo, people, args.mix // 2, 1)  # warm both, make returners
        kinds: dict[str, list[dict[str, float]]] = defaultdict(list)
        mixes = []
        for round_ in range(args.rounds):
            for kind, found in (await closed_loop_kinds(bot, echo, people, args.batch,
                                                        round_)).items():
                kinds[kind].append(found)
            mixes.append(await closed_loop_mix(bot, echo, people, args.mix, round_))
        latency = {}
        for rate in args.rates:
            schedule = arrivals(people, rate, args.seconds, args.lead_in)
            latency[rate] = await open_loop(bot, people, schedule, args.lead_in, bot.replies)
            if backend == args.backends[0]:
                latency[("echo", rate)] = await open_loop(echo, people, schedule, args.lead_in,
                                                          bot.replies)
        await stop(bot)
        app.engine.dispose()
    return {"name": bot.name, "kinds": {k: median_of(v) for k, v in kinds.items()},
            "mix": median_of(mixes), "latency": latency}


def median_of(rows: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(row[key] for row in rows) for key in rows[0]}


def shares(people: People, total: int) -> Counter[str]:
    counted: Counter[str] = Counter()
    for _, steps in visit_plan(people, total):
        counted.update(steps)
    return counted


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(f"Một Cửa throughput — {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"PTB {telegram.__version__}, SQLAlchemy {sqlalchemy.__version__}; "
          f"TELEGRAM_CONCURRENCY={Settings(_env_file=None).telegram_concurrency}")  # type: ignore[call-arg]
    print(f"closed loop: each kind as a batch of {args.batch}, the mix as {args.mix} updates in "
          f"visits; {args.rounds} rounds, medians; ms = wall time per update")
    share = shares(People(staff=[1], codes=["x"]), 100_000)
    total = sum(share.values())
    head = f"{'kind':24}{'share':>6}{'echo ms':>9}"
    for result in results:
        head += f"{result['name'] + ' ms':>16}{'stmts':>7}"
    print(head)
    rows = [(kind, f"{100 * share[kind] / total:5.0f}%") for kind in KINDS]
    for kind, pct in [*rows, ("mix (80 % citizens)", " 100%")]:
        echo_ms = statistics.median(
            (r["mix"] if kind.startswith("mix") else r["kinds"][kind])["echo_ms"]
            for r in results)
        line = f"{kind:24}{pct:>6}{echo_ms:9.3f}"
        for result in results:
            row = result["mix"] if kind.startswith("mix") else result["kinds"][kind]
            line += f"{row['bot_ms']:16.3f}{row['statements']:7.1f}"
        print(line)
    print(f"open loop: Poisson arrivals for {args.seconds:g} s per rate (after {args.lead_in:g} s "
          f"lead-in); latency = completion − scheduled arrival, ms")
    print(f"{'rate':>8}  {'target':12}{'updates':>8}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}")
    for rate in args.rates:
        rows = [("echo", results[0]["latency"][("echo", rate)])]
        rows += [(r["name"], r["latency"][rate]) for r in results]
        for name, found in rows:
            print(f"{rate:>6}/s  {name:12}{found['count']:8d}{found['p50']:9.2f}"
                  f"{found['p95']:9.2f}{found['p99']:9.2f}{found['max']:9.2f}")
    for result in results:
        for kind, row in result["kinds"].items():
            if row["as_asked"] < 1:  # a search found nothing to press: said, not hidden
                print(f"note: {result['name']} {kind}: {100 * row['as_asked']:.0f} % as asked, "
                      "the rest were searches")
    print("targets:")
    for result in results:
        mix, bc = result["mix"]["bot_ms"], result["kinds"][BC]["statements"]
        worst = max(args.rates)
        p99 = result["latency"][worst]["p99"]
        print(f"  {result['name']:11} mix {mix:.3f} ms ≤ {TARGET_MIX_MS} "
              f"{verdict(mix, TARGET_MIX_MS)}; bc line {bc:.1f} statements ≤ "
              f"{TARGET_BC_STATEMENTS} "
              f"{verdict(bc, TARGET_BC_STATEMENTS)}; p99 at {worst}/s {p99:.1f} ms ≤ "
              f"{TARGET_P99_MS:g} {verdict(p99, TARGET_P99_MS)}")


def verdict(value: float, limit: float) -> str:
    return "ok" if value <= limit else "MISSED"


async def main(args: argparse.Namespace) -> None:
    if args.profile:
        await profile(args.profile, args.pg_url, args.mix)
        return
    echo = echo_target()
    await echo.application.initialize()
    await echo.application.start()
    results = [await measure(backend, args, echo) for backend in args.backends]
    await stop(echo)
    report(results, args)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql",
                        type=lambda s: [b.strip() for b in s.split(",") if b.strip()])
    parser.add_argument("--pg-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_w5"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=300, help="updates per kind and round")
    parser.add_argument("--mix", type=int, default=3000, help="updates of the mix per round")
    parser.add_argument("--rates", default="100,300",
                        type=lambda s: [int(r) for r in s.split(",") if r.strip()])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured open-loop time")
    parser.add_argument("--lead-in", type=float, default=6.0, help="unmeasured open-loop start")
    parser.add_argument("--profile", choices=["sqlite", "postgresql"])
    asyncio.run(main(parser.parse_args()))
