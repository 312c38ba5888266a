"""The demo unit a newcomer gets from `motcua demo`: a center, a staff and a lead account."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from bot.core.people import create_invite, create_unit, find_unit
from models import Role, User

DEMO_UNIT = "demo"
DEMO_STAFF = "canbo"
DEMO_LEAD = "lanhdao"


def _ensure_member(session: Session, address: str, role: Role, unit_id: int, now: datetime) -> None:
    user = session.exec(
        select(User).where(User.channel == "console", User.address == address)
    ).first()
    if user is None:
        user = User(channel="console", address=address, created_at=now, last_seen_at=now)
        session.add(user)
    user.role = role.value
    user.unit_id = unit_id
    user.sector = "xa"
    user.sectors = ["xa"]


def seed_demo(session: Session, now: datetime, invite_ttl: timedelta) -> dict[str, object]:
    """Idempotent: re-running keeps the unit and accounts, and prints a fresh invite code."""
    unit = find_unit(session, DEMO_UNIT) or create_unit(
        session, code=DEMO_UNIT, name="Trung tâm Phục vụ hành chính công xã Demo",
        province="Tỉnh Demo", now=now,
    )
    assert unit.id is not None
    _ensure_member(session, DEMO_STAFF, Role.STAFF, unit.id, now)
    _ensure_member(session, DEMO_LEAD, Role.LEAD, unit.id, now)
    code, _ = create_invite(session, unit, Role.STAFF, now, invite_ttl)
    return {
        "unit_name": unit.name,
        "staff": DEMO_STAFF,
        "lead": DEMO_LEAD,
        "citizen": "nguoidan",
        "invite_code": code,
    }
