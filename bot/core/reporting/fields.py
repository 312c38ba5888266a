"""Reading one value of a report: a daily count or a report date."""

from __future__ import annotations

import datetime as dt
import re

from bot.core.reporting import problems as p

_COUNT = re.compile(r"^([0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)$")  # 1500 or 1.500 (Vietnamese)
_NEGATIVE = re.compile(r"^-([0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)$")
_DMY = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})(?:[/.-]([0-9]{2}|[0-9]{4}))?$")
_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
RELATIVE_DAYS = {"homnay": 0, "hnay": 0, "nay": 0, "homqua": 1, "hqua": 1, "homkia": 2}
_MAX_DIGITS = 9  # longer is absurd anyway; also keeps int() away from huge strings


def format_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def parse_count(raw: str, max_daily: int) -> int | tuple[str, dict[str, p.ParamValue]]:
    """An integer count in 0..max_daily, or (problem code, params)."""
    if _NEGATIVE.match(raw):
        if raw.strip("-0.") == "":
            return 0  # "-0" is still zero
        return p.NEGATIVE, {"value": raw}
    if not _COUNT.match(raw):
        return p.NOT_INTEGER, {"value": raw}
    digits = raw.replace(".", "").lstrip("0")
    if len(digits) > _MAX_DIGITS:
        return p.ABSURD, {"value": raw, "max": max_daily}
    value = int(digits or "0")
    if value > max_daily:
        return p.ABSURD, {"value": value, "max": max_daily}
    return value


def parse_day(raw: str, today: dt.date) -> dt.date | None:
    """dd/mm (year nearest to today), dd/mm/yy(yy), yyyy-mm-dd, homnay/homqua/homkia."""
    if raw in RELATIVE_DAYS:
        return today - dt.timedelta(days=RELATIVE_DAYS[raw])
    iso = _ISO.match(raw)
    dmy = _DMY.match(raw)
    try:
        if iso:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if not dmy:
            return None
        day, month, year = int(dmy.group(1)), int(dmy.group(2)), dmy.group(3)
        if year is not None:
            return dt.date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    except ValueError:
        return None
    candidates = []
    for y in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(dt.date(y, month, day))
        except ValueError:
            continue
    # "31/12" sent on 2 January means last year's; "15/3" sent on 14/3 is still this year's.
    return min(candidates, key=lambda d: abs((d - today).days), default=None)
