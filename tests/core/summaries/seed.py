"""Daily figures and dossiers written straight into a test database for the summaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert

from bot.core.calendar import WorkingCalendar
from bot.core.people import create_unit
from bot.db import make_session_factory, transaction
from models import DailyValue, Dossier, DossierSupplement, Role, User

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CALENDAR = WorkingCalendar.from_file()
# A balanced day: 5 in, 5 out, 10 pending before and after.
DAY = {"tt": 3, "tiep": 2, "som": 1, "dung": 2, "tre": 1, "rut": 0, "tc": 1, "bs": 1,
       "th": 8, "qh": 2, "phi": 2, "ttoan": 1, "sh": 4, "tsd": 1, "pakn": 0,
       "rhl": 2, "hl": 1, "khl": 0}
CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def make_unit(engine: Engine, sectors: tuple[str, ...] = ("xa", "ca"), cutoff: int | None = 15,
              code: str = "hb") -> tuple[int, int]:
    """(unit id, a staff member's id)."""
    with transaction(make_session_factory(engine)) as session:
        unit = create_unit(session, code=code, name="Trung tâm xã Hoà Bình", now=CREATED,
                           sectors=list(sectors), province="Tỉnh Thử")
        unit.report_cutoff_day = cutoff
        user = User(channel="console", address=f"an-{code}", role=Role.STAFF.value,
                    unit_id=unit.id, created_at=CREATED, last_seen_at=CREATED)
        session.add(user)
        session.flush()
        assert unit.id is not None and user.id is not None
        return unit.id, user.id


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if CALENDAR.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def write_days(engine: Engine, unit_id: int, user_id: int, sector: str,
               days: Iterable[tuple[dt.date, Mapping[str, int]]]) -> None:
    rows = [{"unit_id": unit_id, "day": day, "sector": sector, "element": code, "value": value,
             "updated_by": user_id, "updated_at": CREATED}
            for day, values in days for code, value in values.items()]
    with engine.begin() as connection:
        connection.execute(insert(DailyValue.__table__), rows)  # type: ignore[attr-defined]


def local(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), TZ)


def add_dossier(engine: Engine, unit_id: int, code: str, *, sector: str | None,
                received: dt.date, due: dt.date | None, status: str = "received",
                resolved: dt.date | None = None, channel: str | None = "direct",
                supplements: Iterable[dt.date] = ()) -> None:
    asked = list(supplements)
    with engine.begin() as connection:
        result = connection.execute(insert(Dossier.__table__).values(  # type: ignore[attr-defined]
            unit_id=unit_id, code=code, code_key=code.upper(), sector=sector, channel=channel,
            received_at=local(received), due_at=local(due, 17) if due else None,
            status=status, resolved_at=local(resolved, 15) if resolved else None,
            supplement_count=len(asked), created_at=CREATED, updated_at=CREATED,
            procedure_name="Thủ tục thử", sector_text=""))
        dossier_id = result.inserted_primary_key[0]
        for day in asked:
            connection.execute(insert(DossierSupplement.__table__).values(  # type: ignore[attr-defined]
                dossier_id=dossier_id, requested_at=local(day, 10)))
