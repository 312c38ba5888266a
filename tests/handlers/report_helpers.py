"""Set-up for report tests: a unit with staff in sectors and a lead."""

from __future__ import annotations

from bot.core.people import create_unit
from bot.db import transaction
from models import Role, User
from tests.chat import Chat

STAFF = {"an": "xa", "binh": "ca", "chi": "dd"}


def make_center(chat: Chat, sectors: tuple[str, ...] = ("xa", "ca", "dd")) -> int:
    with transaction(chat.app.sessions) as session:
        unit = create_unit(session, code="hb", name="Trung tâm xã Hoà Bình", now=chat.now,
                           sectors=list(sectors))
        for address, sector in STAFF.items():
            if sector in sectors:
                session.add(User(channel="console", address=address, role=Role.STAFF.value,
                                 unit_id=unit.id, sector=sector, sectors=[sector],
                                 created_at=chat.now, last_seen_at=chat.now))
        session.add(User(channel="console", address="lead", role=Role.LEAD.value,
                         unit_id=unit.id, created_at=chat.now, last_seen_at=chat.now))
        assert unit.id is not None
        return unit.id
