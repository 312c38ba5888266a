"""Zalo's wire format without a network: signatures, events, message bodies, splitting."""

from datetime import UTC, datetime

from bot.channels.zalo_format import (
    BUTTON_MARK,
    MAX_BUTTONS,
    TEXT_LIMIT,
    bodies,
    error_of,
    split_text,
)
from bot.channels.zalo_webhook import parse_event, signature, to_incoming, verified
from bot.core.messages import Attachment, Choice, Incoming, RenderedReply, Reply
from bot.core.text import utf16_len
from bot.rendering import Renderer
from tests.zalo_fakes import APP_ID, OA_SECRET, event_body, sign, text_event

NOW = datetime(2025, 3, 14, 2, 0, tzinfo=UTC)


def test_signature_is_sha256_of_app_id_body_timestamp_and_oa_secret() -> None:
    body = event_body(text_event("42", "khai sinh", "m1"))
    header = sign(body, "1741917600000")
    assert header == signature(APP_ID, body, "1741917600000", OA_SECRET)
    assert verified(header, APP_ID, body, "1741917600000", OA_SECRET)
    assert verified(header.removeprefix("mac=").upper(), APP_ID, body, "1741917600000",
                    OA_SECRET)
    assert not verified(header, APP_ID, body + b" ", "1741917600000", OA_SECRET)
    assert not verified(header, APP_ID, body, "1741917600001", OA_SECRET)
    assert not verified(sign(body, "1741917600000", secret="app-secret"), APP_ID, body,
                        "1741917600000", OA_SECRET)
    assert not verified("", APP_ID, body, "1741917600000", OA_SECRET)


def test_events_become_incoming_messages_or_nothing() -> None:
    typed = to_incoming(parse_event(event_body(text_event("42", "khai sinh", "m1"))), NOW)
    assert typed is not None
    assert (typed.channel, typed.sender, typed.text, typed.payload, typed.delivery_id) == (
        "zalo", "42", "khai sinh", None, "zalo:m1")
    tap = to_incoming(parse_event(event_body(text_event("42", BUTTON_MARK + "proc:1.001193",
                                                        "m2"))), NOW)
    assert tap is not None and (tap.text, tap.payload) == ("", "proc:1.001193")
    follow = to_incoming({"event_name": "follow", "timestamp": "5", "follower": {"id": "7"}},
                         NOW)
    assert follow is not None and (follow.sender, follow.text) == ("7", "/start")
    assert follow.delivery_id == "zalo:follow:7:5"
    for ignored in ({"event_name": "user_send_image", "sender": {"id": "1"}},
                    {"event_name": "user_send_text", "sender": {"id": "1"}, "message": "x"},
                    {"event_name": "unfollow", "follower": {"id": "1"}}, {}):
        assert to_incoming(ignored, NOW) is None
    # Ids past 2^53 keep every digit; a body that is not an object is no event.
    assert parse_event(b'{"timestamp": 17419176000001234567}')["timestamp"] == (
        "17419176000001234567")
    assert parse_event(b"[1]") == {} and parse_event(b"\xff") == {}


def test_long_text_is_split_within_the_limit_at_a_line_end() -> None:
    paragraph = "Giấy tờ cần nộp: tờ khai, giấy chứng sinh, căn cước của cha mẹ.\n"
    text = paragraph * 80 + "😀" * 1500
    pieces = split_text(text)
    assert len(pieces) >= 3
    assert all(utf16_len(p) <= TEXT_LIMIT for p in pieces)
    assert pieces[0].endswith("cha mẹ.")
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")
    assert split_text("ngắn") == ["ngắn"]


def test_choices_become_buttons_and_the_rest_numbered_text() -> None:
    renderer = Renderer("zalo")
    choices = tuple(Choice(f"Thủ tục số {n} " + "dài " * 40, f"proc:{n}") for n in range(1, 8))
    reply = RenderedReply("Các thủ tục phù hợp:", choices,
                          attachments=(Attachment("bao-cao.docx", b"x"),))
    [body] = bodies("42", reply, renderer)
    assert body["recipient"] == {"user_id": "42"}
    buttons = body["message"]["attachment"]["payload"]["buttons"]
    assert len(buttons) == MAX_BUTTONS
    assert buttons[0]["type"] == "oa.query.hide"
    assert buttons[0]["payload"] == BUTTON_MARK + "proc:1"
    assert all(len(b["title"]) <= 100 for b in buttons)
    text = body["message"]["text"]
    assert "6. Thủ tục số 6" in text and "7. Thủ tục số 7" in text and "5. Thủ" not in text
    assert "bao-cao.docx" in text
    numbered = bodies("42", RenderedReply("Mục?", choices, choices_by_number=False), renderer)
    assert "#6. Thủ tục số 6" in numbered[0]["message"]["text"]
    long = bodies("42", RenderedReply("x " * 1500, choices[:2]), renderer)
    assert len(long) == 2 and "attachment" not in long[0]["message"]
    assert len(long[1]["message"]["attachment"]["payload"]["buttons"]) == 2


def test_errors_are_read_from_the_body() -> None:
    assert error_of({"error": 0, "message": "Success"}) == (0, "Success")
    assert error_of({"error": "-216", "message": "Access token is invalid"})[0] == -216
    assert error_of("<html>") == (-1, "unexpected answer")
    assert error_of({"message": "no code"})[0] == -1


async def test_the_webhook_accepts_the_timestamp_from_the_header_too() -> None:
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from bot.channels.zalo_webhook import ZaloWebhook

    seen: list[Incoming] = []

    class Quiet(ZaloWebhook):
        """Only the endpoint's checks: what passes them is recorded, not dispatched."""

        async def _handle(self, msg: Incoming) -> list[Reply]:
            seen.append(msg)
            return []

    hook = Quiet.__new__(Quiet)
    hook.app_id, hook.secret, hook.path, hook.clock = APP_ID, OA_SECRET, "/zalo", lambda: NOW
    hook.tails, hook.names = {}, {"42": ""}  # the name is known: no profile call
    client = TestClient(Starlette(routes=[hook.route()]))
    body = event_body(text_event("42", "khai sinh", "m1", timestamp="111"))
    by_header = client.post("/zalo", content=body, headers={
        "X-ZEvent-Signature": sign(body, "222"), "X-ZEvent-Timestamp": "222"})
    wrong = client.post("/zalo", content=body, headers={
        "X-ZEvent-Signature": sign(body, "333"), "X-ZEvent-Timestamp": "222"})
    assert (by_header.status_code, wrong.status_code) == (200, 403)
    assert [m.delivery_id for m in seen] == ["zalo:m1"]
