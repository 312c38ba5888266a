"""What a query means to the index: weighted terms and the units it must cover."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.search.folding import pairs, tokens
from bot.core.search.synonyms import Expansion, SynonymTable
from bot.core.search.typos import TypoIndex

# Chat filler: kept in the query with little weight, never required for a match.
FILLER_WORDS = frozenset(
    [
        "toi", "minh", "muon", "can", "phai", "lam", "nao", "nhu", "dau", "gi", "sao", "duoc",
        "khong", "a", "nhe", "oi", "hoi", "giup", "voi", "cho", "cua", "ve", "va", "de", "thi",
        "la", "bi", "da", "roi", "nay", "hom", "ai", "o", "co", "nhung", "cac", "xin", "nhan",
        "ban", "ah", "vay", "trong", "vao", "khac", "khi", "tai", "sau", "luc", "nen", "hay", "rat",
        # Chat abbreviations: thủ tục, không, được.
        "tt", "ko", "k", "khong", "hok", "dc", "duoc"
    ]
)
# Filler words that fold to the same letters as catalog words (hội, ở, lâm, cán, vệ, đê,
# mượn, thi công, nhân, bản, vay, sao, đầu…).
FOLDED_HOMOGRAPHS = frozenset(
    [
        "hoi", "o", "lam", "can", "ve", "co", "de", "muon", "thi", "nhan", "ban", "vay", "sao",
        "nay", "dau", "tai", "sau"
    ]
)
FILLER_PHRASES = (
    ("thu", "tuc"), ("ho", "so"), ("giay", "to"), ("bao", "nhieu"), ("the", "nao"), ("o", "dau"),
    ("doi", "voi"),
)
# People around the citizen and why they ask: context, not the procedure ("tranh chấp đất
# với hàng xóm", "xác nhận cư trú để con đi học").
SOFT_PHRASES = (("hang", "xom"), ("sinh", "vien"), ("ban", "be"), ("hoc", "sinh"), ("di", "hoc"),
                ("di", "lam"))
# Certifying verbs: what follows describes the paper to certify ("công chứng bằng tốt
# nghiệp", "chứng thực bản sao căn cước"), which rarely names the procedure itself.
CERTIFY_PHRASES = (("cong", "chung"), ("chung", "thuc"), ("sao", "y"), ("photo",))
# People words: they say whom the paper is for, rarely which procedure.
# "mất" (lost / died) and "giấy" (any paper) are too ambiguous to decide anything alone.
SOFT_WORDS = frozenset(
    [
        "nguoi", "than", "vo", "chong", "con", "bo", "me", "ong", "ba", "anh", "chi", "em", "be",
        "tre", "moi", "mat", "giay"
    ]
)

# Special variants are shown only when the query asks for them: (phrase in the name,
# query words that ask for it). Each unrequested one costs a share of the score.
VARIANTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("yeu to nuoc ngoai", ("nuoc ngoai", "yeu to", "ngoai quoc")),
    ("nguoi nuoc ngoai", ("nuoc ngoai", "ngoai quoc")),
    ("ghi vao so", ("ghi vao so",)),
    ("khu vuc bien gioi", ("bien gioi",)),
    ("luu dong", ("luu dong",)),
    ("ket hop", ("ket hop",)),
    ("dang ky lai", ("lai",)),
    ("cap lai", ("lai",)),
    ("cap doi", ("doi",)),
    ("da co ho so giay to ca nhan", ("ho so giay to", "giay to ca nhan", "da co ho so",
                                     "da co giay to", "lon tuoi", "nguoi lon")),
    ("tai cap huyen", ("huyen",)),
    ("tai cap trung uong", ("trung uong",)),
    ("lien thong", ("lien thong",)),
    ("ban sao", ("ban sao", "sao", "trich luc")),
    ("xac nhan", ("xac nhan",)),
    ("thay doi", ("thay doi", "sua", "doi")),
    ("dung thuc hien", ("dung",)),
    ("giam sat viec giam ho", ("giam sat",)),
    ("cap nhat", ("cap nhat", "bo sung")),
    # Citizens write for themselves; the organisation variant must be asked for.
    ("doi voi to chuc", ("to chuc", "cong ty", "doanh nghiep")),
    ("cho co quan to chuc", ("co quan", "to chuc", "cong ty", "doanh nghiep")),
    # Changes to an existing paper come after getting it: "cấp giấy phép" before "gia hạn".
    ("dieu chinh", ("dieu chinh", "sua", "thay doi")),
    ("gia han", ("gia han", "het han")),
    ("thu hoi", ("thu hoi",)),
    ("xoa dang ky", ("xoa", "cat")),
    ("cham dut", ("cham dut", "giai the", "dong cua", "nghi", "dung")),
    # The first time is the common case: a child's card and a relapse must be asked for.
    ("duoi 14 tuoi", ("duoi 14", "tre", "be", "con", "chau", "hoc sinh", "tre em")),
    ("tai phat", ("tai phat",)),
    ("dsphsk", ("duong suc", "phuc hoi suc khoe", "dsphsk", "nghi duong")),
    ("nay tiep tuc", ("tiep tuc", "lan nua", "lan 2", "lan thu hai")),
)
VARIANT_PENALTY = 0.8

FILLER_WEIGHT = 0.15
SOFT_WEIGHT = 0.5
SYNONYM_SOURCE_WEIGHT = 0.35  # the typed words a synonym rule replaced
TYPO_WEIGHT = 0.8
SYNONYM_PAIR_WEIGHT = 0.7
KNOWN_SOURCE_SCALE = 0.4
PAIR_BOOST = 1.6  # syllable pairs carry Vietnamese words


@dataclass(frozen=True)
class Unit:
    """Something the query says; covered by any alternative's words (each a word tuple)."""

    alternatives: tuple[tuple[str, ...], ...]
    guess: tuple[str, ...] | None = None  # typo repair of the first alternative


@dataclass
class Query:
    folded: str
    words: list[str] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)  # synonyms applied, filler dropped
    weights: dict[str, float] = field(default_factory=dict)
    units: list[Unit] = field(default_factory=list)
    described: int = 0  # where the description of a paper to certify starts (else len(words))

    def add(self, term: str, weight: float) -> None:
        if weight > self.weights.get(term, 0.0):
            self.weights[term] = weight


def _best(candidates: set[str], idf: dict[str, float]) -> str | None:
    # The most common candidate (lowest idf) is the likeliest intended word.
    return min(candidates, key=lambda w: (idf.get(w, 99.0), w)) if candidates else None


def _split_glued(word: str, idf: dict[str, float]) -> str | None:
    """"khaisinh" → "khai sinh" when the two halves form a pair the catalog uses."""
    if len(word) < 5 or not word.isalpha():
        return None
    splits = [f"{word[:i]} {word[i:]}" for i in range(2, len(word) - 1)]
    known = [pair for pair in splits if pair in idf]
    return min(known, key=lambda pair: (idf[pair], pair)) if known else None


def _described_from(words: list[str], expansions: list[Expansion]) -> int:
    """Position where the description of a paper to certify starts; len(words) if none."""
    for start in range(len(words)):
        for phrase in CERTIFY_PHRASES:
            end = start + len(phrase)
            if tuple(words[start:end]) == phrase:
                # The verb's own rule ("công chứng bản sao") is part of the verb.
                return max([end] + [e.end for e in expansions if e.start <= start < e.end])
    return len(words)


def analyze(text: str, synonyms: SynonymTable, typos: TypoIndex, idf: dict[str, float]
            ) -> Query:
    words = tokens(text)
    q = Query(" ".join(words), words)
    weight = [1.0] * len(words)
    for i, word in enumerate(words):
        if word in FILLER_WORDS:
            weight[i] = FILLER_WEIGHT
        elif word in SOFT_WORDS:
            weight[i] = SOFT_WEIGHT
    for phrases, value in ((FILLER_PHRASES, FILLER_WEIGHT), (SOFT_PHRASES, SOFT_WEIGHT)):
        for i in range(len(words) - 1):
            if tuple(words[i : i + 2]) in phrases:
                weight[i] = min(weight[i], value)
                weight[i + 1] = min(weight[i + 1], value)
    # Folding merges words: "hoi" is "hỏi" (ask) but also "hội" in "xã hội", "o" is "ở" in
    # "nhà ở". Such a word forming a catalog pair with a content neighbour is kept.
    for i, word in enumerate(words):
        if word in FOLDED_HOMOGRAPHS:
            before = i > 0 and weight[i - 1] >= SOFT_WEIGHT and f"{words[i - 1]} {word}" in idf
            after = (i + 1 < len(words) and weight[i + 1] >= SOFT_WEIGHT
                     and f"{word} {words[i + 1]}" in idf)
            if before or after:
                weight[i] = SOFT_WEIGHT
    expansions = synonyms.expand(words)
    described = _described_from(words, expansions)
    q.described = described
    for i in range(described, len(words)):
        weight[i] = min(weight[i], SOFT_WEIGHT)
    covered: set[int] = set()
    for exp in expansions:
        # A one-word phrase ("bhxh", "cccd") is a real term too: its weight stays.
        if exp.end - exp.start > 1:
            covered.update(range(exp.start, exp.end))
        # A one-word expansion ("tnlđ") stands for the whole phrase it replaces.
        single = max(1.0, PAIR_BOOST * (exp.end - exp.start) / 2) if len(exp.words) == 1 else 1.0
        # When the catalog itself uses the typed abbreviation ("thẻ BHYT"), the spelled-out
        # form only helps; it must not outweigh the exact word.
        scale = KNOWN_SOURCE_SCALE if exp.end - exp.start == 1 and words[exp.start] in idf else 1.0
        for term in list(exp.words) + pairs(list(exp.words)):
            q.add(term, scale * (PAIR_BOOST if " " in term else single))
    # The query as rewritten by synonyms, so pairs also join a synonym to its neighbours
    # ("bảo hiểm xã hội tự nguyện" → "bhxh tự nguyện"). Longest rules first, no overlaps.
    rewritten: list[str] = []
    taken: dict[int, Expansion] = {}
    for exp in sorted(expansions, key=lambda e: (e.start - e.end, e.start)):
        if not any(i in taken for i in range(exp.start, exp.end)):
            taken.update({i: exp for i in range(exp.start, exp.end)})
    i = 0
    while i < len(words):
        if i in taken:
            rewritten.extend(taken[i].words)
            i = taken[i].end
        else:
            rewritten.append(words[i]) if weight[i] >= SOFT_WEIGHT else None
            i += 1
    q.rewritten = rewritten
    for term in pairs(rewritten):
        q.add(term, PAIR_BOOST * SYNONYM_PAIR_WEIGHT)
    # Typo repair: unknown syllables, then unknown pairs one sound or edit away.
    fixed: dict[int, str] = {}
    glued: set[int] = set()
    for i, word in enumerate(words):
        if word not in idf and weight[i] >= SOFT_WEIGHT:
            best = _best(typos.candidates(word), idf)
            if best:
                fixed[i] = best
            else:
                split = _split_glued(word, idf)
                if split:
                    glued.add(i)
                    q.add(split, PAIR_BOOST * TYPO_WEIGHT)
                    q.units.append(Unit(((word,),), tuple(split.split())))
    for i in range(len(words) - 1):
        a, b = fixed.get(i, words[i]), fixed.get(i + 1, words[i + 1])
        if f"{a} {b}" in idf or min(weight[i], weight[i + 1]) < 1.0 or i in covered:
            continue
        options = [(x, b) for x in typos.candidates(a)] + [(a, y) for y in typos.candidates(b)]
        known = [f"{x} {y}" for x, y in options if f"{x} {y}" in idf]
        if known:
            x, y = min(known, key=lambda t: (idf[t], t)).split()
            fixed.setdefault(i, x) if x != a else None
            fixed.setdefault(i + 1, y) if y != b else None
    final = [fixed.get(i, w) for i, w in enumerate(words)]
    for i, word in enumerate(words):
        w = weight[i] * (SYNONYM_SOURCE_WEIGHT if i in covered else 1.0)
        q.add(word, w)
        if i in fixed:
            q.add(fixed[i], w * TYPO_WEIGHT)
        if i + 1 < len(words):
            pw = min(w, weight[i + 1] * (SYNONYM_SOURCE_WEIGHT if i + 1 in covered else 1.0))
            q.add(f"{word} {words[i + 1]}", pw * PAIR_BOOST)
            q.add(f"{final[i]} {final[i + 1]}", pw * PAIR_BOOST * TYPO_WEIGHT)
    # Coverage units: each content word not replaced by a synonym, and each synonym rule.
    whole_phrase = {exp.start for exp in expansions if exp.end - exp.start == 1}
    for i, word in enumerate(words):
        if weight[i] == 1.0 and i not in covered | whole_phrase | glued:
            # A typo repair is a guess: it covers only part of the word's weight.
            q.units.append(Unit(((word,),), (final[i],) if final[i] != word else None))
    for exp in expansions:
        if exp.start < described and any(
                weight[i] >= SOFT_WEIGHT for i in range(exp.start, exp.end)):
            q.units.append(Unit((exp.words, tuple(words[exp.start : exp.end]))))
    return q
