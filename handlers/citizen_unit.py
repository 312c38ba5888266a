"""Which center a person is talking to: their own unit, else the configured default."""

from __future__ import annotations

from bot.core.units import UnitView
from handlers.base import Turn


def citizen_unit(turn: Turn) -> UnitView | None:
    """Staff see their unit; citizens see DEFAULT_UNIT, or the only unit there is.

    One small query per turn (the unit's revision); the unit itself and its hidden
    procedures come from the process-wide snapshot. This runs for every search.
    """
    if turn.identity.unit_id is not None:
        return turn.unit_view
    units, connection = turn.services.units, turn.connection
    code = turn.services.settings.default_unit
    if code:
        return turn.remember_view(("code", code), lambda: units.by_code(connection, code))
    return turn.remember_view("only", lambda: units.only(connection))
