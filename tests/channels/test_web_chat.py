"""The web chat's HTTP side: sessions, the dialogue over JSON, limits, and no staff over the web."""

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlmodel import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from bot.app import App
from bot.channels.web_chat import COOKIE, HEADER, SessionSigner, WebChat
from bot.core.people import create_invite, create_unit
from bot.db import transaction
from models import Role, User
from tests.chat import Chat
from tests.core.dossiers.register_helpers import NOW, make_unit, run_import
from tests.dossier_files import portal_csv

SECRET = "a-web-chat-secret-of-at-least-32-characters"


@pytest.fixture
def client(sqlite_app: App, now: datetime) -> Iterator[TestClient]:
    settings = sqlite_app.settings.model_copy(update={
        "web_chat_secret": SecretStr(SECRET), "web_chat_limit": 8})
    web = WebChat(sqlite_app.dispatcher, settings, clock=lambda: now)
    with TestClient(Starlette(routes=web.routes())) as test_client:
        yield test_client


def say(client: TestClient, number: int, **body: str) -> list[dict[str, object]]:
    response = client.post("/chat/api/message", json={"id": f"m-{number}", **body})
    assert response.status_code == 200, response.text
    replies: list[dict[str, object]] = response.json()["replies"]
    return replies


def test_page_sets_a_signed_session_and_loads_only_our_files(client: TestClient) -> None:
    page = client.get("/chat")
    assert page.status_code == 200 and 'lang="vi"' in page.text
    assert "Trợ lý Một Cửa" in page.text and 'role="log"' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "http" not in page.text.replace("http-equiv", "")  # no address of another server
    token = page.cookies[COOKIE]
    assert SessionSigner(SECRET).read(token) is not None
    assert "HttpOnly" in page.headers["set-cookie"]
    assert page.headers["cache-control"] == "no-store"  # the page carries the session
    assert client.get("/chat/static/chat.js").status_code == 200
    embed = client.get("/chat/embed.js").text
    assert json.dumps("Hỏi thủ tục") in embed and '"http://testserver/chat"' in embed


def test_search_button_card_over_json(client: TestClient) -> None:
    client.get("/chat")
    results = say(client, 1, text="dang ky khai sinh")
    choices = results[-1]["choices"]
    assert isinstance(choices, list) and choices
    card = say(client, 2, payload=choices[0]["payload"])
    html = str(card[0]["html"])
    assert "Mã thủ tục:" in html and "<b>" in html and 'rel="noopener noreferrer"' in html
    # The same message id again (a resent request) is answered once.
    assert say(client, 2, payload=choices[0]["payload"]) == []


def test_typed_html_is_escaped(client: TestClient) -> None:
    client.get("/chat")
    html = str(say(client, 1, text="<img src=x onerror=alert(1)> khai sinh")[0]["html"])
    assert "<img" not in html and "&lt;img" in html


def test_a_forged_or_missing_session_is_refused(client: TestClient) -> None:
    response = client.post("/chat/api/message", json={"id": "m-1", "text": "khai sinh"})
    assert response.status_code == 403 and "tải lại trang" in response.json()["replies"][0]["html"]
    forged = SessionSigner("another-secret-of-at-least-32-characters!!").new()[1]
    client.cookies.set(COOKIE, forged)
    assert client.post("/chat/api/message", json={"id": "m-1", "text": "x y"}).status_code == 403


def test_header_session_works_without_cookies(client: TestClient) -> None:
    """Inside an iframe the browser may block the cookie; the page's header carries it."""
    token = client.get("/chat").cookies[COOKIE]
    client.cookies.clear()
    response = client.post("/chat/api/message", json={"id": "m-1", "text": "khai sinh"},
                           headers={HEADER: token})
    assert response.status_code == 200


def test_bad_bodies_say_what_is_wrong(client: TestClient) -> None:
    client.get("/chat")
    long = client.post("/chat/api/message", json={"id": "m-1", "text": "a" * 2001})
    assert long.status_code == 400 and "dài quá 2000 ký tự" in long.json()["replies"][0]["html"]
    form = client.post("/chat/api/message", data={"text": "x"})
    assert form.status_code == 415
    assert client.post("/chat/api/message", json={"text": "no id"}).status_code == 400


def test_per_session_limit(client: TestClient, sqlite_app: App) -> None:
    client.get("/chat")
    for number in range(8):
        say(client, number, text="/trogiup")
    over = client.post("/chat/api/message", json={"id": "m-99", "text": "/trogiup"})
    assert over.status_code == 429
    assert "Vui lòng đợi khoảng" in over.json()["replies"][0]["html"]
    # Another session is not affected.
    client.cookies.clear()
    client.get("/chat")
    say(client, 1, text="/trogiup")


def test_new_sessions_do_not_escape_the_limit_of_their_address(sqlite_app: App,
                                                               now: datetime) -> None:
    settings = sqlite_app.settings.model_copy(update={
        "web_chat_secret": SecretStr(SECRET), "web_chat_limit": 2})
    web = WebChat(sqlite_app.dispatcher, settings, clock=lambda: now)
    with TestClient(Starlette(routes=web.routes())) as fresh:
        for _session in range(10):  # 10 sessions x 2 messages: the address's 20
            fresh.cookies.clear()
            fresh.get("/chat")
            for number in range(2):
                say(fresh, number, text="/trogiup")
        fresh.cookies.clear()
        fresh.get("/chat")
        over = fresh.post("/chat/api/message", json={"id": "m-1", "text": "/trogiup"})
        assert over.status_code == 429
    with sqlite_app.engine.connect() as connection:
        from sqlalchemy import text

        keys = connection.execute(text(
            "SELECT key FROM rate_count WHERE subject = 'web_chat_address'")).scalars().all()
    assert keys and "testclient" not in keys  # a keyed hash, not the address


def test_a_web_session_never_joins_as_staff(client: TestClient, sqlite_app: App,
                                            now: datetime) -> None:
    with transaction(sqlite_app.sessions) as session:
        unit = create_unit(session, code="xa", name="Trung tâm xã", now=now)
        code, _ = create_invite(session, unit, Role.LEAD, now, timedelta(days=1))
    client.get("/chat")
    refusal = str(say(client, 1, text=f"/thamgia {code}")[0]["html"])
    assert "không dùng được mã mời" in refusal
    say(client, 2, text="/join")
    assert "không dùng được mã mời" in str(say(client, 3, text=code)[0]["html"])
    help_text = str(say(client, 4, text="/trogiup")[0]["html"])
    assert "/thamgia" not in help_text and "Việc của cán bộ" not in help_text
    assert "chỉ dành cho cán bộ" in str(say(client, 5, text="/hoso")[0]["html"])
    with transaction(sqlite_app.sessions) as session:
        users = session.exec(select(User).where(User.channel == "web")).all()
        assert users and all(u.role == Role.CITIZEN and u.unit_id is None for u in users)
    # The code is still unused: the same invite works on Telegram afterwards.
    with transaction(sqlite_app.sessions) as session:
        from models import Invite

        assert all(i.used_at is None for i in session.exec(select(Invite)).all())


def test_start_payload_from_a_qr_link(client: TestClient) -> None:
    client.get("/chat?start=tt_1_001193")
    card = str(say(client, 1, text="/start tt_1_001193")[0]["html"])
    assert "Mã thủ tục: 1.001193" in card


def test_dossier_lookup_on_the_web_offers_no_news_it_cannot_send(
        client: TestClient, sqlite_app: App, tmp_path: Path) -> None:
    """A web visitor may close the page: no «Báo cho tôi» button, and the answer says where
    news can be had instead. Telegram still offers it."""
    unit_id = make_unit(sqlite_app)
    assert run_import(sqlite_app, unit_id, portal_csv(tmp_path / "p.csv")).ok
    client.get("/chat")
    (reply,) = say(client, 1, text="/tracuu 000.00.53.H48-260302-0002")
    html = str(reply["html"])
    assert "Hồ sơ 000.00.53.H48-260302-0002" in html and "Tình trạng" in html
    # No subscription (news cannot reach the page); feedback about the dossier still can be
    # sent, and its answer read back by the ticket code.
    payloads = [c["payload"] for c in reply["choices"]]
    assert not any(p.startswith("theodoi") for p in payloads) and "trên bot Telegram" in html
    assert all(p.startswith("pa_start:") for p in payloads)
    assert "Báo cho tôi" not in html
    telegram = Chat(sqlite_app, NOW, channel="telegram")
    assert "Bấm «Báo cho tôi khi có kết quả»" in telegram.say(
        "/tracuu 000.00.53.H48-260302-0002", user="42")


def test_search_and_limit_on_every_backend(app: App, now: datetime) -> None:
    """PostgreSQL turns run off the event loop; the limit is the database's, shared."""
    settings = app.settings.model_copy(update={
        "web_chat_secret": SecretStr(SECRET), "web_chat_limit": 3})
    web = WebChat(app.dispatcher, settings, clock=lambda: now)
    assert web.inline == (app.engine.dialect.name == "sqlite")
    with TestClient(Starlette(routes=web.routes())) as test_client:
        test_client.get("/chat")
        choices = say(test_client, 1, text="đăng ký kết hôn")[-1]["choices"]
        assert isinstance(choices, list) and choices
        assert "Mã thủ tục" in str(say(test_client, 2, payload=choices[0]["payload"])[0]["html"])
        say(test_client, 3, text="/trogiup")
        over = test_client.post("/chat/api/message", json={"id": "m-4", "text": "/trogiup"})
        assert over.status_code == 429
