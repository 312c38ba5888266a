"""The metric functions the benchmark relies on."""

from __future__ import annotations

from bot.core.search import Hit
from bot.core.search.eval import EvalQuery, evaluate, percentile


class Fixed:
    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        return [Hit(code, code, 1.0) for code in self.answers.get(query, [])][:limit]


def test_evaluate_counts() -> None:
    engine = Fixed({"a": ["1", "2"], "b": ["9", "8", "3"], "c": [], "d": ["5"]})
    queries = [
        EvalQuery("a", ("1",)), EvalQuery("b", ("3",)), EvalQuery("c", ()), EvalQuery("d", ()),
    ]
    m = evaluate(engine, queries)
    assert (m.queries, m.answerable) == (4, 2)
    assert (m.hit_at_1, m.hit_at_3, m.no_answer_accuracy) == (0.5, 1.0, 0.5)
    assert m.misses == ("b", "d")
    assert m.p95_ms >= m.p50_ms >= 0


def test_percentile() -> None:
    assert percentile([], 0.95) == 0.0
    assert percentile([float(i) for i in range(1, 101)], 0.95) == 95.0
    assert percentile([3.0], 0.5) == 3.0
