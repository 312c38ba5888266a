"""Upsert checked rows into the register, in batches of Core statements, with the audit.

A `RegisterImport` takes rows as the file is read (memory stays flat in file size): every
`BATCH` rows it reads the unit's matching dossiers in one SELECT, works out each row's new
values, and — when writing — sends one multi-row INSERT (RETURNING the ids), one executemany
UPDATE guarded by each row's version, the supplement episodes and one multi-row INSERT of the
audit. Without `write` it only counts, for the preview in chat. The caller owns the
transaction and rolls it back if the file had any error (all or nothing).

What a row changes (an empty cell never erases anything):
- the status always (the provincial system is the truth for what it exports, so the moves a
  desk is held to in statuses.py do not apply), and whatever else the row states;
- the due date: the file's when it gives one; else what the register already had; else the
  catalog's processing time counted from acceptance (due.py) — not for a dossier returned or
  withdrawn with no date, which never had an appointment; else none;
- entering `supplement` opens a supplement episode (requested when the import saw it); leaving
  it for an open status closes the episode and, when the file gives no new due date, moves the
  due date by DOSSIER_SUPPLEMENT_RULE (due.py);
- the citizens subscribed to a dossier whose status or due date moved are told
  (subscriptions.py), in the import's transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from bot.core.dossiers.context import RegisterContext
from bot.core.dossiers.due import due_after_supplement
from bot.core.dossiers.rows import DossierRow
from bot.core.dossiers.store import ConcurrentChange, audit_value, open_supplements
from bot.core.dossiers.subscriptions import notify_subscribers
from bot.core.dossiers.vocabulary import vocabulary
from bot.core.search.folding import fold
from models import OPEN_STATUSES, Dossier, DossierChange, DossierStatus, DossierSupplement

BATCH = 1000
FIELDS = ("procedure_code", "procedure_name", "sector", "sector_text", "channel",
          "submitted_at", "received_at", "due_at", "status", "resolved_at", "delivered_at",
          "assignee_id", "assignee_text", "citizen_name", "citizen_phone")
_d = Dossier.__table__  # type: ignore[attr-defined]
_s = DossierSupplement.__table__  # type: ignore[attr-defined]
_c = DossierChange.__table__  # type: ignore[attr-defined]
_SELECT = select(_d.c.id, _d.c.code_key, _d.c.version, _d.c.due_source, _d.c.original_due_at,
                 _d.c.supplement_count, *(_d.c[f] for f in FIELDS)).where(
    _d.c.unit_id == bindparam("unit_id"), _d.c.code_key.in_(bindparam("keys", expanding=True)))
_MORE = ("due_source", "original_due_at", "supplement_count")
# Refused or withdrawn without a due date in the file: no appointment was ever made.
_NO_DUE = (DossierStatus.RETURNED, DossierStatus.WITHDRAWN)
_UPDATE = update(_d).where(_d.c.id == bindparam("b_id"), _d.c.version == bindparam("b_version")
                           ).values({**{f: bindparam(f"b_{f}") for f in (*FIELDS, *_MORE)},
                                     "version": _d.c.version + 1,
                                     "updated_at": bindparam("b_now")})
_NEW_IDS = select(_d.c.id, _d.c.code_key).where(
    _d.c.unit_id == bindparam("unit_id"), _d.c.code_key.in_(bindparam("keys", expanding=True)))
_CLOSE_EPISODE = update(_s).where(_s.c.id == bindparam("b_id")).values(
    supplied_at=bindparam("b_at"), due_after=bindparam("b_due"))


@dataclass
class Change:
    """One dossier the import adds or changes, as the preview shows it."""

    code: str
    kind: str  # added | updated
    status: tuple[str | None, str]
    due: tuple[dt.datetime | None, dt.datetime | None]
    fields: tuple[str, ...]


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0  # open dossiers this file closes
    status_changes: int = 0
    supplements: int = 0  # supplement requests it opens
    skipped: int = 0  # rows not accepted yet
    first: list[Change] = field(default_factory=list)
    digest: str = ""


class RegisterImport:
    def __init__(self, connection: Connection, ctx: RegisterContext, *, now: dt.datetime,
                 as_of: dt.datetime, source: str, by: int | None, write: bool,
                 preview: int = 5) -> None:
        self.connection, self.ctx, self.now, self.as_of = connection, ctx, now, as_of
        self.source, self.by, self.write, self.preview = source[:200], by, write, preview
        self.report = ImportReport()
        self._batch: list[DossierRow] = []
        self._hash = hashlib.sha256()
        self._vocabulary = vocabulary()
        self._added, self._analyze_at = 0, 2000

    def take(self, row: DossierRow) -> None:
        self._batch.append(row)
        if len(self._batch) >= BATCH:
            self._flush()

    def finish(self) -> ImportReport:
        self._flush()
        self.report.digest = self._hash.hexdigest()
        return self.report

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        rows = self.connection.execute(
            _SELECT, {"unit_id": self.ctx.unit_id, "keys": [r.key for r in batch]})
        existing = {r.code_key: dict(r._mapping) for r in rows}
        leaving = [old["id"] for old in existing.values()
                   if old["status"] == DossierStatus.SUPPLEMENT]
        episodes = open_supplements(self.connection, leaving) if leaving else {}
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        opened: list[tuple[str, dict[str, Any]]] = []
        closed: list[dict[str, Any]] = []
        audit: list[dict[str, Any]] = []
        news: list[int] = []  # existing dossiers whose status or due date this batch moves
        for row in batch:
            old = existing.get(row.key)
            new = self._target(row, old)
            entering = new["status"] == DossierStatus.SUPPLEMENT and (
                old is None or old["status"] != DossierStatus.SUPPLEMENT)
            if old is not None and old["status"] == DossierStatus.SUPPLEMENT and (
                    new["status"] != DossierStatus.SUPPLEMENT):
                self._supplied(row, old, new, episodes.get(old["id"]), closed)
            if entering:
                new["supplement_count"] = (old["supplement_count"] if old else 0) + 1
                opened.append((row.key, {"requested_at": self.as_of, "due_before": new["due_at"],
                                         "requested_by": self.by}))
                self.report.supplements += 1
            if old is None:
                inserts.append(self._inserted(row, new))
                self._count(row, None, new, FIELDS)
                continue
            changed = tuple(f for f in FIELDS if new[f] != old[f])
            if not changed:
                self.report.unchanged += 1
                continue
            self._count(row, old, new, changed)
            if "status" in changed or "due_at" in changed:
                news.append(old["id"])
            updates.append({"b_id": old["id"], "b_version": old["version"], "b_now": self.now,
                            **{f"b_{f}": new[f] for f in (*FIELDS, *_MORE)}})
            audit.extend(self._audit(old["id"], f, old[f], new[f]) for f in changed)
        if self.write:
            self._write(inserts, updates, opened, closed, audit, existing)
            # New dossiers have no subscribers yet; at most one statement per batch.
            notify_subscribers(self.connection, news, self.now)

    def _target(self, row: DossierRow, old: dict[str, Any] | None) -> dict[str, Any]:
        ctx = self.ctx
        new: dict[str, Any] = dict(old) if old else {
            f: None for f in (*FIELDS, "original_due_at")} | {
            "procedure_name": "", "sector_text": "", "assignee_text": "", "citizen_name": "",
            "citizen_phone": "", "supplement_count": 0, "due_source": "none"}
        if row.procedure_code or row.procedure_name:
            new["procedure_code"], new["procedure_name"] = ctx.match_procedure(
                row.procedure_code, row.procedure_name)
        if row.sector_text or old is None:
            known = ctx.procedures.get(new["procedure_code"] or "")
            text = row.sector_text or (known.field if known else "")
            new["sector_text"] = text
            new["sector"] = self._vocabulary.sector(text, ctx.sectors)
        for name in ("channel", "submitted_at", "received_at", "delivered_at"):
            if getattr(row, name) is not None:
                new[name] = getattr(row, name)
        new["status"] = row.status.value
        if row.finished_at is not None:
            new["resolved_at"] = row.finished_at
        if row.status in OPEN_STATUSES:
            new["resolved_at"] = None
        if row.assignee:
            new["assignee_text"] = row.assignee
            new["assignee_id"] = ctx.staff.get(fold(row.assignee))
        if row.citizen_name:
            new["citizen_name"] = row.citizen_name
        if row.phone:
            new["citizen_phone"] = row.phone
        if row.due_at is not None:
            new["due_at"], new["due_source"] = row.due_at, "source"
        elif new["due_at"] is None and row.status not in _NO_DUE:
            new["due_at"] = ctx.computed_due(new["received_at"], new["procedure_code"],
                                             new["channel"])
            new["due_source"] = "computed" if new["due_at"] else "none"
        if new["original_due_at"] is None:
            new["original_due_at"] = new["due_at"]
        return new

    def _supplied(self, row: DossierRow, old: dict[str, Any], new: dict[str, Any],
                  episode: dict[str, Any] | None, closed: list[dict[str, Any]]) -> None:
        """Leaving `supplement` for an open status: the citizen supplied; the clock resumes."""
        if new["status"] not in OPEN_STATUSES or episode is None:
            return
        if row.due_at is None:
            ctx = self.ctx
            moved = due_after_supplement(
                ctx.options.supplement_rule, due_before=episode["due_before"] or old["due_at"],
                requested_at=episode["requested_at"], supplied_at=self.as_of, clock=ctx.clock,
                duration=ctx.duration(new["procedure_code"], new["channel"]),
                cutoff=ctx.cutoff(new["procedure_code"]))
            if moved is not None:
                new["due_at"], new["due_source"] = moved, "computed"
        closed.append({"b_id": episode["id"], "b_at": self.as_of, "b_due": new["due_at"]})

    def _analyze(self, added: int) -> None:
        """PostgreSQL plans from statistics, and a register that grows by thousands inside
        this transaction still looks empty: the batch SELECT then filters every row of the
        unit instead of using (unit_id, code_key) — 1.8 s a batch at 100,000 rows. Refresh
        them as it grows (2,000, 8,000, 32,000… rows: a handful of ANALYZEs per import)."""
        self._added += added
        if self.connection.dialect.name == "postgresql" and self._added >= self._analyze_at:
            self.connection.exec_driver_sql("ANALYZE dossier")
            self._analyze_at *= 4

    def _inserted(self, row: DossierRow, new: dict[str, Any]) -> dict[str, Any]:
        return {**{f: new[f] for f in (*FIELDS, *_MORE)}, "unit_id": self.ctx.unit_id,
                "code": row.code, "code_key": row.key, "created_at": self.now,
                "updated_at": self.now, "version": 1}

    def _count(self, row: DossierRow, old: dict[str, Any] | None, new: dict[str, Any],
               changed: tuple[str, ...]) -> None:
        report = self.report
        kind = "added" if old is None else "updated"
        if old is None:
            report.added += 1
        else:
            report.updated += 1
            report.status_changes += old["status"] != new["status"]
            report.closed += old["status"] in OPEN_STATUSES and new["status"] not in OPEN_STATUSES
        # Same file, same register, same `as_of` -> same digest, in any process.
        self._hash.update(repr((row.key, kind, changed, [new[f] for f in changed])).encode())
        if len(report.first) < self.preview:
            report.first.append(Change(
                row.code, kind, (old["status"] if old else None, new["status"]),
                (old["due_at"] if old else None, new["due_at"]), changed))

    def _audit(self, dossier_id: int, name: str, old: Any, new: Any) -> dict[str, Any]:
        tz = self.ctx.tz
        return {"dossier_id": dossier_id, "changed_at": self.now, "changed_by": self.by,
                "source": self.source, "field": name, "old_value": audit_value(name, old, tz),
                "new_value": audit_value(name, new, tz)}

    def _write(self, inserts: list[dict[str, Any]], updates: list[dict[str, Any]],
               opened: list[tuple[str, dict[str, Any]]], closed: list[dict[str, Any]],
               audit: list[dict[str, Any]], existing: dict[str, dict[str, Any]]) -> None:
        ids = {key: old["id"] for key, old in existing.items()}
        if inserts:
            # A plain executemany (pipelined by psycopg), then the new ids by key: a multi-row
            # INSERT … RETURNING of 1,000 rows × 31 columns is ~900 KB of SQL for PostgreSQL to
            # parse and was 13 times slower per row than this on a 100,000-row file.
            self.connection.execute(insert(_d), inserts)
            self._analyze(len(inserts))
            status = {values["code_key"]: values["status"] for values in inserts}
            for new_id, key in self.connection.execute(
                    _NEW_IDS, {"unit_id": self.ctx.unit_id, "keys": list(status)}):
                ids[key] = new_id
                # A new dossier's audit is its first status (old value None: it was created).
                audit.append(self._audit(new_id, "status", None, status[key]))
        if updates:
            done = self.connection.execute(_UPDATE, updates).rowcount
            if self.connection.dialect.supports_sane_multi_rowcount and done != len(updates):
                raise ConcurrentChange("a dossier changed while the file was imported")
        if closed:
            self.connection.execute(_CLOSE_EPISODE, closed)
        if opened:
            self.connection.execute(insert(_s), [{"dossier_id": ids[key], **values}
                                                 for key, values in opened])
        if audit:
            self.connection.execute(insert(_c), audit)
