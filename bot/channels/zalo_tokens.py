"""The Zalo OA access token: kept in the database, refreshed before it expires, once.

Zalo's OAuth v4 (oauth.zaloapp.com/v4/oa/access_token, form fields `refresh_token`, `app_id`,
`grant_type=refresh_token`, header `secret_key` = the app's secret key) answers with a new
`access_token`, a new `refresh_token` and `expires_in` in seconds. The access token lives
about 25 hours; the refresh token works once only and about three months (HexaSync,
"Zalo OA API: lấy Access Token từ Refresh token"; beehexa.com, "Zalo OA tutorial: creating
access token"; our design guide). So two processes must never refresh with the same refresh
token: the one that loses would burn nothing but get an error, and the chain of tokens would
end with whichever answer is saved last.

Refreshing therefore runs under a row lock held across the HTTP call: SELECT … FOR UPDATE
on PostgreSQL; on SQLite a first UPDATE takes the database's write lock (one writer at a
time, other writers wait up to its busy timeout, so the call's timeout is kept below it).
Whoever gets the lock second reads the pair the first one saved and refreshes nothing. A
failed refresh keeps the old pair, records the time and Zalo's error code and name (never a
token) for `motcua zalo status`, and is logged as an error.

Not verified: whether Zalo accepts an old refresh token once more after a lost answer (we
assume not, so a refresh whose answer is lost needs a new authorization: `motcua zalo token`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from models import ZaloToken

log = logging.getLogger(__name__)
_table = ZaloToken.__table__  # type: ignore[attr-defined]
ROW = 1
# Refresh this long before expiry, so a token never expires between reading and using it.
MARGIN = timedelta(minutes=30)
SQLITE_CALL_TIMEOUT = 4.0  # below SQLite's busy_timeout (5 s, bot/db.py)
CALL_TIMEOUT = 20.0


class TokenUnavailable(Exception):
    """No usable access token: the refresh failed or was never set up."""


@dataclass(frozen=True)
class TokenStatus:
    configured: bool  # a refresh token is stored
    expires_at: datetime | None
    refreshed_at: datetime | None
    failed_at: datetime | None
    last_error: str


def seed(connection: Connection, refresh_token: str) -> bool:
    """First start: store the configured refresh token, unless a row exists already (the
    configured one is then most likely used up). True when it was stored."""
    if not refresh_token:
        return False
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    result = connection.execute(
        insert(_table).values(id=ROW, refresh_token=refresh_token, access_token="",
                              last_error="").on_conflict_do_nothing().returning(_table.c.id))
    return result.first() is not None


def replace_refresh_token(connection: Connection, refresh_token: str) -> None:
    """An admin's new authorization: the next use refreshes with it."""
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    values: dict[str, Any] = {"refresh_token": refresh_token, "access_token": "",
                              "expires_at": None, "failed_at": None, "last_error": ""}
    connection.execute(insert(_table).values(id=ROW, **values)
                       .on_conflict_do_update(index_elements=["id"], set_=values))


def status(connection: Connection) -> TokenStatus:
    row = connection.execute(select(_table).where(_table.c.id == ROW)).first()
    if row is None:
        return TokenStatus(False, None, None, None, "")
    return TokenStatus(bool(row.refresh_token), row.expires_at, row.refreshed_at,
                       row.failed_at, row.last_error)


@dataclass(frozen=True)
class Token:
    value: str
    expires_at: datetime


class TokenStore:
    """Hands out a valid access token; refreshes it (once, for all processes) when due."""

    def __init__(self, engine: Engine, *, app_id: str, app_secret: str, oauth_base_url: str,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.engine = engine
        self.app_id, self.app_secret = app_id, app_secret
        self.url = oauth_base_url.rstrip("/") + "/v4/oa/access_token"
        sqlite = engine.dialect.name == "sqlite"
        self.client = httpx.Client(
            timeout=SQLITE_CALL_TIMEOUT if sqlite else CALL_TIMEOUT, transport=transport)
        self.cached: Token | None = None

    def get(self, now: datetime, *, stale: str = "") -> str:
        """A token valid for at least MARGIN; `stale` is one Zalo just refused (refreshed
        unless another process has replaced it meanwhile). Blocking: call off the loop."""
        cached = self.cached
        if cached and cached.value != stale and cached.expires_at - MARGIN > now:
            return cached.value
        with self.engine.begin() as connection:
            row = self._lock(connection, now)
            if row is None or not row.refresh_token:
                raise TokenUnavailable("no refresh token stored")
            usable = (row.access_token and row.access_token != stale and row.expires_at
                      and row.expires_at - MARGIN > now)
            if usable:
                self.cached = Token(row.access_token, row.expires_at)
                return str(row.access_token)
            outcome = self._refresh(connection, row.refresh_token, now)
        # Raised after the commit, so the failure's record stays.
        if isinstance(outcome, str):
            raise TokenUnavailable(outcome)
        self.cached = outcome
        return outcome.value

    def _lock(self, connection: Connection, now: datetime) -> Any:
        query = select(_table).where(_table.c.id == ROW)
        if connection.dialect.name == "postgresql":
            return connection.execute(query.with_for_update()).first()
        # SQLite: a write first, so this transaction holds the write lock from here on.
        connection.execute(update(_table).where(_table.c.id == ROW)
                           .values(refresh_token=_table.c.refresh_token))
        return connection.execute(query).first()

    def _refresh(self, connection: Connection, refresh_token: str,
                 now: datetime) -> Token | str:
        """The new token, or why there is none (recorded on the row)."""
        try:
            response = self.client.post(
                self.url, headers={"secret_key": self.app_secret},
                data={"refresh_token": refresh_token, "app_id": self.app_id,
                      "grant_type": "refresh_token"})
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            return self._failed(connection, now, f"no answer ({type(exc).__name__})")
        access, new_refresh = body.get("access_token"), body.get("refresh_token")
        if not (isinstance(access, str) and access and isinstance(new_refresh, str)
                and new_refresh):
            return self._failed(connection, now, _error_of(body, response.status_code))
        try:
            lifetime = timedelta(seconds=int(body.get("expires_in", 0)))
        except (TypeError, ValueError):
            lifetime = timedelta(0)
        if lifetime <= MARGIN:  # unknown or absurd: assume Zalo's documented 25 hours
            lifetime = timedelta(hours=25)
        token = Token(access, now + lifetime)
        connection.execute(update(_table).where(_table.c.id == ROW).values(
            access_token=access, refresh_token=new_refresh, expires_at=token.expires_at,
            refreshed_at=now, failed_at=None, last_error=""))
        log.info("Zalo: access token refreshed, valid until %s", token.expires_at.isoformat())
        return token

    def _failed(self, connection: Connection, now: datetime, reason: str) -> str:
        log.error("Zalo: refreshing the OA access token failed: %s. The bot cannot send on "
                  "Zalo until it works; see `motcua zalo status`, and set a new refresh "
                  "token with `motcua zalo token` if Zalo refused it.", reason)
        connection.execute(update(_table).where(_table.c.id == ROW).values(
            failed_at=now, last_error=reason[:500]))
        return reason

    def close(self) -> None:
        self.client.close()


def _error_of(body: Any, status_code: int) -> str:
    """Zalo's error code and name, never the request (it holds the refresh token)."""
    if not isinstance(body, dict):
        return f"HTTP {status_code}, unexpected answer"
    code = body.get("error", body.get("error_code", "?"))
    name = body.get("error_name") or body.get("message") or body.get("error_description") or ""
    return f"error {code}: {str(name)[:200]}".strip()
