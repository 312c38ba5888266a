"""Rate limits kept in the database, so every bot process counts against the same limit.

A limit is `limit` points per `window` for one (subject, key): the subject names what is
limited ("dossier_lookup"), the key whom (a user id). An action costs points (a lookup that
finds nothing may cost more than one that finds a dossier), so one limiter serves any later
use (e.g. citizens' feedback) with its own subject and numbers.

The count is a sliding-window estimate over fixed windows: one row per (subject, key, window
start) holds the points of that window, and the estimate at a moment is this window's points
plus the previous window's, weighted by how much of it still lies within one window of now.
That has no burst at a window boundary (a fixed window allows twice the limit across one) and
costs two small rows per person, not one row per action.

`take` is atomic across processes: the current window's row is upserted with a condition
(`ON CONFLICT … DO UPDATE … WHERE count + cost <= room`), which PostgreSQL re-checks on the
row as the other transaction committed it and SQLite runs under its single writer lock. A
refused action adds nothing, so waiting is enough to be let in again. `charge` adds points
unconditionally (e.g. the extra cost of a miss, known only after the lookup).

Old rows are pruned when a person opens a new window (at most once per person per window),
by one DELETE on the `window_start` index of everything older than two windows — the table
holds about two rows per person active in the last two windows.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from models import RateCount

_t = RateCount.__table__  # type: ignore[attr-defined]
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Limit:
    subject: str
    limit: int  # points per window
    window: dt.timedelta


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    # When refused: how long until the same action would be let in (never zero).
    retry_after: dt.timedelta = dt.timedelta(0)

    @property
    def retry_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after.total_seconds() / 60))


def _window_start(now: dt.datetime, window: dt.timedelta) -> dt.datetime:
    return _EPOCH + window * ((now - _EPOCH) // window)


def _insert(connection: Connection) -> Any:
    return pg_insert if connection.dialect.name == "postgresql" else sqlite_insert


class Limiter:
    def __init__(self, limit: Limit) -> None:
        self.rule = limit

    def _counts(self, connection: Connection, key: str, now: dt.datetime
                ) -> tuple[dt.datetime, float, int, int]:
        """(this window's start, the elapsed fraction of it, previous points, current)."""
        window = self.rule.window
        start = _window_start(now, window)
        rows = {at: int(count) for at, count in connection.execute(
            select(_t.c.window_start, _t.c.count).where(
                _t.c.subject == self.rule.subject, _t.c.key == key,
                _t.c.window_start.in_([start - window, start])))}
        elapsed = (now - start) / window
        return start, elapsed, int(rows.get(start - window, 0)), int(rows.get(start, 0))

    def take(self, connection: Connection, key: str, now: dt.datetime, cost: int = 1
             ) -> Verdict:
        """Count `cost` points if they fit within the limit; refuse (counting nothing) if not."""
        start, elapsed, previous, current = self._counts(connection, key, now)
        # Rounded up (a hair below an integer is that integer): never more than the limit.
        carried = math.ceil(previous * (1 - elapsed) - 1e-9)
        room = self.rule.limit - carried  # what this window may hold now
        if current + cost > room or not self._add(connection, key, start, cost, room):
            return Verdict(False, self._wait(elapsed, previous, current, cost))
        return Verdict(True)

    def charge(self, connection: Connection, key: str, now: dt.datetime, cost: int) -> None:
        """Add points whatever the count (they may push it over the limit for a while)."""
        if cost > 0:
            self._add(connection, key, _window_start(now, self.rule.window), cost, None)

    def _add(self, connection: Connection, key: str, start: dt.datetime, cost: int,
             room: int | None) -> bool:
        statement = _insert(connection)(_t).values(
            subject=self.rule.subject, key=key, window_start=start, count=cost)
        where = None if room is None else _t.c.count + cost <= room
        statement = statement.on_conflict_do_update(
            index_elements=[_t.c.subject, _t.c.key, _t.c.window_start],
            set_={"count": _t.c.count + cost}, where=where).returning(_t.c.count)
        row = connection.execute(statement).first()
        if row is None:
            return False  # another process filled the window meanwhile
        if row[0] == cost:  # this person's first action in the window: prune old windows
            connection.execute(delete(_t).where(
                _t.c.window_start < start - self.rule.window))
        return True

    def _wait(self, elapsed: float, previous: int, current: int, cost: int) -> dt.timedelta:
        """How long until `cost` more points fit, if nothing else is counted meanwhile."""
        window, limit = self.rule.window, self.rule.limit
        if previous and current + cost <= limit:
            # Later in this window the previous one weighs less: previous·(1-f) + current +
            # cost ≤ limit when f ≥ 1 - (limit - current - cost) / previous.
            needed = 1 - (limit - current - cost) / previous
            return max(window * (needed - elapsed), dt.timedelta(seconds=1))
        if current and cost <= limit:
            # In the next window this one weighs current·(1-f).
            needed = max(0.0, 1 - (limit - cost) / current)
            return window * (1 - elapsed) + window * needed
        return window * (1 - elapsed) + window  # cost > limit: only an empty past lets it in
