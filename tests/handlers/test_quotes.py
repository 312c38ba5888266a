"""What a person typed is echoed back at most ~200 characters long, wherever it is quoted."""

from __future__ import annotations

import pytest

from bot.rendering import QUOTE_LIMIT
from tests.chat import Chat
from tests.handlers.report_helpers import make_center

LONG = "ж" * 3000  # a letter no template uses, so every one in a reply is an echo


@pytest.mark.parametrize(("user", "before", "text"), [
    ("citizen", None, LONG),                               # search: not found
    ("citizen", None, "khai sinh " + LONG),                # search: results
    ("citizen", None, "/" + LONG),                         # unknown command
    ("citizen", None, "/thutuc " + LONG),
    ("citizen", None, "/thamgia " + LONG),
    ("citizen", "/thamgia", LONG[:8]),                     # a code on its own
    ("an", None, "/ghichu 1.001193 " + LONG),
    ("lead", None, "/homnay " + LONG),
    ("an", None, "/nhapso " + LONG),
    ("an", "/nhapso", LONG),                               # a form answer
    ("an", None, "bc tt=" + LONG),
    ("an", None, "bc " + LONG),
    ("an", None, "bc " + LONG + "=5"),
    ("an", None, "bc tt=4 ngay=" + LONG),
    ("an", None, "bc tt=4 nganh=" + LONG),
    ("an", None, "bc tt=1 tt=" + LONG),
])
def test_echoes_are_capped(chat: Chat, user: str, before: str | None, text: str) -> None:
    make_center(chat)
    if before:
        chat.send(before, user=user)
    reply = chat.say(text, user=user)
    assert "ж" in reply, reply[:400]  # it is quoted…
    assert reply.count("ж") <= QUOTE_LIMIT  # …but not in full


def test_a_huge_number_is_not_echoed_in_full(chat: Chat) -> None:
    make_center(chat)
    reply = chat.say("bc tt=" + "9" * 3000, user="an")
    assert "quá lớn" in reply and len(reply) < 1000
