"""One incoming message -> one transaction -> replies. The same for every channel."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import timedelta

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy import and_, bindparam
from sqlmodel import Session, select

from bot.core.messages import Incoming, Reply
from bot.core.people import touch_user
from bot.db import SessionFactory, transaction
from handlers.base import (
    Handler,
    Router,
    Services,
    Turn,
    allowed,
    command_parts,
    payload_parts,
)
from handlers.fallback import explain_not_understood, explain_unknown_command, refuse
from models import Conversation, Role, User

log = logging.getLogger(__name__)

# Built once: composing SQLAlchemy expressions per message costs more than running them.
_LOAD = (
    select(User, Conversation)
    .outerjoin(
        Conversation,
        and_(Conversation.channel == User.channel, Conversation.address == User.address),
    )
    .where(User.channel == bindparam("channel"), User.address == bindparam("address"))
)
PICK = re.compile(r"^#?(\d{1,2})$")
ATTEMPTS = 3


class Dispatcher:
    """Routes each Incoming to a handler inside its own database transaction."""

    def __init__(self, sessions: SessionFactory, router: Router, services: Services) -> None:
        self.sessions = sessions
        self.router = router
        self.services = services

    def handle(self, msg: Incoming) -> list[Reply]:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with transaction(self.sessions) as session:
                    return self._handle(session, msg)
            except (IntegrityError, OperationalError) as exc:
                # Two processes creating the same user/conversation row, or SQLite busy: retry.
                if attempt == ATTEMPTS:
                    log.exception("giving up on a message from %s/%s", msg.channel, msg.sender)
                    return [Reply("common/internal_error")]
                log.warning("retrying a message after %s", type(exc).__name__)
            except Exception:
                log.exception("handler failed for a message from %s/%s", msg.channel, msg.sender)
                return [Reply("common/internal_error")]
        raise AssertionError("unreachable")

    def _handle(self, session: Session, msg: Incoming) -> list[Reply]:
        user, conversation = self._load(session, msg)
        user = touch_user(session, msg, user)
        before = _state(conversation)
        turn = Turn(msg, session, user, conversation, self.services)
        replies = self._route(turn)
        shown = [r for r in replies if r.choices]
        if shown:
            conversation.choices = [c.payload for c in shown[-1].choices]
            conversation.choices_by_number = shown[-1].choices_by_number
        elif replies and conversation.choices:
            # Assign only on change: a JSON column counts any assignment as a write.
            conversation.choices = []
        # Only a changed dialogue state is written: plain questions stay read-only and cheap.
        if _state(conversation) != before:
            conversation.updated_at = msg.now
        return replies

    def _load(self, session: Session, msg: Incoming) -> tuple[User | None, Conversation]:
        """The sender's user and conversation rows in one round trip."""
        row = session.exec(
            _LOAD, params={"channel": msg.channel, "address": msg.sender}
        ).first()
        user, conversation = row if row is not None else (None, None)
        if conversation is None:
            # Created once, with the user, so later messages find it in the same query.
            conversation = Conversation(channel=msg.channel, address=msg.sender, updated_at=msg.now)
            session.add(conversation)
        ttl = timedelta(hours=self.services.settings.conversation_ttl_hours)
        if conversation.flow and msg.now - conversation.updated_at > ttl:
            conversation.flow, conversation.step, conversation.data = None, None, {}
        return user, conversation

    def _route(self, turn: Turn) -> list[Reply]:
        payload = turn.msg.payload or self._picked(turn)
        if payload:
            prefix, _ = payload_parts(payload)
            route = self.router.payloads.get(prefix)
            if route is None:
                return explain_not_understood(turn)
            return self._run(turn, route.handler, route.min_role, payload=payload)
        if turn.text.startswith("/"):
            name, _ = command_parts(turn.text)
            route = self.router.commands.get(name)
            if route is None:
                return explain_unknown_command(turn)
            return self._run(turn, route.handler, route.min_role)
        flow = turn.conversation.flow
        if flow and flow in self.router.flows:
            route = self.router.flows[flow]
            return self._run(turn, route.handler, route.min_role)
        for matcher, route in self.router.text_routes:
            if allowed(turn.role, route.min_role) and matcher(turn):
                return route.handler(turn)
        return explain_not_understood(turn)

    def _picked(self, turn: Turn) -> str | None:
        """A typed button number ("2", or "#2" while a form wants numbers) -> its payload."""
        match = PICK.match(turn.text)
        choices = turn.conversation.choices
        if not match or not choices:
            return None
        if not turn.text.startswith("#") and not turn.conversation.choices_by_number:
            return None
        index = int(match.group(1)) - 1
        return choices[index] if 0 <= index < len(choices) else None

    @staticmethod
    def _run(
        turn: Turn, handler: Handler, min_role: Role, payload: str | None = None
    ) -> list[Reply]:
        if not allowed(turn.role, min_role):
            return refuse(turn)
        if payload is not None and turn.msg.payload != payload:
            # A typed number stands for the button: handlers only ever look at the payload.
            turn.msg = replace(turn.msg, payload=payload, text="")
        return handler(turn)


def _state(conversation: Conversation) -> tuple[object, ...]:
    return (
        conversation.flow,
        conversation.step,
        repr(conversation.data),
        tuple(conversation.choices),
        conversation.choices_by_number,
    )
