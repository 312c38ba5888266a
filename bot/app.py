"""Composition root: settings -> engine -> schema -> services -> dispatcher. Nothing at import."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine

from bot.db import SessionFactory, make_engine, make_session_factory, upgrade
from bot.dispatch import Dispatcher
from bot.rendering import Renderer
from bot.scheduler import Planner
from bot.settings import Settings
from handlers import build_router
from handlers.base import Services


@dataclass
class App:
    settings: Settings
    engine: Engine
    sessions: SessionFactory
    services: Services
    dispatcher: Dispatcher
    planners: list[Planner] = field(default_factory=list)

    def renderer(self, channel: str) -> Renderer:
        return Renderer(channel)


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request URL, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def build_app(settings: Settings | None = None, *, migrate: bool = True) -> App:
    settings = settings or Settings()
    engine = make_engine(settings.effective_database_url)
    if migrate:
        upgrade(engine)
    sessions = make_session_factory(engine)
    services = Services(settings=settings)
    dispatcher = Dispatcher(sessions, build_router(), services)
    return App(settings, engine, sessions, services, dispatcher)
