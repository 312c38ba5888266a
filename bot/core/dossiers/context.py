"""Everything about a unit that dossier rules need, read once per import or per question."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select

from bot.core.calendar_service import working_calendar
from bot.core.catalog import Procedure
from bot.core.dossiers import rules
from bot.core.dossiers.due import Duration, SupplementRule, catalog_duration, compute_due
from bot.core.dossiers.hours import DEFAULT_OFFICE_HOURS, OfficeHours, WorkClock
from bot.core.search.folding import fold
from models import Role, Unit, User

_units = Unit.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class DossierOptions:
    """The settings of the register (DOSSIER_* in bot/settings.py)."""

    office_hours: str = DEFAULT_OFFICE_HOURS
    supplement_rule: SupplementRule = "shift"
    due_soon_days: int = 2


@dataclass
class RegisterContext:
    unit_id: int
    unit_code: str
    unit_name: str
    tz: dt.tzinfo
    sectors: tuple[str, ...]
    clock: WorkClock
    options: DossierOptions
    procedures: Mapping[str, Procedure] = field(default_factory=dict)
    cutoffs: dict[str, dt.time | None] = field(default_factory=dict)
    staff: dict[str, int] = field(default_factory=dict)  # folded display name -> user id
    _by_name: dict[str, str] | None = None
    _matched: dict[tuple[str, str], tuple[str | None, str]] = field(default_factory=dict)

    def cutoff(self, code: str | None) -> dt.time | None:
        return self.cutoffs.get(code) if code else None

    def duration(self, code: str | None, channel: str | None) -> Duration | None:
        procedure = self.procedures.get(code) if code else None
        return catalog_duration(procedure, channel) if procedure else None

    def computed_due(self, received: dt.datetime | None, code: str | None,
                     channel: str | None) -> dt.datetime | None:
        """The catalog's processing time counted from acceptance; None when unknown."""
        duration = self.duration(code, channel)
        if received is None or duration is None:
            return None
        return compute_due(received, duration, self.clock, self.cutoff(code))

    def match_procedure(self, code: str, name: str) -> tuple[str | None, str]:
        """(catalog code or None, name): by code, else by the exact name (folded)."""
        known = self._matched.get((code, name))
        if known is not None:
            return known  # an export names the same few procedures over and over
        found = self.procedures.get(code) if code else None
        if found is None and name:
            if self._by_name is None:
                self._by_name = _names(self.procedures)
            matched = self._by_name.get(fold(name))
            found = self.procedures.get(matched) if matched else None
        result = (None, name or code) if found is None else (found.code, name or found.name)
        if len(self._matched) < 10_000:
            self._matched[(code, name)] = result
        return result

    def due_soon_limit(self, now: dt.datetime, days: int | None = None) -> dt.datetime:
        """Close of office hours on the n-th working day from today (0: today)."""
        today = self.clock.local(now).date()
        n = self.options.due_soon_days if days is None else days
        return self.clock.close(self.clock.calendar.add_working_days(today, n))


def _names(procedures: Mapping[str, Procedure]) -> dict[str, str]:
    """Folded name -> code, for names only one procedure has."""
    seen: dict[str, str | None] = {}
    for procedure in procedures.values():
        key = fold(procedure.name)
        seen[key] = None if key in seen else procedure.code
    return {k: v for k, v in seen.items() if v is not None}


def find_unit_id(connection: Connection, code: str) -> int | None:
    return connection.scalar(select(_units.c.id).where(_units.c.code == code))


def load_context(connection: Connection, unit_id: int, options: DossierOptions,
                 procedures: Mapping[str, Procedure] | None = None) -> RegisterContext:
    """The unit's timezone, sectors, office hours, calendar, cut-offs and staff names."""
    unit = connection.execute(
        select(_units.c.code, _units.c.name, _units.c.timezone, _units.c.sectors,
               _units.c.office_hours).where(_units.c.id == unit_id)).one()
    tz = ZoneInfo(unit.timezone)
    hours = OfficeHours.parse(unit.office_hours or options.office_hours)
    staff = {fold(name): user_id for user_id, name in connection.execute(
        select(_users.c.id, _users.c.display_name).where(
            _users.c.unit_id == unit_id, _users.c.role != Role.CITIZEN.value))
        if name.strip()}
    return RegisterContext(
        unit_id=unit_id, unit_code=unit.code, unit_name=unit.name, tz=tz,
        sectors=tuple(unit.sectors or ()), clock=WorkClock(working_calendar(connection), hours, tz),
        options=options, procedures=procedures or {}, cutoffs=rules.cutoffs(connection, unit_id),
        staff=staff)
