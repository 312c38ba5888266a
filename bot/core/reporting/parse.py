"""Parse a one-line daily report: `bc tt=45 tiep=12 som=3 ngay=14/3 nganh=ca`.

Accepted: separators space , ; |; `k=v`, `k: v`, `k = v`, `k v` (known key then a number),
glued `tt45`; a bare sector name (`ca`) or date (`14/3`, `homqua`). All problems are
collected; if there is any, no values are returned (nothing partial is stored).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.core.reporting import problems as p
from bot.core.reporting.elements import DATE_KEYS, SECTOR_KEYS, ElementSet, fold
from bot.core.reporting.fields import RELATIVE_DAYS, format_date, parse_count, parse_day
from bot.core.reporting.problems import Problem
from bot.core.reporting.suggest import closest

_COMMAND = re.compile(r"^\s*/?(?:bc|baocao|bao\s+cao)(?:@\S*)?(?=$|[\s,;|:=])[\s,;|:=]*")
_DAY_PHRASE = re.compile(r"\bhom\s+(nay|qua|kia)\b")
# "ngày 14/3: tt=45", "ngày hôm nay: tt=45": a colon after a value ends it, is no operator.
_COLON_AFTER_VALUE = re.compile(r"([0-9]|\b(?:homnay|hnay|homqua|hqua|homkia))\s*:")
_OPERATOR = re.compile(r"\s*[=:]+\s*")
_SEPARATORS = re.compile(r"[\s,;|]+")
_GLUED = re.compile(r"^([a-z]+)([0-9][0-9.]*)$")
_NUMBER_LIKE = re.compile(r"^[-+]?[0-9]")
_DATE_LIKE = re.compile(r"^[0-9]{1,4}[/.-][0-9]{1,2}")
_BARE_DATE = re.compile(r"^[0-9]{1,4}[/-][0-9]{1,2}")  # no dots: "1.000" is a number


@dataclass(frozen=True)
class ParsedReport:
    date: dt.date
    sector: str
    values: Mapping[str, int]


@dataclass(frozen=True)
class ParseResult:
    """Exactly one of: `report` set and no problems, or `report` None and problems."""

    report: ParsedReport | None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.report is not None


@dataclass
class _Draft:
    raw: dict[str, list[str]] = field(default_factory=dict)  # field -> raw values in order
    problems: list[Problem] = field(default_factory=list)

    def add(self, name: str, value: str) -> None:
        if name in DATE_KEYS:
            name = p.DATE_FIELD
        elif name in SECTOR_KEYS:
            name = p.SECTOR_FIELD
        self.raw.setdefault(name, []).append(value)


def is_report_command(text: str) -> bool:
    """True when the text starts with a report command word (bc, /bc, baocao, /baocao)."""
    return bool(_COMMAND.match(fold(text)))


def _tokens(text: str) -> list[str]:
    folded = _COMMAND.sub("", fold(text), count=1)
    folded = _DAY_PHRASE.sub(lambda m: "hom" + m.group(1), folded)
    folded = _OPERATOR.sub("=", _COLON_AFTER_VALUE.sub(r"\1 ", folded))
    return [t for t in _SEPARATORS.split(folded) if t]


def _is_key(word: str, elements: ElementSet) -> bool:
    return word in DATE_KEYS or word in SECTOR_KEYS or elements.element(word) is not None


def _collect(tokens: list[str], elements: ElementSet, draft: _Draft) -> None:
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        key, eq, value = token.partition("=")
        if eq:
            if not key:
                params: dict[str, p.ParamValue] = {"text": token, "suggestion": None}
                draft.problems.append(Problem(p.UNEXPECTED_TEXT, None, params))
            elif not value:
                draft.problems.append(Problem(p.MISSING_VALUE, None, {"given": key}))
            else:
                draft.add(key, value)
            continue
        glued = _GLUED.match(token)
        nxt = tokens[i] if i < len(tokens) else ""
        if glued and (elements.element(glued.group(1)) is not None
                      or _mistyped_key(glued.group(1), elements)):
            # `tiepp2` is a mistyped `tiep=2`: it gets the same hint as `tiepp=2`.
            draft.add(glued.group(1), glued.group(2))
        elif token.isalpha() and nxt and "=" not in nxt and _pairs_with(token, nxt, elements):
            draft.add(token, nxt)
            i += 1
        elif elements.sector(token) is not None:
            draft.add(p.SECTOR_FIELD, token)
        elif token in RELATIVE_DAYS or _BARE_DATE.match(token):
            draft.add(p.DATE_FIELD, token)
        elif _is_key(token, elements):
            draft.problems.append(Problem(p.MISSING_VALUE, None, {"given": token}))
        else:
            suggestion = _suggest(token, elements)
            draft.problems.append(
                Problem(p.UNEXPECTED_TEXT, None, {"text": token, "suggestion": suggestion})
            )


def _mistyped_key(word: str, elements: ElementSet) -> bool:
    """A word that is no key, sector or day, but close to an element's name."""
    if _is_key(word, elements) or elements.sector(word) is not None or word in RELATIVE_DAYS:
        return False
    return _suggest(word, elements) is not None


def _pairs_with(word: str, nxt: str, elements: ElementSet) -> bool:
    """`tt 45`, `ngay 14/3`, `nganh ca`; an unknown word before a number is a mistyped key."""
    if word in DATE_KEYS:
        return bool(nxt in RELATIVE_DAYS or _DATE_LIKE.match(nxt))
    if word in SECTOR_KEYS:
        return nxt.isalpha()
    if elements.sector(word) is not None:
        return False
    return bool(_NUMBER_LIKE.match(nxt))


def _suggest(word: str, elements: ElementSet) -> str | None:
    return closest(word, elements.names()) if word.isalpha() else None


def parse_report(
    text: str,
    elements: ElementSet,
    unit_sectors: Sequence[str],
    today: dt.date,
    *,
    max_days_back: int = 7,
    default_sector: str | None = None,
) -> ParseResult:
    """Parse one report line. `unit_sectors`: the unit's sector codes; `default_sector`:
    used when the text names none (e.g. the sender's desk); with one sector it is implied."""
    draft = _Draft()
    _collect(_tokens(text), elements, draft)
    problems = list(draft.problems)
    day = _resolve_day(draft.raw.pop(p.DATE_FIELD, []), today, max_days_back, problems)
    sector = _resolve_sector(
        draft.raw.pop(p.SECTOR_FIELD, []), elements, unit_sectors, default_sector, problems
    )
    values = _resolve_values(draft.raw, elements, problems)
    if not values and not draft.raw and not draft.problems:
        problems.insert(0, Problem(p.EMPTY))  # nothing but a command, date or sector
    if problems or day is None or sector is None:
        return ParseResult(None, tuple(problems))
    return ParseResult(ParsedReport(day, sector, values))


def _resolve_values(
    raw: dict[str, list[str]], elements: ElementSet, problems: list[Problem]
) -> dict[str, int]:
    by_code: dict[str, list[str]] = {}
    for name, raws in raw.items():
        element = elements.element(name)
        if element is None:
            problems.append(_unknown_key(name, raws, elements))
        else:
            # `tt=45 tructuyen=45` is the same field twice: merge aliases before comparing.
            by_code.setdefault(element.code, []).extend(raws)
    values: dict[str, int] = {}
    for code, raws in by_code.items():
        element = elements.get(code)
        results = [parse_count(r, element.max_daily) for r in raws]
        outcomes = {v if isinstance(v, int) else raws[i] for i, v in enumerate(results)}
        first = results[0]
        if len(outcomes) > 1:
            problems.append(Problem(p.DUPLICATE_CODE, code, {"values": _distinct(raws)}))
        elif isinstance(first, int):
            values[code] = first
        else:
            problems.append(Problem(first[0], code, first[1]))
    return values


def _unknown_key(name: str, raws: list[str], elements: ElementSet) -> Problem:
    if elements.sector(name) is not None or not name.isalpha():
        return Problem(p.UNEXPECTED_TEXT, None, {"text": f"{name}={raws[0]}", "suggestion": None})
    params: dict[str, p.ParamValue] = {
        "given": name,
        "value": raws[0],
        "suggestion": _suggest(name, elements),
    }
    return Problem(p.UNKNOWN_CODE, name, params)


def _distinct(raws: list[str]) -> list[str]:
    return list(dict.fromkeys(raws))


def _resolve_day(
    raws: list[str], today: dt.date, max_days_back: int, problems: list[Problem]
) -> dt.date | None:
    if not raws:
        return today
    days = [parse_day(r, today) for r in raws]
    if len(set(days)) > 1:
        problems.append(Problem(p.DUPLICATE_CODE, p.DATE_FIELD, {"values": _distinct(raws)}))
        return None
    day = days[0]
    if day is None:
        problems.append(Problem(p.BAD_DATE, p.DATE_FIELD, {"value": raws[0]}))
    elif day > today:
        params: dict[str, p.ParamValue] = {"date": format_date(day), "today": format_date(today)}
        problems.append(Problem(p.FUTURE_DATE, p.DATE_FIELD, params))
    elif (today - day).days > max_days_back:
        params = {"date": format_date(day), "max_days_back": max_days_back}
        problems.append(Problem(p.TOO_OLD_DATE, p.DATE_FIELD, params))
    else:
        return day
    return None


def _resolve_sector(
    raws: list[str],
    elements: ElementSet,
    unit_sectors: Sequence[str],
    default_sector: str | None,
    problems: list[Problem],
) -> str | None:
    allowed = [s.code if (s := elements.sector(c)) else c for c in unit_sectors]
    if not raws:
        if default_sector is not None:
            known = elements.sector(default_sector)
            return known.code if known else default_sector
        if len(allowed) == 1:
            return allowed[0]
        problems.append(Problem(p.MISSING_SECTOR, p.SECTOR_FIELD, {"allowed": allowed}))
        return None
    found = [elements.sector(r) for r in raws]
    codes = {s.code if s else r for s, r in zip(found, raws, strict=True)}
    if len(codes) > 1:
        problems.append(Problem(p.DUPLICATE_CODE, p.SECTOR_FIELD, {"values": _distinct(raws)}))
        return None
    sector = found[0]
    if sector is None:
        suggestion = closest(raws[0], [fold(s.code) for s in elements.sectors if s.code in allowed])
        params: dict[str, p.ParamValue] = {
            "value": raws[0],
            "suggestion": suggestion,
            "allowed": allowed,
        }
        problems.append(Problem(p.UNKNOWN_SECTOR, p.SECTOR_FIELD, params))
        return None
    if sector.code not in allowed:
        params = {"sector": sector.code, "allowed": allowed}
        problems.append(Problem(p.SECTOR_NOT_IN_UNIT, p.SECTOR_FIELD, params))
        return None
    return sector.code
