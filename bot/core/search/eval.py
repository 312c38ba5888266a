"""Search quality metrics for the benchmark and the tests (pure; timing via perf_counter)."""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.core.search.engine import Hit


class Searcher(Protocol):
    def search(self, query: str, limit: int = 5) -> list[Hit]: ...


@dataclass(frozen=True)
class EvalQuery:
    q: str
    expect: tuple[str, ...]  # acceptable codes; empty = no procedure answers it


@dataclass(frozen=True)
class Metrics:
    queries: int
    answerable: int
    hit_at_1: float  # over answerable queries
    hit_at_3: float
    no_answer_accuracy: float  # over unanswerable queries: share that got []
    no_answer_rate: float  # over answerable queries: share that got nothing (a miss, not a lie)
    wrong_answer_rate: float  # over all queries: a first result that is not an answer
    p50_ms: float
    p95_ms: float
    misses: tuple[str, ...] = ()  # queries that failed hit@1 (or got an answer they should not)


def load_queries(path: str | Path) -> list[EvalQuery]:
    """Read `{"q": ..., "expect": [...]}` lines."""
    queries = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            queries.append(EvalQuery(data["q"], tuple(data.get("expect", []))))
    return queries


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(share * len(ordered))))
    return ordered[rank - 1]


def latency(search: Callable[[str], object], queries: Iterable[str], repeat: int = 1
            ) -> tuple[float, float]:
    """(p50, p95) in milliseconds of `search` over the queries."""
    times = []
    for _ in range(repeat):
        for query in queries:
            start = time.perf_counter()
            search(query)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times) if times else 0.0, percentile(times, 0.95)


def evaluate(index: Searcher, queries: Sequence[EvalQuery], limit: int = 5) -> Metrics:
    """hit@1 and hit@3 over answerable queries, no-answer accuracy over the others."""
    hit1 = hit3 = answerable = silent = missing = wrong = 0
    times: list[float] = []
    misses = []
    for item in queries:
        start = time.perf_counter()
        codes = [hit.code for hit in index.search(item.q, limit)]
        times.append((time.perf_counter() - start) * 1000)
        if item.expect:
            answerable += 1
            first = bool(codes) and codes[0] in item.expect
            hit1 += first
            missing += not codes
            wrong += bool(codes) and not first
            hit3 += any(code in item.expect for code in codes[:3])
            if not first:
                misses.append(item.q)
        else:
            silent += not codes
            wrong += bool(codes)
            if codes:
                misses.append(item.q)
    unanswerable = len(queries) - answerable
    return Metrics(
        queries=len(queries),
        answerable=answerable,
        hit_at_1=hit1 / answerable if answerable else 1.0,
        hit_at_3=hit3 / answerable if answerable else 1.0,
        no_answer_accuracy=silent / unanswerable if unanswerable else 1.0,
        no_answer_rate=missing / answerable if answerable else 0.0,
        wrong_answer_rate=wrong / len(queries) if queries else 0.0,
        p50_ms=statistics.median(times) if times else 0.0,
        p95_ms=percentile(times, 0.95),
        misses=tuple(misses),
    )
