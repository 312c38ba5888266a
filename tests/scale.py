"""Many units at once, for tests and benchmarks of the scheduled work (plain bulk inserts)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select

from models import Role, Unit, User

SECTORS = ["xa", "ca", "qs", "dd", "bhxh"]


def add_units(connection: Connection, count: int, *, staff: int, now: datetime,
              timezone: str = "Asia/Ho_Chi_Minh", first: int = 0) -> None:
    """`count` communes with `staff` staff spread over five sectors and one lead each, on
    Telegram; unit n's staff have addresses n*100 + i, its lead n*100 + 99."""
    units = Unit.__table__  # type: ignore[attr-defined]
    users = User.__table__  # type: ignore[attr-defined]
    numbers = range(first, first + count)
    connection.execute(insert(units), [
        {"code": f"u{n}", "name": f"Trung tâm xã {n}", "province": "", "timezone": timezone,
         "sectors": SECTORS, "address": "", "phone": "", "opening_hours": "", "created_at": now}
        for n in numbers])
    ids = {code: unit_id for code, unit_id in connection.execute(
        select(units.c.code, units.c.id).where(units.c.code.like("u%")))}
    people = []
    for n in numbers:
        for i in range(staff):
            people.append({"address": str(n * 100 + i), "role": Role.STAFF.value,
                           "sector": SECTORS[i % len(SECTORS)], "unit_id": ids[f"u{n}"]})
        people.append({"address": str(n * 100 + 99), "role": Role.LEAD.value, "sector": None,
                       "unit_id": ids[f"u{n}"]})
    connection.execute(insert(users), [
        {"channel": "telegram", "display_name": "", "nag_paused_until": None,
         "created_at": now, "last_seen_at": now, **person} for person in people])
