"""Cells of a register export → values: statuses, channels, sectors and dates.

The words live in `bot/data/import_columns/dossiers.toml` beside the column headings, so a
province adds what its system writes without touching code. Words are compared folded (no
case, diacritics, spaces or punctuation), as headings are.

Dates, in the unit's timezone unless they carry an offset:

- `dd/mm/yyyy`, `dd/mm/yyyy hh:mm`, `dd/mm/yyyy hh:mm:ss` (also with `-` or `.`; the time may
  come first, `08:30 14/03/2026`) — what the one-door systems' Excel exports show;
- `yyyyMMddHHmmss` — the national portal's sync format (as text or as a 14-digit number);
- ISO 8601, `2026-03-14` or `2026-03-14T08:30:00` (with or without an offset or `Z`);
- an Excel date cell (openpyxl gives a datetime), or a bare Excel serial number.

A date without a time takes the `default_time` the caller gives: the opening of office hours
for when a dossier was received, the close for a due or finish date (a due date is the end of
that working day).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.core.importing import heading_key
from models import DossierStatus

VOCABULARY_FILE = Path(__file__).resolve().parents[2] / "data" / "import_columns" / "dossiers.toml"
NOT_ACCEPTED = "not_accepted"  # a status word for rows that are skipped
CHANNELS = ("online", "direct", "postal")

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_TIME_FIRST = re.compile(
    r"^(\d{1,2}):(\d{2})(?::(\d{2}))?[ ,]+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Excel serials between 1954 and 2173; anything else in a date column is not a date.
_SERIAL_RANGE = (20_000, 100_000)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@dataclass(frozen=True)
class Vocabulary:
    statuses: dict[str, str]  # folded word -> DossierStatus value or NOT_ACCEPTED
    channels: dict[str, str]  # folded word -> online | direct | postal
    sectors: dict[str, str]  # folded lĩnh vực -> sector code
    default_sector: str | None

    def status(self, value: Any) -> str | None:
        """A DossierStatus value, NOT_ACCEPTED, or None when the word is unknown."""
        return self.statuses.get(heading_key(_text(value)))

    def channel(self, value: Any) -> str | None:
        return self.channels.get(heading_key(_text(value)))

    def sector(self, text: str, unit_sectors: tuple[str, ...]) -> str | None:
        """The unit's sector for a lĩnh vực: mapped, or named by its own code; else default."""
        key = heading_key(text)
        found = self.sectors.get(key) or (key if key in unit_sectors else None)
        if found in unit_sectors:
            return found
        return self.default_sector if self.default_sector in unit_sectors else None


@cache
def vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    allowed = {s.value for s in DossierStatus} | {NOT_ACCEPTED}
    statuses = _words(data.get("statuses", {}), allowed, "statuses")
    channels = _words(data.get("channels", {}), set(CHANNELS), "channels")
    sector_table = dict(data.get("sectors", {}))
    default = sector_table.pop("default", None)
    sectors = _words(sector_table, None, "sectors")
    return Vocabulary(statuses, channels, sectors, str(default) if default else None)


def _words(table: dict[str, list[str]], allowed: set[str] | None, name: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for value, words in table.items():
        if allowed is not None and value not in allowed:
            raise ValueError(f"[{name}] {value!r} is not one of {sorted(allowed)}")
        for word in (value, *words):
            if found.setdefault(heading_key(word), value) != value:
                raise ValueError(f"[{name}] {word!r} names two values")
    return found


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a status code typed into an Excel cell comes back as 4.0
    return "" if value is None else str(value).strip()


def parse_date(value: Any, tz: dt.tzinfo, default_time: dt.time) -> dt.datetime | None:
    """An aware datetime; None for an empty cell; ValueError for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, default_time, tzinfo=tz)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and len(str(int(value))) == 14:
            return _from_text(str(int(value)), tz, default_time)
        if _SERIAL_RANGE[0] <= value < _SERIAL_RANGE[1]:
            moment = _EXCEL_EPOCH + dt.timedelta(days=float(value))
            moment = moment.replace(microsecond=0)
            if float(value).is_integer():
                return dt.datetime.combine(moment.date(), default_time, tzinfo=tz)
            return moment.replace(tzinfo=tz)
        raise ValueError("number out of range")
    return _from_text(str(value).strip(), tz, default_time)


def _from_text(text: str, tz: dt.tzinfo, default_time: dt.time) -> dt.datetime:
    if match := _DMY.match(text):
        d, m, y, hh, mm, ss = match.groups()
        return _build(y, m, d, hh, mm, ss, tz, default_time)
    if match := _TIME_FIRST.match(text):
        hh, mm, ss, d, m, y = match.groups()
        return _build(y, m, d, hh, mm, ss, tz, default_time)
    if match := _COMPACT.match(text):
        y, m, d, hh, mm, ss = match.groups()
        return _build(y, m, d, hh, mm, ss, tz, default_time)
    if _ISO.match(text):
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if len(text) == 10:
            return dt.datetime.combine(parsed.date(), default_time, tzinfo=tz)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    raise ValueError("unknown date format")


def _build(y: str, m: str, d: str, hh: str | None, mm: str | None, ss: str | None,
           tz: dt.tzinfo, default_time: dt.time) -> dt.datetime:
    day = dt.date(int(y), int(m), int(d))
    if hh is None:
        return dt.datetime.combine(day, default_time, tzinfo=tz)
    return dt.datetime.combine(day, dt.time(int(hh), int(mm or 0), int(ss or 0)), tzinfo=tz)
