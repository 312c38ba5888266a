"""Reminders as data: planners look at who has not reported and schedule notifications.

Each reminder has a key (person + day), so planning again — on the next tick, after a
restart, or in a second process — adds nothing; the outbox sends each row once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.core.calendar_service import working_calendar
from bot.core.messages import Recipient
from bot.core.outbox import schedule
from bot.core.report_store import reported_sectors
from bot.core.reporting import ElementSet
from models import Role, Unit, User

# Past this long after the reminder time nobody is reminded that day (e.g. the bot was down).
WINDOW = timedelta(hours=4)


def _sector_label(elements: ElementSet, code: str) -> str:
    sector = elements.sector(code)
    return sector.label if sector else code


def home_sector(user: User, unit: Unit) -> str | None:
    """The sector a staff member answers for; unset means the commune's own desk."""
    if user.sector in unit.sectors:
        return user.sector
    if user.sector is None and unit.sectors:
        return "xa" if "xa" in unit.sectors else unit.sectors[0]
    return None


def _in_window(local: datetime, at: time) -> bool:
    start = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return start <= local < start + WINDOW


def _units_due(session: Session, now: datetime, at: time) -> Iterator[tuple[Unit, date]]:
    """Units where it is a working day and `at` (their local time) has just passed."""
    calendar = working_calendar(session.connection())
    for unit in session.exec(select(Unit)).all():
        local = now.astimezone(ZoneInfo(unit.timezone))
        if calendar.is_working_day(local.date()) and _in_window(local, at):
            yield unit, local.date()


def plan_staff_reminders(
    session: Session, now: datetime, *, elements: ElementSet, at: time
) -> int:
    """On working days at `at` (unit time): remind staff whose sector has no report today."""
    planned = 0
    for unit, today in _units_due(session, now, at):
        assert unit.id is not None
        reported = reported_sectors(session.connection(), unit.id, today)
        staff = session.exec(
            select(User).where(User.unit_id == unit.id, User.role == Role.STAFF.value)
        ).all()
        for user in staff:
            sector = home_sector(user, unit)
            paused = user.nag_paused_until is not None and user.nag_paused_until >= today
            if sector is None or sector in reported or paused:
                continue
            planned += schedule(
                session, key=f"nag:{user.id}:{today.isoformat()}",
                recipient=Recipient(user.channel, user.address), template="report/nag",
                context={"day": today.isoformat(), "sector": _sector_label(elements, sector),
                         "unit": unit.name},
                due_at=now, now=now,
            )
    return planned


def plan_lead_digests(
    session: Session, now: datetime, *, elements: ElementSet, at: time
) -> int:
    """Next working morning at `at`: tell leads which sectors did not report."""
    calendar = working_calendar(session.connection())
    planned = 0
    for unit, today in _units_due(session, now, at):
        assert unit.id is not None
        day = calendar.previous_working_day(today)
        missing = [s for s in unit.sectors
                   if s not in reported_sectors(session.connection(), unit.id, day)]
        if not missing:
            continue
        leads = session.exec(
            select(User).where(User.unit_id == unit.id, User.role == Role.LEAD.value)
        ).all()
        for lead in leads:
            planned += schedule(
                session, key=f"digest:{lead.id}:{day.isoformat()}",
                recipient=Recipient(lead.channel, lead.address), template="report/lead_digest",
                context={"day": day.isoformat(), "unit": unit.name,
                         "missing": [_sector_label(elements, s) for s in missing],
                         "total": len(unit.sectors)},
                due_at=now, now=now,
            )
    return planned
