"""Channel-neutral dialogue: one module per thing a person wants to do."""

from __future__ import annotations

from handlers import join, start
from handlers.base import Router


def build_router() -> Router:
    """Every route the bot knows, registered in priority order."""
    router = Router()
    for module in (start, join):
        module.register(router)
    return router
