"""The people of a unit: list them, change a role or sectors, remove someone who left.

Every change is one `member_change` row (who, when, old, new). A removed person becomes a
citizen with no unit: the dispatcher reads the role with every message, so access ends at
their next message; their past figures keep their name (the user row stays).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection, select
from sqlmodel import Session

from bot.core.menus import schedule_menu
from bot.core.reporting.desk import given_sectors
from models import MemberChange, Role, User

_users = User.__table__  # type: ignore[attr-defined]
MEMBER_ROLES = (Role.STAFF.value, Role.LEAD.value, Role.ADMIN.value)
ROLE_ORDER = {Role.ADMIN: 0, Role.LEAD: 1, Role.STAFF: 2, Role.CITIZEN: 3}


@dataclass(frozen=True)
class Member:
    """What a lead needs to know about a colleague: no phone, no chat address."""

    id: int
    name: str
    role: Role
    sectors: tuple[str, ...]
    last_seen_at: datetime


def list_members(connection: Connection, unit_id: int) -> list[Member]:
    rows = connection.execute(
        select(_users.c.id, _users.c.display_name, _users.c.role, _users.c.sectors,
               _users.c.sector, _users.c.last_seen_at)
        .where(_users.c.unit_id == unit_id, _users.c.role.in_(MEMBER_ROLES))
        .order_by(_users.c.id)
    )
    members = [Member(r.id, r.display_name, Role(r.role), given_sectors(r.sectors, r.sector),
                      r.last_seen_at) for r in rows]
    return sorted(members, key=lambda m: (ROLE_ORDER[m.role], m.name.lower(), m.id))


def find_member(connection: Connection, unit_id: int, user_id: int) -> Member | None:
    return next((m for m in list_members(connection, unit_id) if m.id == user_id), None)


class Refusal(StrEnum):
    """Why a change was not made; each has a sentence in templates."""

    NOT_MEMBER = "not_member"
    SELF = "self"
    ABOVE = "above"  # a lead may not change an admin
    BAD_SECTOR = "bad_sector"
    NO_SECTOR = "no_sector"  # staff keep at least one sector; remove them instead
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Done:
    field: str
    old: str
    new: str


def _target(
    session: Session, unit_id: int, user_id: int, by: User | None
) -> User | Refusal:
    user = session.get(User, user_id)
    if user is None or user.unit_id != unit_id or user.role not in MEMBER_ROLES:
        return Refusal.NOT_MEMBER
    if by is not None:
        if by.id == user.id:
            return Refusal.SELF
        if user.role == Role.ADMIN and by.role != Role.ADMIN:
            return Refusal.ABOVE
    return user


def _audit(session: Session, user: User, by: User | None, now: datetime, done: Done) -> Done:
    assert user.id is not None and user.unit_id is not None
    session.add(MemberChange(unit_id=user.unit_id, user_id=user.id,
                             changed_by=by.id if by else None, changed_at=now,
                             field=done.field, old_value=done.old, new_value=done.new))
    return done


def set_role(
    session: Session, unit_id: int, user_id: int, role: Role, *, by: User | None,
    now: datetime,
) -> Done | Refusal:
    """`by` is the lead doing it in chat, None for the admin's command line."""
    user = _target(session, unit_id, user_id, by)
    if isinstance(user, Refusal):
        return user
    if role == Role.ADMIN and by is not None and by.role != Role.ADMIN:
        return Refusal.ABOVE
    if user.role == role.value:
        return Refusal.UNCHANGED
    done = Done("role", user.role, role.value)
    user.role = role.value
    schedule_menu(session, user, now)
    return _audit(session, user, by, now, done)


def set_sectors(
    session: Session, unit_id: int, user_id: int, sectors: list[str], unit_sectors: list[str],
    *, by: User | None, now: datetime,
) -> Done | Refusal:
    """Replace the sectors a person may report; the first becomes the one reminded about
    unless their usual sector is still among them."""
    user = _target(session, unit_id, user_id, by)
    if isinstance(user, Refusal):
        return user
    sectors = list(dict.fromkeys(sectors))
    if any(s not in unit_sectors for s in sectors):
        return Refusal.BAD_SECTOR
    if not sectors and user.role == Role.STAFF.value:
        return Refusal.NO_SECTOR
    before = list(given_sectors(user.sectors, user.sector))
    if sectors == before:
        return Refusal.UNCHANGED
    done = Done("sectors", ",".join(before), ",".join(sectors))
    user.sectors = sectors  # a new list: JSON columns notice reassignment only
    if user.sector not in sectors:
        user.sector = sectors[0] if sectors else None
    return _audit(session, user, by, now, done)


def remove(
    session: Session, unit_id: int, user_id: int, *, by: User | None, now: datetime
) -> Done | Refusal:
    """The person leaves the unit: citizen again, no sectors, no reminders."""
    user = _target(session, unit_id, user_id, by)
    if isinstance(user, Refusal):
        return user
    done = _audit(session, user, by, now, Done("removed", user.role, ""))
    user.role, user.unit_id = Role.CITIZEN.value, None
    user.sector, user.sectors, user.nag_paused_until = None, [], None
    schedule_menu(session, user, now)
    return done
