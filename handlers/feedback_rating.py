"""/danhgia: a citizen rates the service, of one finished dossier or of the center.

`/danhgia MÃ_HỒ_SƠ` finds the dossier in the citizen's center; once it is finished
(resolved, returned or withdrawn) it offers the three levels. A dossier the citizen just
looked up and found finished has the same «Đánh giá» button (dossier_lookup.py). `/danhgia`
alone rates the center's service in general. After the level, the optional criteria are
one tap each, then «Xong». Rating a dossier again changes the rating (the old one is kept,
ratings.py). A press names a dossier only among those shown to this person (the
conversation keeps their ids), so a forged button rates nothing else; each rating costs one
of FEEDBACK_RATING_DAILY_LIMIT a day.
"""

from __future__ import annotations

from bot.core.dossiers.store import get_by_id, get_dossier
from bot.core.feedback import ratings
from bot.core.feedback.model import Rating
from bot.core.labels import label
from bot.core.messages import Choice, Reply
from handlers.base import Router, Turn, bounded_int, command_parts, payload_parts
from handlers.citizen_unit import citizen_unit
from handlers.dossier_lookup import SHOWN
from handlers.feedback_common import rating_limiter

RATE, CRITERION = "dg", "dgc"
RATEABLE = "rateable"  # conversation data: dossier ids offered for rating
FINAL = ("resolved", "returned", "withdrawn")
MAX_CODE = 64


def _levels(dossier_id: int) -> tuple[Choice, ...]:
    return tuple(Choice(label(f"rating_{r.value}"), f"{RATE}:{dossier_id}:{r.value}")
                 for r in Rating)


def offer(turn: Turn, dossier_id: int, code: str) -> list[Reply]:
    known = [i for i in turn.conversation.data.get(RATEABLE, []) if i != dossier_id]
    turn.conversation.data = {**turn.conversation.data, RATEABLE: [dossier_id, *known][:10]}
    return [Reply("feedback/rate_ask", {"code": code}, choices=_levels(dossier_id))]


def command(turn: Turn) -> list[Reply]:
    _, code = command_parts(turn.text)
    unit = citizen_unit(turn)
    if unit is None:
        return [Reply("feedback/no_unit")]
    if not code:
        return [Reply("feedback/rate_ask", {"code": ""}, choices=_levels(0))]
    dossier = get_dossier(turn.connection, unit.id, code[:MAX_CODE])
    if dossier is None:
        return [Reply("feedback/rate_unknown", {"code": code[:MAX_CODE]})]
    if dossier.status not in FINAL:
        return [Reply("feedback/rate_not_yet", {"code": dossier.code})]
    return offer(turn, dossier.id, dossier.code)


def level_pressed(turn: Turn) -> list[Reply]:
    """dg:<dossier>:<level>, or dg:<dossier>:start under a lookup's answer; dossier 0 is
    the center in general."""
    _, rest = payload_parts(turn.msg.payload or "")
    raw, _, level = rest.partition(":")
    dossier_id = bounded_int(raw)
    data = turn.conversation.data
    shown = set(data.get(RATEABLE, [])) | set(data.get(SHOWN, []))
    if dossier_id is None or (dossier_id and dossier_id not in shown):
        return [Reply("feedback/rate_again")]
    dossier = get_by_id(turn.connection, dossier_id) if dossier_id else None
    if dossier_id and (dossier is None or dossier.status not in FINAL):
        return [Reply("feedback/rate_again")]
    if level == "start" and dossier is not None:
        return offer(turn, dossier.id, dossier.code)
    if level not in {r.value for r in Rating}:
        return [Reply("feedback/rate_again")]
    if dossier is not None:
        unit_id = dossier.unit_id
    else:
        unit = citizen_unit(turn)
        if unit is None:
            return [Reply("feedback/no_unit")]
        unit_id = unit.id
    verdict = rating_limiter(turn).take(turn.connection, str(turn.identity.user_id), turn.now)
    if not verdict.allowed:
        return [Reply("feedback/limit_rating", {"minutes": verdict.retry_minutes})]
    rating, changed = ratings.rate(turn.connection, unit_id, turn.identity.user_id,
                                   dossier.id if dossier else None, Rating(level), turn.now)
    return _criteria(rating, "changed" if changed else "saved",
                     dossier.code if dossier else "")


def _criteria(rating: ratings.ServiceRatingView, note: str, code: str) -> list[Reply]:
    choices = tuple(
        Choice(("✓ " if c in rating.criteria else "") + label(f"criterion_{c}"),
               f"{CRITERION}:{rating.id}:{c}") for c in ratings.CRITERIA)
    done = Choice(label("rating_done"), f"{CRITERION}:{rating.id}:done")
    return [Reply("feedback/rate_saved", {"note": note, "code": code, "level": rating.level,
                                          "criteria": list(rating.criteria)},
                  choices=(*choices, done))]


def criterion_pressed(turn: Turn) -> list[Reply]:
    _, rest = payload_parts(turn.msg.payload or "")
    raw, _, criterion = rest.partition(":")
    rating_id = bounded_int(raw)
    rating = ratings.get(turn.connection, rating_id) if rating_id else None
    if rating is None or rating.user_id != turn.identity.user_id:
        return [Reply("feedback/rate_again")]
    if criterion == "done":
        return [Reply("feedback/rate_thanks")]
    if criterion not in ratings.CRITERIA:
        return [Reply("feedback/rate_again")]
    rating = ratings.toggle(turn.connection, rating, criterion, turn.now)
    return _criteria(rating, "criteria", "")


def register(router: Router) -> None:
    router.command("danhgia")(command)
    router.payload(RATE)(level_pressed)
    router.payload(CRITERION)(criterion_pressed)
