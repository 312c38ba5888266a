"""Which report a commune sends for which month period, and by when (data, with sources).

Sources and what we could verify (see also templates/documents/README.md):

- Nghị định 09/2019/NĐ-CP, Điều 12 (thời gian chốt số liệu báo cáo định kỳ): monthly figures
  run from the 15th of the month before to the 14th of the reporting month; quarterly from
  the 15th of the month before the quarter to the 14th of its last month; six-monthly and
  yearly from 15/12 of the year before to 14/06 and 14/12. We could not retrieve the decree's
  text itself here; the same scheme is reproduced word for word by sectoral circulars that
  apply it (e.g. TT 05/2023/TT-BYT, as reported by a provincial site), which is what
  `periods.py` implements with a cut-off of 15. Nine months is built the same way
  (15/12-14/09); that span is our choice, the decree's article does not name it.
- The Ministry of Justice circular on reporting the control of administrative procedures
  (TT 09/2026/TT-BTP, in force 01/8/2026, as issue 9 states): NOT VERIFIED. We found no
  copy of it; the schedule below is the one issue 9 gives (monthly for months 1, 2, 4, 5,
  7, 8, 10, 11; quarterly for Q1 and Q3; six-monthly; yearly; a commune sends by the 20th)
  and must be checked against the circular's article on reporting periods and deadlines
  before anyone relies on the due dates. Which month carries the six-month and the yearly
  report (6 and 12) follows from the periods; that is our reading, not a quoted rule.
- With calendar months (no cut-off) the deadline "by the 20th" is not defined by any source
  we have: `due_date` then returns None rather than invent one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.core.summaries.model import Period, PeriodKind
from bot.core.summaries.periods import PeriodScheme, make_period, period_containing, previous

SOURCE = "TT 09/2026/TT-BTP (chưa đối chiếu được văn bản), theo issue 9"
CUTOFF_SOURCE = "Nghị định 09/2019/NĐ-CP, Điều 12"
COMMUNE_DUE_DAY = 20  # "a commune sends by the 20th" (issue 9; circular not verified)


@dataclass(frozen=True)
class Obligation:
    """The report due after the month period ending in `month`: its kind and number."""

    month: int
    kind: PeriodKind
    number: int


# Month the period ends in -> the report a commune sends for it (issue 9's schedule).
SCHEDULE: tuple[Obligation, ...] = (
    Obligation(1, PeriodKind.MONTH, 1),
    Obligation(2, PeriodKind.MONTH, 2),
    Obligation(3, PeriodKind.QUARTER, 1),
    Obligation(4, PeriodKind.MONTH, 4),
    Obligation(5, PeriodKind.MONTH, 5),
    Obligation(6, PeriodKind.HALF, 1),
    Obligation(7, PeriodKind.MONTH, 7),
    Obligation(8, PeriodKind.MONTH, 8),
    Obligation(9, PeriodKind.QUARTER, 3),
    Obligation(10, PeriodKind.MONTH, 10),
    Obligation(11, PeriodKind.MONTH, 11),
    Obligation(12, PeriodKind.YEAR, 1),
)


def report_due(scheme: PeriodScheme, month_period: Period) -> Period:
    """The period whose report is due when `month_period` (a month) closes: the month
    itself, or the quarter, half or year it completes."""
    rule = SCHEDULE[month_period.number - 1]
    return make_period(scheme, rule.kind, month_period.year, rule.number)


def due_date(scheme: PeriodScheme, period: Period) -> dt.date | None:
    """When a commune sends the report of `period`: the 20th of the month its data ends in
    (the period ends on the 14th with a 15th cut-off). None without a cut-off scheme or for
    an explicit range: no source says."""
    if scheme.cutoff_day is None or period.explicit or scheme.cutoff_day > COMMUNE_DUE_DAY:
        return None
    return period.end.replace(day=COMMUNE_DUE_DAY)


CALENDAR_GRACE_DAYS = 5  # our choice: no source gives calendar-month units a deadline


def default_period(scheme: PeriodScheme, today: dt.date) -> tuple[Period, bool]:
    """The month period a bare /baocao means, and whether it is the one just closed: until
    the closed month's report is due (the 20th with a cut-off; 5 days after a calendar
    month) the lead is most likely writing that report; after it, the running month."""
    current = period_containing(scheme, today)
    closed = previous(current, scheme)
    due = due_date(scheme, closed)
    limit = due if due is not None else closed.end + dt.timedelta(days=CALENDAR_GRACE_DAYS)
    return (closed, True) if today <= limit else (current, False)
