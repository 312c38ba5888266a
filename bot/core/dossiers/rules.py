"""The same-day cut-off of a procedure: received after 15:00, counted from the next working day.

It is not a general rule of the one-door mechanism but a sentence in some procedures' own
published steps (trình tự thực hiện), e.g. 1.001193 Đăng ký khai sinh: "nếu tiếp nhận hồ sơ
sau 15 giờ thì có Phiếu hẹn, trả kết quả cho người yêu cầu trong ngày làm việc tiếp theo".
So it is stored per procedure, overridable per unit, off by default:

- rows with `unit_id` NULL are seeded from the catalog text by `CUTOFF_TEXT` below (the words
  "sau 15 giờ"/"sau 15h" in the steps). On the shipped 2026 catalog it finds exactly the 12
  procedures the research found (hộ tịch, nuôi con nuôi, đăng ký biện pháp bảo đảm); the legal
  basis field is not searched, so a decree merely quoted there does not count. Each row keeps
  the matched sentence (`evidence`) so `motcua dossiers rules` can be reviewed by a person;
- an admin turns a rule on or off for every unit or for one (`motcua dossiers rule CODE
  --cutoff 15:00|off [--unit U]`); those rows (`source` admin) are never re-seeded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlalchemy import Connection, delete, func, or_, select, update

from models import ProcedureRecord, ProcedureRule

SAME_DAY_CUTOFF = time(15, 0)
CUTOFF_TEXT = re.compile(r"\bsau\s+15\s*(?:giờ|h)(?!\w)", re.IGNORECASE)
EVIDENCE_CHARS = 120  # either side of the match, for the reviewer

_rules = ProcedureRule.__table__  # type: ignore[attr-defined]
_procedures = ProcedureRecord.__table__  # type: ignore[attr-defined]


def cutoff_evidence(steps: str) -> str | None:
    """The words around "sau 15 giờ" in a procedure's steps, or None when there are none."""
    text = " ".join(unicodedata.normalize("NFC", steps or "").split())
    match = CUTOFF_TEXT.search(text)
    if match is None:
        return None
    start, end = max(match.start() - EVIDENCE_CHARS, 0), match.end() + EVIDENCE_CHARS
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def derive_cutoffs(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Procedure code -> evidence, for every catalog record whose steps carry the cut-off."""
    found = {}
    for record in records:
        evidence = cutoff_evidence(str(record.get("trinh_tu_thuc_hien") or ""))
        if evidence:
            found[str(record["ma_thu_tuc"]).strip()] = evidence[:500]
    return found


def seed_cutoffs(connection: Connection, now: datetime, *, force: bool = False) -> int:
    """Default rows from the catalog text: inserted or refreshed, never over an admin's row.

    Without `force` this does nothing once any default row exists (it runs at every start).
    Returns how many procedures the catalog gives the rule to."""
    if not force and connection.scalar(
            select(func.count()).select_from(_rules).where(_rules.c.unit_id.is_(None))):
        return 0
    records = (row.record for row in connection.execute(select(_procedures.c.record)))
    derived = derive_cutoffs(records)
    admin = set(connection.scalars(select(_rules.c.procedure_code).where(
        _rules.c.unit_id.is_(None), _rules.c.source == "admin")))
    connection.execute(delete(_rules).where(_rules.c.unit_id.is_(None),
                                            _rules.c.source == "catalog"))
    rows = [{"procedure_code": code, "unit_id": None, "cutoff": SAME_DAY_CUTOFF,
             "source": "catalog", "evidence": evidence, "updated_at": now}
            for code, evidence in sorted(derived.items()) if code not in admin]
    if rows:
        connection.execute(_rules.insert(), rows)
    return len(derived)


def cutoffs(connection: Connection, unit_id: int) -> dict[str, time | None]:
    """Procedure code -> the cut-off in force at this unit (None: explicitly off)."""
    found: dict[str, time | None] = {}
    rows = connection.execute(
        select(_rules.c.procedure_code, _rules.c.unit_id, _rules.c.cutoff)
        .where(or_(_rules.c.unit_id.is_(None), _rules.c.unit_id == unit_id))
        .order_by(_rules.c.unit_id.is_(None).desc()))  # defaults first, overrides win
    for code, _unit, cutoff in rows:
        found[code] = cutoff
    return found


def set_cutoff(connection: Connection, code: str, unit_id: int | None, cutoff: time | None,
               now: datetime) -> None:
    """An admin's decision for one procedure (for every unit when `unit_id` is None)."""
    scope = _rules.c.unit_id.is_(None) if unit_id is None else _rules.c.unit_id == unit_id
    changed = connection.execute(
        update(_rules).where(_rules.c.procedure_code == code, scope)
        .values(cutoff=cutoff, source="admin", updated_at=now)).rowcount
    if not changed:
        connection.execute(_rules.insert().values(
            procedure_code=code, unit_id=unit_id, cutoff=cutoff, source="admin", evidence="",
            updated_at=now))


@dataclass(frozen=True)
class RuleView:
    procedure_code: str
    unit_id: int | None
    cutoff: time | None
    source: str
    evidence: str


def list_rules(connection: Connection, unit_id: int | None = None) -> list[RuleView]:
    """Every default rule, plus the overrides of `unit_id`, by procedure code."""
    scope = _rules.c.unit_id.is_(None)
    if unit_id is not None:
        scope = or_(scope, _rules.c.unit_id == unit_id)
    rows = connection.execute(
        select(_rules.c.procedure_code, _rules.c.unit_id, _rules.c.cutoff, _rules.c.source,
               _rules.c.evidence).where(scope)
        .order_by(_rules.c.procedure_code, _rules.c.unit_id.is_(None).desc()))
    return [RuleView(*row) for row in rows]
