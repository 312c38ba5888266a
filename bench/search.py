"""Search benchmark: our engine vs plain BM25 over folded names, measured in one run.

    .venv/bin/python bench/search.py [--queries ../shared/eval/search_dev.jsonl] ...

Prints, per query set and for both engines side by side: hit@1 and hit@3 (over questions
that have an answer), "silent" (the no-answer rate: answerable questions that got nothing),
"wrong" (the wrong-answer rate: questions whose first result is not an answer, over all),
"abstain" (questions without an answer that got none) and p50/p95 latency on the commune
catalog; then p50/p95 latency over the 2,642 index names. `bench/data/search_trust.jsonl`
is the project's own set (issue 12): 190 phrasings, 40 of them without a commune procedure.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.catalog import build_procedures, load_procedure_index, load_records  # noqa: E402
from bot.core.search import Hit, SearchIndex, tokens  # noqa: E402
from bot.core.search.eval import Metrics, evaluate, latency, load_queries  # noqa: E402

DATA = ROOT / "bot" / "data"
DEFAULT_QUERIES = [
    ROOT / "tests" / "core" / "search" / "dev_queries.jsonl",
    ROOT / "bench" / "data" / "search_trust.jsonl",
    ROOT / "tests" / "core" / "search" / "heldout_queries.jsonl",
    ROOT / "tests" / "core" / "search" / "fresh_queries.jsonl",
    ROOT / "tests" / "core" / "search" / "second_queries.jsonl",
]


class PlainBM25:
    """Baseline: Okapi BM25 over folded name syllables; no pairs, synonyms, typos, threshold
    other than "at least one word matched"."""

    def __init__(self, items: list, k1: float = 1.2, b: float = 0.75) -> None:
        self.items = [i for i in items if getattr(i, "visible", True)]
        self.docs = [Counter(tokens(i.name)) for i in self.items]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = sum(self.lengths) / max(len(self.docs), 1)
        df: Counter[str] = Counter()
        for doc in self.docs:
            df.update(doc.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.postings: dict[str, list[int]] = {}
        for doc_id, doc in enumerate(self.docs):
            for term in doc:
                self.postings.setdefault(term, []).append(doc_id)
        self.k1, self.b = k1, b

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        scores: dict[int, float] = {}
        for term in set(tokens(query)):
            for doc_id in self.postings.get(term, ()):
                tf = self.docs[doc_id][term]
                norm = self.k1 * (1 - self.b + self.b * self.lengths[doc_id] / self.avg)
                scores[doc_id] = scores.get(doc_id, 0.0) + self.idf[term] * tf * (self.k1 + 1) / (
                    tf + norm
                )
        best = sorted(scores.items(), key=lambda item: -item[1])[:limit]
        return [Hit(self.items[i].code, self.items[i].name, s) for i, s in best]


def _row(label: str, m: Metrics) -> str:
    return (
        f"{label:<46} {m.hit_at_1:>6.3f} {m.hit_at_3:>6.3f} {m.no_answer_rate:>6.3f} "
        f"{m.wrong_answer_rate:>6.3f} {m.no_answer_accuracy:>7.3f} {m.p50_ms:>6.2f} "
        f"{m.p95_ms:>6.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, action="append", help="JSONL query file(s)")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    query_files = args.queries or [p for p in DEFAULT_QUERIES if p.exists()]

    procedures = build_procedures(load_records(DATA / "procedures.jsonl").records)
    ours = SearchIndex.build(procedures)
    baseline = PlainBM25(procedures)
    index_entries = list(load_procedure_index(DATA / "procedure_index.csv").values())
    ours_big = SearchIndex.build(index_entries)
    baseline_big = PlainBM25(index_entries)

    print(f"commune catalog: {len(ours)} searchable procedures; index: {len(ours_big)} names\n")
    header = (f"{'query set / engine':<46} {'hit@1':>6} {'hit@3':>6} {'silent':>6} {'wrong':>6} "
              f"{'abstain':>7} {'p50ms':>6} {'p95ms':>6}")
    print(header)
    for path in query_files:
        queries = load_queries(path)
        evaluate(ours, queries)  # warm-up, so both engines are measured warm
        for label, engine in (("ours", ours), ("plain BM25 (names)", baseline)):
            metrics = evaluate(engine, queries)
            print(_row(f"{path.name} [{len(queries)}] {label}", metrics))
            if args.show_misses and metrics.misses:
                print("   misses:", "; ".join(metrics.misses))
    all_queries = [q.q for path in query_files for q in load_queries(path)]
    print(f"\nlatency over the {len(index_entries)} index names ({len(all_queries)} queries x3)")
    for label, engine in (("ours", ours_big), ("plain BM25 (names)", baseline_big)):
        p50, p95 = latency(engine.search, all_queries, repeat=3)
        print(f"{label:<46} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")


if __name__ == "__main__":
    main()
