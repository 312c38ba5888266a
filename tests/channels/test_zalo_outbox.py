"""Zalo in one process against the fake OA API on 127.0.0.1: scheduled messages inside and
outside the reply window, a refused access token, a refused refresh."""

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import App, zalo_pace
from bot.channels import zalo_tokens, zalo_window
from bot.channels.zalo import ZaloError
from bot.channels.zalo_runner import ZaloChannel, build_zalo
from bot.core.messages import Recipient, RenderedReply
from bot.core.outbox import schedule
from bot.db import transaction
from bot.delivery import Deliverer
from models import Notification
from tests.virtual_time import VirtualTimer, together
from tests.zalo_fakes import APP_ID, APP_SECRET, FIRST_REFRESH, OA_SECRET, FakeZalo


@pytest.fixture
def fake() -> Iterator[FakeZalo]:
    with FakeZalo() as server:
        yield server


@pytest.fixture
async def zalo(sqlite_app: App, fake: FakeZalo, now: datetime) -> AsyncIterator[ZaloChannel]:
    sqlite_app.settings = sqlite_app.settings.model_copy(update={
        "zalo_app_id": APP_ID, "zalo_app_secret": SecretStr(APP_SECRET),
        "zalo_oa_secret_key": SecretStr(OA_SECRET),
        "zalo_refresh_token": SecretStr(FIRST_REFRESH),
        "zalo_api_base_url": fake.url, "zalo_oauth_base_url": fake.url})
    channel = build_zalo(sqlite_app)
    channel.messenger.clock = lambda: now
    yield channel
    await channel.close()


def opened(app: App, address: str, at: datetime) -> None:
    with app.engine.begin() as connection:
        zalo_window.opened(connection, address, at)


async def test_scheduled_messages_only_within_the_reply_window(
        sqlite_app: App, zalo: ZaloChannel, fake: FakeZalo, now: datetime) -> None:
    opened(sqlite_app, "wrote-yesterday", now - timedelta(hours=24))
    opened(sqlite_app, "wrote-last-week", now - timedelta(days=6))
    with transaction(sqlite_app.sessions) as session:
        for address in ("wrote-yesterday", "wrote-last-week", "never-wrote"):
            schedule(session, key=f"nag:{address}:2025-03-14",
                     recipient=Recipient("zalo", address), template="report/nag",
                     context={"day": "2025-03-14", "sector": "Tư pháp", "unit": "Xã A"},
                     due_at=now, now=now, kind="nag")
    timer = VirtualTimer(now)
    deliverer = Deliverer(sqlite_app.sessions, {"zalo": zalo.messenger},
                          paces={"zalo": zalo_pace(sqlite_app.settings)}, timer=timer,
                          worker="zalo-test")
    await together(timer, deliverer.run(until_idle=True))

    assert [m["body"]["recipient"]["user_id"] for m in fake.messages] == ["wrote-yesterday"]
    assert "14/03/2025" in fake.messages[0]["body"]["message"]["text"]
    assert fake.messages[0]["token"] == "AT-zalo-1"
    assert len(fake.refreshes) == 1 and fake.refreshes[0]["secret_key"] == APP_SECRET
    with transaction(sqlite_app.sessions) as session:
        rows = {r.address: r for r in session.exec(select(Notification)).scalars()}
    assert rows["wrote-yesterday"].sent_at is not None
    for address in ("wrote-last-week", "never-wrote"):
        row = rows[address]
        # Given up at once with the reason: never retried, listed for the lead's digest.
        assert row.failed_at is not None and row.attempts == 1, address
        assert row.last_error.startswith("Undeliverable: outside Zalo's reply window")


async def test_the_window_holds_a_fixed_number_of_messages(
        sqlite_app: App, zalo: ZaloChannel, fake: FakeZalo, now: datetime) -> None:
    opened(sqlite_app, "42", now - timedelta(hours=1))
    with sqlite_app.engine.begin() as connection:
        zalo_window.counted(connection, "42", 6)  # answers already sent
    await zalo.messenger.send("42", RenderedReply("một"))
    await zalo.messenger.send("42", RenderedReply("hai"))
    with pytest.raises(Exception, match="reply window") as refused:
        await zalo.messenger.send("42", RenderedReply("ba"))
    assert type(refused.value).__name__ == "Undeliverable"
    assert fake.texts("42") == ["một", "hai"]
    # The person writes again: a fresh window.
    opened(sqlite_app, "42", now)
    await zalo.messenger.send("42", RenderedReply("ba"))
    assert fake.texts("42") == ["một", "hai", "ba"]


async def test_a_refused_access_token_is_refreshed_once_and_the_call_repeated(
        sqlite_app: App, zalo: ZaloChannel, fake: FakeZalo, now: datetime) -> None:
    with sqlite_app.engine.begin() as connection:
        connection.execute(zalo_tokens._table.update().values(
            access_token="AT-revoked", expires_at=now + timedelta(hours=20)))
    await zalo.messenger.reply("42", RenderedReply("Xin chào"))
    assert [m["token"] for m in fake.messages] == ["AT-zalo-1"]
    assert [r["form"]["refresh_token"] for r in fake.refreshes] == [FIRST_REFRESH]
    with sqlite_app.engine.connect() as connection:
        stored = zalo_tokens.status(connection)
    assert stored.expires_at == now + timedelta(seconds=90000)
    assert stored.refreshed_at == now and stored.failed_at is None


async def test_a_refused_refresh_is_recorded_for_the_admin_without_the_token(
        sqlite_app: App, zalo: ZaloChannel, fake: FakeZalo, now: datetime,
        caplog: pytest.LogCaptureFixture) -> None:
    fake.valid_refresh = "RT-someone-else-used-it"
    with caplog.at_level(logging.INFO), pytest.raises(ZaloError, match="no access token"):
        await zalo.messenger.reply("42", RenderedReply("Xin chào"))
    assert fake.messages == []
    with sqlite_app.engine.connect() as connection:
        stored = zalo_tokens.status(connection)
    assert stored.failed_at == now
    assert stored.last_error == "error -14014: Invalid refresh token"
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and "refreshing the OA access token failed" in errors[0].getMessage()
    assert FIRST_REFRESH not in caplog.text and APP_SECRET not in caplog.text
    # An admin's new authorization mends it.
    fake.valid_refresh = "RT-new-authorization"
    with sqlite_app.engine.begin() as connection:
        zalo_tokens.replace_refresh_token(connection, "RT-new-authorization")
    await zalo.messenger.reply("42", RenderedReply("Xin chào"))
    assert fake.texts("42") == ["Xin chào"]
    with sqlite_app.engine.connect() as connection:
        assert zalo_tokens.status(connection).failed_at is None


async def test_users_the_oa_cannot_reach_are_undeliverable(
        sqlite_app: App, zalo: ZaloChannel, fake: FakeZalo, now: datetime) -> None:
    fake.message_errors = [-213]
    with pytest.raises(Exception, match="Zalo error -213") as refused:
        await zalo.messenger.reply("42", RenderedReply("Xin chào"))
    assert type(refused.value).__name__ == "Undeliverable"
    fake.message_errors = [-32]
    with pytest.raises(Exception) as limited:
        await zalo.messenger.reply("42", RenderedReply("Xin chào"))
    assert type(limited.value).__name__ == "RateLimited"
    fake.message_errors = [-201]
    with pytest.raises(ZaloError, match="Zalo error -201"):
        await zalo.messenger.reply("42", RenderedReply("Xin chào"))
