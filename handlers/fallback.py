"""What the bot says when nothing else understood the message."""

from __future__ import annotations

from bot.core.messages import Reply
from handlers.base import Turn, command_parts


def explain_unknown_command(turn: Turn) -> list[Reply]:
    """A /command the bot does not have."""
    name, _ = command_parts(turn.text)
    return [Reply("common/unknown_command", {"command": name, "role": turn.role.value})]


def explain_not_understood(turn: Turn) -> list[Reply]:
    """Free text no handler took: point to what the bot can do."""
    return [Reply("common/not_understood", {"role": turn.role.value})]


def explain_edit_ignored(turn: Turn) -> list[Reply]:
    """An edited message no edit route takes: nothing runs again, and the person is told."""
    return [Reply("common/edit_ignored", {"role": turn.role.value})]


def explain_outdated(turn: Turn) -> list[Reply]:
    """A button from an older message, about a dialogue that has moved on: nothing runs."""
    return [Reply("common/outdated_button")]


def explain_text_only(turn: Turn) -> list[Reply]:
    """A photo, sticker or voice message: the bot reads text and buttons only."""
    return [Reply("common/text_only")]


def refuse(turn: Turn) -> list[Reply]:
    """Politely refuse a command the person's role does not allow."""
    return [Reply("common/refused", {"role": turn.role.value})]
