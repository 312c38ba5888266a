"""Units, users and invites: who someone is and what they may do."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, select

from models import Invite, Role, Unit, User

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
DEFAULT_SECTORS = ["xa", "ca", "qs", "dd", "bhxh"]


def hash_code(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


class UnitExists(Exception):
    """A unit with that code is already there."""


def create_unit(
    session: Session,
    *,
    code: str,
    name: str,
    now: datetime,
    province: str = "",
    timezone: str = "Asia/Ho_Chi_Minh",
    sectors: list[str] | None = None,
) -> Unit:
    if session.exec(select(Unit).where(Unit.code == code)).first() is not None:
        raise UnitExists(code)
    unit = Unit(
        code=code,
        name=name,
        province=province,
        timezone=timezone,
        sectors=list(sectors or DEFAULT_SECTORS),
        created_at=now,
    )
    session.add(unit)
    session.flush()
    return unit


def find_unit(session: Session, code: str) -> Unit | None:
    return session.exec(select(Unit).where(Unit.code == code)).first()


def create_invite(
    session: Session,
    unit: Unit,
    role: Role,
    now: datetime,
    ttl: timedelta,
    sector: str | None = None,
) -> tuple[str, Invite]:
    """A fresh one-time code; only its hash is stored, so the code is returned once."""
    code = new_code()
    assert unit.id is not None
    invite = Invite(
        code_hash=hash_code(code),
        unit_id=unit.id,
        role=role.value,
        sector=sector,
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(invite)
    session.flush()
    return code, invite


class JoinOutcome(StrEnum):
    JOINED = "joined"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    MALFORMED = "malformed"


@dataclass(frozen=True)
class JoinResult:
    outcome: JoinOutcome
    unit: Unit | None = None
    role: Role | None = None


def redeem_invite(session: Session, user: User, code: str, now: datetime) -> JoinResult:
    """Make `user` a member of the invite's unit with its role, if the code is good."""
    if len(normalize_code(code)) != CODE_LENGTH:
        return JoinResult(JoinOutcome.MALFORMED)
    invite = session.exec(
        select(Invite).where(Invite.code_hash == hash_code(code)).with_for_update()
    ).first()
    if invite is None:
        return JoinResult(JoinOutcome.UNKNOWN)
    if invite.used_at is not None:
        return JoinResult(JoinOutcome.USED)
    if invite.expires_at <= now:
        return JoinResult(JoinOutcome.EXPIRED)
    unit = session.get(Unit, invite.unit_id)
    invite.used_at = now
    invite.used_by = user.id
    user.unit_id = invite.unit_id
    user.role = invite.role
    if invite.sector:
        user.sector = invite.sector
    return JoinResult(JoinOutcome.JOINED, unit, Role(invite.role))
