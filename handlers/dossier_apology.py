"""/xinloi MÃ (or a warning's button `xinloi:<id>`): the apology letter and the new date for a
dossier that is or will be late (Mẫu 04, TT 03/2025/TT-VPCP; the rule that the return date
moves only once is in bot/core/dossiers/actions.py, the proposed dates in extension.py).

Steps, all kept in the conversation row (a restart loses nothing): the citizen's name when
the register has none (typed, or left as a dotted blank to write by hand on the printed
letter — the name is used for the letter only and not stored: the register keeps personal
data only as an import brings it), the new date (the bot's proposal and two alternatives as
buttons, or typed dd/mm/yyyy), the reason (common reasons as buttons, or typed), then a
summary to confirm. The confirmation extends the dossier and records the apology in one
savepoint of the turn's transaction, and sends the letter as a DOCX; any refusal leaves
nothing written. A dossier that is neither late nor due soon may still be extended: the desk
knows when it will be late. Staff of the dossier's own unit only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.core.documents import apology_letter
from bot.core.dossiers import RegisterContext
from bot.core.dossiers.actions import Refusal, extend, mark_apology
from bot.core.dossiers.extension import (
    check_day,
    letter_values,
    new_due_at,
    proposed_days,
)
from bot.core.dossiers.store import DossierView, get_by_id, get_dossier
from bot.core.labels import label
from bot.core.messages import Choice, Reply
from handlers.base import Router, Turn, bounded_int, command_parts, payload_parts
from handlers.dossier_common import register_context
from handlers.report_common import no_unit
from models import Role

FLOW = "dossier_apology"
START = "xinloi"  # xinloi:<dossier id>, from a warning or a dossier card
STEP = "apology"  # the flow's own buttons, stamped with the dialogue's version
REASONS = ("verify", "agency", "volume", "system")  # labels apology_reason_<key>
MAX_REASON = 500
MAX_NAME = 200



def _refused(view: DossierView, refusal: Refusal, ctx: RegisterContext) -> list[Reply]:
    return [Reply("dossiers/apology_refused", {
        "reason": refusal.value, "code": view.code, "due": view.due_at,
        "extended_to": view.extension_due_at, "tz": str(ctx.tz)})]


def _why_not(view: DossierView) -> Refusal | None:
    """A dossier that cannot get a new date, whatever date is chosen."""
    if not view.is_open:
        return Refusal.CLOSED
    if view.extended:
        return Refusal.ALREADY_EXTENDED
    return None


def start_by_code(turn: Turn) -> list[Reply]:
    _, code = command_parts(turn.text)
    unit_id = turn.identity.unit_id
    if unit_id is None:
        return no_unit()
    if not code:
        return [Reply("dossiers/apology_how")]
    view = get_dossier(turn.connection, unit_id, code)
    if view is None:
        return [Reply("dossiers/apology_not_found", {"code": code})]
    return _start(turn, view)


def start_by_button(turn: Turn) -> list[Reply]:
    _, rest = payload_parts(turn.msg.payload or "")
    dossier_id = bounded_int(rest)
    unit_id = turn.identity.unit_id
    if unit_id is None:
        return no_unit()
    view = get_by_id(turn.connection, dossier_id) if dossier_id is not None else None
    if view is None or view.unit_id != unit_id:  # another unit's dossier is not theirs to see
        return [Reply("dossiers/apology_gone")]
    return _start(turn, view)


def _start(turn: Turn, view: DossierView) -> list[Reply]:
    ctx = register_context(turn, view.unit_id)
    refusal = _why_not(view)
    if refusal is not None:
        return _refused(view, refusal, ctx)
    if view.due_at is None:
        return [Reply("dossiers/apology_no_due", {"code": view.code})]
    turn.start_flow(FLOW, "name", {"dossier": view.id, "code": view.code})
    if view.citizen_name.strip():
        turn.set_step("date", name=view.citizen_name.strip())
        return _ask_date(turn, ctx, view)
    return _ask_name(view)


def _cancel() -> Choice:
    return Choice(label("cancel"), "cancel")


def _ask_name(view: DossierView, problem: str = "") -> list[Reply]:
    return [Reply("dossiers/apology_ask_name", {"code": view.code, "problem": problem},
                  choices=(Choice(label("apology_name_blank"), f"{STEP}:noname"), _cancel()))]


def _date_problem(**found: Any) -> dict[str, Any]:
    """What was wrong with the last date (every key, so the template can test any)."""
    return {"given": "", "format": False, "day": None, "refusal": "", "day_off": False,
            "holiday": "", "next": None, **found}


def _ask_date(turn: Turn, ctx: RegisterContext, view: DossierView,
              problem: dict[str, Any] | None = None) -> list[Reply]:
    proposal, offered = proposed_days(ctx, view, turn.now)
    choices = tuple(Choice(f"{day:%d/%m/%Y}" + (" ★" if day == proposal else ""),
                           f"{STEP}:day:{day.isoformat()}") for day in offered)
    return [Reply("dossiers/apology_ask_date", {
        "code": view.code, "procedure": view.procedure_name, "due": view.due_at,
        "overdue": view.overdue(turn.now), "proposal": proposal, "tz": str(ctx.tz),
        "problem": problem or _date_problem()}, choices=(*choices, _cancel()))]


def _ask_reason(problem: str = "") -> list[Reply]:
    choices = tuple(Choice(label(f"apology_reason_{key}"), f"{STEP}:reason:{key}")
                    for key in REASONS)
    return [Reply("dossiers/apology_ask_reason", {"problem": problem},
                  choices=(*choices, Choice(label("back"), f"{STEP}:back"), _cancel()))]


def _summary(turn: Turn, ctx: RegisterContext, view: DossierView) -> list[Reply]:
    data = turn.conversation.data
    turn.set_step("confirm")
    day = dt.date.fromisoformat(str(data["day"]))
    return [Reply("dossiers/apology_confirm", {
        "code": view.code, "procedure": view.procedure_name, "due": view.due_at,
        "new_due": new_due_at(ctx, day), "reason": data["reason"],
        "name": data.get("name") or "", "tz": str(ctx.tz)},
        choices=(Choice(label("apology_issue"), f"{STEP}:ok"),
                 Choice(label("back"), f"{STEP}:back"), _cancel()))]


def _current(turn: Turn) -> tuple[RegisterContext, DossierView] | list[Reply]:
    """The dossier of the open flow, read again (it may have changed meanwhile)."""
    unit_id = turn.identity.unit_id
    dossier_id = bounded_int(str(turn.conversation.data.get("dossier", "")))
    view = get_by_id(turn.connection, dossier_id) if dossier_id is not None else None
    if view is None or unit_id is None or view.unit_id != unit_id:
        turn.end_flow()
        return [Reply("dossiers/apology_gone")]
    ctx = register_context(turn, unit_id)
    refusal = _why_not(view)
    if refusal is not None:
        turn.end_flow()
        return _refused(view, refusal, ctx)
    return ctx, view


def _take_day(turn: Turn, ctx: RegisterContext, view: DossierView, day: dt.date
              ) -> list[Reply]:
    problem = check_day(ctx, view, day, turn.now)
    if problem is not None:
        return _ask_date(turn, ctx, view, _date_problem(
            day=day, refusal=problem.refusal.value if problem.refusal else "",
            day_off=problem.day_off, holiday=problem.holiday, next=problem.next_working_day))
    turn.set_step("reason", day=day.isoformat())
    return _ask_reason()


def typed(turn: Turn) -> list[Reply]:
    """What the person typed at the current step: a name, a date or a reason."""
    found = _current(turn)
    if isinstance(found, list):
        return found
    ctx, view = found
    step, text = turn.conversation.step, " ".join(turn.text.split())
    if step == "name":
        if not any(ch.isalpha() for ch in text) or len(text) > MAX_NAME:
            return _ask_name(view, problem="too_long" if len(text) > MAX_NAME else "no_letters")
        turn.set_step("date", name=text)
        return _ask_date(turn, ctx, view)
    if step == "date":
        try:
            day = dt.datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            return _ask_date(turn, ctx, view, _date_problem(given=text, format=True))
        return _take_day(turn, ctx, view, day)
    if step == "reason":
        if len(text) < 5 or not any(ch.isalpha() for ch in text):
            return _ask_reason("too_short")
        if len(text) > MAX_REASON:
            return _ask_reason("too_long")
        turn.set_step("confirm", reason=text)
        return _summary(turn, ctx, view)
    return [Reply("dossiers/apology_use_buttons"), *_summary(turn, ctx, view)]


def press(turn: Turn) -> list[Reply]:
    """The flow's buttons: no name, a day, a reason, back, issue."""
    if turn.conversation.flow != FLOW:
        return [Reply("dossiers/apology_gone")]
    found = _current(turn)
    if isinstance(found, list):
        return found
    ctx, view = found
    _, rest = payload_parts(turn.msg.payload or "")
    action, _, value = rest.partition(":")
    step = turn.conversation.step
    if action == "noname" and step == "name":
        turn.set_step("date", name="")
        return _ask_date(turn, ctx, view)
    if action == "day" and step == "date":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return _ask_date(turn, ctx, view)
        return _take_day(turn, ctx, view, day)
    if action == "reason" and step == "reason" and value in REASONS:
        turn.set_step("confirm", reason=label(f"apology_reason_{value}"))
        return _summary(turn, ctx, view)
    if action == "back" and step == "confirm":
        turn.set_step("reason")
        return _ask_reason()
    if action == "back" and step == "reason":
        turn.set_step("date")
        return _ask_date(turn, ctx, view)
    if action == "ok" and step == "confirm":
        return _issue(turn, ctx, view)
    return _again(turn, ctx, view)


def _again(turn: Turn, ctx: RegisterContext, view: DossierView) -> list[Reply]:
    """A button that does not belong to the current step: the current question again."""
    step = turn.conversation.step
    if step == "name":
        return _ask_name(view)
    if step == "date":
        return _ask_date(turn, ctx, view)
    if step == "reason":
        return _ask_reason()
    return _summary(turn, ctx, view)


def _issue(turn: Turn, ctx: RegisterContext, view: DossierView) -> list[Reply]:
    """Extend, record the apology and print the letter, all or nothing."""
    data = turn.conversation.data
    day = dt.date.fromisoformat(str(data["day"]))
    reason = str(data["reason"])
    by = turn.identity.user_id
    savepoint = turn.connection.begin_nested()
    extended = extend(turn.connection, ctx, view, new_due_at(ctx, day), reason, now=turn.now,
                      by=by)
    marked = (mark_apology(turn.connection, ctx, extended, now=turn.now, by=by)
              if not isinstance(extended, Refusal) else extended)
    if isinstance(marked, Refusal):
        savepoint.rollback()
        if marked in (Refusal.IN_PAST, Refusal.NOT_LATER):
            turn.set_step("date")
            return _ask_date(turn, ctx, view, _date_problem(day=day, refusal=marked.value))
        turn.end_flow()
        return _refused(view, marked, ctx)
    assert isinstance(extended, DossierView)
    letter = apology_letter(letter_values(
        ctx, view, extended, citizen_name=str(data.get("name") or ""), reason=reason,
        issued_on=ctx.clock.local(turn.now).date()))
    savepoint.commit()
    turn.end_flow()
    return [Reply("dossiers/apology_done", {
        "code": view.code, "old_due": view.due_at, "new_due": marked.due_at,
        "file": letter.filename, "named": bool(str(data.get("name") or "").strip()),
        "tz": str(ctx.tz)}, attachments=(letter,))]


def register(router: Router) -> None:
    router.command("xinloi", min_role=Role.STAFF)(start_by_code)
    router.payload(START, min_role=Role.STAFF)(start_by_button)
    router.payload(STEP, min_role=Role.STAFF, on_dialogue=True)(press)
    router.flow(FLOW, min_role=Role.STAFF)(typed)
