"""The command menu each role sees: Telegram's "/" list (setMyCommands), from
templates/menus.toml.

Who gets which menu, and when: every private chat has the citizen's (set at start); a person
who joins gets their role's menu with the "joined" reply; a person whose role a lead or an
admin changes, or who is removed, gets theirs through the outbox (kind `menu`: the message is
composed when it is sent, from the role they hold then, so two quick changes end on the last).
Channels without such a menu ignore it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, select
from sqlmodel import Session

from bot.core.messages import MenuItem, Recipient, Reply
from bot.core.outbox import Due, schedule
from models import Role, User

MENUS_FILE = Path(__file__).resolve().parents[2] / "templates" / "menus.toml"
CHANNELS_WITH_MENUS = frozenset({"telegram"})
_users = User.__table__  # type: ignore[attr-defined]


@cache
def _menus() -> dict[str, tuple[MenuItem, ...]]:
    data = tomllib.loads(MENUS_FILE.read_text(encoding="utf-8"))
    return {role: tuple(MenuItem(command, text) for command, text in items)
            for role, items in data.items()}


def menu_for(role: Role | str) -> tuple[MenuItem, ...]:
    return _menus()[Role(role).value]


def schedule_menu(session: Session, user: User, now: datetime) -> None:
    """After a change of `user`'s role (or removal): their menu, through the outbox."""
    if user.channel not in CHANNELS_WITH_MENUS or user.id is None:
        return
    schedule(session, key=f"menu:{user.id}:{now.isoformat()}",
             recipient=Recipient(user.channel, user.address), template="people/menu_changed",
             context={}, due_at=now, now=now)


@dataclass(frozen=True)
class MenuMessage:
    """Composer of `menu` rows: the person's current role, its menu and a short note."""

    def __call__(self, connection: Connection, due: Due, now: datetime) -> Reply | None:
        role = connection.execute(select(_users.c.role).where(
            _users.c.channel == due.recipient.channel,
            _users.c.address == due.recipient.address)).scalar()
        if role is None:
            return None
        return Reply("people/menu_changed", {"role": role}, menu=menu_for(role))
