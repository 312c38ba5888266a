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
    sectors: list[str] | str | None = None,
) -> tuple[str, Invite]:
    """A fresh one-time code; only its hash is stored, so the code is returned once.
    `sectors`: what the person will report for (none: the commune's own desk); one sector
    may be given as a plain string, as before several were allowed."""
    if isinstance(sectors, str):
        sectors = [sectors]
    code = new_code()
    assert unit.id is not None
    invite = Invite(
        code_hash=hash_code(code),
        unit_id=unit.id,
        role=role.value,
        sectors=list(sectors or []),
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(invite)
    session.flush()
    return code, invite


# Channels whose people are anonymous sessions, always citizens (bot/channels/web_chat.py).
ANONYMOUS_CHANNELS = frozenset({"web"})


class JoinOutcome(StrEnum):
    JOINED = "joined"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"
    MALFORMED = "malformed"
    # The channel has no identity behind a session (the web chat): nobody joins from it.
    ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class JoinResult:
    outcome: JoinOutcome
    unit: Unit | None = None
    role: Role | None = None


def redeem_invite(session: Session, user: User, code: str, now: datetime) -> JoinResult:
    """Make `user` a member of the invite's unit with its role, if the code is good.

    Never from an anonymous channel: anyone who gets hold of a web chat session (a shared
    computer, a copied cookie) would hold the staff role with it. Refused before the code is
    even looked at, so the web cannot be used to test codes either.
    """
    if user.channel in ANONYMOUS_CHANNELS:
        return JoinResult(JoinOutcome.ANONYMOUS)
    if len(normalize_code(code)) != CODE_LENGTH:
        return JoinResult(JoinOutcome.MALFORMED)
    invite = session.exec(
        select(Invite).where(Invite.code_hash == hash_code(code)).with_for_update()
    ).first()
    if invite is None:
        return JoinResult(JoinOutcome.UNKNOWN)
    if invite.used_at is not None:
        return JoinResult(JoinOutcome.USED)
    if invite.revoked_at is not None:
        return JoinResult(JoinOutcome.REVOKED)
    if invite.expires_at <= now:
        return JoinResult(JoinOutcome.EXPIRED)
    unit = session.get(Unit, invite.unit_id)
    invite.used_at = now
    invite.used_by = user.id
    user.unit_id = invite.unit_id
    user.role = invite.role
    if invite.sectors:
        user.sectors = list(invite.sectors)
        user.sector = invite.sectors[0]
    return JoinResult(JoinOutcome.JOINED, unit, Role(invite.role))


class InviteState(StrEnum):
    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"


def invite_state(invite: Invite, now: datetime) -> InviteState:
    if invite.used_at is not None:
        return InviteState.USED
    if invite.revoked_at is not None:
        return InviteState.REVOKED
    return InviteState.EXPIRED if invite.expires_at <= now else InviteState.OPEN


def list_invites(
    session: Session, unit_id: int, now: datetime, *, everything: bool = False
) -> list[tuple[Invite, InviteState]]:
    """The unit's invites, newest first; by default only those still usable."""
    found = session.exec(select(Invite).where(Invite.unit_id == unit_id)
                         .order_by(Invite.id.desc()))  # type: ignore[union-attr]
    rows = [(invite, invite_state(invite, now)) for invite in found]
    return rows if everything else [r for r in rows if r[1] is InviteState.OPEN]


def revoke_invite(
    session: Session, unit_id: int, invite_id: int, now: datetime
) -> Invite | InviteState | None:
    """Withdraw an unused code. None when the unit has no such invite; its state when it
    was already used or revoked (nothing changes then)."""
    invite = session.get(Invite, invite_id)
    if invite is None or invite.unit_id != unit_id:
        return None
    state = invite_state(invite, now)
    if state in (InviteState.USED, InviteState.REVOKED):
        return state
    invite.revoked_at = now
    return invite
