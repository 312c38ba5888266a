"""Synonym matching and typo candidates in isolation."""

from __future__ import annotations

from bot.core.search.synonyms import SynonymTable
from bot.core.search.typos import TypoIndex


def test_synonyms_match_whole_words_folded() -> None:
    table = SynonymTable.parse("sổ đỏ\tgiấy chứng nhận\ncccd\tthẻ căn cước\n")
    (found,) = table.expand(["lam", "so", "do"])
    assert (found.start, found.end, found.words) == (1, 3, ("giay", "chung", "nhan"))
    assert table.expand(["cccdx"]) == []


def test_typo_candidates() -> None:
    typos = TypoIndex(["sinh", "tru", "thuong", "khai", "chu"])
    assert "sinh" in typos.near("sinhh")
    assert "thuong" in typos.near("thuogn")  # swapped letters
    assert typos.near("sin") == set()  # too short to guess
    assert "tru" in typos.sound_alikes("chu")


def test_rule_inside_longer_match_gives_way() -> None:
    table = SynonymTable.parse("nhận con\tnhận cha mẹ con\ncon nuôi\tnuôi con nuôi\n"
                               "nhận con nuôi\tnuôi con nuôi\n")
    found = table.expand(["nhan", "con", "nuoi"])
    assert [(e.start, e.end, e.words) for e in found] == [(0, 3, ("nuoi", "con", "nuoi"))]
    # Partly overlapping rules both stay: neither contains the other.
    table = SynonymTable.parse("nhận con\tnhận cha mẹ con\ncon nuôi\tnuôi con nuôi\n")
    assert len(table.expand(["nhan", "con", "nuoi"])) == 2
