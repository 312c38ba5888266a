"""Values as an official Vietnamese document prints them; the Jinja filters of documents/.

Dates of issue follow Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II, khoản 4 điểm b:
"các số thể hiện ngày, tháng, năm dùng chữ số Ả Rập; đối với những số thể hiện ngày nhỏ hơn
10 và tháng 1, 2 phải ghi thêm số 0 phía trước" — so 05/3/2026 reads "ngày 05 tháng 3 năm
2026" and 01/02/2026 "ngày 01 tháng 02 năm 2026". The words ("ngày", "tháng", "năm") live in
templates/documents/common.toml, never here. Other dates a person reads are dd/mm/yyyy, times
HH:MM (the project's rule); numbers use the Vietnamese thousands dot: 1.234, decimals a comma.

A value the caller does not have (None or blank) prints as a dotted blank "……" for the lead
to fill by hand: a document never shows an invented value.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

DOCUMENT_TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "documents"
BLANK = "……"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 on except the
# surrogates and U+FFFE/U+FFFF; anything else makes Word refuse the file, openpyxl refuse
# the cell. Text pasted from other systems does carry such characters (\x0b from Word, \x00).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@cache
def document_toml(name: str, templates_dir: Path = DOCUMENT_TEMPLATES) -> dict[str, Any]:
    """templates/documents/<name>.toml, read once."""
    with (templates_dir / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def common_words() -> dict[str, str]:
    """The shared words of every document (templates/documents/common.toml)."""
    return {str(k): str(v) for k, v in document_toml("common").items()}


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def blank(value: object, dots: str = BLANK) -> object:
    """The value, or a dotted blank when there is none."""
    return dots if is_blank(value) else value


def xml_safe(text: str) -> str:
    """Drop the characters XML (and so DOCX and XLSX) cannot hold."""
    return _XML_ILLEGAL.sub("", text)


def to_local(value: datetime, timezone: str = DEFAULT_TIMEZONE) -> datetime:
    """A naive wall-clock time in `timezone`: aware values are converted, naive ones are
    taken as already local (documents print what the office's clock showed)."""
    if value.tzinfo is None:
        return value
    return value.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


def day_of(value: date | None) -> str:
    """ND 30 day of issue: two digits ("05")."""
    return BLANK if value is None else f"{value.day:02d}"


def month_of(value: date | None) -> str:
    """ND 30 month of issue: a leading zero for January and February only ("01", "3")."""
    if value is None:
        return BLANK
    return f"{value.month:02d}" if value.month < 3 else str(value.month)


def year_of(value: date | None) -> str:
    return BLANK if value is None else str(value.year)


def official_date(value: date | None) -> str:
    """"ngày 05 tháng 3 năm 2026", with the words from common.toml; dotted when unknown."""
    return common_words()["official_date"].format(
        day=day_of(value), month=month_of(value), year=year_of(value)
    )


def day(value: date | None) -> str:
    """dd/mm/yyyy."""
    return BLANK if value is None else value.strftime("%d/%m/%Y")


def clock(value: datetime | time | None) -> str:
    """HH:MM."""
    return BLANK if value is None else value.strftime("%H:%M")


def has_time(value: object) -> bool:
    """A datetime with a time of day worth printing (not a bare date, not midnight)."""
    return isinstance(value, datetime) and value.time() != time(0, 0)


def number(value: int | float | Decimal | None, digits: int = 0) -> str:
    """1.234 / 1.234,5: the Vietnamese grouping dot and decimal comma."""
    if value is None:
        return BLANK
    text = f"{value:,.{digits}f}" if digits or not isinstance(value, int) else f"{value:,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def sentence(value: object) -> str:
    """Text for the middle of a sentence the template ends itself: one line, no final stop."""
    text = " ".join(str(blank(value)).split())
    return text.rstrip(" .;,") or BLANK


def safe_filename(name: str) -> str:
    """ASCII letters, digits, dot, dash and underscore only: every channel and every
    operating system takes it as it is (a dossier code may hold a slash)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return cleaned or "document"


FILTERS: dict[str, Callable[..., object]] = {
    "blank": blank,
    "day": day,
    "clock": clock,
    "has_time": has_time,
    "number": number,
    "sentence": sentence,
    "official_date": official_date,
    "dd": day_of,
    "mm": month_of,
    "yyyy": year_of,
}


@cache
def text_environment() -> jinja2.Environment:
    """Jinja for plain text (file names, sheet headings), with the documents' filters."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters.update(FILTERS)
    return env


def render_text(text: str, context: Mapping[str, object]) -> str:
    return text_environment().from_string(text).render(**context)
