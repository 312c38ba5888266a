"""What every dossier dialogue needs: the unit's register context for this turn."""

from __future__ import annotations

from bot.core.dossiers import RegisterContext, load_context
from handlers.base import Turn


def register_context(turn: Turn, unit_id: int) -> RegisterContext:
    """The unit's zone, hours, calendar and cut-offs, with the catalog as of this turn."""
    procedures = turn.services.catalog.snapshot(turn.connection, turn.now).procedures
    return load_context(turn.connection, unit_id, turn.services.settings.dossier_options,
                        procedures)
