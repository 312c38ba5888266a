"""Which center a person is talking to: their own unit, else the configured default."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from handlers.base import Turn
from models import Unit


def citizen_unit(turn: Turn) -> Unit | None:
    """Staff see their unit; citizens see DEFAULT_UNIT, or the only unit there is."""
    if turn.identity.unit_id is not None:
        return turn.unit
    session = turn.session
    code = turn.services.settings.default_unit
    if code:
        return session.exec(select(Unit).where(Unit.code == code)).first()
    if session.scalar(select(func.count()).select_from(Unit)) == 1:
        return session.exec(select(Unit)).first()
    return None
