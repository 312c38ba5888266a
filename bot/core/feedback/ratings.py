"""Citizens' ratings of the service (/danhgia), on the three levels centers report.

A person rates a dossier once: rating it again changes the one row and keeps the old value
in `service_rating_change`; a rating of the center in general (no dossier) is a new row
each time, held back by the daily rating limit. The optional criteria are ticked one tap
each, never a form.

NĐ 118/2025/NĐ-CP (the one-door decree) lists what a rating of the service covers; its
article text could not be read here, so `CRITERIA` are the examples issue 10 names (time
taken, attitude, guidance, the result as promised), not a verified list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from bot.core.feedback.model import Rating
from models import ServiceRating, ServiceRatingChange

_r = ServiceRating.__table__  # type: ignore[attr-defined]
_c = ServiceRatingChange.__table__  # type: ignore[attr-defined]
CRITERIA = ("time", "attitude", "guidance", "result")


@dataclass(frozen=True)
class ServiceRatingView:
    id: int
    unit_id: int
    user_id: int
    dossier_id: int | None
    level: str
    criteria: tuple[str, ...]


def _view(row: object) -> ServiceRatingView:
    return ServiceRatingView(row.id, row.unit_id, row.user_id, row.dossier_id,  # type: ignore[attr-defined]
                             row.level, tuple(row.criteria or ()))  # type: ignore[attr-defined]


def get(connection: Connection, rating_id: int) -> ServiceRatingView | None:
    row = connection.execute(select(_r).where(_r.c.id == rating_id)).first()
    return _view(row) if row else None


def _change(connection: Connection, rating_id: int, now: dt.datetime, field: str, old: str,
            new: str) -> None:
    connection.execute(insert(_c).values(rating_id=rating_id, at=now, field=field,
                                         old_value=old[:200], new_value=new[:200]))


def rate(connection: Connection, unit_id: int, user_id: int, dossier_id: int | None,
         level: Rating, now: dt.datetime) -> tuple[ServiceRatingView, bool]:
    """(the rating, whether it replaced an earlier level of the same dossier)."""
    if dossier_id is not None:
        row = connection.execute(select(_r).where(_r.c.dossier_id == dossier_id,
                                                  _r.c.user_id == user_id)).first()
        if row is not None:
            if row.level != level.value:
                connection.execute(update(_r).where(_r.c.id == row.id)
                                   .values(level=level.value, updated_at=now))
                _change(connection, row.id, now, "level", row.level, level.value)
            found = get(connection, row.id)
            assert found is not None
            return found, row.level != level.value
    rating_id = connection.execute(insert(_r).values(
        unit_id=unit_id, user_id=user_id, dossier_id=dossier_id, level=level.value,
        criteria=[], created_at=now, updated_at=now).returning(_r.c.id)).scalar_one()
    found = get(connection, rating_id)
    assert found is not None
    return found, False


def toggle(connection: Connection, rating: ServiceRatingView, criterion: str,
           now: dt.datetime) -> ServiceRatingView:
    """Tick or untick one criterion; the change is kept."""
    before = list(rating.criteria)
    after = ([c for c in before if c != criterion] if criterion in before
             else [c for c in CRITERIA if c in {*before, criterion}])
    connection.execute(update(_r).where(_r.c.id == rating.id)
                       .values(criteria=after, updated_at=now))
    _change(connection, rating.id, now, "criteria", ",".join(before), ",".join(after))
    found = get(connection, rating.id)
    assert found is not None
    return found
