"""Procedure search: BM25F over folded syllables and syllable pairs, with synonyms and typos.

Vietnamese words are made of syllables ("khai sinh", "thường trú"), so adjacent-syllable
pairs are indexed as terms of their own and weigh more than single syllables. The name
field dominates; the field (lĩnh vực) and the result text help a little. A query gets
no answer unless the best procedure covers most of what the query says.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from bot.core.search.elsewhere import Elsewhere, Topic
from bot.core.search.folding import terms_of, tokens, triples_of
from bot.core.search.meaning import KeyTerms, Phrase, words_of
from bot.core.search.query import VARIANT_PENALTY, VARIANTS, Query, Unit, analyze
from bot.core.search.synonyms import SynonymTable
from bot.core.search.typos import TypoIndex

CODE_IN_QUERY = re.compile(r"(?<![\d.])(\d)\s*[.,]\s*(\d{6})(?!\d)")

# (field weight, length normalisation b) — the name decides, the rest only breaks ties.
FIELD_WEIGHTS = {
    "name": (1.0, 0.6),  # the headline: name up to the first ";", without "(…)"
    "name_rest": (0.5, 0.3),  # further clauses and parenthesised precisions
    "field": (0.3, 0.3),
    "extra": (0.12, 0.5),
}
K1 = 1.2
EXTRA_CHARS = 300  # enough of the result text to catch its key words


TYPO_COVERAGE = 0.7  # a repaired typo covers this share of the word
IDF_CAP = 3.0  # a word absent from the catalog counts like a rare one, no more
SYNONYM_UNIT_BOOST = 1.5
MIN_PAIR_WEIGHT = 0.5
RERANK_DEPTH = 30
COVERAGE_MIX = 0.5  # how much of the score depends on covering the whole query
TRIPLE_BONUS = 1.0
MIN_COVERAGE = 0.5  # share of the query's meaning (IDF-weighted) the best match must cover
RELATIVE_CUTOFF = 0.3  # results scoring under this share of the best are noise


class Searchable(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def field(self) -> str: ...


@dataclass(frozen=True)
class Hit:
    code: str
    name: str
    score: float


@dataclass(frozen=True)
class Answer:
    """The procedures that answer a question, or the readings to ask the citizen about."""

    hits: tuple[Hit, ...] = ()
    word: str = ""  # a word typed without diacritics that could be several ("thue")
    readings: tuple[str, ...] = ()  # its readings ("thuế", "thuê")
    rewritten: tuple[str, ...] = ()  # the question once per reading
    elsewhere: Topic | None = None  # not handled by a commune center: where to go


def _name_words(name: str) -> list[str]:
    words = tokens(name)
    return words[2:] if words[:2] == ["thu", "tuc"] else words  # "Thủ tục …" is noise


def _split_name(name: str) -> tuple[str, str]:
    """Headline and the rest: long official names append cases after ";" and in "(…)"."""
    head, _, rest = name.partition(";")
    inner = " ".join(re.findall(r"\(([^()]*)\)", head))
    return re.sub(r"\([^()]*\)", " ", head), f"{inner} {rest}"


def _extra_text(item: Searchable) -> str:
    result = getattr(item, "result", "") or ""
    return str(result)[:EXTRA_CHARS]


class SearchIndex:
    def __init__(self, synonyms: SynonymTable | None = None,
                 meaning: KeyTerms | None = None, elsewhere: Elsewhere | None = None) -> None:
        self.synonyms = synonyms if synonyms is not None else SynonymTable.load()
        self.meaning = meaning if meaning is not None else KeyTerms.load()
        self.elsewhere = elsewhere if elsewhere is not None else Elsewhere.load()
        self.marked: list[Phrase] = []  # names with diacritics
        self.codes: list[str] = []
        self.names: list[str] = []
        self.name_folded: list[str] = []
        self.doc_terms: list[frozenset[str]] = []
        self.name_triples: list[frozenset[str]] = []
        # The special-variant phrases each name contains, found once at build time.
        self.name_variants: list[tuple[tuple[str, tuple[str, ...]], ...]] = []
        self.postings: dict[str, list[tuple[int, float]]] = {}
        self.idf: dict[str, float] = {}
        self.max_idf = 1.0
        self.typos = TypoIndex(())
        self.by_code: dict[str, int] = {}

    @classmethod
    def build(cls, items: Iterable[Searchable], synonyms: SynonymTable | None = None,
              meaning: KeyTerms | None = None, elsewhere: Elsewhere | None = None
              ) -> SearchIndex:
        """Index visible items (Procedure, IndexEntry or anything with code/name/field)."""
        index = cls(synonyms, meaning, elsewhere)
        docs: list[dict[str, list[str]]] = []
        for item in items:
            if not getattr(item, "visible", True):
                continue
            index.by_code[item.code] = len(index.codes)
            index.codes.append(item.code)
            index.names.append(item.name)
            index.name_folded.append(" ".join(_name_words(item.name)))
            index.marked.append(words_of(item.name))
            padded_name = f" {index.name_folded[-1]} "
            index.name_variants.append(
                tuple(v for v in VARIANTS if f" {v[0]} " in padded_name)
            )
            index.name_triples.append(frozenset(triples_of(_name_words(item.name))))
            head, rest = _split_name(item.name)
            docs.append({
                "name": terms_of(_name_words(head)),
                "name_rest": terms_of(tokens(rest)),
                "field": terms_of(tokens(item.field)),
                "extra": terms_of(tokens(_extra_text(item))),
            })
        index._compute(docs)
        return index

    def _compute(self, docs: list[dict[str, list[str]]]) -> None:
        n = max(len(docs), 1)
        avg = {f: sum(len(d[f]) for d in docs) / n or 1.0 for f in FIELD_WEIGHTS}
        df: dict[str, int] = {}
        for doc_id, doc in enumerate(docs):
            weighted: dict[str, float] = {}
            for f, (weight, b) in FIELD_WEIGHTS.items():
                norm = 1 - b + b * len(doc[f]) / avg[f]
                # A repeated word in one name ("nuôi con nuôi") is not more relevant: count once.
                for term in set(doc[f]):
                    weighted[term] = weighted.get(term, 0.0) + weight / norm
            for term, tf in weighted.items():
                self.postings.setdefault(term, []).append((doc_id, tf / (K1 + tf)))
                df[term] = df.get(term, 0) + 1
            self.doc_terms.append(
                frozenset(doc["name"]) | frozenset(doc["name_rest"]) | frozenset(doc["field"])
            )
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)
        self.typos = TypoIndex(t for t in df if " " not in t)

    def __len__(self) -> int:
        return len(self.codes)

    def analyze(self, query: str) -> Query:
        return analyze(query, self.synonyms, self.typos, self.idf)

    def _variant_factor(self, doc_id: int, padded: str) -> float:
        factor = 1.0
        for _phrase, asks in self.name_variants[doc_id]:
            if not any(f" {a} " in padded for a in asks):
                factor *= VARIANT_PENALTY
        return factor

    def _unit_weight(self, unit: Unit) -> float:
        if len(unit.alternatives) > 1 and len(unit.alternatives[0]) > 1:
            return IDF_CAP * SYNONYM_UNIT_BOOST  # a synonym rule hit is a strong intent signal
        return min(max(self.idf.get(w, IDF_CAP) for w in unit.alternatives[0]), IDF_CAP)

    def _coverage(self, q: Query, doc_id: int, weights: list[float]) -> float:
        """IDF-weighted share of the query's units that the procedure's name/field contain."""
        terms = self.doc_terms[doc_id]
        total = matched = 0.0
        for unit, weight in zip(q.units, weights, strict=True):
            total += weight
            share = max(sum(w in terms for w in alt) / len(alt) for alt in unit.alternatives)
            if unit.guess and share < 1.0:
                guessed = sum(w in terms for w in unit.guess) / len(unit.guess)
                share = max(share, TYPO_COVERAGE * guessed)
            matched += weight * share
        return matched / total if total else 0.0

    def _has_pair(self, q: Query, doc_id: int) -> bool:
        terms = self.doc_terms[doc_id]
        # Pairs of chat filler ("thủ tục", "đối với") and of words every procedure uses
        # ("đăng ký", "lần đầu") are everywhere: they prove nothing.
        common = self.meaning.common
        return any(" " in t and w >= MIN_PAIR_WEIGHT and t in terms and t not in common
                   for t, w in q.weights.items())

    def _lone_syllable(self, q: Query) -> bool:
        """One content syllable among chat words ("con tôi bị sốt") names no procedure."""
        if len(q.units) != 1 or len(q.words) < 2:
            return False
        unit = q.units[0]
        if len(unit.alternatives) > 1 or len(unit.alternatives[0]) > 1 or unit.guess:
            return False
        return not any(
            " " in t and w >= MIN_PAIR_WEIGHT and t in self.idf for t, w in q.weights.items()
        )

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        """Best matches first; [] when nothing answers the question (or it must be asked)."""
        return list(self.answer(query, limit).hits)

    def answer(self, query: str, limit: int = 5) -> Answer:
        """The procedures that answer `query`, or the readings of an ambiguous word."""
        code = CODE_IN_QUERY.search(query)
        if code:
            doc_id = self.by_code.get(f"{code.group(1)}.{code.group(2)}")
            if doc_id is None:
                return Answer()
            return Answer((Hit(self.codes[doc_id], self.names[doc_id], 1.0),))
        resolved = self.meaning.resolve(query)
        if resolved.ambiguous is not None:
            _, collision = resolved.ambiguous
            return Answer(word=collision.word,
                          readings=tuple(r.word for r in collision.readings),
                          rewritten=resolved.alternatives())
        topic = self.elsewhere.match(resolved.words)
        if topic is not None:
            return Answer(elsewhere=topic)
        return Answer(tuple(self._ranked(query, limit, resolved.words)))

    def _ranked(self, query: str, limit: int, words: Phrase) -> list[Hit]:
        q = self.analyze(query)
        # The paper to certify ("công chứng bản sao căn cước") does not name the procedure.
        needed = self.meaning.required(words[: q.described])
        if self._lone_syllable(q):
            return []
        scores: dict[int, float] = {}
        for term, weight in q.weights.items():
            idf = self.idf.get(term)
            if idf is None:
                continue
            for doc_id, tf_part in self.postings[term]:
                scores[doc_id] = scores.get(doc_id, 0.0) + weight * idf * tf_part
        if not scores:
            return []
        # Rerank the head: a procedure covering more of the query, and whose name holds the
        # query's words in the same order (three in a row), beats one that repeats a few words.
        head = heapq.nlargest(RERANK_DEPTH, scores.items(), key=lambda item: item[1])
        weights = [self._unit_weight(unit) for unit in q.units]  # per query, not per doc
        coverage = {doc_id: self._coverage(q, doc_id, weights) for doc_id, _ in head}
        triples = set(triples_of(q.words)) | set(triples_of(q.rewritten))
        # What the citizen typed and what synonyms made of it ("bị mất" → "cấp lại").
        padded = f" {q.folded} | {' '.join(q.rewritten)} "
        ranked = sorted(
            (
                (doc_id, self._variant_factor(doc_id, padded) * (
                    score * (1 - COVERAGE_MIX + COVERAGE_MIX * coverage[doc_id])
                    + TRIPLE_BONUS * len(triples & self.name_triples[doc_id])))
                for doc_id, score in head
            ),
            key=lambda item: (-item[1], self.codes[item[0]]),
        )
        # Answer only with procedures that cover enough of the query, hold every term that
        # carries its meaning and, for a query of several words, share a telling syllable
        # pair with it.
        confident = [
            (doc_id, score) for doc_id, score in ranked
            if coverage[doc_id] >= MIN_COVERAGE
            and (len(q.units) <= 1 or self._has_pair(q, doc_id))
            and KeyTerms.satisfied(needed, self.marked[doc_id])
        ]
        if not confident:
            return []
        best = confident[0][1]
        hits = []
        for doc_id, score in confident[:limit]:
            if score < best * RELATIVE_CUTOFF:
                break
            hits.append(Hit(self.codes[doc_id], self.names[doc_id], round(score, 4)))
        return hits

