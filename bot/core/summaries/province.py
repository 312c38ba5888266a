"""A province's (or city's) roll-up compiled from the database: every unit of the province,
each over the same days, into `rollup.build_rollup`.

Units of one province may cut their months differently (15th or 20th, or calendar months);
a roll-up compares them over one range of days — the period as the person asking names it
in their own unit's scheme — so every row covers the same dates, and the title says which.
That is our choice: adding up "tháng 3" of units whose months start on different days would
compare different days.

A province is the `unit.province` text as units were created with it (`motcua unit add
--province`); an admin sees the province of their own unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, select

from bot.core.calendar_service import working_calendar
from bot.core.reporting.elements import ElementSet
from bot.core.summaries.compile import compile_reports
from bot.core.summaries.model import Period
from bot.core.summaries.rollup import ProvinceRollup, build_rollup
from models import Unit

_u = Unit.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ProvinceUnit:
    id: int
    code: str
    name: str


def province_units(connection: Connection, province: str) -> list[ProvinceUnit]:
    """The units of `province` by code; none for an empty name (a unit without one)."""
    if not province.strip():
        return []
    rows = connection.execute(select(_u.c.id, _u.c.code, _u.c.name)
                              .where(_u.c.province == province).order_by(_u.c.code))
    return [ProvinceUnit(r.id, r.code, r.name) for r in rows]


def compile_rollup(connection: Connection, province: str, period: Period, *,
                   now: dt.datetime, elements: ElementSet) -> ProvinceRollup:
    """Every unit of `province` compiled over `period`'s days, ranked."""
    units = province_units(connection, province)
    calendar = working_calendar(connection)
    reports = compile_reports(connection, [unit.id for unit in units], period, now=now,
                              elements=elements, calendar=calendar)
    return build_rollup(province, period, [(u.code, u.name) for u in units], reports)
