"""/hoso: a desk's open dossiers, a dossier's card, and marking it done by button or line.

Staff see their own list: dossiers assigned to them, and those without a bot user as
assignee in their sectors (or in no one's sector: then everyone's, as the warnings send them,
bot/core/dossiers/recipients.py). Leads and admins see the unit's open dossiers by sector.
Lists are paged; each entry is a button opening the dossier's card (`hoso:view:<id>`), which
shows the citizen's name and masked phone — /hoso is for staff only — and the moves its
status allows. The same moves by a line: /xong, /tralai, /rut, /bosung, /danop CODE.

Every change goes through bot/core/dossiers/actions.py (audited, version-guarded); a refusal
is answered in words. A dossier of another unit is answered as unknown: staff act only on
their own unit's register.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.core.dossiers import DossierView, get_dossier, list_dossiers
from bot.core.dossiers.actions import Refusal, change_status, record_supplied, request_supplement
from bot.core.dossiers.statuses import can_change
from bot.core.dossiers.store import get_by_id
from bot.core.dossiers.warnings import APOLOGY_PAYLOAD, urgency_of
from bot.core.labels import label, shorten
from bot.core.messages import Choice, Reply
from handlers.base import Router, Turn, bounded_int, command_parts, payload_parts
from handlers.dossier_common import register_context
from handlers.report_common import no_unit, sector_label
from models import DossierStatus, Role, User

PAYLOAD = "hoso"
PAGE_SIZE = 8
S = DossierStatus
_users = User.__table__  # type: ignore[attr-defined]
# Line commands and button actions: the move each makes (None: the citizen supplied).
MOVES: dict[str, DossierStatus | None] = {
    "xong": S.RESOLVED, "tralai": S.RETURNED, "rut": S.WITHDRAWN, "bosung": S.SUPPLEMENT,
    "danop": None,
}
_BUTTONS = {"xong": "dossier_resolved", "tralai": "dossier_returned",
            "rut": "dossier_withdrawn", "bosung": "dossier_supplement",
            "danop": "dossier_supplied"}
ACTIONS = {"done": "xong", **{name: name for name in MOVES}}  # "done" comes from warnings



def _is_lead(turn: Turn) -> bool:
    return turn.role in (Role.LEAD, Role.ADMIN)


def _mine(turn: Turn, unit_id: int, dossiers: list[DossierView]) -> list[DossierView]:
    """A staff member's share, by the warnings' rule (recipients.py)."""
    people = turn.connection.execute(
        select(_users.c.id, _users.c.role, _users.c.sectors).where(_users.c.unit_id == unit_id,
                                                                   _users.c.role != "citizen")
    ).all()
    desk_ids = {row.id for row in people}
    held = {sector for row in people if row.role == Role.STAFF.value
            for sector in (row.sectors or ())}
    me = turn.identity.user_id
    my_sectors = set(next((row.sectors or () for row in people if row.id == me), ()))

    def for_me(d: DossierView) -> bool:
        if d.assignee_id in desk_ids:
            return d.assignee_id == me
        return d.sector in my_sectors or d.sector not in held

    return [d for d in dossiers if for_me(d)]


def _entry(turn: Turn, d: DossierView) -> dict[str, Any]:
    return {"code": d.code, "procedure": d.procedure_name, "due": d.due_at,
            "status": d.status, "urgency": urgency_of(d.due_at, turn.now) if d.is_open else None,
            "sector": sector_label(turn, d.sector) if d.sector else ""}


def show_list(turn: Turn, page: int = 0) -> list[Reply]:
    unit_id = turn.identity.unit_id
    unit = turn.unit_view
    if unit_id is None or unit is None:
        return no_unit()
    dossiers = list_dossiers(turn.connection, unit_id, status="open")
    lead = _is_lead(turn)
    if lead:  # by sector, then by due date (list_dossiers' order is kept within a sector)
        dossiers.sort(key=lambda d: sector_label(turn, d.sector) if d.sector else "\uffff")
    else:
        dossiers = _mine(turn, unit_id, dossiers)
    pages = max(1, -(-len(dossiers) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = dossiers[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
    choices = [Choice(shorten(f"{d.code} · {d.procedure_name}", 50), f"{PAYLOAD}:view:{d.id}")
               for d in shown]
    if page > 0:
        choices.append(Choice(label("previous_page"), f"{PAYLOAD}:page:{page - 1}"))
    if page + 1 < pages:
        choices.append(Choice(label("next_page"), f"{PAYLOAD}:page:{page + 1}"))
    return [Reply("dossiers/desk_list", {
        "unit": unit.name, "lead": lead, "total": len(dossiers), "page": page + 1,
        "pages": pages, "first": page * PAGE_SIZE + 1, "tz": str(unit.timezone),
        "entries": [_entry(turn, d) for d in shown]}, choices=tuple(choices))]


def _card(turn: Turn, d: DossierView, tz: str) -> Reply:
    choices = []
    if d.is_open:
        current = DossierStatus(d.status)
        for action, status in MOVES.items():
            possible = (current == S.SUPPLEMENT if status is None
                        else can_change(current, status))
            if possible:
                choices.append(Choice(label(_BUTTONS[action]), f"{PAYLOAD}:{action}:{d.id}"))
        choices.append(Choice(label("dossier_apology"), f"{APOLOGY_PAYLOAD}{d.id}"))
    choices.append(Choice(label("dossier_list"), f"{PAYLOAD}:page:0"))
    assignee = d.assignee_text
    if d.assignee_id is not None:
        assignee = turn.connection.scalar(
            select(_users.c.display_name).where(_users.c.id == d.assignee_id)) or assignee
    return Reply("dossiers/card", {
        "d": d, "tz": tz, "urgency": urgency_of(d.due_at, turn.now) if d.is_open else None,
        "sector": sector_label(turn, d.sector) if d.sector else d.sector_text,
        "assignee": assignee}, choices=tuple(choices))


def _own(turn: Turn, dossier_id: int | None) -> DossierView | None:
    """The dossier if it is of the person's own unit; None otherwise (as if unknown)."""
    if dossier_id is None:
        return None
    found = get_by_id(turn.connection, dossier_id)
    if found is None or found.unit_id != turn.identity.unit_id:
        return None
    return found


def _act(turn: Turn, d: DossierView, action: str) -> list[Reply]:
    unit_id = turn.identity.unit_id
    assert unit_id is not None
    ctx = register_context(turn, unit_id)
    move = MOVES[action]
    by = turn.identity.user_id
    result: DossierView | Refusal
    if move is None:
        result = record_supplied(turn.connection, ctx, d, now=turn.now, by=by)
    elif move == S.SUPPLEMENT:
        result = request_supplement(turn.connection, ctx, d, now=turn.now, by=by)
    else:
        result = change_status(turn.connection, ctx, d, move, now=turn.now, by=by)
    tz = str(ctx.tz)
    if isinstance(result, Refusal):
        return [Reply("dossiers/desk_refused", {"reason": result.value, "code": d.code,
                                                "status": d.status, "action": action})]
    return [Reply("dossiers/desk_marked", {"action": action, "code": result.code, "tz": tz,
                                           "due": result.due_at, "before": d.due_at,
                                           "supplements": result.supplement_count}),
            _card(turn, result, tz)]


def by_line(turn: Turn) -> list[Reply]:
    """/xong CODE (and /tralai, /rut, /bosung, /danop)."""
    name, code = command_parts(turn.text)
    if turn.identity.unit_id is None:
        return no_unit()
    if not code:
        return [Reply("dossiers/desk_usage", {"command": name})]
    found = get_dossier(turn.connection, turn.identity.unit_id, code)
    if found is None:
        return [Reply("dossiers/desk_unknown", {"code": code})]
    return _act(turn, found, name)


def command(turn: Turn) -> list[Reply]:
    """/hoso: the list; /hoso CODE: that dossier's card."""
    _, code = command_parts(turn.text)
    unit_id = turn.identity.unit_id
    if not code or unit_id is None:
        return show_list(turn)
    found = get_dossier(turn.connection, unit_id, code)
    if found is None:
        return [Reply("dossiers/desk_unknown", {"code": code})]
    return [_card(turn, found, _zone(turn))]


def _zone(turn: Turn) -> str:
    unit = turn.unit_view
    return str(unit.timezone) if unit else "Asia/Ho_Chi_Minh"


def press(turn: Turn) -> list[Reply]:
    """hoso:page:<n>, hoso:view:<id>, hoso:<action>:<id>."""
    _, rest = payload_parts(turn.msg.payload or "")
    action, _, argument = rest.partition(":")
    if turn.identity.unit_id is None:
        return no_unit()
    if action == "page":
        return show_list(turn, bounded_int(argument, 0, 10_000) or 0)
    found = _own(turn, bounded_int(argument))
    if found is None:
        return [Reply("dossiers/desk_gone")]
    if action == "view":
        return [_card(turn, found, _zone(turn))]
    if action in ACTIONS:
        return _act(turn, found, ACTIONS[action])
    return [Reply("common/outdated_button")]


def register(router: Router) -> None:
    router.command("hoso", min_role=Role.STAFF)(command)
    router.command(*MOVES, min_role=Role.STAFF)(by_line)
    router.payload(PAYLOAD, min_role=Role.STAFF)(press)
