"""A period's figures from the staff's daily reports, per sector.

Three aggregate statements read any number of units (a whole province at once): one row
per unit, sector and day with every element sent that day, over the period; the stock
alone (th, qh) of each day from LOOKBACK_DAYS before the period before to the period, the
only thing read of the days before a period; and the sum of each element over the period
before, whose figures alone are shown. Everything else is arithmetic on those rows.

- Flows (element kind "flow") are summed over the period's days.
- Stock (th, qh) is taken at the period's end: the sector's last report on or before it
  that gave both (the 14th may be a Sunday, when nobody reports); a sector silent all
  period keeps the stock it carried over.
- Carried over is the stock of the last report before the period starts that gave both,
  i.e. the pending at the end of the previous period.
- A working day (project calendar) up to today on which a sector sent nothing is missing;
  it is listed, never counted as zero silently.
- Each day's own identities (reporting/checks.py, the same checks a line gets when sent)
  tell which days break which identity.
"""

from __future__ import annotations

import datetime as dt
import json
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, case, func, select
from sqlalchemy.sql.elements import ColumnElement

from bot.core.calendar import WorkingCalendar
from bot.core.reporting import ElementSet
from bot.core.reporting.checks import identity_sums
from models import DailyValue

_v = DailyValue.__table__  # type: ignore[attr-defined]
STOCK = ("th", "qh")
_STOCK = frozenset(STOCK)
LOOKBACK_DAYS = 62  # how far before the period a carried-over stock is looked for


Days = list[tuple[dt.date, dict[str, int]]]


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
    sent_flows: bool = False  # the period before: something was sent in it (fold_before)

    @property
    def sent(self) -> bool:
        return bool(self.reported) or self.sent_flows



def _pivot(dialect: str) -> list[ColumnElement[Any]]:
    # One aggregate per (unit, sector, day) instead of one SUM(CASE) per element: the
    # unique key makes each element appear once, and it costs the database less.
    if dialect == "postgresql":
        return [func.json_object_agg(_v.c.element, _v.c.value)]
    return [func.json_group_object(_v.c.element, _v.c.value)]


@lru_cache(maxsize=8)
def _days_query(dialect: str, stock_only: bool) -> Select[Any]:
    # The stock alone comes as two plain columns: no JSON to decode.
    values = ([func.max(case((_v.c.element == code, _v.c.value))) for code in STOCK]
              if stock_only else _pivot(dialect))
    query = (select(_v.c.unit_id, _v.c.sector, _v.c.day, *values)
             .where(_v.c.unit_id.in_(bindparam("units", expanding=True)),
                    _v.c.day >= bindparam("since"), _v.c.day <= bindparam("until"))
             .group_by(_v.c.unit_id, _v.c.sector, _v.c.day))
    return query.where(_v.c.element.in_(STOCK)) if stock_only else query


@lru_cache(maxsize=1)
def _sums_query() -> Select[Any]:
    return (select(_v.c.unit_id, _v.c.sector, _v.c.element, func.sum(_v.c.value),
                   func.max(_v.c.day))
            .where(_v.c.unit_id.in_(bindparam("units", expanding=True)),
                   _v.c.day >= bindparam("since"), _v.c.day <= bindparam("until"))
            .group_by(_v.c.unit_id, _v.c.sector, _v.c.element))


@dataclass
class UnitDays:
    """One unit's daily figures as `read_units` reads them."""

    # sector -> [(day, {element: value})], oldest first: the stock alone before the period,
    # every element within it
    days: dict[str, Days] = field(default_factory=lambda: defaultdict(list))
    # sector -> ({element: sum}, last day sent) over the period before
    before: dict[str, tuple[dict[str, int], dt.date]] = field(default_factory=dict)


def read_units(connection: Connection, unit_ids: Sequence[int], lookback: dt.date,
               period: tuple[dt.date, dt.date], before: tuple[dt.date, dt.date],
               ) -> dict[int, UnitDays]:
    """Three statements for any number of units: each day of `period` with every element;
    the stock (th, qh) alone of each day from `lookback` to the period's first day, which is
    all a fold reads of the days before a period; and the sum of each element over the
    period `before`, whose figures alone are shown (`fold_before`)."""
    found: dict[int, UnitDays] = defaultdict(UnitDays)
    if not unit_ids:
        return {}
    dialect, units = connection.dialect.name, list(unit_ids)
    start, end = period
    stock = connection.execute(_days_query(dialect, True), {
        "units": units, "since": lookback, "until": start - dt.timedelta(days=1)}).all()
    for unit_id, sector, day, *figures in stock:
        found[unit_id].days[sector].append(
            (day, {c: int(v) for c, v in zip(STOCK, figures, strict=True) if v is not None}))
    rows = connection.execute(_days_query(dialect, False), {
        "units": units, "since": start, "until": end}).all()
    for unit_id, sector, day, values in rows:
        # SQLite hands the JSON over as text; its numbers are ints either way.
        found[unit_id].days[sector].append((day, json.loads(values) if isinstance(values, str)
                                            else values))
    sums = connection.execute(_sums_query(), {
        "units": units, "since": before[0], "until": before[1]}).all()
    for unit_id, sector, element, total, last in sums:
        kept = found[unit_id].before.get(sector)
        last = last if kept is None else max(last, kept[1])
        found[unit_id].before[sector] = (kept[0] if kept else {}, last)
        found[unit_id].before[sector][0][element] = int(total)
    for unit in found.values():
        for days in unit.days.values():
            days.sort(key=_day)
    return dict(found)


def _day(item: tuple[dt.date, dict[str, int]]) -> dt.date:
    return item[0]


def within(days: Days, since: dt.date, until: dt.date) -> Days:
    """The days from `since` to `until` of a list sorted by day."""
    return days[bisect_left(days, since, key=_day):bisect_right(days, until, key=_day)]


def fold_sector(days: Days, start: dt.date, end: dt.date, elements: ElementSet, *,
                check: bool = True) -> SectorDays:
    """Sum, take stock and (unless `check` is False: the period before, whose figures
    alone are shown) check one sector's days, oldest first."""
    flows = {e.code for e in elements.elements if e.kind == "flow"}
    folded = SectorDays()
    first = bisect_left(days, start, key=_day)
    # Before the period only the last day that sent both stock figures counts.
    last = next((values for _, values in reversed(days[:first]) if values.keys() >= _STOCK),
                None)
    stock_before = {c: last[c] for c in STOCK} if last is not None else {}
    last_stock = sum(stock_before.values()) if last is not None else None
    folded.carried_over = last_stock or 0
    sums = folded.flows
    for day, values in days[first:]:
        folded.reported.add(day)
        folded.by_day[day] = values
        for code, value in values.items():
            if code in flows:
                sums[code] = sums.get(code, 0) + value
        has_stock = values.keys() >= _STOCK
        if has_stock:
            folded.stock_end = {c: values[c] for c in STOCK}
        if check:
            _check_day(folded, day, values, elements, last_stock)
        if has_stock:
            last_stock = sum(folded.stock_end.values())
    if not folded.reported:
        # Nothing reported in the period: the last known stock (the carried over) is still
        # the best figure. Only days with both stock figures know it, so a lookback day
        # that sent flows alone does not turn it into 0.
        folded.stock_end = stock_before
    return folded


def fold_before(days: Days, sums: Mapping[str, int] | None, start: dt.date, end: dt.date,
                elements: ElementSet) -> SectorDays:
    """The period before, for its figures only: the flows from their sums over the period
    (`sums`, None if the sector sent nothing in it), the stock from the days as
    `fold_sector` takes it (they carry the stock, not necessarily the flows)."""
    folded = fold_sector(days, start, end, elements, check=False)
    if sums:
        flows = {e.code for e in elements.elements if e.kind == "flow"}
        folded.flows = {code: value for code, value in sums.items() if code in flows}
        if not folded.reported:  # it sent, only no stock: as fold_sector, no stock at the end
            folded.stock_end = {}
        folded.sent_flows = True
    return folded


def _check_day(folded: SectorDays, day: dt.date, values: Mapping[str, int],
               elements: ElementSet, carried: int | None) -> None:
    """The day's own identities (the checks a sent line gets): sums over the days where
    every term was sent, and the days that break one."""
    for identity, left, right, holds in identity_sums(values, elements, carried):
        pair = folded.identity_sums.setdefault(identity.code, [0, 0])
        pair[0] += left
        pair[1] += right
        if not holds:
            folded.broken_days.setdefault(identity.code, []).append(day)


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
