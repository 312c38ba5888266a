"""Reporting periods as each center uses them, and the keys people type for them (pure).

A unit counts its months either from a cut-off day to the day before it in the next month
(15: "tháng 3/2026" is 15/02/2026-14/03/2026, the data cut-off of Nghị định 09/2019/NĐ-CP
Điều 12, see `obligations.py`) or by calendar month (cut-off None; what the QĐ 766 indicators
on the national portal count). A month period is named by the month it ends in, so January
with a 15th cut-off runs from 15/12 of the year before. Quarters, six and nine months and the
year are spans of those months: Q1 with cut-off 15 is 15/12-14/03.

The cut-off is 2..28 so that it exists in every month; 1 would be the calendar month shifted
by one and is refused (0/None means calendar months).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.core.documents.period_words import period_name
from bot.core.reporting.elements import fold
from bot.core.summaries.model import Period, PeriodKind

DEFAULT_CUTOFF = 15
MIN_CUTOFF, MAX_CUTOFF = 2, 28
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_RANGE_DAYS = 400  # an explicit range longer than a year and a bit is a typo
_SPAN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6,
         PeriodKind.NINE: 9, PeriodKind.YEAR: 12}


class PeriodError(ValueError):
    """A period or cut-off that cannot be read; `given` is what was typed."""

    def __init__(self, given: str) -> None:
        super().__init__(given)
        self.given = given


@dataclass(frozen=True)
class PeriodScheme:
    """How a unit cuts its months: `cutoff_day` 2..28, or None for calendar months."""

    cutoff_day: int | None = DEFAULT_CUTOFF

    def __post_init__(self) -> None:
        if self.cutoff_day is not None and not MIN_CUTOFF <= self.cutoff_day <= MAX_CUTOFF:
            raise PeriodError(str(self.cutoff_day))

    @classmethod
    def stored(cls, value: int | None) -> PeriodScheme:
        """From the unit's column: 0 or NULL is the calendar month."""
        return cls(value or None)


DEFAULT_SCHEME = PeriodScheme()


def cutoff_value(text: str) -> int:
    """The column value an admin typed: "0"/"lich"/"dương lịch" = calendar month, else
    2..28; anything else raises PeriodError."""
    word = fold(text).strip()
    if word in ("0", "lich", "duonglich", "duong lich", "thang", "calendar"):
        return 0
    if word.isascii() and word.isdigit() and MIN_CUTOFF <= int(word) <= MAX_CUTOFF:
        return int(word)
    raise PeriodError(text)


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _month_start(scheme: PeriodScheme, year: int, month: int) -> dt.date:
    if scheme.cutoff_day is None:
        return dt.date(year, month, 1)
    before = _shift(year, month, -1)
    return dt.date(before[0], before[1], scheme.cutoff_day)


def _month_end(scheme: PeriodScheme, year: int, month: int) -> dt.date:
    following = _shift(year, month, 1)
    return _month_start(scheme, *following) - dt.timedelta(days=1)


def _key(kind: PeriodKind, year: int, number: int) -> str:
    return {
        PeriodKind.MONTH: f"{year:04d}-{number:02d}",
        PeriodKind.QUARTER: f"{year:04d}-Q{number}",
        PeriodKind.HALF: f"{year:04d}-H{number}",
        PeriodKind.NINE: f"{year:04d}-9T",
        PeriodKind.YEAR: f"{year:04d}",
    }[kind]


def make_period(scheme: PeriodScheme, kind: PeriodKind, year: int, number: int = 1) -> Period:
    """The period of `kind` numbered `number` (month 1-12, quarter 1-4, half 1-2; 1 for
    nine months and the year) of `year`."""
    span = _SPAN[kind]
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= number <= 12 // span):
        raise PeriodError(f"{kind} {number}/{year}")
    last_month = number * span if kind not in (PeriodKind.NINE, PeriodKind.YEAR) else span
    first_month = last_month - span + 1
    return Period(kind, year, number, _month_start(scheme, year, first_month),
                  _month_end(scheme, year, last_month), _key(kind, year, number))


def explicit_period(start: dt.date, end: dt.date) -> Period:
    if end < start or (end - start).days >= MAX_RANGE_DAYS:
        raise PeriodError(f"{start}..{end}")
    return Period(PeriodKind.MONTH, end.year, end.month, start, end,
                  f"{start.isoformat()}..{end.isoformat()}", explicit=True)


def period_containing(scheme: PeriodScheme, day: dt.date) -> Period:
    """The month period `day` belongs to."""
    year, month = day.year, day.month
    if scheme.cutoff_day is not None and day.day >= scheme.cutoff_day:
        year, month = _shift(year, month, 1)
    return make_period(scheme, PeriodKind.MONTH, year, month)


def month_key(scheme: PeriodScheme, day: dt.date) -> str:
    """"YYYY-MM" of the month period containing `day` (what closed periods are keyed by)."""
    return period_containing(scheme, day).key


def scheme_of(period: Period) -> PeriodScheme:
    """The scheme a (not explicit) period was cut with: its first day is the cut-off day."""
    return PeriodScheme(None if period.start.day == 1 else period.start.day)


def previous(period: Period, scheme: PeriodScheme | None = None) -> Period:
    """The period before: the month, quarter, half before; the same span a year earlier for
    nine months and the year; for an explicit range, as many days just before it. The
    scheme is the period's own unless given."""
    if period.explicit:
        length = dt.timedelta(days=period.days)
        return explicit_period(period.start - length, period.start - dt.timedelta(days=1))
    scheme = scheme or scheme_of(period)
    count = 12 // _SPAN[period.kind]
    if period.kind in (PeriodKind.NINE, PeriodKind.YEAR) or period.number == 1:
        number = count if period.kind not in (PeriodKind.NINE, PeriodKind.YEAR) else 1
        return make_period(scheme, period.kind, period.year - 1, number)
    return make_period(scheme, period.kind, period.year, period.number - 1)


def title_of(period: Period) -> str:
    """How centers name it ("tháng 3/2026", "quý I/2026", "6 tháng đầu năm 2026"…): the
    words live in templates/documents/period_words.toml, shared with every file."""
    return period_name(period)


# --- Parsing what people type --------------------------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SEP = r"\s*[/\-. ]\s*"
_YEAR = r"(?P<year>\d{4})"
_PATTERNS: tuple[tuple[PeriodKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern)) for kind, pattern in (
        (PeriodKind.QUARTER, rf"^(?:quy|q)\s*(?P<n>[1-4]|iv|iii|ii|i){_SEP}{_YEAR}$"),
        (PeriodKind.QUARTER, rf"^{_YEAR}\s*-?\s*q(?P<n>[1-4])$"),
        (PeriodKind.HALF, rf"^6\s*thang(?:\s*(?P<w>dau|cuoi)\s*nam)?{_SEP}?(?:nam\s*)?{_YEAR}$"),
        (PeriodKind.HALF, rf"^h(?P<n>[12]){_SEP}{_YEAR}$"),
        (PeriodKind.HALF, rf"^{_YEAR}\s*-?\s*h(?P<n>[12])$"),
        (PeriodKind.NINE, rf"^9\s*thang{_SEP}?(?:nam\s*)?{_YEAR}$"),
        (PeriodKind.NINE, rf"^9t{_SEP}{_YEAR}$"),
        (PeriodKind.NINE, rf"^{_YEAR}\s*-?\s*9t$"),
        (PeriodKind.YEAR, rf"^(?:nam\s*)?{_YEAR}$"),
        (PeriodKind.MONTH, rf"^(?:thang\s*|t\s*)?(?P<n>\d{{1,2}}){_SEP}{_YEAR}$"),
        (PeriodKind.MONTH, rf"^{_YEAR}-(?P<n>\d{{1,2}})$"),
    )
)
_DAY = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"
_RANGE = re.compile(rf"^(?:tu\s*)?(?P<a>{_DAY})\s*(?:-|–|\.\.|den|toi)\s*(?P<b>{_DAY})$")


def _date(text: str) -> dt.date:
    if "/" in text:
        day, month, year = (int(x) for x in text.split("/"))
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text)


def _number(kind: PeriodKind, match: re.Match[str]) -> int:
    groups = match.groupdict()
    if kind is PeriodKind.HALF and "w" in groups:
        return 2 if groups.get("w") == "cuoi" else 1
    raw = groups.get("n")
    if raw is None:
        return 1
    return _ROMAN[raw] if raw in _ROMAN else int(raw)


def parse_period(text: str, scheme: PeriodScheme) -> Period:
    """A period as people type it, with or without diacritics: "3/2026", "03/2026",
    "2026-03", "tháng 3/2026", "quý 1/2026", "q1/2026", "2026-Q1", "6 tháng 2026",
    "2026-H1", "9 tháng 2026", "năm 2026", "2026", "01/03/2026-31/03/2026",
    "2026-03-01..2026-03-31". Raises PeriodError."""
    folded = " ".join(fold(text).split())
    found = _RANGE.match(folded)
    if found:
        try:
            return explicit_period(_date(found["a"]), _date(found["b"]))
        except ValueError:
            raise PeriodError(text) from None
    for kind, pattern in _PATTERNS:
        found = pattern.match(folded)
        if found:
            year = int(found["year"])
            try:
                return make_period(scheme, kind, year, _number(kind, found))
            except PeriodError:
                raise PeriodError(text) from None
    raise PeriodError(text)


def parse_key(key: str, scheme: PeriodScheme) -> Period:
    """A stored key ("2026-03", "2026-Q1", "2026-H1", "2026-9T", "2026", "a..b")."""
    if ".." in key:
        start, _, end = key.partition("..")
        try:
            return explicit_period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
        except ValueError:
            raise PeriodError(key) from None
    return parse_period(key, scheme)
