"""Every command and every button, tried by every role: the answer or a polite refusal.

Generated from the router itself, so a command or button added later is tried too.
"""

from __future__ import annotations

import pytest

from bot.core.messages import Incoming
from handlers import build_router
from handlers.base import allowed
from models import Role
from tests.chat import Chat, check_replies
from tests.handlers.roles import PEOPLE, make_roles

ROUTER = build_router()
ARGUMENTS = ["", " 1", " 0", " 14/3", " 3/2025", " abc", " 1.001193", " 1.001193 Quầy 2",
             " " + "9" * 30, " ²", " <b>&amp;"]
SUFFIXES = ["", ":1", ":0:0", ":abc", ":" + "9" * 30, ":1.001193", "@1", ":1@0"]


def answers(chat: Chat, role: Role, **message: str) -> list[str]:
    incoming = Incoming(channel="console", sender=PEOPLE[role], now=chat.now, **message)
    replies = chat.app.dispatcher.handle(incoming)
    check_replies(replies)  # never the internal error, always a valid message
    assert replies, "silence"
    chat.app.dispatcher.handle(Incoming(channel="console", sender=PEOPLE[role],
                                        now=chat.now, text="/huy"))  # close what it opened
    return [r.template for r in replies]


@pytest.mark.parametrize("command", sorted(ROUTER.commands))
def test_every_role_gets_the_command_or_a_polite_refusal(chat: Chat, command: str) -> None:
    make_roles(chat)
    needed = ROUTER.commands[command].min_role
    for role in PEOPLE:
        for argument in ARGUMENTS:
            templates = answers(chat, role, text=f"/{command}{argument}")
            if allowed(role, needed):
                assert templates != ["common/refused"], (role, command, argument)
            else:
                assert templates == ["common/refused"], (role, command, argument)


@pytest.mark.parametrize("prefix", sorted(ROUTER.payloads))
def test_every_role_gets_the_button_or_a_polite_refusal(chat: Chat, prefix: str) -> None:
    make_roles(chat)
    needed = ROUTER.payloads[prefix].min_role
    for role in PEOPLE:
        for suffix in SUFFIXES:
            templates = answers(chat, role, payload=prefix + suffix)
            if allowed(role, needed):
                assert templates != ["common/refused"], (role, prefix, suffix)
            else:
                assert templates == ["common/refused"], (role, prefix, suffix)


def test_the_matrix_covers_the_whole_registry() -> None:
    assert {"start", "thamgia", "hoantac", "chotky", "duyet"} <= set(ROUTER.commands)
    assert {"proc", "form", "approve", "cancel"} <= set(ROUTER.payloads)
