"""The terminal channel: one message per input line, replies printed, buttons numbered.

A terminal cannot attach a file, so a command followed by the path of a file sends that file
with the command, as Telegram sends a document with a caption: `/nhaphoso ~/hoso.xlsx` is
the command `/nhaphoso` carrying hoso.xlsx (at most `max_file_bytes`; a larger one arrives
marked too large, as on Telegram).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.core.clock import utcnow
from bot.core.messages import Attachment, Incoming, RenderedReply
from bot.dispatch import Dispatcher
from bot.rendering import Renderer
from bot.scheduler import Deliverer

CHANNEL = "console"
MAX_FILE_BYTES = 20 * 1024 * 1024


def with_file(text: str, max_file_bytes: int = MAX_FILE_BYTES
              ) -> tuple[str, tuple[Attachment, ...]]:
    """`/command PATH` -> ("/command", (the file,)); any other line unchanged."""
    command, _, rest = text.strip().partition(" ")
    if not command.startswith("/") or not rest.strip():
        return text, ()
    path = Path(rest.strip()).expanduser()
    try:
        if not path.is_file():
            return text, ()
        size = path.stat().st_size
        if size > max_file_bytes:
            return command, (Attachment(path.name, b"", size=size, too_large=True),)
        return command, (Attachment(path.name, path.read_bytes(), size=size),)
    except OSError:
        return text, ()


def save_attachment(folder: Path, attachment: Attachment) -> Path:
    """Write a file the bot sent into `folder` (DATA_DIR/files), never over an older one.

    Document builders give ASCII names without folders; `Path(...).name` keeps it so."""
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(attachment.filename).name or "tep"
    stem, suffix = Path(name).stem, Path(name).suffix
    path, number = folder / name, 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}{suffix}"
    path.write_bytes(attachment.content)
    return path


def format_reply(reply: RenderedReply, files_dir: Path | None = None) -> str:
    """The text, numbered buttons, and each attached file: saved under `files_dir` (its path
    printed, to open in Word or Excel) or, without a folder, only named."""
    lines = [reply.text]
    marker = "" if reply.choices_by_number else "#"
    for number, choice in enumerate(reply.choices, start=1):
        lines.append(f"  [{marker}{number}] {choice.label}")
    for attachment in reply.attachments:
        if files_dir is not None:
            saved = save_attachment(files_dir, attachment)
            lines.append(f"  (tệp đính kèm đã lưu: {saved})")
        else:
            lines.append(f"  (tệp đính kèm: {attachment.filename}, "
                         f"{len(attachment.content)} byte)")
    return "\n".join(lines)


class ConsoleMessenger:
    """Delivers scheduled messages to the terminal, marked with their addressee; files (a
    period summary's report, table and chart) are saved under `files_dir` when given."""

    channel = CHANNEL

    def __init__(self, out: TextIO, files_dir: Path | None = None) -> None:
        self.out = out
        self.files_dir = files_dir

    async def send(self, address: str, reply: RenderedReply) -> None:
        self.out.write(f"[→ {address}] {format_reply(reply, self.files_dir)}\n\n")
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
    max_file_bytes: int = MAX_FILE_BYTES,
    files_dir: Path | None = None,
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
            text, files = with_file(text, max_file_bytes)
            msg = Incoming(channel=CHANNEL, sender=user, now=clock(), text=text, display_name=name,
                           attachments=files)
            for reply in dispatcher.handle(msg):
                out.write(format_reply(renderer.render(reply), files_dir) + "\n\n")
            handled += 1
            if deliverer is not None:
                # The terminal has no background loop: due reminders go out between lines.
                asyncio.run(deliverer.tick(clock()))
        if prompt:
            out.write(prompt)
        out.flush()
    return handled
