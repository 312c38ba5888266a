"""An edited message is never a new request: only edit routes see it."""

from __future__ import annotations

from bot.core.messages import Incoming
from tests.chat import Chat


def test_an_edited_command_runs_nothing_and_says_so(chat: Chat) -> None:
    msg = Incoming(channel="console", sender="citizen", now=chat.now, text="/start",
                   message_id="7", edited=True)
    replies = chat.app.dispatcher.handle(msg)
    assert [r.template for r in replies] == ["common/edit_ignored"]
