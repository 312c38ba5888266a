"""`/start <payload>` (a QR code's link) opens a procedure's card, as its unit shows it."""

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app import App
from bot.core.deep_links import CardLink, LinkSettings, card_link, card_payload, parse_payload
from bot.core.people import create_unit
from bot.db import transaction
from models import UnitProcedure
from tests.chat import Chat


def test_payload_round_trip_and_telegram_alphabet() -> None:
    assert card_payload("1.004194") == "tt_1_004194"
    assert card_payload("1.004194", 3) == "tt_1_004194_u3"
    assert parse_payload("tt_1_004194_u3") == CardLink("1.004194", 3)
    assert parse_payload("tt_1_004194") == CardLink("1.004194", None)
    for bad in ("", "tt_1_00419", "tt_1_004194_u", "tt_1_004194_u3x", "1.004194", "tt-1-004194"):
        assert parse_payload(bad) is None
    with pytest.raises(ValueError):
        card_payload("2.15")


@given(st.integers(min_value=0, max_value=9), st.integers(min_value=0, max_value=999_999),
       st.one_of(st.none(), st.integers(min_value=0, max_value=9_999_999_999)))
def test_every_payload_fits_telegram_and_parses_back(digit: int, number: int,
                                                     unit: int | None) -> None:
    code = f"{digit}.{number:06d}"
    payload = card_payload(code, unit)
    assert len(payload) <= 64 and payload.replace("_", "").isalnum() and payload.isascii()
    assert parse_payload(payload) == CardLink(code, unit)


def test_links_per_target() -> None:
    where = LinkSettings("MotCuaXaBot", "https://xa.example.vn/chat", "https://zalo.me/123")
    assert card_link("telegram", "tt_1_004194", where) == \
        "https://t.me/MotCuaXaBot?start=tt_1_004194"
    assert card_link("web", "tt_1_004194", where) == "https://xa.example.vn/chat?start=tt_1_004194"
    assert card_link("zalo", "tt_1_004194", where) == "https://zalo.me/123"
    with pytest.raises(ValueError, match="TELEGRAM_BOT_USERNAME"):
        card_link("telegram", "tt_1_004194", LinkSettings())


def test_start_with_a_payload_opens_the_card(chat: Chat) -> None:
    card = chat.say("/start tt_1_001193")
    assert "Mã thủ tục: 1.001193" in card and "khai sinh" in card.lower()
    assert "Xin chào" not in card
    assert "Giấy tờ cần nộp" in chat.say(press="docs:1.001193")


def test_start_with_anything_else_greets(chat: Chat) -> None:
    for argument in ("", "hello", "tt_9_999999_u99999999999", "tt_1_001193_u99999999999"):
        text = chat.say(f"/start {argument}".strip())
        assert "Xin chào" in text or "1.001193" in text
    assert "Xin chào" in chat.say("/start hello")
    # A well-formed payload for a procedure the catalog lacks says so.
    assert "9.999999" in chat.say("/start tt_9_999999")


def test_the_unit_in_the_payload_decides_address_note_and_hidden(sqlite_app: App,
                                                                 now: datetime) -> None:
    with transaction(sqlite_app.sessions) as session:
        a = create_unit(session, code="a", name="Trung tâm A", now=now)
        b = create_unit(session, code="b", name="Trung tâm B", now=now)
        b.address = "Số 2 đường B"
        session.add(UnitProcedure(unit_id=b.id, code="1.001193", note="Quầy 7", updated_at=now))
        session.add(UnitProcedure(unit_id=a.id, code="1.001193", hidden=True, updated_at=now))
        a_id, b_id = a.id, b.id
    chat = Chat(sqlite_app, now)
    card = chat.say(f"/start {card_payload('1.001193', b_id)}")
    assert "Lưu ý của Trung tâm B: Quầy 7" in card and "Số 2 đường B" in card
    hidden = chat.say(f"/start {card_payload('1.001193', a_id)}")
    assert "không được tiếp nhận tại Trung tâm A" in hidden
