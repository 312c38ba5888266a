"""One incoming message -> one transaction -> replies. The same for every channel."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.core import dialogue_state
from bot.core.messages import Incoming, Reply
from bot.db import SessionFactory
from handlers.base import (
    Handler,
    Router,
    Services,
    Turn,
    allowed,
    command_parts,
    payload_parts,
)
from handlers.fallback import (
    explain_edit_ignored,
    explain_not_understood,
    explain_unknown_command,
    refuse,
)
from models import Role

log = logging.getLogger(__name__)

PICK = re.compile(r"^#?(\d{1,2})$")
ATTEMPTS = 3


class Dispatcher:
    """Routes each Incoming to a handler inside its own database transaction."""

    def __init__(self, sessions: SessionFactory, router: Router, services: Services) -> None:
        self.sessions = sessions
        self.engine: Engine = sessions.kw["bind"]
        self.router = router
        self.services = services

    def handle(self, msg: Incoming) -> list[Reply]:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with self.engine.begin() as connection:
                    return self._handle(connection, msg)
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

    def _handle(self, connection: Connection, msg: Incoming) -> list[Reply]:
        ttl = timedelta(hours=self.services.settings.conversation_ttl_hours)
        identity, state = dialogue_state.load(connection, msg, ttl)
        before = state.snapshot()
        turn = Turn(msg, connection, identity, state, self.services)
        replies = self._route(turn)
        turn.flush()  # ORM changes a handler made, in this same transaction
        shown = [r for r in replies if r.choices]
        if shown:
            state.choices = [c.payload for c in shown[-1].choices]
            state.choices_by_number = shown[-1].choices_by_number
        elif replies:
            state.choices = []
        # Only a changed dialogue is written: plain questions stay read-only and cheap.
        if state.snapshot() != before:
            dialogue_state.save(connection, msg, state)
        return replies

    def _route(self, turn: Turn) -> list[Reply]:
        if turn.msg.edited:
            for matcher, edit_route in self.router.edits:
                if matcher(turn):
                    return self._run(turn, edit_route.handler, edit_route.min_role)
            return explain_edit_ignored(turn)
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
            if matcher(turn):
                return self._run(turn, route.handler, route.min_role)
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

