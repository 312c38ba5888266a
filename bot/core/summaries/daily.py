"""A period's figures from the staff's daily reports, per sector.

One aggregate statement reads the period (and a lookback for the stock before it) as one row
per sector and day, each element a column; everything else is arithmetic on those rows.

- Flows (element kind "flow") are summed over the period's days.
- Stock (th, qh) is taken at the period's end: the sector's last report on or before it
  (the 14th may be a Sunday, when nobody reports).
- Carried over is the stock of the last report before the period starts, i.e. the pending
  at the end of the previous period.
- A working day (project calendar) up to today on which a sector sent nothing is missing;
  it is listed, never counted as zero silently.
- Each day's own identities (reporting/checks.py, the same checks a line gets when sent)
  tell which days break which identity.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, case, func, select

from bot.core.calendar import WorkingCalendar
from bot.core.reporting import ElementSet, identity_problems
from bot.core.reporting.elements import CARRIED_OVER
from models import DailyValue

_v = DailyValue.__table__  # type: ignore[attr-defined]
STOCK = ("th", "qh")
LOOKBACK_DAYS = 62  # how far before the period a carried-over stock is looked for


@dataclass
class SectorDays:
    """One sector's daily reports in a period, folded."""

    flows: dict[str, int] = field(default_factory=dict)  # element -> period sum
    stock_end: dict[str, int] = field(default_factory=dict)
    carried_over: int = 0
    reported: set[dt.date] = field(default_factory=set)
    # identity code -> [left, right] summed over the days where every term was sent
    identity_sums: dict[str, list[int]] = field(default_factory=dict)
    # identity code -> days whose own figures break it
    broken_days: dict[str, list[dt.date]] = field(default_factory=dict)
    # day -> element -> value, for the weekly on-time rate
    by_day: dict[dt.date, dict[str, int]] = field(default_factory=dict)


@lru_cache(maxsize=8)
def _days_query(codes: tuple[str, ...]) -> Select[Any]:
    # Built once per element set: composing 20 CASE columns costs more than running them.
    columns = [func.sum(case((_v.c.element == code, _v.c.value))).label(code) for code in codes]
    return (select(_v.c.sector, _v.c.day, *columns)
            .where(_v.c.unit_id == bindparam("unit_id"), _v.c.day >= bindparam("since"),
                   _v.c.day <= bindparam("until"))
            .group_by(_v.c.sector, _v.c.day)
            .order_by(_v.c.sector, _v.c.day))


def read_days(connection: Connection, unit_id: int, start: dt.date, end: dt.date,
              elements: ElementSet) -> dict[str, list[tuple[dt.date, dict[str, int]]]]:
    """sector -> [(day, {element: value})] from LOOKBACK_DAYS before `start` to `end`."""
    codes = elements.codes
    rows = connection.execute(_days_query(codes), {
        "unit_id": unit_id, "since": start - dt.timedelta(days=LOOKBACK_DAYS), "until": end,
    }).all()
    found: dict[str, list[tuple[dt.date, dict[str, int]]]] = defaultdict(list)
    for row in rows:
        values = {code: int(v) for code, v in zip(codes, row[2:], strict=True) if v is not None}
        found[row.sector].append((row.day, values))
    return found


def fold_sector(days: list[tuple[dt.date, dict[str, int]]], start: dt.date, end: dt.date,
                elements: ElementSet) -> SectorDays:
    """Sum, take stock and check one sector's days (oldest first)."""
    flows = {e.code for e in elements.elements if e.kind == "flow"}
    folded = SectorDays()
    last_stock: int | None = None
    for day, values in days:
        has_stock = all(code in values for code in STOCK)
        if day < start:
            if has_stock:
                folded.carried_over = sum(values[c] for c in STOCK)
                last_stock = folded.carried_over
            continue
        folded.reported.add(day)
        folded.by_day[day] = values
        for code, value in values.items():
            if code in flows:
                folded.flows[code] = folded.flows.get(code, 0) + value
        if has_stock:
            folded.stock_end = {c: values[c] for c in STOCK}
        _add_identity_sums(folded.identity_sums, values, elements, last_stock)
        for problem in identity_problems(values, elements, last_stock):
            code = str(problem.params["identity"])
            folded.broken_days.setdefault(code, []).append(day)
        if has_stock:
            last_stock = sum(values[c] for c in STOCK)
    if not folded.stock_end and days and days[-1][0] < start:
        # Nothing reported in the period: the last known stock is still the best figure.
        folded.stock_end = {c: days[-1][1].get(c, 0) for c in STOCK}
    return folded


def _add_identity_sums(sums: dict[str, list[int]], values: Mapping[str, int],
                       elements: ElementSet, carried: int | None) -> None:
    known = {**values, CARRIED_OVER: carried} if carried is not None else values
    for identity in elements.identities:
        terms = (*identity.left, *identity.right)
        if all(known.get(t) is not None for t in terms):
            pair = sums.setdefault(identity.code, [0, 0])
            pair[0] += sum(int(known[t] or 0) for t in identity.left)
            pair[1] += sum(int(known[t] or 0) for t in identity.right)


def missing_days(reported: set[dt.date], start: dt.date, end: dt.date, today: dt.date,
                 calendar: WorkingCalendar) -> tuple[dt.date, ...]:
    """Working days of the period up to `today` on which the sector sent nothing."""
    found = []
    day = start
    while day <= min(end, today):
        if day not in reported and calendar.is_working_day(day):
            found.append(day)
        day += dt.timedelta(days=1)
    return tuple(found)


def daily_fields(folded: SectorDays) -> Mapping[str, int]:
    """Figures field -> value from the daily elements (Biểu 06 columns; on time includes
    withdrawn and returned, as the form counts them)."""
    f = folded.flows
    stock = folded.stock_end
    return {
        "online": f.get("tt", 0),
        "in_person": f.get("tiep", 0),  # in person and by post: the daily line has one figure
        "carried_over": folded.carried_over,
        "early": f.get("som", 0),
        "on_time": f.get("dung", 0) + f.get("rut", 0) + f.get("tc", 0),
        "late": f.get("tre", 0),
        "withdrawn": f.get("rut", 0),
        "returned": f.get("tc", 0),
        "pending_in_time": stock.get("th", 0),
        "overdue": stock.get("qh", 0),
        "supplements": f.get("bs", 0),
        "fee": f.get("phi", 0),
        "paid_online": f.get("ttoan", 0),
        "digitized": f.get("sh", 0),
        "reused": f.get("tsd", 0),
        "feedback": f.get("pakn", 0),
        "very_satisfied": f.get("rhl", 0),
        "satisfied": f.get("hl", 0),
        "unsatisfied": f.get("khl", 0),
    }
