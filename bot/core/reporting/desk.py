"""Who reports where: the person's unit, the sectors they may report and the closed months,
read in one statement (it runs for every report line)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, bindparam, select

from bot.core.reporting.periods import PeriodState, period_of
from bot.core.summaries.periods import DEFAULT_SCHEME, PeriodScheme
from models import PeriodLock, Role, Unit, User

HOME_SECTOR = "xa"  # the commune's own desk: staff given no sector answer for it

_units = Unit.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]
_locks = PeriodLock.__table__  # type: ignore[attr-defined]

# Built once: composing the expression per message costs more than running it.
_LOAD = (
    select(
        _units.c.id, _units.c.code, _units.c.name, _units.c.timezone, _units.c.sectors,
        _units.c.report_cutoff_day,
        _users.c.sectors.label("user_sectors"), _users.c.sector.label("user_sector"),
        _locks.c.period, _locks.c.unlocked_until,
    )
    .select_from(
        _units.join(_users, _users.c.id == bindparam("user_id")).outerjoin(
            _locks, and_(_locks.c.unit_id == _units.c.id, _locks.c.period >= bindparam("since"))
        )
    )
    .where(_units.c.id == bindparam("unit_id"))
)


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    timezone: str
    sectors: tuple[str, ...]
    scheme: PeriodScheme = DEFAULT_SCHEME

    def today(self, now: datetime) -> date:
        return now.astimezone(ZoneInfo(self.timezone)).date()


def home_sector(unit_sectors: tuple[str, ...]) -> str | None:
    """The desk of staff given no sector (reminders assume the same)."""
    if HOME_SECTOR in unit_sectors:
        return HOME_SECTOR
    return unit_sectors[0] if unit_sectors else None


@dataclass(frozen=True)
class Desk:
    """A reporter's view of their unit. `locks`: closed months (YYYY-MM) from `since` on,
    each with the end of an admin unlock, if any."""

    unit: UnitInfo
    role: Role
    own_sectors: tuple[str, ...]
    primary: str | None
    locks: Mapping[str, datetime | None]
    since: str

    @property
    def is_lead(self) -> bool:
        return self.role in (Role.LEAD, Role.ADMIN)

    @property
    def sectors(self) -> tuple[str, ...]:
        """Sectors this person may report: any for a lead; for staff those given to them
        (the commune's own desk when none was)."""
        if self.is_lead:
            return self.unit.sectors
        given = tuple(s for s in self.unit.sectors if s in self.own_sectors)
        if given or self.own_sectors:
            return given
        home = home_sector(self.unit.sectors)
        return (home,) if home else ()

    def may_report(self, sector: str) -> bool:
        return sector in self.sectors

    def default_sector(self) -> str | None:
        """The sector a line without `nganh=` is for."""
        mine = self.sectors
        if self.primary in mine:
            return self.primary
        return mine[0] if len(mine) == 1 else None

    def period_state(self, day: date, now: datetime) -> PeriodState:
        period = period_of(day, self.unit.scheme)
        assert period >= self.since, "the desk was loaded without this month's lock"
        if period not in self.locks:
            return PeriodState.OPEN
        until = self.locks[period]
        return PeriodState.UNLOCKED if until is not None and until > now else PeriodState.CLOSED


def load_desk(
    connection: Connection, unit_id: int, user_id: int, role: Role, since: date
) -> Desk | None:
    """The unit and reporter, with locks of months from `since`'s on; None without a unit."""
    # The earliest key `since` can have in any scheme; the exact one needs the unit's row.
    rows = connection.execute(
        _LOAD, {"unit_id": unit_id, "user_id": user_id, "since": f"{since:%Y-%m}"}
    ).all()
    if not rows:
        return None
    first = rows[0]
    scheme = PeriodScheme.stored(first.report_cutoff_day)
    unit = UnitInfo(first.id, first.code, first.name, first.timezone, tuple(first.sectors or ()),
                    scheme)
    period = period_of(since, scheme)
    locks = {row.period: row.unlocked_until for row in rows if row.period is not None}
    return Desk(unit, role, given_sectors(first.user_sectors, first.user_sector),
                first.user_sector, locks, period)


def given_sectors(sectors: list[str] | None, usual: str | None) -> tuple[str, ...]:
    """The sectors a person was given; a row with only the usual sector set (written before
    people could have several) counts as given that one."""
    if sectors:
        return tuple(sectors)
    return (usual,) if usual else ()


def earliest_day(now: datetime, max_days_back: int) -> date:
    """The oldest day a line sent now may be for, in any timezone (a day of slack)."""
    return (now - timedelta(days=max_days_back + 1)).date()

