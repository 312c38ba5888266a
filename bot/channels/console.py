"""The terminal channel: one message per input line, replies printed, buttons numbered."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TextIO

from bot.core.clock import utcnow
from bot.core.messages import Incoming, RenderedReply
from bot.dispatch import Dispatcher
from bot.rendering import Renderer
from bot.scheduler import Deliverer

CHANNEL = "console"


def format_reply(reply: RenderedReply) -> str:
    lines = [reply.text]
    marker = "" if reply.choices_by_number else "#"
    for number, choice in enumerate(reply.choices, start=1):
        lines.append(f"  [{marker}{number}] {choice.label}")
    for attachment in reply.attachments:
        lines.append(f"  (tệp đính kèm: {attachment.filename}, {len(attachment.content)} byte)")
    return "\n".join(lines)


class ConsoleMessenger:
    """Delivers scheduled messages to the terminal, marked with their addressee."""

    channel = CHANNEL

    def __init__(self, out: TextIO) -> None:
        self.out = out

    async def send(self, address: str, reply: RenderedReply) -> None:
        self.out.write(f"[→ {address}] {format_reply(reply)}\n\n")
        self.out.flush()


def run_console(
    dispatcher: Dispatcher,
    lines: Iterable[str],
    out: TextIO,
    *,
    user: str = "citizen",
    name: str = "",
    clock: Callable[[], datetime] = utcnow,
    prompt: str = "",
    deliverer: Deliverer | None = None,
) -> int:
    """Feed each line to the dispatcher and print the replies; returns messages handled."""
    renderer = Renderer(CHANNEL)
    handled = 0
    if prompt:
        out.write(prompt)
        out.flush()
    for line in lines:
        text = line.rstrip("\r\n")
        if text.startswith(":user ") and text[6:].strip():
            # Console-only switch so one terminal can play citizen, staff and lead in turn.
            user = text[6:].strip()
            out.write(renderer.text("cli/switched_user", user=user) + "\n\n")
        elif text.strip():
            msg = Incoming(channel=CHANNEL, sender=user, now=clock(), text=text, display_name=name)
            for reply in dispatcher.handle(msg):
                out.write(format_reply(renderer.render(reply)) + "\n\n")
            handled += 1
            if deliverer is not None:
                # The terminal has no background loop: due reminders go out between lines.
                asyncio.run(deliverer.tick(clock()))
        if prompt:
            out.write(prompt)
        out.flush()
    return handled
