"""Citizens check a dossier by the code on its receipt, and may ask to hear when it is done.

`/tracuu CODE`, or just the code: a message shaped like a receipt code
(`codes.looks_like_code`; a search query with words never is) is looked up in every unit
instead of searched. The answer is the procedure, the dates and the status, never a person
(public.py). A code found in several units is shown once per unit, named by the unit only,
rather than asking which unit: the citizen may not know the unit's name as the register has
it, and each answer alone says no more than the code's holder may know.

Guessing codes is slowed down (bot/core/limits.py): each lookup costs a point and one that
finds nothing costs DOSSIER_LOOKUP_MISS_COST, out of DOSSIER_LOOKUP_LIMIT points per
DOSSIER_LOOKUP_WINDOW_MINUTES per person, counted in the database so every bot process holds
the same count. The answer to an unknown code depends only on what was typed and the
citizen's own center, so it does not tell whether the code exists somewhere else.

The subscribe button acts only on a dossier this person was shown (the ids kept in the
conversation): a forged button cannot subscribe anyone to a dossier they never looked up.
"""

from __future__ import annotations

from datetime import timedelta

from bot.core.dossiers.codes import MAX_CODE, looks_like_code
from bot.core.dossiers.public import PublicDossier, find_public
from bot.core.dossiers.store import get_by_id
from bot.core.dossiers.subscriptions import subscribe, unsubscribe
from bot.core.labels import label, shorten
from bot.core.limits import Limit, Limiter
from bot.core.messages import Choice, Reply
from handlers.base import Router, Turn, bounded_int, command_parts, payload_parts
from handlers.citizen_unit import citizen_unit
from handlers.procedure_view import unit_context

SUBJECT = "dossier_lookup"
SHOWN = "dossiers_shown"  # conversation data: ids of the dossiers lately shown, newest first
MAX_SHOWN = 10
SUBSCRIBE, UNSUBSCRIBE = "theodoi", "botheodoi"


def _limiter(turn: Turn) -> Limiter:
    settings = turn.services.settings
    return Limiter(Limit(SUBJECT, settings.dossier_lookup_limit,
                         timedelta(minutes=settings.dossier_lookup_window_minutes)))


def looks_like_a_code(turn: Turn) -> bool:
    return looks_like_code(turn.text)


def lookup_command(turn: Turn) -> list[Reply]:
    """/tracuu CODE."""
    _, code = command_parts(turn.text)
    if not code or len(code) > 2 * MAX_CODE:
        return [Reply("dossiers/lookup_how", {"given": code})]
    return look_up(turn, code)


def lookup_text(turn: Turn) -> list[Reply]:
    """A message that is only a receipt code."""
    return look_up(turn, turn.text)


def look_up(turn: Turn, code: str) -> list[Reply]:
    limiter, who = _limiter(turn), str(turn.identity.user_id)
    verdict = limiter.take(turn.connection, who, turn.now)
    if not verdict.allowed:
        return [Reply("dossiers/lookup_wait", {"minutes": verdict.retry_minutes})]
    found = find_public(turn.connection, code, turn.identity.user_id)
    if not found:
        limiter.charge(turn.connection, who, turn.now,
                       turn.services.settings.dossier_lookup_miss_cost - 1)
        return [Reply("dossiers/lookup_unknown",
                      {"code": code, **unit_context(citizen_unit(turn))})]
    # The latest few, so a button under an earlier answer still works.
    earlier = [i for i in turn.conversation.data.get(SHOWN, []) if i not in {d.id for d in found}]
    shown = [d.id for d in found] + earlier
    turn.conversation.data = {**turn.conversation.data, SHOWN: shown[:MAX_SHOWN]}
    return [Reply("dossiers/lookup_result", {"dossiers": found, "now": turn.now},
                  choices=_buttons(found))]


def _buttons(found: list[PublicDossier]) -> tuple[Choice, ...]:
    choices = []
    for dossier in found:
        if not dossier.is_open and not dossier.subscribed:
            continue
        text, payload = ((label("dossier_unsubscribe"), UNSUBSCRIBE) if dossier.subscribed
                         else (label("dossier_subscribe"), SUBSCRIBE))
        if len(found) > 1:
            text = shorten(f"{text} — {dossier.unit_name}")
        choices.append(Choice(text, f"{payload}:{dossier.id}"))
    if len(found) == 1 and found[0].status in ("resolved", "returned", "withdrawn"):
        # Rate the service of a finished dossier (feedback_rating.py checks it was shown).
        choices.append(Choice(label("rating_start"), f"dg:{found[0].id}:start"))
    if len(found) == 1:  # feedback about this dossier (feedback_citizen.py checks it was shown)
        choices.append(Choice(label("feedback_start"), f"pa_start:d:{found[0].id}"))
    return tuple(choices)


def subscribe_pressed(turn: Turn) -> list[Reply]:
    _, raw = payload_parts(turn.msg.payload or "")
    dossier_id = bounded_int(raw)
    if dossier_id is None or dossier_id not in turn.conversation.data.get(SHOWN, []):
        return [Reply("dossiers/lookup_again")]
    view = get_by_id(turn.connection, dossier_id)
    if view is None:
        return [Reply("dossiers/lookup_again")]
    if not view.is_open:
        return [Reply("dossiers/subscribe_closed", {"code": view.code})]
    subscribe(turn.connection, dossier_id, turn.identity.user_id, view.due_at, turn.now)
    return [Reply("dossiers/subscribed", {"code": view.code}, choices=(
        Choice(label("dossier_unsubscribe"), f"{UNSUBSCRIBE}:{dossier_id}"),))]


def unsubscribe_pressed(turn: Turn) -> list[Reply]:
    _, raw = payload_parts(turn.msg.payload or "")
    dossier_id = bounded_int(raw)
    if dossier_id is None or not unsubscribe(turn.connection, dossier_id,
                                             turn.identity.user_id):
        return [Reply("dossiers/not_subscribed")]
    view = get_by_id(turn.connection, dossier_id)
    return [Reply("dossiers/unsubscribed", {"code": view.code if view else ""})]


def register(router: Router) -> None:
    router.command("tracuu", "tracuuhoso")(lookup_command)
    router.payload(SUBSCRIBE)(subscribe_pressed)
    router.payload(UNSUBSCRIBE)(unsubscribe_pressed)
    # Before the search fallback, which would take a code for words to search.
    router.text(looks_like_a_code)(lookup_text)
