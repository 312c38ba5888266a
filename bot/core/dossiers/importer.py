"""Import a register export: read, check, and (only if the whole file is clean) write.

`import_file` streams the file through the shared reader (bot/core/importing: encodings,
strict CSV, XLSX limits, header detection, numbered errors), checks each row (rows.py) and
hands it to a `RegisterImport` (import_run.py) in batches. Writing happens inside a SAVEPOINT
of the caller's transaction: any error in the file rolls all of it back, so the register
holds the whole file or nothing of it. Without `write` it is a preview: counts, the first
changes and a digest of every change.

A confirmation in chat passes the preview's digest back as `expected`: if the register
changed in between (another import, a desk's change), the import is rolled back and the new
preview returned instead, so nothing is written that the person did not see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from bot.core.dossiers.context import RegisterContext
from bot.core.dossiers.import_run import ImportReport, RegisterImport
from bot.core.dossiers.rows import RowReader, dossier_columns
from bot.core.dossiers.store import Counts, register_counts
from bot.core.dossiers.vocabulary import vocabulary
from bot.core.importing import Progress, RowError, load_file


@dataclass(frozen=True)
class ImportOutcome:
    errors: tuple[RowError, ...] = ()
    report: ImportReport | None = None
    counts: Counts | None = None  # the register after a written import
    written: bool = False
    stale: bool = False  # the preview no longer matched: `report` is the new preview

    @property
    def ok(self) -> bool:
        return not self.errors


def import_file(connection: Connection, ctx: RegisterContext, path: Path, *,
                now: dt.datetime, source: str, by: int | None, write: bool,
                expected: str | None = None, as_of: dt.datetime | None = None,
                progress: Progress | None = None) -> ImportOutcome:
    """`now` stamps the audit; `as_of` (default `now`) is when supplements are taken as
    requested or answered, so a confirmation computes exactly what its preview showed."""
    reader = RowReader(vocabulary(), ctx.tz, ctx.clock.hours.opens, ctx.clock.hours.closes)
    failed = False

    def check(line: int, record: dict[str, Any]) -> list[RowError]:
        nonlocal failed
        errors = reader.check(line, record)
        failed = failed or bool(errors)
        return errors

    savepoint = connection.begin_nested() if write else None
    run = RegisterImport(connection, ctx, now=now, as_of=as_of or now, source=source, by=by,
                         write=write)

    def take(_line: int, _record: dict[str, Any]) -> None:
        if reader.row is not None and not failed:  # after an error only errors matter
            run.take(reader.row)

    try:
        loaded = load_file(path, dossier_columns(), check, progress=progress, sink=take)
        report = run.finish() if loaded.ok else None
    except BaseException:
        if savepoint is not None and savepoint.is_active:
            savepoint.rollback()
        raise
    if report is None:
        if savepoint is not None:
            savepoint.rollback()
        return ImportOutcome(errors=loaded.errors)
    report.skipped = reader.skipped
    if savepoint is None:
        return ImportOutcome(report=report)
    if expected is not None and report.digest != expected:
        savepoint.rollback()
        return ImportOutcome(report=report, stale=True)
    savepoint.commit()
    counts = register_counts(connection, ctx.unit_id, now, ctx.due_soon_limit(now))
    return ImportOutcome(report=report, counts=counts, written=True)
