"""One incoming message -> one transaction -> replies. The same for every channel."""

from __future__ import annotations

import logging
import re
import traceback
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.core import deliveries, dialogue_state
from bot.core.messages import Choice, Incoming, Reply
from bot.db import SessionFactory
from handlers.base import (
    Handler,
    Route,
    Router,
    Services,
    Turn,
    allowed,
    bounded_int,
    command_parts,
    payload_parts,
)
from handlers.fallback import (
    explain_edit_ignored,
    explain_not_understood,
    explain_outdated,
    explain_text_only,
    explain_unknown_command,
    refuse,
)
from models import Role

log = logging.getLogger(__name__)

PICK = re.compile(r"^#?(\d{1,2})$")
ATTEMPTS = 3
# A button acting on the dialogue goes out as "form:skip@12": the payload, then the version
# of the dialogue it was shown for.
VERSION_MARK = "@"


def stamp(payload: str, version: int) -> str:
    return f"{payload}{VERSION_MARK}{version}"


def unstamp(payload: str) -> tuple[str, int | None]:
    """'form:skip@12' -> ('form:skip', 12); no mark (or a mangled one) -> version None."""
    bare, mark, version = payload.rpartition(VERSION_MARK)
    if not mark:
        return payload, None
    return bare, bounded_int(version)


class Dispatcher:
    """Routes each Incoming to a handler inside its own database transaction."""

    def __init__(self, sessions: SessionFactory, router: Router, services: Services) -> None:
        self.sessions = sessions
        self.engine: Engine = sessions.kw["bind"]
        self.router = router
        self.services = services
        self._next_prune: datetime | None = None

    def handle(self, msg: Incoming) -> list[Reply]:
        """The replies to send; none when this delivery was already handled."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with self.engine.begin() as connection:
                    return self._handle(connection, msg)
            except (IntegrityError, OperationalError) as exc:
                # Two processes creating the same user/conversation row, or SQLite busy: retry.
                if attempt == ATTEMPTS:
                    _log_failure("giving up on a message", msg, exc)
                    return [Reply("common/internal_error")]
                log.warning("retrying a message after %s", type(exc).__name__)
            except Exception as exc:
                _log_failure("handler failed", msg, exc)
                return [Reply("common/internal_error")]
        raise AssertionError("unreachable")

    def _handle(self, connection: Connection, msg: Incoming) -> list[Reply]:
        if msg.delivery_id:
            # First statement of the transaction: a duplicate stops here, and a crash below
            # rolls the mark back so the channel's redelivery is handled.
            if not deliveries.claim(connection, msg.delivery_id, msg.now):
                log.info("delivery %s was handled before; skipped", msg.delivery_id)
                return []
            if self._next_prune is None or msg.now >= self._next_prune:
                self._next_prune = msg.now + deliveries.PRUNE_EVERY
                deliveries.prune(connection, msg.now)
        ttl = timedelta(hours=self.services.settings.conversation_ttl_hours)
        identity, state = dialogue_state.load(connection, msg, ttl)
        before, dialogue_before = state.snapshot(), state.dialogue()
        turn = Turn(msg, connection, identity, state, self.services)
        replies = self._route(turn)
        turn.flush()  # ORM changes a handler made, in this same transaction
        if state.dialogue() != dialogue_before:
            state.version += 1  # buttons shown before this turn no longer act on the dialogue
        replies = [self._stamped(reply, state.version) for reply in replies]
        if replies:
            # A typed number means a button under the last message, and only that one.
            last = replies[-1]
            state.choices = [c.payload for c in last.choices]
            if last.choices:
                state.choices_by_number = last.choices_by_number
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
            return self._press(turn, payload)
        if turn.msg.attachments and not turn.text.startswith("/"):
            for matcher, file_route in self.router.files:
                if matcher(turn):
                    return self._run(turn, file_route.handler, file_route.min_role)
            return explain_text_only(turn)
        if not turn.text:
            return explain_text_only(turn)
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

    def _press(self, turn: Turn, payload: str) -> list[Reply]:
        """A button (pressed, or its number typed): role, then the version it was shown for."""
        bare, version = unstamp(payload)
        prefix, _ = payload_parts(bare)
        route = self.router.payloads.get(prefix)
        if route is None:
            return explain_not_understood(turn)
        if not allowed(turn.role, route.min_role):
            return refuse(turn)
        if route.on_dialogue and version != turn.conversation.version:
            return explain_outdated(turn)
        # Handlers only ever look at the bare payload, whether pressed or typed.
        turn.msg = replace(turn.msg, payload=bare, text="")
        return route.handler(turn)

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

    def _stamped(self, reply: Reply, version: int) -> Reply:
        """Buttons that act on the dialogue carry its version; others go out as they are."""
        payloads = self.router.payloads
        if not any(_on_dialogue(payloads, c.payload) for c in reply.choices):
            return reply
        choices = tuple(
            Choice(c.label, stamp(c.payload, version)) if _on_dialogue(payloads, c.payload)
            else c
            for c in reply.choices
        )
        return replace(reply, choices=choices)

    @staticmethod
    def _run(turn: Turn, handler: Handler, min_role: Role) -> list[Reply]:
        if not allowed(turn.role, min_role):
            return refuse(turn)
        return handler(turn)


def _on_dialogue(payloads: dict[str, Route], payload: str) -> bool:
    route = payloads.get(payload_parts(payload)[0])
    return route is not None and route.on_dialogue


def _log_failure(what: str, msg: Incoming, exc: BaseException) -> None:
    # The exception's own text may quote what the person typed (or SQL parameters): the
    # type and the frames say where it broke without repeating it.
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("%s for a message from %s/%s: %s\n%s", what, msg.channel, msg.sender,
              type(exc).__name__, frames.rstrip())
