"""Which center a person is talking to: their own unit, else the configured default."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from handlers.base import Turn
from models import Unit

_units = Unit.__table__  # type: ignore[attr-defined]
_BY_CODE = select(_units.c.id).where(_units.c.code == bindparam("code"))
_FIRST_TWO = select(_units.c.id).limit(2)


def citizen_unit_id(turn: Turn) -> int | None:
    """Staff see their unit; citizens see DEFAULT_UNIT, or the only unit there is.

    Plain SQL on the turn's connection: this runs for every search.
    """
    if turn.identity.unit_id is not None:
        return turn.identity.unit_id
    code = turn.services.settings.default_unit
    if code:
        return turn.connection.execute(_BY_CODE, {"code": code}).scalar()
    ids = turn.connection.execute(_FIRST_TWO).scalars().all()
    return ids[0] if len(ids) == 1 else None


def citizen_unit(turn: Turn) -> Unit | None:
    unit_id = citizen_unit_id(turn)
    return turn.session.get(Unit, unit_id) if unit_id is not None else None
