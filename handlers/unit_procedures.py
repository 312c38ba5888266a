"""Staff tailor the catalog to their center: hide what it does not handle, add local notes."""

from __future__ import annotations

from sqlmodel import select

from bot.core.messages import Reply
from handlers.base import Router, Turn, command_parts
from handlers.lookup import CODE, _snapshot
from models import Role, UnitProcedure


def _setting(turn: Turn, code: str) -> UnitProcedure:
    unit_id = turn.identity.unit_id
    assert unit_id is not None
    row = turn.session.exec(
        select(UnitProcedure).where(UnitProcedure.unit_id == unit_id, UnitProcedure.code == code)
    ).first()
    if row is None:
        row = UnitProcedure(unit_id=unit_id, code=code, updated_at=turn.now)
        turn.session.add(row)
    row.updated_at = turn.now
    return row


def _code(turn: Turn) -> tuple[str | None, str]:
    _, argument = command_parts(turn.text)
    match = CODE.match(argument.strip())
    if match is None:
        return None, argument
    return f"{match.group(1)}.{match.group(2)}", argument[match.end():].strip()


def hide_procedure(turn: Turn) -> list[Reply]:
    """/an CODE: citizens of this unit no longer see the procedure."""
    return _toggle(turn, hidden=True)


def unhide_procedure(turn: Turn) -> list[Reply]:
    """/hien CODE: show a hidden procedure again."""
    return _toggle(turn, hidden=False)


def _toggle(turn: Turn, *, hidden: bool) -> list[Reply]:
    command, _ = command_parts(turn.text)
    code, _ = _code(turn)
    if code is None or _snapshot(turn).visible(code) is None:
        return [Reply("procedures/admin_bad_code", {"command": command, "code": code or ""})]
    _setting(turn, code).hidden = hidden
    procedure = _snapshot(turn).visible(code)
    assert procedure is not None
    return [Reply("procedures/admin_toggled",
                  {"hidden": hidden, "code": code, "name": procedure.name})]


def note_procedure(turn: Turn) -> list[Reply]:
    """/ghichu CODE text: a note under the card (counter, hours, phone); no text removes it."""
    code, note = _code(turn)
    if code is None or _snapshot(turn).visible(code) is None:
        return [Reply("procedures/admin_bad_code", {"command": "ghichu", "code": code or ""})]
    _setting(turn, code).note = note[:1000]
    return [Reply("procedures/admin_noted", {"code": code, "note": note})]


def register(router: Router) -> None:
    router.command("an", min_role=Role.STAFF)(hide_procedure)
    router.command("hien", min_role=Role.STAFF)(unhide_procedure)
    router.command("ghichu", min_role=Role.STAFF)(note_procedure)
