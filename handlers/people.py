"""/canbo: a lead sees the unit's people and changes a role or sectors, or removes someone.

Every change is asked once more before it is made. The confirming button names the change
itself (`canbo:ok:12:sector:ca:on`), so pressing an old one never does something else, and a
change already made elsewhere is reported as nothing to do.
"""

from __future__ import annotations

from typing import Any

from bot.core import members
from bot.core.labels import label, shorten
from bot.core.members import Done, Member, Refusal
from bot.core.messages import Choice, Reply
from bot.core.reporting.desk import UnitInfo, load_desk
from handlers.base import Router, Turn, payload_parts
from handlers.report_common import no_unit, sector_label
from models import Role

MAX_LISTED = 40  # buttons; a center has a few dozen people at most
_MAX_ID_DIGITS = 12


def _unit(turn: Turn) -> UnitInfo | None:
    unit_id = turn.identity.unit_id
    if unit_id is None:
        return None
    found = load_desk(turn.connection, unit_id, turn.identity.user_id, turn.role, turn.now.date())
    return found.unit if found else None


def _name(member: Member) -> str:
    return member.name or f"#{member.id}"


def _view(turn: Turn, unit: UnitInfo, member: Member) -> dict[str, Any]:
    return {"id": member.id, "name": member.name, "role": member.role.value,
            "sectors": [sector_label(turn, s) for s in member.sectors],
            "last_seen": unit.today(member.last_seen_at), "me": member.id == turn.identity.user_id}


def list_people(turn: Turn) -> list[Reply]:
    """/canbo: everyone with a role in the unit, one button each."""
    unit = _unit(turn)
    if unit is None:
        return no_unit()
    people = members.list_members(turn.connection, unit.id)
    choices = tuple(Choice(shorten(f"#{m.id} {m.name}".strip(), 40), f"canbo:show:{m.id}")
                    for m in people[:MAX_LISTED])
    views = [_view(turn, unit, m) for m in people]
    return [Reply("people/list", {"unit": unit.name, "people": views}, choices=choices)]


def _manageable(turn: Turn, member: Member) -> bool:
    if member.id == turn.identity.user_id:
        return False
    return member.role != Role.ADMIN or turn.role == Role.ADMIN


def show_person(turn: Turn, unit: UnitInfo, member: Member) -> list[Reply]:
    choices: list[Choice] = []
    if _manageable(turn, member):
        if member.role == Role.STAFF:
            choices.append(Choice(label("make_lead"), f"canbo:role:{member.id}:lead"))
            for code in unit.sectors:
                held = code in member.sectors
                word = label("sector_drop" if held else "sector_add")
                choices.append(Choice(f"{word} {sector_label(turn, code)}",
                                      f"canbo:sector:{member.id}:{code}"))
        elif member.role == Role.LEAD:
            choices.append(Choice(label("make_staff"), f"canbo:role:{member.id}:staff"))
        choices.append(Choice(label("remove_member"), f"canbo:remove:{member.id}"))
    choices.append(Choice(label("people_list"), "canbo:list"))
    return [Reply("people/person", {**_view(turn, unit, member),
                                    "manageable": _manageable(turn, member)},
                  choices=tuple(choices))]


def press(turn: Turn) -> list[Reply]:
    """Every `canbo:` button: list, show, ask to confirm a change, make it."""
    unit = _unit(turn)
    if unit is None:
        return no_unit()
    _, rest = payload_parts(turn.msg.payload or "")
    action, _, tail = rest.partition(":")
    if action == "list":
        return list_people(turn)
    raw_id, _, arg = tail.partition(":")
    member = (members.find_member(turn.connection, unit.id, int(raw_id))
              if raw_id.isdigit() and len(raw_id) <= _MAX_ID_DIGITS else None)
    if member is None:
        return [Reply("people/missing")]
    if action == "show":
        return show_person(turn, unit, member)
    if not _manageable(turn, member):
        return [Reply("people/refused", {"reason": "self" if member.id == turn.identity.user_id
                                         else Refusal.ABOVE.value, "name": _name(member)})]
    if action == "ok":
        return _apply(turn, unit, member, arg)
    change = _proposed(turn, unit, member, action, arg)
    if change is None:
        return show_person(turn, unit, member)
    context, payload = change
    return [Reply("people/confirm", {**_view(turn, unit, member), **context},
                  choices=(Choice(label("yes"), f"canbo:ok:{member.id}:{payload}"),
                           Choice(label("back"), f"canbo:show:{member.id}")))]


def _proposed(turn: Turn, unit: UnitInfo, member: Member, action: str,
              arg: str) -> tuple[dict[str, Any], str] | None:
    """What the confirmation says, and the payload that makes exactly that change."""
    if action == "role" and arg in (Role.STAFF.value, Role.LEAD.value):
        return {"change": "role", "new_role": arg}, f"role:{arg}"
    if action == "sector" and arg in unit.sectors:
        adding = arg not in member.sectors
        after = _toggled(unit, member, arg, adding)
        return ({"change": "sector", "adding": adding, "sector": sector_label(turn, arg),
                 "after": [sector_label(turn, s) for s in after]},
                f"sector:{arg}:{'on' if adding else 'off'}")
    if action == "remove":
        return {"change": "remove"}, "remove"
    return None


def _toggled(unit: UnitInfo, member: Member, code: str, adding: bool) -> list[str]:
    wanted = set(member.sectors) | {code} if adding else set(member.sectors) - {code}
    return [s for s in unit.sectors if s in wanted]


def _apply(turn: Turn, unit: UnitInfo, member: Member, change: str) -> list[Reply]:
    kind, _, arg = change.partition(":")
    by = turn.user
    result: Done | Refusal
    if kind == "role" and arg in (Role.STAFF.value, Role.LEAD.value):
        result = members.set_role(turn.session, unit.id, member.id, Role(arg), by=by,
                                  now=turn.now)
    elif kind == "sector":
        code, _, direction = arg.partition(":")
        after = _toggled(unit, member, code, direction == "on")
        result = members.set_sectors(turn.session, unit.id, member.id, after,
                                     list(unit.sectors), by=by, now=turn.now)
    elif kind == "remove":
        result = members.remove(turn.session, unit.id, member.id, by=by, now=turn.now)
    else:
        return [Reply("people/missing")]
    if isinstance(result, Refusal):
        return [Reply("people/refused", {"reason": result.value, "name": _name(member)})]
    turn.session.flush()
    done = {"name": _name(member), "field": result.field, "old": _shown(turn, result.field,
            result.old), "new": _shown(turn, result.field, result.new)}
    if kind == "remove":
        return [Reply("people/done", done), *list_people(turn)]
    updated = members.find_member(turn.connection, unit.id, member.id)
    assert updated is not None
    return [Reply("people/done", done), *show_person(turn, unit, updated)]


def _shown(turn: Turn, field: str, value: str) -> str | list[str]:
    if field == "sectors":
        return [sector_label(turn, s) for s in value.split(",") if s]
    return value


def register(router: Router) -> None:
    router.command("canbo", "nhansu", min_role=Role.LEAD)(list_people)
    router.payload("canbo", min_role=Role.LEAD)(press)
