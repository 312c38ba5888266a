"""The procedure catalog in the database: import/upsert, first-start loading, a cached index.

Parsing runs when the catalog is loaded into memory, so every process builds the same
`Procedure` values and search index from the rows, and rebuilds them when rows change.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select
from sqlmodel import Session

from bot.core.catalog import (
    FieldCount,
    IndexEntry,
    Procedure,
    build_procedures,
    list_fields,
    load_procedure_index,
)
from bot.core.search import Answer, Hit, SearchIndex, SynonymTable
from models import ProcedureRecord

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SHIPPED_CATALOG = DATA_DIR / "procedures.jsonl"
SHIPPED_INDEX = DATA_DIR / "procedure_index.csv"
SYNONYMS = DATA_DIR / "synonyms.tsv"
REFRESH_EVERY = timedelta(seconds=30)


@dataclass(frozen=True)
class ImportReport:
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    # Stored but not shown to citizens, with the reason (a flag of bot.core.catalog).
    hidden: tuple[tuple[str, str], ...] = ()


def import_records(
    session: Session,
    records: Sequence[Mapping[str, Any]],
    *,
    now: datetime,
    source: str,
    excluded_fields: Iterable[str],
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Upsert by procedure code inside the caller's transaction (all or nothing)."""
    existing = {row.code: row for row in session.scalars(select(ProcedureRecord))}
    added, updated, unchanged = [], [], []
    for record in records:
        code = str(record["ma_thu_tuc"]).strip()
        clean = {k: v for k, v in record.items()}
        row = existing.get(code)
        if row is None:
            session.add(ProcedureRecord(
                code=code, name=str(record["ten_thu_tuc"]).strip(),
                field=str(record.get("linh_vuc", "")).strip(), record=clean, source=source,
                updated_at=now,
            ))
            added.append(code)
        elif row.record == clean:
            unchanged.append(code)
        else:
            row.name = str(record["ten_thu_tuc"]).strip()
            row.field = str(record.get("linh_vuc", "")).strip()
            row.record, row.source, row.updated_at = clean, source, now
            updated.append(code)
        if progress:
            progress(1)
    hidden = tuple(
        (p.code, p.flags[0])
        for p in build_procedures(records, excluded_fields=tuple(excluded_fields))
        if p.flags
    )
    return ImportReport(tuple(added), tuple(updated), tuple(unchanged), hidden)


def catalog_is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(ProcedureRecord))


@dataclass
class CatalogSnapshot:
    """One consistent, immutable view of the catalog for reading."""

    revision: tuple[Any, ...]
    procedures: dict[str, Procedure]
    index: SearchIndex
    fields: list[FieldCount]
    by_field: dict[str, list[Procedure]] = field(default_factory=dict)

    def visible(self, code: str) -> Procedure | None:
        procedure = self.procedures.get(code)
        return procedure if procedure is not None and procedure.visible else None


def _revision(connection: Connection) -> tuple[Any, ...]:
    table = ProcedureRecord.__table__  # type: ignore[attr-defined]
    row = connection.execute(select(func.count(), func.max(table.c.updated_at))).one()
    return tuple(row)


class Catalog:
    """Process-wide catalog cache; reloads when another process imported a new version."""

    def __init__(self, excluded_fields: Iterable[str], synonyms_path: Path = SYNONYMS) -> None:
        self.excluded_fields = tuple(excluded_fields)
        self.synonyms_path = synonyms_path
        self._snapshot: CatalogSnapshot | None = None
        self._checked_at: datetime | None = None
        self._lock = threading.Lock()
        self._national: dict[str, IndexEntry] | None = None

    def snapshot(self, connection: Connection, now: datetime) -> CatalogSnapshot:
        current = self._snapshot
        if current is not None and self._checked_at and now - self._checked_at < REFRESH_EVERY:
            return current
        revision = _revision(connection)
        with self._lock:
            if self._snapshot is None or self._snapshot.revision != revision:
                self._snapshot = self._build(connection, revision)
            self._checked_at = now
            return self._snapshot

    def _build(self, connection: Connection, revision: tuple[Any, ...]) -> CatalogSnapshot:
        table = ProcedureRecord.__table__  # type: ignore[attr-defined]
        records = [row.record for row in connection.execute(select(table.c.record))]
        procedures = build_procedures(records, excluded_fields=self.excluded_fields)
        visible = [p for p in procedures if p.visible]
        by_field: dict[str, list[Procedure]] = {}
        for procedure in sorted(visible, key=lambda p: p.name):
            by_field.setdefault(procedure.field, []).append(procedure)
        return CatalogSnapshot(
            revision=revision,
            procedures={p.code: p for p in procedures},
            index=SearchIndex.build(visible, SynonymTable.load(self.synonyms_path)),
            fields=list_fields(procedures),
            by_field=by_field,
        )

    def national(self, code: str) -> IndexEntry | None:
        """A code from the national index, to say where a non-commune procedure is done."""
        if self._national is None:
            self._national = load_procedure_index(SHIPPED_INDEX)
        return self._national.get(code)


@dataclass(frozen=True)
class LocalSetting:
    """A unit's setting for one procedure (a `unit_procedure` row), read through
    `bot.core.units.UnitView.settings`."""

    hidden: bool
    note: str


def answer_for_unit(
    snapshot: CatalogSnapshot, query: str, hidden: AbstractSet[str], limit: int = 3
) -> Answer:
    """The search's answer without what this unit hid (asks for more to keep the list full)."""
    answer = snapshot.index.answer(query, limit=limit + len(hidden))
    hits = tuple(hit for hit in answer.hits if hit.code not in hidden)[:limit]
    return replace(answer, hits=hits)


def search_for_unit(
    snapshot: CatalogSnapshot, query: str, hidden: AbstractSet[str], limit: int = 3
) -> list[Hit]:
    """Search, skipping what this unit hid; asks for more so hidden ones don't shorten the list."""
    hits = snapshot.index.search(query, limit=limit + len(hidden))
    return [hit for hit in hits if hit.code not in hidden][:limit]
