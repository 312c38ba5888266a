"""A unit with a register, on the test database: importing files, reading rows back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select

from bot.app import App
from bot.core.dossiers import RegisterContext, load_context
from bot.core.dossiers.importer import ImportOutcome, import_file
from bot.core.people import create_unit
from bot.db import transaction
from models import Dossier, DossierChange, DossierSupplement

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 16/03/2026, 09:00 in Hà Nội.
NOW = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)


def local(day: int, hour: int = 0, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


def make_unit(app: App, code: str = "hb", sectors: tuple[str, ...] = ("xa", "ca", "dd")) -> int:
    with transaction(app.sessions) as session:
        unit = create_unit(session, code=code, name="Trung tâm xã Hoà Bình", now=NOW,
                           sectors=list(sectors))
        assert unit.id is not None
        return unit.id


def context(app: App, connection: Connection, unit_id: int) -> RegisterContext:
    procedures = app.services.catalog.snapshot(connection, NOW).procedures
    return load_context(connection, unit_id, app.settings.dossier_options, procedures)


def run_import(app: App, unit_id: int, path: Path, *, now: datetime = NOW, write: bool = True,
               by: int | None = None) -> ImportOutcome:
    with app.engine.begin() as connection:
        ctx = context(app, connection, unit_id)
        return import_file(connection, ctx, path, now=now, source=f"import:{path.name}", by=by,
                           write=write)


def rows(app: App) -> dict[str, dict[str, Any]]:
    table = Dossier.__table__  # type: ignore[attr-defined]
    with app.engine.connect() as connection:
        return {r.code: dict(r._mapping) for r in connection.execute(select(table))}


def audit(app: App) -> list[tuple[str, str, str | None, str | None, str]]:
    """(code, field, old, new, source) in the order written."""
    changes = DossierChange.__table__  # type: ignore[attr-defined]
    dossiers = Dossier.__table__  # type: ignore[attr-defined]
    with app.engine.connect() as connection:
        result = connection.execute(
            select(dossiers.c.code, changes.c.field, changes.c.old_value, changes.c.new_value,
                   changes.c.source)
            .join(dossiers, dossiers.c.id == changes.c.dossier_id).order_by(changes.c.id))
        return [tuple(r) for r in result]  # type: ignore[misc]


def count(app: App, model: type) -> int:
    table = model.__table__  # type: ignore[attr-defined]
    with app.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def supplements(app: App) -> list[dict[str, Any]]:
    table = DossierSupplement.__table__  # type: ignore[attr-defined]
    with app.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(table).order_by(table.c.id))]


def later(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)
