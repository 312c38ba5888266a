"""Throughput and latency of the real Telegram application on a realistic mix, beside a bare
PTB echo bot measured in the same run.

Updates are real PTB objects (`Update.de_json`) fed to the application built by `build_app`
and `build_telegram`, exactly as polling and the webhook feed it; only HTTP to Telegram is
replaced by a recording request (tests/telegram_fakes.py). The mix (bench/telegram_mix.py) is
80 % citizens — first contact with /start, searches with and without diacritics, a result
button, the documents button, /thutuc CODE — and 20 % staff of five units — a `bc` line for
their sector, /homnay — in visits: a person's steps follow each other, many visits at once.

Reported for SQLite (file, WAL) and PostgreSQL:
- closed loop: per kind (a batch of that kind at full concurrency) and for the mix, wall ms
  per update, CPU ms of this process per update (all threads; steadier than wall time on a
  shared machine, but PostgreSQL's own CPU is not in it), and SQL statements per update
  (a before_cursor_execute listener; BEGIN/COMMIT and pool pings are not statements);
- open loop: Poisson arrivals at each rate on a schedule that does not wait for completions;
  latency = completion − scheduled arrival. The echo rows show the harness's own floor.

    .venv/bin/python bench/throughput.py [--backends sqlite,postgresql] [--pg-url URL]
        [--rounds 3] [--batch 300] [--mix 3000] [--rates 100,300] [--seconds 10]
    .venv/bin/python bench/throughput.py --profile sqlite|postgresql   # cProfile of the mix

PostgreSQL: the `public` schema of --pg-url (default $BENCH_DATABASE_URL, else the local
`bench_w5`) is dropped and recreated; point it at a throwaway database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import pstats
import statistics
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy
import telegram

from bench.harness import (
    ProfiledExecutor,
    Target,
    bot_target,
    closed_loop_kinds,
    closed_loop_mix,
    cpu_profile,
    echo_target,
    open_loop,
    stop,
)
from bench.telegram_mix import BC, KINDS, People
from bot.settings import Settings

TARGET_MIX_MS, TARGET_BC_STATEMENTS, TARGET_P99_MS = 1.5, 5, 50.0
MIX = "mix (80 % citizens)"


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
        latency: dict[Any, dict[str, float]] = {}
        for rate in args.rates:
            schedule = people.arrivals(rate, args.seconds, args.lead_in)
            latency[rate] = await open_loop(bot, people, schedule, args.lead_in, bot.replies)
            if backend == args.backends[0]:  # the echo once, on the same schedule
                latency[("echo", rate)] = await open_loop(echo, people, schedule, args.lead_in,
                                                          bot.replies)
        await stop(bot)
        app.engine.dispose()
    return {"name": bot.name, "kinds": {k: median_of(v) for k, v in kinds.items()},
            "mix": median_of(mixes), "latency": latency, "errors": bot.replies.errors,
            "sends": bot.replies.sends}


def median_of(rows: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(row[key] for row in rows) for key in rows[0]}


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def report(results: list[dict[str, Any]], args: argparse.Namespace, load_before: str) -> None:
    concurrency = Settings(_env_file=None).telegram_concurrency  # type: ignore[call-arg]
    print(f"Một Cửa throughput — {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"PTB {telegram.__version__}, SQLAlchemy {sqlalchemy.__version__}, "
          f"TELEGRAM_CONCURRENCY={concurrency}; {load_before} at start, {load()} at end")
    print(f"closed loop: each kind as a batch of {args.batch}, the mix as {args.mix} updates in "
          f"visits; {args.rounds} rounds, medians; ms = wall, cpu = this process's CPU, "
          "per update")
    counted: Counter[str] = Counter()
    for _, steps in People(staff=[1], codes=["x"]).visits(100_000):
        counted.update(steps)
    total = sum(counted.values())
    head = f"{'kind':24}{'share':>6}{'echo ms':>9}"
    for result in results:
        head += f"{result['name'] + ' ms':>16}{'cpu':>7}{'stmts':>7}"
    print(head)
    rows = [(kind, f"{100 * counted[kind] / total:5.0f}%") for kind in KINDS] + [(MIX, " 100%")]
    for kind, share in rows:
        found = [r["mix"] if kind == MIX else r["kinds"][kind] for r in results]
        line = f"{kind:24}{share:>6}{statistics.median(f['echo_ms'] for f in found):9.3f}"
        for row in found:
            line += f"{row['bot_ms']:16.3f}{row['bot_cpu']:7.3f}{row['statements']:7.1f}"
        print(line)
    for result in results:
        for kind, row in result["kinds"].items():
            if row["as_asked"] < 1:  # nothing to press after a search found nothing
                print(f"note: {result['name']} {kind}: {100 * row['as_asked']:.1f} % as asked, "
                      "the rest were searches")
    print(f"open loop: Poisson arrivals for {args.seconds:g} s per rate (after {args.lead_in:g} s "
          f"lead-in); latency = completion − scheduled arrival, ms")
    print(f"{'rate':>8}  {'target':12}{'updates':>8}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}")
    for rate in args.rates:
        rows_ = [("echo", results[0]["latency"][("echo", rate)])]
        rows_ += [(r["name"], r["latency"][rate]) for r in results]
        for name, found_ in rows_:
            print(f"{rate:>6}/s  {name:12}{found_['count']:8d}{found_['p50']:9.2f}"
                  f"{found_['p95']:9.2f}{found_['p99']:9.2f}{found_['max']:9.2f}")
    for result in results:
        print(f"{result['name']}: {result['sends']} Bot API calls, {result['errors']} of them "
              "an internal-error apology")
    print("targets:")
    worst = max(args.rates)
    for result in results:
        mix, bc = result["mix"]["bot_ms"], result["kinds"][BC]["statements"]
        p99 = result["latency"][worst]["p99"]
        print(f"  {result['name']:11} mix {mix:.3f} ms ≤ {TARGET_MIX_MS} "
              f"{verdict(mix, TARGET_MIX_MS)}; bc line {bc:.1f} statements ≤ "
              f"{TARGET_BC_STATEMENTS} {verdict(bc, TARGET_BC_STATEMENTS)}; p99 at {worst}/s "
              f"{p99:.1f} ms ≤ {TARGET_P99_MS:g} {verdict(p99, TARGET_P99_MS)}")


def verdict(value: float, limit: float) -> str:
    return "ok" if value <= limit else "MISSED"


async def profile(backend: str, pg_url: str, total: int, out: Path | None) -> None:
    """The mix under cProfile, CPU time of the loop's thread and the worker threads together."""
    executor = ProfiledExecutor()
    asyncio.get_running_loop().set_default_executor(executor)
    with tempfile.TemporaryDirectory() as tmp:
        bot, app, people = await bot_target(backend, pg_url, Path(tmp))
        await closed_loop_mix(bot, None, people, total, 0)  # warm
        bot.profiler = cpu_profile()
        executor.profiles.clear()
        result = await closed_loop_mix(bot, None, people, total, 0)
        stats = pstats.Stats(bot.profiler)
        for thread_profile in executor.profiles.values():
            stats.add(thread_profile)
        print(f"{bot.name}: mix {result['bot_ms']:.3f} ms/update under the profiler")
        if out:
            stats.dump_stats(out)
        stats.sort_stats("tottime").print_stats(35)
        stats.sort_stats("cumulative").print_stats(70)
        await stop(bot)
        app.engine.dispose()


def reachable(url: str) -> bool:
    engine = sqlalchemy.create_engine(url)
    try:
        engine.connect().close()
    except sqlalchemy.exc.SQLAlchemyError as exc:
        print(f"PostgreSQL left out: cannot connect to --pg-url ({type(exc).__name__}); create "
              "the database or pass --pg-url, or --backends sqlite", file=sys.stderr)
        return False
    finally:
        engine.dispose()
    return True


async def main(args: argparse.Namespace) -> None:
    if args.profile:
        await profile(args.profile, args.pg_url, args.mix, args.profile_out)
        return
    load_before = load()
    if "postgresql" in args.backends and not reachable(args.pg_url):
        args.backends.remove("postgresql")
    echo = await echo_target()
    results = [await measure(backend, args, echo) for backend in args.backends]
    await stop(echo)
    report(results, args, load_before)


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
    parser.add_argument("--profile-out", type=Path, help="also save the pstats file here")
    asyncio.run(main(parser.parse_args()))
