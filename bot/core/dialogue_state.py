"""Who is writing and where their dialogue stands, loaded and saved with plain SQL.

Every message needs these two rows; reading them through Core instead of the ORM is what
keeps a plain question (help, a search) well under a millisecond. Handlers that change a
user load the ORM object on demand (`Turn.user`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, insert, select, update

from bot.core.messages import Incoming
from models import Conversation, Role, User

LAST_SEEN_RESOLUTION = timedelta(hours=1)

_users = User.__table__  # type: ignore[attr-defined]
_conversations = Conversation.__table__  # type: ignore[attr-defined]

# Built once: composing SQLAlchemy expressions per message costs more than running them.
_LOAD = (
    select(
        _users.c.id,
        _users.c.role,
        _users.c.unit_id,
        _users.c.sector,
        _users.c.display_name,
        _users.c.last_seen_at,
        _conversations.c.id.label("conversation_id"),
        _conversations.c.flow,
        _conversations.c.step,
        _conversations.c.data,
        _conversations.c.choices,
        _conversations.c.choices_by_number,
        _conversations.c.version,
        _conversations.c.updated_at,
    )
    .select_from(
        _users.outerjoin(
            _conversations,
            and_(
                _conversations.c.channel == _users.c.channel,
                _conversations.c.address == _users.c.address,
            ),
        )
    )
    .where(_users.c.channel == bindparam("channel"), _users.c.address == bindparam("address"))
)


@dataclass(frozen=True)
class Identity:
    user_id: int
    role: Role
    unit_id: int | None
    sector: str | None
    display_name: str


@dataclass
class DialogueState:
    """The mutable part of a conversation; saved only when it changed.

    `choices` are the payloads of the buttons under the last reply, so a typed number means
    one of them; `version` counts changes of flow, step and data (buttons that act on the
    dialogue carry it).
    """

    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)
    choices_by_number: bool = True
    updated_at: datetime | None = None
    row_id: int | None = None
    version: int = 0

    def dialogue(self) -> tuple[object, ...]:
        return (self.flow, self.step, repr(self.data))

    def snapshot(self) -> tuple[object, ...]:
        return (*self.dialogue(), tuple(self.choices), self.choices_by_number, self.version)


def load(connection: Connection, msg: Incoming, ttl: timedelta) -> tuple[Identity, DialogueState]:
    """The sender's identity and dialogue, creating both rows on first contact."""
    row = connection.execute(_LOAD, {"channel": msg.channel, "address": msg.sender}).first()
    if row is None:
        return _create(connection, msg)
    if msg.now - row.last_seen_at > LAST_SEEN_RESOLUTION or (
        msg.display_name and msg.display_name != row.display_name
    ):
        # Coarse on purpose: a write per message would make every question a write.
        connection.execute(
            update(_users).where(_users.c.id == row.id).values(
                last_seen_at=msg.now, display_name=msg.display_name or row.display_name
            )
        )
    identity = Identity(row.id, Role(row.role), row.unit_id, row.sector,
                        msg.display_name or row.display_name)
    state = DialogueState(
        row.flow, row.step, dict(row.data or {}), list(row.choices or []),
        bool(row.choices_by_number), row.updated_at, row.conversation_id, row.version or 0,
    )
    if state.updated_at and msg.now - state.updated_at > ttl:
        # Stale: buttons shown long ago are no longer "on screen", an open flow is dropped.
        # Kept in memory only; written back if this turn changes anything else.
        state.choices = []
        if state.flow:
            state.flow, state.step, state.data = None, None, {}
            state.version += 1
    return identity, state


def _create(connection: Connection, msg: Incoming) -> tuple[Identity, DialogueState]:
    user_id = connection.execute(
        insert(_users).values(
            channel=msg.channel, address=msg.sender, display_name=msg.display_name,
            role=Role.CITIZEN.value, created_at=msg.now, last_seen_at=msg.now,
        ).returning(_users.c.id)
    ).scalar_one()
    return Identity(user_id, Role.CITIZEN, None, None, msg.display_name), DialogueState()


_STATE_COLUMNS = ("flow", "step", "data", "choices", "choices_by_number", "version",
                  "updated_at")
_INSERT = insert(_conversations).values(
    {name: bindparam(name) for name in ("channel", "address", *_STATE_COLUMNS)}
)
_UPDATE = (
    update(_conversations)
    .where(_conversations.c.id == bindparam("row_id"))
    .values({name: bindparam(name) for name in _STATE_COLUMNS})
)


def save(connection: Connection, msg: Incoming, state: DialogueState) -> None:
    values = {
        "flow": state.flow, "step": state.step, "data": state.data, "choices": state.choices,
        "choices_by_number": state.choices_by_number, "version": state.version,
        "updated_at": msg.now,
    }
    if state.row_id is None:
        connection.execute(_INSERT, {"channel": msg.channel, "address": msg.sender, **values})
    else:
        connection.execute(_UPDATE, {"row_id": state.row_id, **values})
