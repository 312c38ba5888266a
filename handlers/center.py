"""The center's own questions: hello, thanks, opening hours, phone, address (/lienhe).

Answered from the unit's settings (`UnitView`) instead of "no procedure found"; a center
without a setting says so and gives what it has.
"""

from __future__ import annotations

from bot.core.center_questions import CenterIntent, center_intent
from bot.core.messages import Reply
from handlers.base import Router, Turn
from handlers.citizen_unit import citizen_unit
from handlers.procedure_view import unit_context


def asks_about_center(turn: Turn) -> bool:
    return center_intent(turn.text) is not None


def answer_center_question(turn: Turn) -> list[Reply]:
    intent = center_intent(turn.text)
    context = {"role": turn.role.value, **unit_context(citizen_unit(turn))}
    if intent is CenterIntent.GREETING:
        return [Reply("center/greeting", context)]
    if intent is CenterIntent.THANKS:
        return [Reply("center/thanks", context)]
    return [Reply("center/contact", {**context, "asked": intent.value if intent else "all"})]


def show_contact(turn: Turn) -> list[Reply]:
    """/lienhe: everything the center's settings say about reaching it."""
    context = {"role": turn.role.value, **unit_context(citizen_unit(turn))}
    return [Reply("center/contact", {**context, "asked": "all"})]


def register(router: Router) -> None:
    router.command("lienhe", "contact")(show_contact)


def register_fallback(router: Router) -> None:
    """Before the procedure search: it would answer "no procedure found"."""
    router.text(asks_about_center)(answer_center_question)
