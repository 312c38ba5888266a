"""Search over the shipped commune catalog: real data, real queries."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.catalog import build_procedures, load_procedure_index, load_records
from bot.core.search import SearchIndex, SynonymTable, fold
from bot.core.search.eval import evaluate, load_queries

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "bot" / "data"
# The team's shared development queries, copied here so the tests never read outside the repo.
DEV = Path(__file__).resolve().parent / "dev_queries.jsonl"
HELDOUT = Path(__file__).resolve().parent / "heldout_queries.jsonl"
# Written from the catalog before tuning (see the file's queries); floors a little under
# what the engine reached so that a regression shows.
FRESH = Path(__file__).resolve().parent / "fresh_queries.jsonl"


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(build_procedures(load_records(DATA / "procedures.jsonl").records))


def top(index: SearchIndex, query: str) -> str | None:
    hits = index.search(query)
    return hits[0].code if hits else None


def test_fold() -> None:
    assert fold("Đăng ký  KHAI SINH, (lần đầu)!") == "dang ky khai sinh lan dau"
    assert fold("Thường trú") == fold("thuong tru") == "thuong tru"
    assert fold("Ủy ban") == fold("Uỷ ban")  # both tone placements


@pytest.mark.parametrize("query", ["đăng ký khai sinh", "dang ky khai sinh", "DANG KY KHAI SINH"])
def test_with_or_without_diacritics(index: SearchIndex, query: str) -> None:
    assert top(index, query) == "1.001193"


@pytest.mark.parametrize(("query", "code"), [
    ("khai sinhh", "1.001193"),
    ("dang ki khai sinh", "1.001193"),
    ("dang ky thuong chu", "1.004222"),  # ch/tr confusion
    ("dang ky tam chu", "1.004194"),
    ("khaisinh", "1.001193"),  # glued syllables
    ("dăng ký kêt hôn", "1.000894"),
])
def test_typos(index: SearchIndex, query: str, code: str) -> None:
    assert top(index, query) == code


@pytest.mark.parametrize(("query", "code"), [
    ("cccd bị mất", "1.014064"),
    ("nhập hộ khẩu cho vợ", "1.004222"),
    ("xin giấy xác nhận độc thân", "1.004873"),
    ("người thân qua đời cần làm giấy tờ gì", "1.000656"),
    ("thai san", "2.000693"),
    ("bhxh một lần", "1.001613"),
    ("làm sổ đỏ lần đầu", "1.013978"),
    ("lấy vợ", "1.000894"),
    ("xin giay phep kinh doanh", "1.001612"),
])
def test_synonyms(index: SearchIndex, query: str, code: str) -> None:
    assert top(index, query) == code


@pytest.mark.parametrize(("query", "code"), [
    ("đăng ký kết hôn", "1.000894"),
    ("đăng ký kết hôn có yếu tố nước ngoài", "2.000806"),
    ("đăng ký kết hôn lưu động", "1.000593"),
    ("đăng ký khai tử", "1.000656"),
    ("khai tử có yếu tố nước ngoài tại khu vực biên giới", "1.004827"),
])
def test_general_procedure_first_unless_variant_asked(
        index: SearchIndex, query: str, code: str) -> None:
    assert top(index, query) == code


@pytest.mark.parametrize("query", ["1.001193", "thủ tục 1.001193", "ma 1,001193"])
def test_lookup_by_code(index: SearchIndex, query: str) -> None:
    hits = index.search(query)
    assert [h.code for h in hits] == ["1.001193"]


def test_unknown_or_excluded_code_gives_nothing(index: SearchIndex) -> None:
    assert index.search("1.999999") == []
    assert index.search("1.000178") == []  # exists nationally, not at commune level


@pytest.mark.parametrize("query", [
    "giá vàng hôm nay", "bóng đá tối nay", "công thức nấu phở", "xin chào", "con tôi bị sốt",
    "đặt vé máy bay", "", "   ", "!!!",
])
def test_no_confident_match(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


def test_flagged_procedures_are_not_searchable(index: SearchIndex) -> None:
    assert "3.000226" not in index.by_code  # wrong name
    assert index.search("thủ tục hải quan đối với xăng dầu") == []  # excluded field


def test_limit_and_order(index: SearchIndex) -> None:
    hits = index.search("đăng ký khai sinh", limit=3)
    assert len(hits) <= 3 and hits == sorted(hits, key=lambda h: -h.score)


def test_custom_synonyms() -> None:
    table = SynonymTable.parse("# comment\nlàm giấy đẻ\tđăng ký khai sinh\n")
    procedures = build_procedures(load_records(DATA / "procedures.jsonl").records)
    idx = SearchIndex.build(procedures, synonyms=table)
    assert top(idx, "lam giay de") == "1.001193"


def test_synonym_file_errors() -> None:
    with pytest.raises(ValueError, match="line 2"):
        SynonymTable.parse("ok\tfine\nno tab here\n")


def test_shipped_synonyms_cover_common_words() -> None:
    table = SynonymTable.load()
    phrases = {" ".join(r.phrase) for r in table.rules}
    for phrase in ["so do", "so hong", "ho khau", "nhap khau", "cong chung", "cccd", "cmnd",
                   "can cuoc cong dan", "bhxh", "bhyt", "doc than", "bao tu", "qua doi",
                   "thua ke", "lay vo", "lay chong", "giay phep kinh doanh"]:
        assert phrase in phrases, phrase


def test_heldout_set_meets_targets(index: SearchIndex) -> None:
    metrics = evaluate(index, load_queries(HELDOUT))
    assert metrics.hit_at_1 >= 0.9 and metrics.hit_at_3 >= 0.97, metrics.misses
    assert metrics.no_answer_accuracy >= 0.9, metrics.misses


def test_fresh_set_meets_targets(index: SearchIndex) -> None:
    metrics = evaluate(index, load_queries(FRESH))
    assert metrics.queries >= 80
    assert metrics.hit_at_1 >= 0.95 and metrics.hit_at_3 >= 0.98, metrics.misses
    assert metrics.no_answer_accuracy >= 0.95, metrics.misses


@pytest.mark.parametrize(("query", "code"), [
    ("nhan con nuoi", "2.001263"),  # "nhận con nuôi" wins over the "nhận con" inside it
    ("tạm nghỉ kinh doanh", "1.001570"),  # not "nghỉ kinh doanh" (closing down)
])
def test_longest_synonym_wins(index: SearchIndex, query: str, code: str) -> None:
    assert top(index, query) == code


@pytest.mark.parametrize(("query", "code"), [
    ("công chứng bản sao căn cước", "2.000815"),
    ("photo cong chung bang tot nghiep", "2.000815"),
    ("chứng thực giấy tờ photo", "2.000815"),
    ("công chứng di chúc", "2.001019"),  # the object still ranks among certifications
    ("chứng thực chữ ký người dịch", "2.000992"),
])
def test_paper_to_certify_does_not_decide(index: SearchIndex, query: str, code: str) -> None:
    assert top(index, query) == code


@pytest.mark.parametrize(("query", "code"), [
    ("thẻ bảo hiểm y tế bị mất", "1.002759"),  # synonym "bị mất" → "cấp lại" asks the variant
    ("mất căn cước công dân", "1.014064"),
    ("tài khoản vneid", "3.000228"),  # the organisation variant must be asked for
    ("gia hạn giấy phép xây dựng", "1.013227"),
])
def test_variants_seen_through_synonyms(index: SearchIndex, query: str, code: str) -> None:
    assert top(index, query) == code


@pytest.mark.parametrize(("query", "code"), [
    ("đk kết hôn cần mang gì", "1.000894"),
    ("tt dk ket hon ko", "1.000894"),
    ("xin gpxd nhà ở", "1.013225"),
    ("làm khai sinh cho con có bố là người hàn quốc", "2.000528"),
    ("tranh chấp ranh giới đất với hàng xóm", "1.012812"),
    ("nhập hộ khẩu cho con vào nhà ông bà", "1.004222"),
    ("mất giấy tờ xe", "1.013080"),
    ("cắt hộ khẩu", "1.003197"),
])
def test_citizen_vocabulary(index: SearchIndex, query: str, code: str) -> None:
    assert top(index, query) == code


@pytest.mark.parametrize("query", ["tiệm photo gần đây", "tt", "mua xe máy trả góp",
                                   "trợ cấp người có công với cách mạng"])
def test_new_rules_stay_quiet_out_of_scope(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


def test_dev_set_meets_targets(index: SearchIndex) -> None:
    metrics = evaluate(index, load_queries(DEV))
    assert metrics.hit_at_1 >= 0.9 and metrics.hit_at_3 >= 0.97, metrics.misses
    assert metrics.no_answer_accuracy >= 0.9, metrics.misses
    assert metrics.p95_ms <= 20


def test_fast_over_national_index() -> None:
    entries = list(load_procedure_index(DATA / "procedure_index.csv").values())
    big = SearchIndex.build(entries)
    metrics = evaluate(big, load_queries(HELDOUT))
    assert metrics.p95_ms <= 50
    assert big.search("đăng ký khai sinh")
