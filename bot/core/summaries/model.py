"""The values a period summary is made of: periods, compiled figures, rates, checks.

Pure frozen dataclasses, shared by everything that reads a compiled period: the compiler
(`compile.py`), the checks, the chat summary, the DOCX report, the XLSX table, the chart, the
province roll-up and the QĐ 766 estimate. No database, no clock.

The figure names follow the columns of the statistics form for a commune's dossiers
(Biểu 07a/BTP/KSTT; the older Biểu 06/VPCP/KSTT has the same logic):

    (3) received = (4) online in full + (5) online in part + (6) by post + (7) in person
                   + (8) carried over
    (9) resolved = (10) early + (11) on time + (12) late
    (13) pending = (14) within time + (15) overdue

Withdrawn and returned dossiers count as resolved on time (11), as Biểu 06 and the QĐ 766
indicators count them; they are kept apart too, so the summary can show them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"  # six months
    NINE = "nine"  # nine months
    YEAR = "year"


@dataclass(frozen=True)
class Period:
    """A reporting period: `start`..`end`, both days included, in the unit's local calendar.

    `number` is the month (1-12), quarter (1-4), half (1-2), 1 for nine months and a year.
    A period is named by the month it ends in: with a 15th cut-off "tháng 3/2026" is
    15/02/2026-14/03/2026. `key` is how it is written in commands and stored:
    "2026-03", "2026-Q1", "2026-H1", "2026-9T", "2026"; "2026-03-01..2026-03-31" for an
    explicit range (kind MONTH is then meaningless: `explicit` is True)."""

    kind: PeriodKind
    year: int
    number: int
    start: dt.date
    end: dt.date
    key: str
    explicit: bool = False

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class Source(StrEnum):
    """Where a figure came from."""

    DAILY = "daily"  # staff's daily report lines
    REGISTER = "register"  # the dossier register
    FEEDBACK = "feedback"  # citizens' feedback tickets and ratings sent by chat
    MIXED = "mixed"  # the total of sectors from both (each sector's `sources` says which)


@dataclass(frozen=True)
class Figures:
    """One row of the statistics form: a sector, or the total of a unit.

    `online_full`/`online_part` are None while the unit's daily figures do not split online
    dossiers (then `online` is the merged figure, shown in column 4 with a note, never split
    by guess); `post` is None while by-post is not told apart from in person (then
    `in_person` holds both)."""

    online: int = 0
    online_full: int | None = None
    online_part: int | None = None
    post: int | None = None
    in_person: int = 0
    carried_over: int = 0
    early: int = 0
    on_time: int = 0  # includes withdrawn and returned (column 11)
    late: int = 0
    withdrawn: int = 0
    returned: int = 0
    pending_in_time: int = 0
    overdue: int = 0
    supplements: int = 0  # supplement requests
    repeated_supplements: int = 0  # dossiers with more than one request (register only)
    fee: int = 0  # dossiers with a fee
    paid_online: int = 0
    digitized: int = 0
    reused: int = 0
    feedback: int = 0
    feedback_on_time: int | None = None  # None: the unit keeps no feedback data
    feedback_late: int | None = None  # handled after the deadline (feedback tickets only)
    feedback_pending: int | None = None  # not handled by the period's end (tickets only)
    very_satisfied: int = 0
    satisfied: int = 0
    unsatisfied: int = 0

    @property
    def new_received(self) -> int:
        """(4)+(5)+(6)+(7): received during the period."""
        return self.online + (self.post or 0) + self.in_person

    @property
    def received(self) -> int:
        """(3)."""
        return self.new_received + self.carried_over

    @property
    def resolved(self) -> int:
        """(9)."""
        return self.early + self.on_time + self.late

    @property
    def pending(self) -> int:
        """(13)."""
        return self.pending_in_time + self.overdue

    @property
    def ratings(self) -> int:
        return self.very_satisfied + self.satisfied + self.unsatisfied


@dataclass(frozen=True)
class Rate:
    """A computed share, never typed: `numerator`/`denominator`; no percent when 0/0."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        if self.denominator == 0:
            return None
        return 100.0 * self.numerator / self.denominator


@dataclass(frozen=True)
class SectorFigures:
    code: str
    label: str  # as the unit configured it
    figures: Figures
    # Days of the period this sector sent no daily report (empty when from the register).
    missing_days: tuple[dt.date, ...] = ()
    # Figures field name -> where this sector's figure came from.
    sources: Mapping[str, Source] = field(default_factory=dict)
    # Whether anything at all came in for the period (a daily report or the register).
    reported: bool = True


@dataclass(frozen=True)
class IdentityBreak:
    """A report identity that does not hold on compiled figures: `left` != `right` (or
    `left` > `right` for a "<=" identity). `sector` None is the unit's total; `days` are the
    days whose own figures break it (empty when only the period sum does)."""

    identity: str  # code, e.g. "received", "resolved", "pending", "balance", "carry"
    sector: str | None
    left: int
    right: int
    days: tuple[dt.date, ...] = ()

    @property
    def difference(self) -> int:
        return self.left - self.right


@dataclass(frozen=True)
class PeriodReport:
    """Everything one unit's summary of one period shows. Built once by the compiler; the
    chat text, the DOCX, the XLSX and the chart all read this value, so the period, dates,
    unit name and year come from one source."""

    unit_id: int
    unit_code: str
    unit_name: str
    province: str
    period: Period
    sectors: tuple[SectorFigures, ...]
    total: Figures
    previous: Figures | None  # the total of the period before, for the change
    sources: Mapping[str, Source]  # Figures field name -> where it came from
    breaks: tuple[IdentityBreak, ...]
    rates: Mapping[str, Rate]  # "on_time", "online", "paid_online", "digitized", ...
    # On-time share per week of the period (the week's first day, its rate), for the chart.
    weekly_on_time: tuple[tuple[dt.date, Rate], ...] = ()
    compiled_at: dt.datetime | None = None
    notes: tuple[str, ...] = field(default=())  # template names of notes the files show
    # How centers name the period ("tháng 3/2026", "quý 1/2026"; periods.title_of), so every
    # output says it the same way.
    title: str = ""
    # When a commune sends this period's report (obligations.due_date); None: no source says.
    due_by: dt.date | None = None

    @property
    def missing(self) -> tuple[tuple[str, dt.date], ...]:
        """(sector code, day) for every day a sector sent nothing, by sector then day."""
        return tuple((s.code, d) for s in self.sectors for d in s.missing_days)
