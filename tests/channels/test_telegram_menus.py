"""Telegram's "/" menu follows the person's role: the citizen's for every private chat at
start, the role's own in the chat of someone who joins, and through the outbox for someone
whose role a lead changes (real PTB objects, HTTP answered in memory)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from pydantic import SecretStr
from sqlmodel import select
from telegram import Update
from telegram.ext import Application

from bot.app import App
from bot.channels.telegram import TelegramMessenger, build_telegram, set_default_menu
from bot.core import members
from bot.core.menus import menu_for
from bot.core.people import create_invite, create_unit
from bot.db import transaction
from bot.delivery import Deliverer
from models import Role, User
from tests.telegram_fakes import RecordingRequest, text_update


@pytest.fixture
async def telegram(sqlite_app: App, now: datetime
                   ) -> AsyncIterator[tuple[Application, RecordingRequest]]:
    request = RecordingRequest()
    settings = sqlite_app.settings.model_copy(update={"telegram_token": SecretStr("123:ABC")})
    application, _ = build_telegram(settings, sqlite_app.dispatcher, request=request,
                                    with_updater=False, rate_limit=False, clock=lambda: now)
    async with application:
        yield application, request


def menus(request: RecordingRequest) -> list[tuple[Any, list[str]]]:
    """(scope, commands) of each setMyCommands call."""
    found = []
    for name, params in request.calls:
        if name == "setMyCommands":
            scope = params["scope"]
            scope = json.loads(scope) if isinstance(scope, str) else scope
            commands = params["commands"]
            commands = json.loads(commands) if isinstance(commands, str) else commands
            found.append((scope, [c["command"] for c in commands]))
    return found


async def test_every_private_chat_starts_with_the_citizens_menu(telegram) -> None:
    application, request = telegram
    await set_default_menu(application.bot, menu_for(Role.CITIZEN))
    [(scope, commands)] = menus(request)
    assert scope == {"type": "all_private_chats"}
    assert commands == [i.command for i in menu_for(Role.CITIZEN)] and "bc" not in commands


async def test_joining_sets_the_roles_menu_in_that_chat(telegram, sqlite_app: App,
                                                       now: datetime) -> None:
    application, request = telegram
    with transaction(sqlite_app.sessions) as session:
        unit = create_unit(session, code="tg", name="Trung tâm phường Một", now=now)
        code, _ = create_invite(session, unit, Role.STAFF, now, timedelta(days=1))
    await application.process_update(
        Update.de_json(text_update(1, 43, f"/thamgia {code}"), application.bot))
    [(scope, commands)] = menus(request)
    assert scope == {"type": "chat", "chat_id": 43}
    assert commands[0] == "bc" and "canbo" not in commands


async def test_a_role_changed_by_a_lead_reaches_the_persons_menu_once(
        telegram, sqlite_app: App, now: datetime) -> None:
    application, request = telegram
    with transaction(sqlite_app.sessions) as session:
        unit = create_unit(session, code="tg", name="Trung tâm phường Một", now=now)
        person = User(channel="telegram", address="44", role=Role.STAFF.value, unit_id=unit.id,
                      sector="xa", sectors=["xa"], created_at=now, last_seen_at=now)
        session.add(person)
        session.flush()
        assert unit.id is not None and person.id is not None
        members.set_role(session, unit.id, person.id, Role.LEAD, by=None, now=now)
    deliverer = Deliverer(sqlite_app.sessions, {"telegram": TelegramMessenger(application)},
                          worker="w1", composers=sqlite_app.composers)
    await deliverer.tick(now)
    await deliverer.tick(now + timedelta(minutes=5))
    [(scope, commands)] = menus(request)
    assert scope == {"type": "chat", "chat_id": 44} and "canbo" in commands
    [note] = request.sent()
    assert note["chat_id"] == 44 and "lãnh đạo" in note["text"]
    with transaction(sqlite_app.sessions) as session:
        assert session.exec(select(User.role).where(User.address == "44")).one() == "lead"
