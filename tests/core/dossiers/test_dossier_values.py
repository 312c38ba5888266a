"""Receipt codes, phones, statuses, channels, dates and the cut-off rule read from the catalog."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from bot.core.dossiers.codes import ReceiptCode, code_key, mask_phone, parse_code
from bot.core.dossiers.rules import cutoff_evidence, derive_cutoffs
from bot.core.dossiers.statuses import can_change
from bot.core.dossiers.vocabulary import NOT_ACCEPTED, parse_date, vocabulary
from bot.core.procedures import SHIPPED_CATALOG
from models import DossierStatus as S

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
OPENS, CLOSES = dt.time(7, 0), dt.time(17, 0)


def test_a_standard_code_is_parsed_with_its_date_as_yymmdd() -> None:
    assert parse_code("000.00.53.H48-220921-0099") == ReceiptCode(
        "000.00.53.H48", dt.date(2022, 9, 21), 99)
    assert parse_code(" 000.00.53.h48 - 220921-0099 ") == parse_code("000.00.53.H48-220921-0099")
    assert parse_code("H40.99.10.A12-260314-12345") == ReceiptCode(
        "H40.99.10.A12", dt.date(2026, 3, 14), 12345)


@pytest.mark.parametrize("code", ["XH-2026/15", "000.00.53.H48-221399-0001", "12345", ""])
def test_other_codes_do_not_parse_and_are_kept_as_typed(code: str) -> None:
    assert parse_code(code) is None


def test_codes_compare_without_case_or_spaces() -> None:
    assert code_key(" xh - 2026/15 ") == "XH-2026/15"


@pytest.mark.parametrize(("phone", "shown"), [
    ("0912345678", "0912***678"), ("+84 912 345 678", "8491***678"), ("12345", "***"), ("", ""),
])
def test_phones_are_masked(phone: str, shown: str) -> None:
    assert mask_phone(phone) == shown


@pytest.mark.parametrize(("word", "status"), [
    ("4", S.IN_PROGRESS), (4.0, S.IN_PROGRESS), ("Đang xử lý", S.IN_PROGRESS),
    ("DANG XU LY", S.IN_PROGRESS), ("10", S.RESOLVED), ("Đã trả kết quả", S.RESOLVED),
    ("Yêu cầu bổ sung giấy tờ", S.SUPPLEMENT), ("cho bo sung", S.SUPPLEMENT),
    ("8", S.PAUSED), ("6", S.PAUSED), ("3", S.RETURNED), ("Không được tiếp nhận", S.RETURNED),
    ("7", S.WITHDRAWN), ("2", S.RECEIVED), ("1", NOT_ACCEPTED), ("Mới đăng ký", NOT_ACCEPTED),
])
def test_statuses_as_portal_codes_or_names(word: object, status: str) -> None:
    assert vocabulary().status(word) == status


def test_unknown_words_are_unknown() -> None:
    assert vocabulary().status("11") is None and vocabulary().status("xong rồi") is None
    assert vocabulary().channel("fax") is None


@pytest.mark.parametrize(("word", "channel"), [
    ("1", "direct"), ("2", "online"), ("3", "postal"), ("Nộp trực tuyến", "online"),
    ("Qua bưu chính công ích", "postal"), ("truc tiep", "direct"),
])
def test_channels(word: str, channel: str) -> None:
    assert vocabulary().channel(word) == channel


def test_sectors_map_to_the_units_desks() -> None:
    sectors = ("xa", "ca", "dd")
    words = vocabulary()
    assert words.sector("Đăng ký, quản lý cư trú", sectors) == "ca"
    assert words.sector("dat dai", sectors) == "dd"
    assert words.sector("Hộ tịch", sectors) == "xa"  # the commune's own desk
    assert words.sector("Bảo hiểm xã hội", sectors) == "xa"  # no bhxh desk here
    assert words.sector("Bảo hiểm xã hội", ("ca", "bhxh")) == "bhxh"
    assert words.sector("Hộ tịch", ("ca",)) is None


@pytest.mark.parametrize(("value", "expected"), [
    ("14/03/2026", dt.datetime(2026, 3, 14, 7, 0, tzinfo=TZ)),
    ("14/03/2026 08:30", dt.datetime(2026, 3, 14, 8, 30, tzinfo=TZ)),
    ("4/3/2026 08:30:15", dt.datetime(2026, 3, 4, 8, 30, 15, tzinfo=TZ)),
    ("08:30 14/03/2026", dt.datetime(2026, 3, 14, 8, 30, tzinfo=TZ)),
    ("14-03-2026", dt.datetime(2026, 3, 14, 7, 0, tzinfo=TZ)),
    ("20260314083000", dt.datetime(2026, 3, 14, 8, 30, tzinfo=TZ)),
    (20260314083000, dt.datetime(2026, 3, 14, 8, 30, tzinfo=TZ)),
    ("2026-03-14", dt.datetime(2026, 3, 14, 7, 0, tzinfo=TZ)),
    ("2026-03-14T08:30:00", dt.datetime(2026, 3, 14, 8, 30, tzinfo=TZ)),
    ("2026-03-14T01:30:00Z", dt.datetime(2026, 3, 14, 8, 30, tzinfo=TZ)),
    (dt.datetime(2026, 3, 14, 8, 30), dt.datetime(2026, 3, 14, 8, 30, tzinfo=TZ)),
    (46095, dt.datetime(2026, 3, 14, 7, 0, tzinfo=TZ)),  # an Excel serial, date only
    (46095.5, dt.datetime(2026, 3, 14, 12, 0, tzinfo=TZ)),
    ("", None), (None, None), ("  ", None),
])
def test_dates_in_the_forms_exports_use(value: object, expected: dt.datetime | None) -> None:
    assert parse_date(value, TZ, OPENS) == expected


@pytest.mark.parametrize("value", ["31/02/2026", "14/03/26", "hôm qua", "2026/03/14", 12.5,
                                   "14/03/2026 25:00", "20261314083000"])
def test_what_is_not_a_date_is_refused(value: object) -> None:
    with pytest.raises(ValueError):
        parse_date(value, TZ, OPENS)


def test_desk_moves() -> None:
    assert can_change(S.RECEIVED, S.IN_PROGRESS) and can_change(S.SUPPLEMENT, S.IN_PROGRESS)
    assert can_change(S.IN_PROGRESS, S.RETURNED) and can_change(S.PAUSED, S.RESOLVED)
    assert not can_change(S.RESOLVED, S.IN_PROGRESS)
    assert not can_change(S.WITHDRAWN, S.RECEIVED)
    assert not can_change(S.SUPPLEMENT, S.RESOLVED)  # the citizen has the dossier
    assert not can_change(S.IN_PROGRESS, S.RECEIVED)


def test_the_cutoff_is_read_from_exactly_the_procedures_whose_steps_state_it() -> None:
    records = [json.loads(line) for line in SHIPPED_CATALOG.read_text("utf-8").splitlines()]
    found = derive_cutoffs(records)
    # The 12 commune procedures the research found in the 2026 crawl; 1.013067 only quotes a
    # decree in its legal basis and must not be among them.
    assert sorted(found) == ["1.000110", "1.000656", "1.001193", "1.001766", "1.004827",
                             "1.004859", "1.011441", "2.000528", "2.000547", "2.000635",
                             "2.000748", "2.002363"]
    assert "sau 15 giờ" in found["1.001193"]


def test_cutoff_wording() -> None:
    assert cutoff_evidence("nếu tiếp nhận hồ sơ sau 15 giờ thì trả vào ngày làm việc tiếp theo")
    assert cutoff_evidence("nhận sau 15h cùng ngày")
    assert cutoff_evidence("trả kết quả trong 15 giờ làm việc") is None
    assert cutoff_evidence("sau 150 giờ") is None and cutoff_evidence("") is None


def test_every_row_error_has_its_sentence() -> None:
    from bot.core.dossiers.rows import ROW_CODES
    from bot.core.importing import ERROR_CODES
    from bot.rendering import Renderer

    values = {"limit": 64, "code": "A-1", "first_line": 2, "value": "x", "columns": ["code"],
              "field": "code", "first": "Mã hồ sơ", "second": "Số biên nhận", "detail": "",
              "suffix": ".doc", "size_mb": 1.0, "limit_mb": 1.0, "count": 1, "length": 9,
              "column": 3, "part": "x"}
    for code in (*ROW_CODES, *ERROR_CODES):
        errors = [{"line": 2, "code": code, "values": values, "column": "Mã hồ sơ"}]
        for channel in ("cli", "telegram"):
            text = Renderer(channel).text("dossiers/import_errors", file="f.csv", errors=errors)
            assert "lỗi không xác định" not in text, code
