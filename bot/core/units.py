"""Read-only copies of units for the handlers that only read them, kept per process.

Every citizen question shows the center's name, address and hours and skips the procedures
it hid; loading the unit through the ORM for that cost more than answering the question.
A `UnitView` is built once per unit revision (`models.unit.Unit.revision` changes with every
ORM write to the unit or its procedure settings) and checked with one small query per turn,
so a change made by another process or the command line is seen on the next message.
Handlers that change a unit still load the ORM row (`Turn.unit`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sqlalchemy import Connection, bindparam, select

from bot.core.procedures import LocalSetting
from models import Unit, UnitProcedure

_units = Unit.__table__  # type: ignore[attr-defined]
_local = UnitProcedure.__table__  # type: ignore[attr-defined]

# Built once: composing statements per message costs more than running them.
_REVISION = select(_units.c.revision).where(_units.c.id == bindparam("unit_id"))
_BY_CODE = select(_units.c.id, _units.c.revision).where(_units.c.code == bindparam("code"))
_FIRST_TWO = select(_units.c.id, _units.c.revision).order_by(_units.c.id).limit(2)
_ROW = select(_units).where(_units.c.id == bindparam("unit_id"))
_SETTINGS = select(_local.c.code, _local.c.hidden, _local.c.note).where(
    _local.c.unit_id == bindparam("unit_id")
)


@dataclass(frozen=True)
class UnitView:
    """A unit as it was at `revision`, with its procedure settings; never written back."""

    id: int
    code: str
    name: str
    province: str
    timezone: str
    sectors: tuple[str, ...]
    address: str
    phone: str
    opening_hours: str
    map_url: str
    queue_info: str
    revision: int
    settings: Mapping[str, LocalSetting] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()


class UnitDirectory:
    """Process-wide `UnitView`s; each read checks the unit's revision in the caller's
    transaction and rebuilds the view when it changed."""

    def __init__(self) -> None:
        # One item assignment per rebuild, atomic under the GIL: the threads PostgreSQL turns
        # run in need no lock, and two of them rebuilding the same unit agree.
        self._views: dict[int, UnitView] = {}

    def get(self, connection: Connection, unit_id: int) -> UnitView | None:
        revision = connection.execute(_REVISION, {"unit_id": unit_id}).scalar()
        return None if revision is None else self.at_revision(connection, unit_id, revision)

    def by_code(self, connection: Connection, code: str) -> UnitView | None:
        row = connection.execute(_BY_CODE, {"code": code}).first()
        return None if row is None else self.at_revision(connection, row.id, row.revision)

    def only(self, connection: Connection) -> UnitView | None:
        """The unit, when there is exactly one."""
        rows = connection.execute(_FIRST_TWO).all()
        if len(rows) != 1:
            return None
        return self.at_revision(connection, rows[0].id, rows[0].revision)

    def at_revision(
        self, connection: Connection, unit_id: int, revision: int
    ) -> UnitView | None:
        """The view for a revision the caller already read (e.g. joined into its own query)."""
        view = self._views.get(unit_id)
        if view is not None and view.revision == revision:
            return view
        view = _load(connection, unit_id)
        if view is not None:
            self._views[unit_id] = view
        return view


def _load(connection: Connection, unit_id: int) -> UnitView | None:
    # The row first, then the settings: a change committed in between is newer than the
    # revision it is filed under, so the next read only rebuilds it again.
    row = connection.execute(_ROW, {"unit_id": unit_id}).first()
    if row is None:
        return None
    settings = {
        code: LocalSetting(bool(hidden), note)
        for code, hidden, note in connection.execute(_SETTINGS, {"unit_id": unit_id})
    }
    return UnitView(
        id=row.id, code=row.code, name=row.name, province=row.province, timezone=row.timezone,
        sectors=_codes(row.sectors), address=row.address, phone=row.phone,
        opening_hours=row.opening_hours, map_url=row.map_url, queue_info=row.queue_info,
        revision=row.revision,
        settings=MappingProxyType(settings),
        hidden=frozenset(code for code, s in settings.items() if s.hidden),
    )


def _codes(value: Any) -> tuple[str, ...]:
    return tuple(str(code) for code in value) if isinstance(value, Sequence) else ()
