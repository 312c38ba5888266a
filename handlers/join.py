"""/join CODE: a person becomes staff or lead of a unit with a one-time invite code."""

from __future__ import annotations

from bot.core.labels import label
from bot.core.menus import menu_for
from bot.core.messages import Choice, Reply
from bot.core.people import JoinOutcome, redeem_invite
from handlers.base import Router, Turn, command_parts
from handlers.lookup import search_procedures

FLOW = "join"


def join(turn: Turn) -> list[Reply]:
    """Redeem the code given with the command, or ask for it."""
    _, code = command_parts(turn.text)
    if not code:
        turn.start_flow(FLOW, "code")
        return [Reply("join/ask_code", choices=(Choice(label("cancel"), "cancel"),))]
    return _redeem(turn, code)


def receive_code(turn: Turn) -> list[Reply]:
    """The code sent on its own after /join asked for it."""
    if len(turn.text.split()) > 2:
        # A sentence, not a code: the person moved on, so answer it as a question.
        turn.end_flow()
        return search_procedures(turn)
    return _redeem(turn, turn.text)


def _redeem(turn: Turn, code: str) -> list[Reply]:
    result = redeem_invite(turn.session, turn.user, code, turn.now)
    if result.outcome is JoinOutcome.ANONYMOUS:
        turn.end_flow()  # no code can ever work here: do not keep asking for one
        return [Reply("join/anonymous")]
    if result.outcome is not JoinOutcome.JOINED:
        # A mistyped code keeps the flow open so the person can simply try again.
        if turn.conversation.flow != FLOW:
            turn.start_flow(FLOW, "code")
        return [
            Reply(
                f"join/{result.outcome.value}",
                {"code": code.strip()},
                choices=(Choice(label("cancel"), "cancel"),),
            )
        ]
    turn.end_flow()
    assert result.unit is not None and result.role is not None
    context = {"unit_name": result.unit.name, "role": result.role.value, "name": ""}
    return [Reply("join/joined", context, menu=menu_for(result.role)),
            Reply("common/help", context)]


def register(router: Router) -> None:
    router.command("join", "thamgia")(join)
    router.flow(FLOW)(receive_code)
