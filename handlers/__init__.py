"""Channel-neutral dialogue: one module per thing a person wants to do."""

from __future__ import annotations

from handlers import browse, join, lookup, start, unit_procedures
from handlers.base import Router


def build_router() -> Router:
    """Every route the bot knows; free-text routes are tried in registration order."""
    router = Router()
    for module in (start, join, lookup, browse, unit_procedures):
        module.register(router)
    lookup.register_fallback(router)  # any other text is a search, so it goes last
    return router
