"""Greeting, help and cancel: the commands everyone has."""

from __future__ import annotations

from bot.core.messages import Reply
from handlers.base import Router, Turn


def _who(turn: Turn) -> dict[str, object]:
    unit = turn.unit_view
    return {
        "role": turn.role.value,
        "name": turn.identity.display_name,
        "unit_name": unit.name if unit else "",
    }


def show_welcome(turn: Turn) -> list[Reply]:
    """Greet the person and say what they can do here, by role."""
    if turn.conversation.flow is not None:
        turn.end_flow()
    return [Reply("common/welcome", _who(turn))]


def show_help(turn: Turn) -> list[Reply]:
    """List what this person can do, by role."""
    return [Reply("common/help", _who(turn))]


def cancel(turn: Turn) -> list[Reply]:
    """Leave whatever multi-step dialogue is open."""
    if turn.conversation.flow is None:
        return [Reply("common/nothing_to_cancel")]
    turn.end_flow()
    return [Reply("common/cancelled")]


def register(router: Router) -> None:
    router.command("start", "batdau")(show_welcome)
    router.command("help", "trogiup", "giupdo")(show_help)
    router.command("huy", "cancel")(cancel)
    router.payload("cancel", on_dialogue=True)(cancel)
