"""One row of a register export, checked and turned into values (no database here).

Every problem is a `RowError` naming the field, so the message names the file's own column;
the codes are rendered by templates/dossiers/import_errors.j2. An empty cell states nothing:
it never erases what the register already holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.core.dossiers.codes import MAX_CODE, code_key
from bot.core.dossiers.vocabulary import NOT_ACCEPTED, VOCABULARY_FILE, Vocabulary, parse_date
from bot.core.importing import Columns, RowError
from models import OPEN_STATUSES, DossierStatus

DATE_FIELDS = ("submitted_at", "received_at", "due_at", "finished_at", "delivered_at")
# Longest text kept per field (the register's column sizes).
TEXT_LIMITS = {"code": MAX_CODE, "procedure_code": 300, "procedure_name": 1000,
               "sector_name": 300, "sector_code": 300, "owner": 200, "submitter": 200,
               "assignee": 200, "phone": 32}
ROW_CODES = ("missing_value", "too_long", "duplicate_code", "unknown_status", "unknown_channel",
             "bad_date", "missing_received", "due_before_received")


@cache
def dossier_columns(path: Path = VOCABULARY_FILE) -> Columns:
    return Columns.from_toml(path)


@dataclass(slots=True)
class DossierRow:
    """What a row states; None or "" where the file says nothing."""

    line: int
    code: str
    key: str
    status: DossierStatus
    procedure_code: str = ""
    procedure_name: str = ""
    sector_text: str = ""
    channel: str | None = None
    submitted_at: dt.datetime | None = None
    received_at: dt.datetime | None = None
    due_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    assignee: str = ""
    citizen_name: str = ""
    phone: str = ""


def _text(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else " ".join(str(value).split())


class RowReader:
    """`check(line, record)` for bot.core.importing.load_file; the last good row is kept in
    `row` so the caller takes it without parsing twice. Codes seen are remembered (duplicates)."""

    def __init__(self, vocabulary: Vocabulary, tz: dt.tzinfo, opens: dt.time, closes: dt.time):
        self.vocabulary, self.tz = vocabulary, tz
        self.times = {"submitted_at": opens, "received_at": opens, "due_at": closes,
                      "finished_at": closes, "delivered_at": closes}
        self.seen: dict[str, int] = {}
        self.row: DossierRow | None = None
        self.skipped = 0  # rows not accepted yet

    def check(self, line: int, record: dict[str, Any]) -> list[RowError]:
        self.row = None
        errors: list[RowError] = []
        texts = {name: _text(record, name) for name in TEXT_LIMITS}
        for name, limit in TEXT_LIMITS.items():
            if len(texts[name]) > limit:
                errors.append(RowError(line, "too_long", {"limit": limit}, field=name))
        code = texts["code"]
        key = code_key(code)
        if not code:
            errors.append(RowError(line, "missing_value", field="code"))
        elif key in self.seen:
            errors.append(RowError(line, "duplicate_code",
                                   {"code": code, "first_line": self.seen[key]}, field="code"))
        else:
            self.seen[key] = line
        status_text = _text(record, "status")
        status = self.vocabulary.status(status_text)
        if not status_text:
            errors.append(RowError(line, "missing_value", field="status"))
        elif status is None:
            errors.append(RowError(line, "unknown_status", {"value": status_text},
                                   field="status"))
        channel_text = _text(record, "channel")
        channel = self.vocabulary.channel(channel_text) if channel_text else None
        if channel_text and channel is None:
            errors.append(RowError(line, "unknown_channel", {"value": channel_text},
                                   field="channel"))
        dates: dict[str, dt.datetime | None] = {}
        for name in DATE_FIELDS:
            try:
                dates[name] = parse_date(record.get(name), self.tz, self.times[name])
            except (ValueError, OverflowError):
                dates[name] = None
                errors.append(RowError(line, "bad_date", {"value": _text(record, name)},
                                       field=name))
        if status == NOT_ACCEPTED:
            self.skipped += 0 if errors else 1
            return errors
        received, due = dates["received_at"], dates["due_at"]
        if status in OPEN_STATUSES and received is None and "received_at" not in _fields(errors):
            errors.append(RowError(line, "missing_received", field="received_at"))
        if received and due and due < received:
            errors.append(RowError(line, "due_before_received", field="due_at"))
        if errors or status is None:
            return errors
        self.row = DossierRow(
            line=line, code=code, key=key, status=DossierStatus(status),
            procedure_code=texts["procedure_code"],
            procedure_name=texts["procedure_name"],
            sector_text=texts["sector_name"] or texts["sector_code"], channel=channel,
            submitted_at=dates["submitted_at"], received_at=received, due_at=due,
            finished_at=dates["finished_at"], delivered_at=dates["delivered_at"],
            assignee=texts["assignee"], citizen_name=texts["owner"] or texts["submitter"],
            phone=texts["phone"])
        return []


def _fields(errors: list[RowError]) -> set[str]:
    return {e.field for e in errors}
