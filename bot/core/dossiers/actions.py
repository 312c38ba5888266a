"""What a desk does to one dossier: register it by hand, move its status, ask for and record a
supplement, extend its due date once, record the apology. Each writes the row (guarded by its
version) and one audit row per changed field, in the caller's transaction, and returns the
dossier as it now is or a `Refusal` saying why nothing changed.

Rules (Nghị định 118/2025/NĐ-CP; article numbers to be confirmed against the official text):
- a late dossier's return date may be moved only once: the predecessor NĐ 61/2018 said "Việc
  hẹn lại ngày trả kết quả được thực hiện không quá một lần" and TT 03/2025/TT-VPCP keeps the
  form for it (Mẫu 04, Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết). A second
  extension is refused with `already_extended`;
- a supplement request pauses the clock; the due date when the citizen supplies follows
  DOSSIER_SUPPLEMENT_RULE (due.py). A second request on one dossier is allowed and flagged
  (`DossierView.multiple_supplements`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, insert, update

from bot.core.dossiers.codes import MAX_CODE, code_key
from bot.core.dossiers.context import RegisterContext
from bot.core.dossiers.due import due_after_supplement
from bot.core.dossiers.statuses import can_change
from bot.core.dossiers.store import (
    DossierView,
    audit_value,
    get_by_id,
    get_dossier,
    open_supplements,
)
from bot.core.dossiers.subscriptions import notify_subscribers
from bot.core.dossiers.vocabulary import vocabulary
from models import Dossier, DossierChange, DossierStatus, DossierSupplement

_d = Dossier.__table__  # type: ignore[attr-defined]
_s = DossierSupplement.__table__  # type: ignore[attr-defined]
_c = DossierChange.__table__  # type: ignore[attr-defined]
S = DossierStatus


class Refusal(StrEnum):
    CLOSED = "closed"  # the dossier is resolved, returned or withdrawn
    NOT_ALLOWED = "not_allowed"  # no such move from its status
    SAME = "same"  # it already has that status
    ALREADY_EXTENDED = "already_extended"
    NOT_LATER = "not_later"  # the new due date is not after the current one
    IN_PAST = "in_past"  # the new due date has passed already
    CHANGED = "changed"  # someone changed it since it was read


def _write(connection: Connection, view: DossierView, changes: dict[str, Any], *,
           now: dt.datetime, by: int | None, source: str, tz: dt.tzinfo) -> DossierView | Refusal:
    """Apply `changes` if the row is still at `view.version`, with one audit row per field."""
    done = connection.execute(
        update(_d).where(_d.c.id == view.id, _d.c.version == view.version)
        .values(**changes, version=_d.c.version + 1, updated_at=now)).rowcount
    if done != 1:
        return Refusal.CHANGED
    connection.execute(insert(_c), [
        {"dossier_id": view.id, "changed_at": now, "changed_by": by, "source": source[:200],
         "field": name, "old_value": audit_value(name, getattr(view, name), tz),
         "new_value": audit_value(name, value, tz)}
        for name, value in changes.items() if value != getattr(view, name)])
    if "status" in changes or "due_at" in changes:
        # The citizens who subscribed hear of it in this same transaction (or not at all).
        notify_subscribers(connection, [view.id], now)
    found = get_by_id(connection, view.id)
    assert found is not None
    return found


def change_status(connection: Connection, ctx: RegisterContext, view: DossierView,
                  status: DossierStatus, *, now: dt.datetime, by: int | None,
                  source: str = "chat") -> DossierView | Refusal:
    """A desk's move (statuses.py); entering or leaving `supplement` goes through the
    supplement functions so the clock pauses and resumes."""
    current = DossierStatus(view.status)
    if status == current:
        return Refusal.SAME
    if not current.is_open:
        return Refusal.CLOSED
    if not can_change(current, status):
        return Refusal.NOT_ALLOWED
    if status == S.SUPPLEMENT:
        return request_supplement(connection, ctx, view, now=now, by=by, source=source)
    if current == S.SUPPLEMENT and status.is_open:
        return record_supplied(connection, ctx, view, now=now, by=by, source=source,
                               status=status)
    changes: dict[str, Any] = {"status": status.value}
    if not status.is_open:
        changes["resolved_at"] = now
    return _write(connection, view, changes, now=now, by=by, source=source, tz=ctx.tz)


def request_supplement(connection: Connection, ctx: RegisterContext, view: DossierView, *,
                       now: dt.datetime, by: int | None, source: str = "chat",
                       note: str = "") -> DossierView | Refusal:
    if not view.is_open:
        return Refusal.CLOSED
    if view.status == S.SUPPLEMENT:
        return Refusal.SAME
    result = _write(connection, view, {"status": S.SUPPLEMENT.value,
                                       "supplement_count": view.supplement_count + 1},
                    now=now, by=by, source=source, tz=ctx.tz)
    if isinstance(result, DossierView):
        connection.execute(insert(_s).values(
            dossier_id=view.id, requested_at=now, requested_by=by, due_before=view.due_at,
            note=note[:500]))
    return result


def record_supplied(connection: Connection, ctx: RegisterContext, view: DossierView, *,
                    now: dt.datetime, by: int | None, source: str = "chat",
                    status: DossierStatus = S.IN_PROGRESS) -> DossierView | Refusal:
    """The citizen supplied: the clock resumes and the due date moves (due.py)."""
    if view.status != S.SUPPLEMENT:
        return Refusal.NOT_ALLOWED
    episode = open_supplements(connection, [view.id]).get(view.id)
    requested = episode["requested_at"] if episode else now
    due = due_after_supplement(
        ctx.options.supplement_rule, due_before=view.due_at, requested_at=requested,
        supplied_at=now, clock=ctx.clock, duration=ctx.duration(view.procedure_code, view.channel),
        cutoff=ctx.cutoff(view.procedure_code))
    changes: dict[str, Any] = {"status": status.value}
    if due is not None and due != view.due_at:
        changes.update(due_at=due, due_source="computed")
    result = _write(connection, view, changes, now=now, by=by, source=source, tz=ctx.tz)
    if isinstance(result, DossierView) and episode:
        connection.execute(update(_s).where(_s.c.id == episode["id"]).values(
            supplied_at=now, due_after=result.due_at))
    return result


def extend(connection: Connection, ctx: RegisterContext, view: DossierView,
           new_due: dt.datetime, reason: str, *, now: dt.datetime, by: int | None,
           source: str = "chat") -> DossierView | Refusal:
    """Gia hạn: a new due date for a dossier that will be late, at most once."""
    if not view.is_open:
        return Refusal.CLOSED
    if view.extended:
        return Refusal.ALREADY_EXTENDED
    if new_due <= now:
        return Refusal.IN_PAST
    if view.due_at is not None and new_due <= view.due_at:
        return Refusal.NOT_LATER
    return _write(connection, view, {
        "due_at": new_due, "due_source": "extension", "extension_due_at": new_due,
        "extension_reason": reason[:500], "extended_at": now, "extended_by": by},
        now=now, by=by, source=source, tz=ctx.tz)


def add_dossier(connection: Connection, ctx: RegisterContext, *, code: str,
                received_at: dt.datetime, now: dt.datetime, by: int | None, source: str = "chat",
                procedure_code: str = "", procedure_name: str = "", channel: str | None = None,
                due_at: dt.datetime | None = None, assignee_id: int | None = None,
                citizen_name: str = "", citizen_phone: str = "",
                status: DossierStatus = S.RECEIVED) -> DossierView | Refusal:
    """A dossier no system exports (a ngành dọc desk, paper): registered by hand, with the
    code printed on its receipt. Without `due_at`, the catalog's time from acceptance.
    Refused (`SAME`) when the unit already has that code."""
    key = code_key(code)
    if not key or len(code) > MAX_CODE:
        return Refusal.NOT_ALLOWED
    if get_dossier(connection, ctx.unit_id, code) is not None:
        return Refusal.SAME
    matched, name = ctx.match_procedure(procedure_code, procedure_name)
    known = ctx.procedures.get(matched or "")
    sector_text = known.field if known else ""
    due = due_at or ctx.computed_due(received_at, matched, channel)
    new_id = connection.execute(insert(_d).values(
        unit_id=ctx.unit_id, code=code.strip(), code_key=key, procedure_code=matched,
        procedure_name=name, sector=vocabulary().sector(sector_text, ctx.sectors),
        sector_text=sector_text, channel=channel, received_at=received_at, due_at=due,
        original_due_at=due, due_source="source" if due_at else ("computed" if due else "none"),
        status=status.value, assignee_id=assignee_id, citizen_name=citizen_name[:200],
        citizen_phone=citizen_phone[:32], supplement_count=int(status == S.SUPPLEMENT),
        created_at=now, updated_at=now, version=1).returning(_d.c.id)).scalar_one()
    connection.execute(insert(_c).values(
        dossier_id=new_id, changed_at=now, changed_by=by, source=source[:200], field="status",
        old_value=None, new_value=status.value))
    if status == S.SUPPLEMENT:
        connection.execute(insert(_s).values(dossier_id=new_id, requested_at=now,
                                             requested_by=by, due_before=due))
    found = get_by_id(connection, new_id)
    assert found is not None
    return found


def mark_apology(connection: Connection, ctx: RegisterContext, view: DossierView, *,
                 now: dt.datetime, by: int | None, source: str = "chat"
                 ) -> DossierView | Refusal:
    """The apology letter (Mẫu 04) was issued; the period report counts it."""
    return _write(connection, view, {"apology_issued_at": now}, now=now, by=by, source=source,
                  tz=ctx.tz)
