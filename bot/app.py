"""Composition root: settings -> engine -> schema -> services -> dispatcher. Nothing at import."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta

from sqlalchemy import Engine

from bot import log_redaction
from bot.core.catalog import load_records
from bot.core.clock import utcnow
from bot.core.dossiers.rules import seed_cutoffs
from bot.core.dossiers.warnings import DeadlineDigest, DeadlineEscalation, DeadlineWarning
from bot.core.feedback.planners import FeedbackEscalation, FeedbackWarning
from bot.core.menus import MenuMessage
from bot.core.messages import Messenger
from bot.core.outbox.pace import Pace
from bot.core.procedures import SHIPPED_CATALOG, Catalog, catalog_is_empty, import_records
from bot.core.reporting import load_elements
from bot.core.reporting.elements import DEFAULT_PATH as DEFAULT_ELEMENTS
from bot.core.reporting.reminders import LeadDigest, StaffNag
from bot.core.summaries.compose import IssuedSummary, MissingReminder
from bot.core.summaries.sending import PeriodReminder, SummaryIssue
from bot.db import SessionFactory, make_engine, make_session_factory, transaction, upgrade
from bot.delivery import Composer, Deliverer
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
    composers: dict[str, Composer] = field(default_factory=dict)

    def renderer(self, channel: str) -> Renderer:
        return Renderer(channel)

    def deliverer(self, messengers: Mapping[str, Messenger],
                  paces: Mapping[str, Pace] | None = None) -> Deliverer:
        """The outbox's sender for these channels, with the planners and the settings' knobs."""
        s = self.settings
        return Deliverer(self.sessions, messengers, self.planners, paces=paces,
                         composers=self.composers,
                         lease=timedelta(seconds=s.outbox_lease_seconds),
                         batch_size=s.outbox_batch_size, max_attempts=s.outbox_max_attempts,
                         idle=timedelta(seconds=s.outbox_idle_seconds))


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Secrets masked and library records reduced to sizes at any level (bot/log_redaction.py).
    log_redaction.install([settings.telegram_token.get_secret_value(),
                           settings.webhook_secret.get_secret_value(),
                           settings.web_chat_secret.get_secret_value(),
                           settings.zalo_app_secret.get_secret_value(),
                           settings.zalo_oa_secret_key.get_secret_value(),
                           settings.zalo_refresh_token.get_secret_value()])
    # httpx logs every request URL, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def load_shipped_catalog(sessions: SessionFactory) -> None:
    """First start: the shipped catalog goes in without anyone running a command."""
    with transaction(sessions) as session:
        if not catalog_is_empty(session):
            return
        result = load_records(SHIPPED_CATALOG)
        if not result.ok:  # a packaging error, not something an operator can fix
            raise RuntimeError(f"shipped catalog is invalid: {result.errors[:3]}")
        import_records(session, result.records, now=utcnow(), source=SHIPPED_CATALOG.name,
                       excluded_fields=())


def build_app(
    settings: Settings | None = None, *, migrate: bool = True, catalog: Catalog | None = None
) -> App:
    settings = settings or Settings()
    engine = make_engine(settings.effective_database_url)
    if migrate:
        upgrade(engine)
    sessions = make_session_factory(engine)
    catalog = catalog or Catalog(settings.excluded_fields)
    if migrate:
        load_shipped_catalog(sessions)
        with transaction(sessions) as session:  # once: the cut-offs the catalog's text states
            seed_cutoffs(session.connection(), utcnow())
    elements = load_elements(settings.report_elements_file or DEFAULT_ELEMENTS)
    services = Services(settings=settings, catalog=catalog, elements=elements)
    dispatcher = Dispatcher(sessions, build_router(), services)
    return App(settings, engine, sessions, services, dispatcher, planners(settings, services),
               composers(services))


def planners(settings: Settings, services: Services) -> list[Planner]:
    """Everything the scheduler plans (bot/core/outbox/planning.py); idempotent by key."""
    return [
        StaffNag(services.elements, time.fromisoformat(settings.nag_time)),
        LeadDigest(services.elements, time.fromisoformat(settings.lead_digest_time)),
        *dossier_planners(settings, services),
        FeedbackWarning(time.fromisoformat(settings.feedback_warn_at),
                        settings.feedback_warn_days),
        FeedbackEscalation(time.fromisoformat(settings.feedback_warn_at),
                           settings.feedback_escalate_days),
        SummaryIssue(time.fromisoformat(settings.summary_send_at)),
        PeriodReminder(time.fromisoformat(settings.period_reminder_at)),
    ]


def composers(services: Services) -> dict[str, Composer]:
    """Kinds whose message is built when it is sent (bot/delivery.py `Composer`)."""
    return {"menu": MenuMessage(),
            "summary": IssuedSummary(services.elements),
            "period_nag": MissingReminder(services.elements)}


def dossier_planners(settings: Settings, services: Services) -> list[Planner]:
    """The deadline warnings of the dossier register."""
    warn_at = time.fromisoformat(settings.dossier_warn_at)
    days = settings.dossier_due_soon_days
    return [
        DeadlineWarning(warn_at, "morning", days),
        DeadlineWarning(time.fromisoformat(settings.dossier_check_at), "check", days),
        DeadlineDigest(services.elements, warn_at, days),
        DeadlineEscalation(warn_at),
    ]


def telegram_pace(settings: Settings) -> Pace:
    return Pace(settings.telegram_send_rate,
                timedelta(seconds=settings.telegram_chat_interval_seconds))


def zalo_pace(settings: Settings) -> Pace:
    """Zalo counts requests per minute for the whole app; one chat at most one a second."""
    return Pace(settings.zalo_send_per_minute / 60, timedelta(seconds=1))
