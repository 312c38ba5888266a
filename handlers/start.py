"""Greeting, help and cancel: the commands everyone has."""

from __future__ import annotations

from bot.core.deep_links import CardLink, parse_payload
from bot.core.messages import Reply
from handlers.base import INT_MAX, Router, Turn, command_parts
from handlers.lookup import show_code


def _who(turn: Turn) -> dict[str, object]:
    unit = turn.unit_view
    return {
        "role": turn.role.value,
        "name": turn.identity.display_name,
        "unit_name": unit.name if unit else "",
    }


def show_welcome(turn: Turn) -> list[Reply]:
    """Greet the person and say what they can do here, by role; `/start tt_1_004194` (a QR
    code's link, bot/core/deep_links.py) opens that procedure's card instead."""
    if turn.conversation.flow is not None:
        turn.end_flow()
    _, argument = command_parts(turn.text)
    link = parse_payload(argument) if argument else None
    if link is not None:
        return _open_card(turn, link)
    return [Reply("common/welcome", _who(turn))]


def _open_card(turn: Turn, link: CardLink) -> list[Reply]:
    """The card as the unit that printed the code shows it; an unknown unit id (a code from
    a deleted unit, a hand-made link) falls back to the person's usual center."""
    unit = None
    if link.unit_id is not None and link.unit_id <= INT_MAX:
        unit_id = link.unit_id
        unit = turn.remember_view(
            unit_id, lambda: turn.services.units.get(turn.connection, unit_id))
    return show_code(turn, link.code, unit)


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
