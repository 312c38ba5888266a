"""Compile one unit's period: figures per sector and in total, where each came from, what is
missing, which identities break, the rates and the change from the previous period.

Read-only, on the caller's connection: one read of the units, three aggregate reads of the
daily reports (daily.py: the period's days, the stock before it, the sums of the period
before), one asking which units keep a register, and for those three of the register
(register.py) per period; two of the feedback tickets (feedback.py) per unit and period.
`compile_reports` does it for many units at once (a province's roll-up: a few statements
instead of a dozen per unit); `compile_report` is the same for one, so both give the same
reports. Nothing is written and no clock is read (`now` is given).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Row, Select, select

from bot.core.calendar import WorkingCalendar
from bot.core.calendar_service import working_calendar
from bot.core.reporting import ElementSet
from bot.core.reporting.desk import home_sector
from bot.core.summaries import checks, daily, rates
from bot.core.summaries.feedback import FEEDBACK_FIELDS, feedback_figures
from bot.core.summaries.model import Figures, Period, PeriodReport, SectorFigures, Source
from bot.core.summaries.obligations import due_date
from bot.core.summaries.periods import PeriodScheme, previous, title_of
from bot.core.summaries.register import (
    REGISTER_FIELDS,
    RegisterSector,
    register_figures,
    units_with_register,
)
from models import Unit

_u = Unit.__table__  # type: ignore[attr-defined]
_FIELDS = tuple(f.name for f in fields(Figures))
_OPTIONAL = ("online_full", "online_part", "post", "feedback_on_time", "feedback_late",
             "feedback_pending")
NOTE_POST_MERGED = "summaries/note_post_merged"
NOTE_ONLINE_MERGED = "summaries/note_online_merged"
NOTE_REGISTER_DUE = "summaries/note_register_due"


class UnknownUnit(LookupError):
    pass


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    province: str
    timezone: str
    sectors: tuple[str, ...]
    scheme: PeriodScheme


def _unit_query() -> Select[Any]:
    return select(_u.c.id, _u.c.code, _u.c.name, _u.c.province, _u.c.timezone, _u.c.sectors,
                  _u.c.report_cutoff_day)


def _unit_row(row: Row[Any]) -> UnitRow:
    return UnitRow(row.id, row.code, row.name, row.province, row.timezone,
                   tuple(row.sectors or ()), PeriodScheme.stored(row.report_cutoff_day))


def load_unit(connection: Connection, unit_id: int) -> UnitRow:
    row = connection.execute(_unit_query().where(_u.c.id == unit_id)).first()
    if row is None:
        raise UnknownUnit(unit_id)
    return _unit_row(row)


def load_units(connection: Connection, unit_ids: Sequence[int]) -> dict[int, UnitRow]:
    rows = connection.execute(_unit_query().where(_u.c.id.in_(list(unit_ids))))
    return {row.id: _unit_row(row) for row in rows}


@dataclass(frozen=True)
class _Sector:
    code: str
    figures: Figures
    sources: Mapping[str, Source]
    missing: tuple[dt.date, ...]
    typed: Mapping[str, list[int]]
    broken_days: Mapping[str, list[dt.date]]
    per_day: Mapping[dt.date, tuple[int, int]]  # (early + on time, resolved)
    reported: bool


def _bounds(period: Period, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime, dt.timedelta]:
    start = dt.datetime.combine(period.start, dt.time(0), tz).astimezone(dt.UTC)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(0), tz).astimezone(
        dt.UTC)
    offset = tz.utcoffset(dt.datetime.combine(period.end, dt.time(12))) or dt.timedelta(0)
    return start, end, offset


def _daily_per_day(folded: daily.SectorDays) -> dict[dt.date, tuple[int, int]]:
    found = {}
    for day, v in folded.by_day.items():
        good = sum(v.get(c, 0) for c in ("som", "dung", "rut", "tc"))
        found[day] = (good, good + v.get("tre", 0))
    return found


def _sectors(connection: Connection, unit: UnitRow, period: Period, elements: ElementSet,
             today: dt.date, calendar: WorkingCalendar, read: daily.UnitDays,
             kept_register: bool, check: bool = True) -> list[_Sector]:
    """The sectors' figures; with `check` False (the period before, of which only the
    figures are shown: its flows come summed) no identities, missing days or weekly rates
    are worked out."""
    tz = ZoneInfo(unit.timezone)
    start, end, offset = _bounds(period, tz)
    home = home_sector(unit.sectors) or "xa"
    register = (register_figures(connection, unit.id, home, start, end, offset)
                if kept_register else {})
    since = period.start - dt.timedelta(days=daily.LOOKBACK_DAYS)
    # The read covers both periods: a sector counts if it sent something in this one's span.
    sent = {code: spanned for code, days in read.days.items()
            if (spanned := daily.within(days, since, period.end))}
    summed = {code for code, (_, last) in read.before.items()
              if not check or since <= last <= period.end}
    tickets = feedback_figures(connection, unit.id, home, start, end)
    codes = list(unit.sectors)
    codes += sorted((set(sent) | summed | set(register) | set(tickets or {})) - set(codes))
    found = []
    for code in codes:
        days = sent.get(code, [])
        if check:
            folded = daily.fold_sector(days, period.start, period.end, elements)
        else:
            sums = read.before.get(code)
            folded = daily.fold_before(days, sums[0] if sums else None, period.start,
                                       period.end, elements)
        values: dict[str, int | None] = dict(daily.daily_fields(folded))
        sources = {name: Source.DAILY for name in values}
        kept: RegisterSector | None = register.get(code)
        if kept is not None:
            for name in REGISTER_FIELDS:
                values[name] = kept.fields.get(name, 0)
                sources[name] = Source.REGISTER
        if tickets is not None:  # the unit keeps feedback in the bot: no typing for it
            counted = tickets.get(code, {})
            for name in FEEDBACK_FIELDS:
                values[name] = counted.get(name, 0)
                sources[name] = Source.FEEDBACK
        found.append(_Sector(
            code=code,
            figures=Figures(**values),  # type: ignore[arg-type]
            sources=sources,
            missing=(() if kept is not None or not check else
                     daily.missing_days(folded.reported, period.start, period.end, today,
                                        calendar)),
            typed={} if kept is not None else folded.identity_sums,
            broken_days={} if kept is not None else folded.broken_days,
            per_day=(kept.resolved_by_day if kept is not None else
                     _daily_per_day(folded) if check else {}),
            reported=folded.sent or kept is not None,
        ))
    return found


def _total(parts: list[Figures]) -> Figures:
    values: dict[str, int | None] = {}
    for name in _FIELDS:
        items = [getattr(p, name) for p in parts]
        known = [v for v in items if v is not None]
        values[name] = None if name in _OPTIONAL and not known else sum(known)
    return Figures(**values)  # type: ignore[arg-type]


def _total_sources(parts: list[_Sector]) -> dict[str, Source]:
    found: dict[str, Source] = {}
    for part in parts:
        for name, source in part.sources.items():
            found[name] = source if found.get(name, source) == source else Source.MIXED
    return found


def compile_report(connection: Connection, unit_id: int, period: Period, *, now: dt.datetime,
                   elements: ElementSet, calendar: WorkingCalendar | None = None
                   ) -> PeriodReport:
    """The unit's report for `period`; `calendar` defaults to the project's (read here)."""
    return compile_reports(connection, [unit_id], period, now=now, elements=elements,
                           calendar=calendar)[0]


def compile_reports(connection: Connection, unit_ids: Sequence[int], period: Period, *,
                    now: dt.datetime, elements: ElementSet,
                    calendar: WorkingCalendar | None = None) -> list[PeriodReport]:
    """Each unit's report for `period`, in the order given. Read together: the units, the
    daily figures of both periods (two statements per distinct pair of periods), which
    units keep a register; then the register's statements for those units only."""
    units = load_units(connection, unit_ids)
    for unit_id in unit_ids:
        if unit_id not in units:
            raise UnknownUnit(unit_id)
    calendar = calendar or working_calendar(connection)
    pairs = {u: (period, previous(period, units[u].scheme)) for u in unit_ids}
    windows: dict[tuple[Period, Period], list[int]] = defaultdict(list)
    for unit_id, pair in pairs.items():
        windows[pair].append(unit_id)
    read: dict[int, daily.UnitDays] = {}
    for (this, last), ids in windows.items():
        lookback = min(this.start, last.start) - dt.timedelta(days=daily.LOOKBACK_DAYS)
        read.update(daily.read_units(connection, ids, lookback, (this.start, this.end),
                                     (last.start, last.end)))
    registers = units_with_register(connection, unit_ids)
    reports = []
    for unit_id in unit_ids:
        unit, (current_period, before_period) = units[unit_id], pairs[unit_id]
        today = now.astimezone(ZoneInfo(unit.timezone)).date()
        days, kept = read.get(unit_id, daily.UnitDays()), unit_id in registers
        current = _sectors(connection, unit, current_period, elements, today, calendar, days,
                           kept)
        before = _sectors(connection, unit, before_period, elements, today, calendar, days,
                          kept, check=False)
        reports.append(_report(unit, period, elements, now, current, before))
    return reports


def _report(unit: UnitRow, period: Period, elements: ElementSet, now: dt.datetime,
            current: list[_Sector], before: list[_Sector]) -> PeriodReport:
    prior = {s.code: s.figures for s in before}
    total = _total([s.figures for s in current])
    prior_total = _total([s.figures for s in before]) if any(s.reported for s in before) \
        else None
    breaks = checks.figure_breaks(
        None, total, prior_total, checks.sum_typed(s.typed for s in current),
        checks.merge_days(s.broken_days for s in current))
    for part in current:
        breaks += checks.figure_breaks(part.code, part.figures,
                                       prior.get(part.code) if prior_total else None,
                                       part.typed, part.broken_days)
    sources = _total_sources(current)
    notes = []
    if any(s.figures.post is None for s in current):
        notes.append(NOTE_POST_MERGED)
    if total.online_full is None:
        notes.append(NOTE_ONLINE_MERGED)
    if any(v == Source.REGISTER or v == Source.MIXED for v in sources.values()):
        notes.append(NOTE_REGISTER_DUE)
    return PeriodReport(
        unit_id=unit.id, unit_code=unit.code, unit_name=unit.name, province=unit.province,
        period=period,
        sectors=tuple(SectorFigures(s.code, _label(elements, s.code), s.figures, s.missing,
                                    s.sources, s.reported) for s in current),
        total=total, previous=prior_total, sources=sources, breaks=tuple(breaks),
        rates=rates.rates_of(total),
        weekly_on_time=rates.weekly((s.per_day for s in current), period.start, period.end),
        compiled_at=now, notes=tuple(notes), title=title_of(period),
        due_by=due_date(unit.scheme, period),
    )


def _label(elements: ElementSet, code: str) -> str:
    sector = elements.sector(code)
    return sector.label if sector else code
