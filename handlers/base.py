"""What every handler gets (a Turn) and how messages find their handler (the Router)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlmodel import Session

from bot.core.dialogue_state import DialogueState, Identity
from bot.core.messages import Incoming, Reply
from bot.core.procedures import Catalog
from bot.core.reporting import ElementSet
from bot.core.units import UnitDirectory, UnitView
from bot.settings import Settings
from models import Role, Unit, User


@dataclass
class Services:
    """Long-lived things handlers use, built once by the composition root."""

    settings: Settings
    catalog: Catalog
    elements: ElementSet
    units: UnitDirectory = field(default_factory=UnitDirectory)


@dataclass
class Turn:
    """One incoming message being handled, inside one database transaction."""

    msg: Incoming
    connection: Connection
    identity: Identity
    conversation: DialogueState
    services: Services
    _session: Session | None = None
    # Read-only unit snapshots already looked up in this turn, by key (see unit_view).
    _views: dict[object, UnitView | None] = field(default_factory=dict)

    @property
    def session(self) -> Session:
        """An ORM session on this turn's transaction, made only for handlers that use one."""
        if self._session is None:
            # Joins the turn's transaction without a SAVEPOINT (a round trip on PostgreSQL):
            # handlers only flush; the dispatcher commits or rolls back the whole turn.
            self._session = Session(
                bind=self.connection, join_transaction_mode="conditional_savepoint",
                expire_on_commit=False,
            )
        return self._session

    def flush(self) -> None:
        if self._session is not None:
            self._session.flush()

    @property
    def now(self) -> datetime:
        return self.msg.now

    @property
    def role(self) -> Role:
        return self.identity.role

    @property
    def user(self) -> User:
        """The ORM row, loaded only by handlers that change or need more of the user."""
        user = self.session.get(User, self.identity.user_id)
        assert user is not None
        return user

    @property
    def unit(self) -> Unit | None:
        """The ORM row, for handlers that change the unit; readers use `unit_view`."""
        unit_id = self.identity.unit_id
        return self.session.get(Unit, unit_id) if unit_id else None

    @property
    def unit_view(self) -> UnitView | None:
        """The person's unit, read-only: one small query per turn instead of an ORM load."""
        unit_id = self.identity.unit_id
        if unit_id is None:
            return None
        return self.remember_view(
            unit_id, lambda: self.services.units.get(self.connection, unit_id)
        )

    def remember_view(
        self, key: object, load: Callable[[], UnitView | None]
    ) -> UnitView | None:
        """A unit snapshot looked up once per turn, however many helpers ask for it."""
        if key not in self._views:
            self._views[key] = load()
        return self._views[key]

    @property
    def text(self) -> str:
        return self.msg.text.strip()

    def start_flow(self, flow: str, step: str, data: dict[str, Any] | None = None) -> None:
        self.conversation.flow = flow
        self.conversation.step = step
        self.conversation.data = dict(data or {})

    def set_step(self, step: str, **data: Any) -> None:
        self.conversation.step = step
        # Reassign, not mutate: JSON columns only notice a new object.
        self.conversation.data = {**self.conversation.data, **data}

    def end_flow(self) -> None:
        self.conversation.flow = None
        self.conversation.step = None
        self.conversation.data = {}


Handler = Callable[[Turn], list[Reply]]
TextMatcher = Callable[[Turn], bool]


@dataclass(frozen=True)
class Route:
    handler: Handler
    min_role: Role = Role.CITIZEN
    # A button that acts on the open dialogue (skip a form field, confirm what was checked):
    # its payload carries the dialogue's version, and a press from an older message is refused.
    on_dialogue: bool = False


ROLE_RANK = {Role.CITIZEN: 0, Role.STAFF: 1, Role.LEAD: 2, Role.ADMIN: 3}


def allowed(role: Role, needed: Role) -> bool:
    return ROLE_RANK[role] >= ROLE_RANK[needed]


@dataclass
class Router:
    """Commands, button payload prefixes, open flows and free-text matchers, in that order.

    `edits` are the only routes an edited message can reach; an edit matched by none runs
    nothing (editing `/hoantac` must not undo twice). `files` take a message carrying a file
    (a document on Telegram, `/command PATH` in the console) that is not a /command.
    """

    commands: dict[str, Route] = field(default_factory=dict)
    payloads: dict[str, Route] = field(default_factory=dict)
    flows: dict[str, Route] = field(default_factory=dict)
    text_routes: list[tuple[TextMatcher, Route]] = field(default_factory=list)
    edits: list[tuple[TextMatcher, Route]] = field(default_factory=list)
    files: list[tuple[TextMatcher, Route]] = field(default_factory=list)

    def command(self, *names: str, min_role: Role = Role.CITIZEN) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for name in names:
                self.commands[name] = Route(handler, min_role)
            return handler

        return register

    def payload(
        self, prefix: str, min_role: Role = Role.CITIZEN, *, on_dialogue: bool = False
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.payloads[prefix] = Route(handler, min_role, on_dialogue)
            return handler

        return register

    def flow(self, name: str, min_role: Role = Role.CITIZEN) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.flows[name] = Route(handler, min_role)
            return handler

        return register

    def text(
        self, matcher: TextMatcher, min_role: Role = Role.CITIZEN
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.text_routes.append((matcher, Route(handler, min_role)))
            return handler

        return register

    def edit(
        self, matcher: TextMatcher, min_role: Role = Role.CITIZEN
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.edits.append((matcher, Route(handler, min_role)))
            return handler

        return register

    def file(
        self, matcher: TextMatcher, min_role: Role = Role.CITIZEN
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.files.append((matcher, Route(handler, min_role)))
            return handler

        return register


def command_parts(text: str) -> tuple[str, str]:
    """'/join@MotCuaBot ABCD' -> ('join', 'ABCD'); lower-cased command name."""
    head, _, rest = text.strip().partition(" ")
    name = head[1:].split("@", 1)[0].lower()
    return name, rest.strip()


def payload_parts(payload: str) -> tuple[str, str]:
    prefix, _, rest = payload.partition(":")
    return prefix, rest


_DIGITS = re.compile(r"[0-9]{1,18}")
INT_MAX = 2**31 - 1  # the largest id or number a database integer column holds


def bounded_int(text: str, low: int = 0, high: int = INT_MAX) -> int | None:
    """A number out of a payload or an argument, or None: ASCII digits only and in bounds.

    `str.isdigit` accepts "²" (which `int` then refuses) and any length (which the database
    then refuses): a button or command carrying such a value gets a polite answer instead.
    """
    text = text.strip()
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None
