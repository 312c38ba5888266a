"""A unit with staff in sectors, a lead, and open dossiers due around a working morning."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from bot.app import App
from bot.core.dossiers.codes import code_key
from bot.core.people import create_unit
from bot.db import transaction
from models import Dossier, DossierChange, Notification, Role, User

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
STAFF = {"an": ["xa"], "binh": ["ca"], "chi": ["dd", "xa"]}
_d = Dossier.__table__  # type: ignore[attr-defined]
_n = Notification.__table__  # type: ignore[attr-defined]


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ).astimezone(UTC)


def make_office(app: App, now: datetime, code: str = "hb",
                sectors: tuple[str, ...] = ("xa", "ca", "dd", "tp")) -> tuple[int, dict[str, int]]:
    """A unit; staff an (xa), binh (ca), chi (dd, xa); a lead. Returns (unit id, user ids)."""
    with transaction(app.sessions) as session:
        unit = create_unit(session, code=code, name=f"Trung tâm xã {code}", now=now,
                           sectors=list(sectors))
        people = {}
        for address, held in STAFF.items():
            user = User(channel="console", address=f"{address}{'' if code == 'hb' else code}",
                        display_name=address.title(), role=Role.STAFF.value, unit_id=unit.id,
                        sector=held[0], sectors=held, created_at=now, last_seen_at=now)
            session.add(user)
            people[address] = user
        lead = User(channel="console", address=f"lead{'' if code == 'hb' else code}",
                    display_name="Lãnh đạo", role=Role.LEAD.value, unit_id=unit.id,
                    created_at=now, last_seen_at=now)
        session.add(lead)
        people["lead"] = lead
        session.flush()
        assert unit.id is not None
        return unit.id, {name: int(user.id or 0) for name, user in people.items()}


def add_dossier(app: App, unit_id: int, code: str, due: datetime, *, now: datetime,
                assignee: int | None = None, sector: str | None = None,
                status: str = "in_progress", assignee_text: str = "", **extra: Any) -> int:
    with app.engine.begin() as connection:
        dossier_id = connection.execute(insert(_d).values(
            unit_id=unit_id, code=code, code_key=code_key(code), procedure_name=f"Thủ tục {code}",
            sector=sector, due_at=due, original_due_at=due, due_source="source", status=status,
            assignee_id=assignee, assignee_text=assignee_text, received_at=now, created_at=now,
            updated_at=now, version=1, **extra).returning(_d.c.id)).scalar_one()
        return int(dossier_id)


def touch(app: App, dossier_id: int, at: datetime) -> None:
    """Someone recorded a change of the dossier at `at`."""
    with app.engine.begin() as connection:
        connection.execute(insert(DossierChange.__table__).values(  # type: ignore[attr-defined]
            dossier_id=dossier_id, changed_at=at, source="chat", field="assignee_text",
            old_value="", new_value="x"))


def planned(app: App, kind: str) -> dict[str, dict[str, Any]]:
    """Address -> {key, context, choices} of the outbox rows of `kind`."""
    with app.engine.connect() as connection:
        rows = connection.execute(select(_n.c.address, _n.c.key, _n.c.context, _n.c.choices)
                                  .where(_n.c.kind == kind).order_by(_n.c.id))
        return {r.address: {"key": r.key, "context": r.context, "choices": r.choices}
                for r in rows}


def codes(row: dict[str, Any]) -> list[str]:
    """The listed dossier codes in the order the message shows them."""
    items = sorted(row["context"]["items"], key=lambda item: item["rank"])
    return [item["code"] for item in items]
