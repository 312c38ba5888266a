"""Dossier statuses and the changes between them that a person may make.

The register's statuses (models.DossierStatus) follow the national portal's dossier states
(TrangThaiHoSo 1–10, as the provincial systems sync them; mapping in
bot/data/import_columns/dossiers.toml) folded into what a desk acts on:

    received ─┬─> in_progress ─┬─> resolved
              │                ├─> supplement ─> in_progress (the citizen supplied)
              │                ├─> paused ─────> in_progress
              └────────────────┴─> returned | withdrawn

Resolved, returned and withdrawn are final: a desk cannot reopen them by hand. An import is
not held to these moves, because the provincial system is the truth for what it exports; every
change it brings is recorded in the audit all the same.
"""

from __future__ import annotations

from models import OPEN_STATUSES, DossierStatus

S = DossierStatus
CLOSED_STATUSES = (S.RESOLVED, S.RETURNED, S.WITHDRAWN)
_FINISH = {S.RESOLVED, S.RETURNED, S.WITHDRAWN}
ALLOWED: dict[DossierStatus, frozenset[DossierStatus]] = {
    S.RECEIVED: frozenset({S.IN_PROGRESS, S.SUPPLEMENT, S.PAUSED, *_FINISH}),
    S.IN_PROGRESS: frozenset({S.SUPPLEMENT, S.PAUSED, *_FINISH}),
    S.SUPPLEMENT: frozenset({S.IN_PROGRESS, S.PAUSED, S.RETURNED, S.WITHDRAWN}),
    S.PAUSED: frozenset({S.IN_PROGRESS, S.SUPPLEMENT, *_FINISH}),
    S.RESOLVED: frozenset(),
    S.RETURNED: frozenset(),
    S.WITHDRAWN: frozenset(),
}


def can_change(old: DossierStatus, new: DossierStatus) -> bool:
    """Whether a desk may move a dossier from `old` to `new` (the same status is no move)."""
    return new in ALLOWED[old]


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


__all__ = ["ALLOWED", "CLOSED_STATUSES", "OPEN_STATUSES", "can_change", "is_open"]
