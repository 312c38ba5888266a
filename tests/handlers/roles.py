"""One person per role in a center, for tests that try everything as everyone."""

from __future__ import annotations

from sqlmodel import select

from bot.db import transaction
from models import Role, Unit, User
from tests.chat import Chat
from tests.handlers.report_helpers import make_center

# Console address of a person holding each role (staff and lead come from make_center).
PEOPLE = {Role.CITIZEN: "citizen", Role.STAFF: "an", Role.LEAD: "lead", Role.ADMIN: "admin"}


def make_roles(chat: Chat) -> None:
    make_center(chat)
    with transaction(chat.app.sessions) as session:
        unit = session.exec(select(Unit)).one()
        session.add(User(channel="console", address="admin", role=Role.ADMIN.value,
                         unit_id=unit.id, created_at=chat.now, last_seen_at=chat.now))
