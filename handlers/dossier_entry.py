"""/themhoso: a dossier no system exports (a ngành dọc desk, a paper receipt) typed into the
register, in one line or a short guided form.

One line: `/themhoso MÃ | THỦ TỤC | NGÀY TIẾP NHẬN [| KÊNH] [| HẸN TRẢ]` (the parts and their
rules are in bot/core/dossiers/entry.py). `/themhoso` alone asks the code, the procedure,
the received date (or "now"), the channel, then shows the due date computed from the catalog
with «Lưu hồ sơ»; typing a date there takes the one printed on the receipt instead. The
draft lives in the conversation row; /huy or «Huỷ» leaves it. The person who registers the
dossier becomes its assignee (the desk that holds a paper dossier is the one that handles
it), so its deadline warnings reach them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.core.dossiers import RegisterContext
from bot.core.dossiers.actions import Refusal, add_dossier
from bot.core.dossiers.entry import (
    DEFAULT_CHANNEL,
    Entry,
    Problem,
    check_channel,
    check_code,
    check_computable,
    check_due,
    check_procedure,
    check_received,
    parse_line,
)
from bot.core.dossiers.vocabulary import CHANNELS
from bot.core.labels import label
from bot.core.messages import Choice, Reply
from handlers.base import Router, Turn, command_parts, payload_parts
from handlers.dossier_common import register_context
from handlers.report_common import no_unit
from models import Role

FLOW = "dossier_entry"
STEP = "themhoso"



def _problem(problem: Problem, *, line: bool) -> Reply:
    return Reply("dossiers/entry_problem", {
        "part": problem.part, "kind": problem.kind, "given": problem.given,
        "extra": problem.extra.split(",") if problem.extra else [], "line": line})


def command(turn: Turn) -> list[Reply]:
    unit_id = turn.identity.unit_id
    if unit_id is None:
        return no_unit()
    _, rest = command_parts(turn.text)
    if turn.conversation.flow == FLOW:
        turn.end_flow()
    ctx = register_context(turn, unit_id)
    if not rest:
        turn.start_flow(FLOW, "code", {})
        return [Reply("dossiers/entry_ask_code", {"problem": None}, choices=(_cancel(),))]
    parsed = parse_line(turn.connection, ctx, rest, turn.now)
    if isinstance(parsed, Problem):
        return [_problem(parsed, line=True)]
    return _save(turn, ctx, parsed)


def _save(turn: Turn, ctx: RegisterContext, entry: Entry) -> list[Reply]:
    added = add_dossier(
        turn.connection, ctx, code=entry.code, received_at=entry.received_at, now=turn.now,
        by=turn.identity.user_id, source="chat", procedure_code=entry.procedure_code or "",
        procedure_name=entry.procedure_name, channel=entry.channel, due_at=entry.due_at,
        assignee_id=turn.identity.user_id)
    if turn.conversation.flow == FLOW:
        turn.end_flow()
    if added == Refusal.SAME:
        return [_problem(Problem("code", "exists", entry.code), line=False)]
    if isinstance(added, Refusal):
        return [_problem(Problem("code", "too_long", entry.code), line=False)]
    return [Reply("dossiers/entry_done", {
        "dossier": added, "computed": entry.due_at is None, "tz": str(ctx.tz)})]


def _cancel() -> Choice:
    return Choice(label("cancel"), "cancel")


def _ask(turn: Turn, ctx: RegisterContext, problem: Problem | None = None) -> list[Reply]:
    """The question of the current step, with the problem of the last answer if any."""
    step = turn.conversation.step
    context: dict[str, Any] = {"problem": _problem(problem, line=False).context
                                if problem else None}
    if step == "code":
        return [Reply("dossiers/entry_ask_code", context, choices=(_cancel(),))]
    if step == "procedure":
        return [Reply("dossiers/entry_ask_procedure", context, choices=(_cancel(),))]
    if step == "received":
        return [Reply("dossiers/entry_ask_received", context,
                      choices=(Choice(label("entry_now"), f"{STEP}:now"), _cancel()))]
    if step == "channel":
        choices = tuple(Choice(label(f"channel_{c}"), f"{STEP}:channel:{c}")
                        for c in (DEFAULT_CHANNEL, *[c for c in CHANNELS if c != DEFAULT_CHANNEL]))
        return [Reply("dossiers/entry_ask_channel", context, choices=(*choices, _cancel()))]
    if step == "due":
        return [Reply("dossiers/entry_ask_due", {**context, **_draft_context(turn, ctx)},
                      choices=(_cancel(),))]
    return [Reply("dossiers/entry_confirm", {**context, **_draft_context(turn, ctx)},
                  choices=(Choice(label("entry_save"), f"{STEP}:save"), _cancel()))]


def _entry(turn: Turn) -> Entry:
    data = turn.conversation.data
    due = data.get("due")
    return Entry(
        code=str(data["code"]), procedure_code=data.get("procedure_code") or None,
        procedure_name=str(data.get("procedure_name", "")),
        received_at=dt.datetime.fromisoformat(str(data["received"])),
        channel=str(data.get("channel") or DEFAULT_CHANNEL),
        due_at=dt.datetime.fromisoformat(str(due)) if due else None)


def _draft_context(turn: Turn, ctx: RegisterContext) -> dict[str, Any]:
    entry = _entry(turn)
    return {"code": entry.code, "procedure_code": entry.procedure_code,
            "procedure_name": entry.procedure_name, "received": entry.received_at,
            "channel": entry.channel, "due": entry.due(ctx), "computed": entry.due_at is None,
            "tz": str(ctx.tz)}


def _after_channel(turn: Turn, ctx: RegisterContext, channel: str) -> list[Reply]:
    turn.set_step("confirm", channel=channel)
    if check_computable(ctx, _entry(turn)) is not None:
        turn.set_step("due")
    return _ask(turn, ctx)


def typed(turn: Turn) -> list[Reply]:
    """The answer to the current question."""
    unit_id = turn.identity.unit_id
    if unit_id is None:
        turn.end_flow()
        return no_unit()
    ctx = register_context(turn, unit_id)
    step, text = turn.conversation.step, turn.text
    if step == "code":
        code = check_code(turn.connection, ctx, text)
        if isinstance(code, Problem):
            return _ask(turn, ctx, code)
        turn.set_step("procedure", code=code)
    elif step == "procedure":
        procedure = check_procedure(ctx, text)
        if isinstance(procedure, Problem):
            return _ask(turn, ctx, procedure)
        turn.set_step("received", procedure_code=procedure[0], procedure_name=procedure[1])
    elif step == "received":
        received = check_received(ctx, text, turn.now)
        if isinstance(received, Problem):
            return _ask(turn, ctx, received)
        turn.set_step("channel", received=received.isoformat())
    elif step == "channel":
        channel = check_channel(text)
        if isinstance(channel, Problem):
            return _ask(turn, ctx, channel)
        return _after_channel(turn, ctx, channel)
    elif step in ("due", "confirm"):
        due = check_due(ctx, text, _entry(turn).received_at)
        if isinstance(due, Problem):
            return _ask(turn, ctx, due)
        turn.set_step("confirm", due=due.isoformat())
    return _ask(turn, ctx)


def press(turn: Turn) -> list[Reply]:
    """«Bây giờ», a channel, «Lưu hồ sơ»."""
    unit_id = turn.identity.unit_id
    if turn.conversation.flow != FLOW or unit_id is None:
        return [Reply("dossiers/entry_expired")]
    ctx = register_context(turn, unit_id)
    _, rest = payload_parts(turn.msg.payload or "")
    action, _, value = rest.partition(":")
    step = turn.conversation.step
    if action == "now" and step == "received":
        turn.set_step("channel", received=turn.now.isoformat())
    elif action == "channel" and step == "channel" and value in CHANNELS:
        return _after_channel(turn, ctx, value)
    elif action == "save" and step == "confirm":
        return _save(turn, ctx, _entry(turn))
    return _ask(turn, ctx)


def register(router: Router) -> None:
    router.command("themhoso", min_role=Role.STAFF)(command)
    router.payload(STEP, min_role=Role.STAFF, on_dialogue=True)(press)
    router.flow(FLOW, min_role=Role.STAFF)(typed)
