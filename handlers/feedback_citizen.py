"""/phananh for citizens: send feedback in a short guided form; see a ticket; rate it.

`/phananh` asks what it is about (a procedure, a dossier code, the service or a staff
member's conduct, a regulation), the procedure or dossier code when that applies (may be
skipped), the content (FEEDBACK_MAX_CHARS at most), whether the unit may contact them and
how, then shows it all with «Gửi». The draft lives in the conversation row, so a restart
midway continues where the citizen left off; /huy leaves it. Sending costs one of
FEEDBACK_DAILY_LIMIT tickets a day (bot/core/limits.py) and answers with the ticket code,
what happens next and by when.

`/phananh MÃ`, or the code alone, shows the citizen's own ticket; another person's code
answers exactly like an unknown one. After the answer, the rating buttons (rất hài lòng /
hài lòng / không hài lòng) close the ticket, then an optional comment may be typed.
"""

from __future__ import annotations

from typing import Any

from bot.core.dossiers.store import get_by_id, get_dossier
from bot.core.feedback import actions, relay, store
from bot.core.feedback.model import Rating, Topic, deadlines
from bot.core.feedback.store import Draft, parse_code
from bot.core.labels import label
from bot.core.messages import Choice, Reply
from handlers import feedback_staff
from handlers.base import Router, Turn, bounded_int, command_parts, payload_parts
from handlers.citizen_unit import citizen_unit
from handlers.dossier_lookup import SHOWN
from handlers.feedback_common import (
    calendar,
    citizen_view,
    rating_limiter,
    ticket_limiter,
    timers,
    zone,
)
from models import Role

FLOW, STEP, START = "feedback_form", "pa_form", "pa_start"
COMMENT_FLOW, NO_COMMENT = "feedback_comment", "pa_nocomment"
MORE_FLOW = "feedback_more"
MIN_CHARS, MAX_SUBJECT, MAX_CONTACT = 10, 200, 100


def _cancel() -> Choice:
    return Choice(label("cancel"), "cancel")


def _ask(turn: Turn, problem: str | None = None, given: str = "") -> list[Reply]:
    step, data = turn.conversation.step, turn.conversation.data
    context: dict[str, Any] = {"problem": problem, "given": given, **data,
                               "max": turn.services.settings.feedback_max_chars,
                               "min": MIN_CHARS}
    if step == "topic":
        choices = tuple(Choice(label(f"feedback_topic_{t.value}"), f"{STEP}:topic:{t.value}")
                        for t in Topic)
        return [Reply("feedback/ask_topic", context, choices=(*choices, _cancel()))]
    if step == "subject":
        return [Reply("feedback/ask_subject", context,
                      choices=(Choice(label("skip"), f"{STEP}:skip"), _cancel()))]
    if step == "content":
        return [Reply("feedback/ask_content", context, choices=(_cancel(),))]
    if step == "consent":
        return [Reply("feedback/ask_consent", context, choices=(
            Choice(label("feedback_contact_yes"), f"{STEP}:consent:yes"),
            Choice(label("feedback_contact_no"), f"{STEP}:consent:no"), _cancel()))]
    if step == "contact":
        return [Reply("feedback/ask_contact", context, choices=(_cancel(),))]
    return [Reply("feedback/confirm", context, choices=(
        Choice(label("feedback_send"), f"{STEP}:send"), _cancel()))]


def command(turn: Turn) -> list[Reply]:
    """/phananh (a new ticket) or /phananh MÃ (one's own ticket)."""
    _, rest = command_parts(turn.text)
    if turn.role != Role.CITIZEN:
        return (feedback_staff.show_by_code(turn, rest) if rest
                else feedback_staff.listing(turn))
    if rest:
        return show(turn, rest)
    unit = citizen_unit(turn)
    if unit is None:
        return [Reply("feedback/no_unit")]
    turn.start_flow(FLOW, "topic", {})
    return _ask(turn)


def start_pressed(turn: Turn) -> list[Reply]:
    """«Gửi phản ánh» under a search that found nothing (pa_start), a procedure card
    (pa_start:p:<code>) or a dossier the citizen just looked up (pa_start:d:<id>, only one
    of those shown to them, so a forged button names no one else's dossier)."""
    if turn.role != Role.CITIZEN:
        return feedback_staff.listing(turn)
    if citizen_unit(turn) is None:
        return [Reply("feedback/no_unit")]
    _, rest = payload_parts(turn.msg.payload or "")
    kind, _, value = rest.partition(":")
    procedure = (turn.services.catalog.snapshot(turn.connection, turn.now).visible(value)
                 if kind == "p" else None)
    if procedure is not None:
        turn.start_flow(FLOW, "content", {"topic": Topic.PROCEDURE.value,
                                          "subject": f"{value} {procedure.name}"[:MAX_SUBJECT]})
    elif kind == "d" and bounded_int(value) in turn.conversation.data.get(SHOWN, []):
        dossier = get_by_id(turn.connection, int(value))
        # The ticket goes to the unit that holds the dossier, wherever the citizen asks.
        turn.start_flow(FLOW, "content", {"topic": Topic.DOSSIER.value,
                                          "subject": dossier.code if dossier else "",
                                          "unit_id": dossier.unit_id if dossier else None})
    else:
        turn.start_flow(FLOW, "topic", {})
    return _ask(turn)


def show(turn: Turn, code: str) -> list[Reply]:
    """The citizen's own ticket; someone else's answers as an unknown code."""
    ticket = store.owned_by(turn.connection, code[:40], turn.identity.user_id)
    if ticket is None:
        return [Reply("feedback/not_found", {"code": code[:40]})]
    unit = citizen_unit(turn)
    tz = unit.timezone if unit else "Asia/Ho_Chi_Minh"
    choices = relay.rating_buttons(ticket) if ticket.status in ("answered", "refused") else ()
    if ticket.is_open and ticket.question:
        choices = (Choice(label("feedback_more"), f"{relay.MORE_PAYLOAD}:{ticket.id}"),)
    return [Reply("feedback/citizen_ticket", citizen_view(ticket, tz), choices=choices)]


def looks_like_ticket(turn: Turn) -> bool:
    return parse_code(turn.text) is not None


def code_text(turn: Turn) -> list[Reply]:
    if turn.role != Role.CITIZEN:
        return feedback_staff.show_by_code(turn, turn.text)
    return show(turn, turn.text)


def typed(turn: Turn) -> list[Reply]:
    step, text = turn.conversation.step, turn.text
    if step == "subject":
        if len(text) > MAX_SUBJECT:
            return _ask(turn, "subject_long")
        turn.set_step("content", subject=text)
    elif step == "content":
        limit = turn.services.settings.feedback_max_chars
        if len(text) < MIN_CHARS:
            return _ask(turn, "content_short")
        if len(text) > limit:
            return _ask(turn, "content_long", given=str(len(text)))
        turn.set_step("consent", content=text)
    elif step == "contact":
        if not text or len(text) > MAX_CONTACT:
            return _ask(turn, "contact_bad")
        turn.set_step("confirm", contact=text)
    else:
        return _ask(turn, "use_buttons")
    return _ask(turn)


def press(turn: Turn) -> list[Reply]:
    if turn.conversation.flow != FLOW:
        return [Reply("feedback/expired")]
    _, rest = payload_parts(turn.msg.payload or "")
    action, _, value = rest.partition(":")
    step = turn.conversation.step
    if action == "topic" and step == "topic" and value in {t.value for t in Topic}:
        needs_subject = value in (Topic.PROCEDURE.value, Topic.DOSSIER.value)
        turn.set_step("subject" if needs_subject else "content", topic=value, subject="")
    elif action == "skip" and step == "subject":
        turn.set_step("content", subject="")
    elif action == "consent" and step == "consent":
        yes = value == "yes"
        turn.set_step("contact" if yes else "confirm", contact_ok=yes, contact="")
    elif action == "send" and step == "confirm":
        return _send(turn)
    return _ask(turn)


def _send(turn: Turn) -> list[Reply]:
    chosen = turn.conversation.data.get("unit_id")
    unit = (turn.services.units.get(turn.connection, int(chosen)) if chosen
            else citizen_unit(turn))
    if unit is None:
        turn.end_flow()
        return [Reply("feedback/no_unit")]
    verdict = ticket_limiter(turn).take(turn.connection, str(turn.identity.user_id), turn.now)
    if not verdict.allowed:
        return [Reply("feedback/limit", {"limit": turn.services.settings.feedback_daily_limit,
                                         "minutes": verdict.retry_minutes})]
    data = turn.conversation.data
    draft = Draft(str(data["topic"]), str(data.get("subject", "")), str(data["content"]),
                  bool(data.get("contact_ok")), str(data.get("contact", "")))
    sector = None
    if draft.topic == Topic.DOSSIER.value and draft.subject:
        dossier = get_dossier(turn.connection, unit.id, draft.subject)
        sector = dossier.sector if dossier else None
    tz = zone(unit.timezone)
    due = deadlines(turn.now, timers(turn), calendar(turn), tz)
    ticket = store.create(turn.connection, unit.id, turn.identity.user_id, draft, sector,
                          turn.now, due)
    relay.tell_desk(turn.session, ticket, turn.now, unit.name, unit.timezone)
    turn.end_flow()
    return [Reply("feedback/sent", {**citizen_view(ticket, unit.timezone),
                                    "refuse_by": ticket.refuse_by, "unit": unit.name})]


def rate_pressed(turn: Turn) -> list[Reply]:
    """pa_rate:<ticket>:<level>, from the answer's message or the ticket view."""
    _, rest = payload_parts(turn.msg.payload or "")
    raw_id, _, level = rest.partition(":")
    ticket_id = bounded_int(raw_id)
    ticket = store.get(turn.connection, ticket_id) if ticket_id is not None else None
    if ticket is None or ticket.user_id != turn.identity.user_id \
            or level not in {r.value for r in Rating}:
        return [Reply("feedback/not_found", {"code": ""})]
    verdict = rating_limiter(turn).take(turn.connection, str(turn.identity.user_id), turn.now)
    if not verdict.allowed:
        return [Reply("feedback/limit_rating", {"minutes": verdict.retry_minutes})]
    done = actions.rate(turn.connection, ticket, turn.identity.user_id, turn.now,
                        Rating(level))
    if isinstance(done, actions.Refusal):
        return [Reply("feedback/rated_before", {"code": ticket.code, "rating": ticket.rating})]
    turn.start_flow(COMMENT_FLOW, "comment", {"ticket": ticket.id})
    return [Reply("feedback/rated", {"code": done.code, "rating": done.rating},
                  choices=(Choice(label("feedback_no_comment"), NO_COMMENT),))]


def comment_typed(turn: Turn) -> list[Reply]:
    ticket = store.get(turn.connection, int(turn.conversation.data.get("ticket", 0)))
    turn.end_flow()
    if ticket is None or len(turn.text) > 500:
        return [Reply("feedback/comment_bad")]
    done = actions.comment(turn.connection, ticket, turn.identity.user_id, turn.now, turn.text)
    if isinstance(done, actions.Refusal):
        return [Reply("feedback/comment_bad")]
    return [Reply("feedback/comment_saved", {"code": ticket.code})]


def more_pressed(turn: Turn) -> list[Reply]:
    """pa_more:<ticket>: answer staff's question (one's own open ticket only)."""
    _, raw = payload_parts(turn.msg.payload or "")
    ticket_id = bounded_int(raw)
    ticket = store.get(turn.connection, ticket_id) if ticket_id is not None else None
    if ticket is None or ticket.user_id != turn.identity.user_id:
        return [Reply("feedback/not_found", {"code": ""})]
    if not ticket.is_open or not ticket.question:
        return [Reply("feedback/more_closed", {"code": ticket.code})]
    turn.start_flow(MORE_FLOW, "more", {"ticket": ticket.id})
    return [Reply("feedback/more_ask", {"code": ticket.code, "question": ticket.question,
                                        "max": turn.services.settings.feedback_max_chars,
                                        "problem": False},
                  choices=(_cancel(),))]


def more_typed(turn: Turn) -> list[Reply]:
    ticket = store.get(turn.connection, int(turn.conversation.data.get("ticket", 0)))
    limit = turn.services.settings.feedback_max_chars
    if ticket is not None and not (2 <= len(turn.text) <= limit):
        return [Reply("feedback/more_ask", {"code": ticket.code, "question": ticket.question,
                                            "max": limit, "problem": True},
                      choices=(_cancel(),))]
    turn.end_flow()
    done = (actions.supply(turn.connection, ticket, turn.identity.user_id, turn.now, turn.text)
            if ticket is not None else actions.Refusal.NOT_OWNER)
    if isinstance(done, actions.Refusal) or ticket is None:
        return [Reply("feedback/more_closed", {"code": ticket.code if ticket else ""})]
    unit = turn.services.units.get(turn.connection, done.unit_id)
    if unit is not None:
        relay.tell_desk(turn.session, done, turn.now, unit.name, unit.timezone, "more_info")
    return [Reply("feedback/more_saved", {"code": done.code})]


def no_comment(turn: Turn) -> list[Reply]:
    if turn.conversation.flow == COMMENT_FLOW:
        turn.end_flow()
    return [Reply("feedback/comment_skipped")]


def register(router: Router) -> None:
    router.command("phananh")(command)
    router.payload(STEP, on_dialogue=True)(press)
    router.payload(START)(start_pressed)
    router.payload(relay.RATE_PAYLOAD)(rate_pressed)
    router.flow(FLOW)(typed)
    router.payload(NO_COMMENT, on_dialogue=True)(no_comment)
    router.flow(COMMENT_FLOW)(comment_typed)
    router.payload(relay.MORE_PAYLOAD)(more_pressed)
    router.flow(MORE_FLOW)(more_typed)
    # Before dossier_lookup, which would take a ticket code for a receipt code.
    router.text(looks_like_ticket)(code_text)
