"""Citizens who asked to hear about a dossier, and the news they are sent.

After a lookup a citizen may subscribe ("Báo cho tôi khi có kết quả"). They are told, through
the outbox, when the dossier is resolved, returned or withdrawn, or when its appointment
(ngày hẹn trả) moves — an extension (Mẫu 04), a supplement, or a new date in an import. That is
the "thông báo cho công dân" the centers' reports ask for.

`notify_subscribers` is called with the ids of dossiers just changed, in the transaction that
changed them (actions.py for one dossier, import_run.py per batch), so the news exists exactly
when the change does. It is one INSERT … SELECT from the subscriptions of those dossiers: when
nobody subscribed it inserts nothing and touches only the subscription index. Each row's key
says what the news is — `dossier_news:<user>:<dossier>:<final status>` or
`dossier_news:<user>:<dossier>:due:<epoch seconds>` — so calling it again, after any other
change of the same dossier or in a second process, never sends the same news twice. A closed
dossier's news wins over its date.

Choices made here (no rule prescribes them): the date a citizen saw when subscribing is not
news (`due_seen`); a closed dossier's subscription is kept (it costs a row, and the key already
stops repeats); a supplement request is not sent (the desk calls the citizen for that); news
rows carry no unit, so a citizen who blocked the bot is not listed to the unit's leads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    func,
    literal,
    null,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.core.outbox import insert_planned
from bot.core.outbox.sqljson import JsonSql
from models import Dossier, DossierStatus, DossierSubscription, Unit, User

KIND = "dossier_news"
TEMPLATE = "dossiers/news"
FINAL = (DossierStatus.RESOLVED.value, DossierStatus.RETURNED.value,
         DossierStatus.WITHDRAWN.value)

_d = Dossier.__table__  # type: ignore[attr-defined]
_sub = DossierSubscription.__table__  # type: ignore[attr-defined]
_users = User.__table__  # type: ignore[attr-defined]
_units = Unit.__table__  # type: ignore[attr-defined]


def subscribe(connection: Connection, dossier_id: int, user_id: int,
              due_seen: dt.datetime | None, now: dt.datetime) -> bool:
    """True when the subscription is new (subscribing twice keeps one)."""
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(_sub).values(dossier_id=dossier_id, user_id=user_id, due_seen=due_seen,
                                    created_at=now).on_conflict_do_nothing().returning(_sub.c.id)
    return connection.execute(statement).first() is not None


def unsubscribe(connection: Connection, dossier_id: int, user_id: int) -> bool:
    """True when there was a subscription to end."""
    done = connection.execute(delete(_sub).where(_sub.c.dossier_id == dossier_id,
                                                 _sub.c.user_id == user_id))
    return bool(done.rowcount)


def _epoch(connection: Connection, value: Any) -> Any:
    """Whole seconds since 1970 as text: the same in every process and session time zone."""
    if connection.dialect.name == "postgresql":
        return cast(cast(func.extract("epoch", value), BigInteger), String)
    return func.strftime("%s", value)


def notify_subscribers(connection: Connection, dossier_ids: Collection[int],
                       now: dt.datetime) -> int:
    """Queue news for the subscribers of these dossiers that has not been queued yet;
    returns how many messages were added."""
    if not dossier_ids:
        return 0
    sql = JsonSql(connection.dialect.name)
    final = _d.c.status.in_(FINAL)
    what = case((final, _d.c.status),
                else_=literal("due:", String) + _epoch(connection, _d.c.due_at))
    key = (literal(f"{KIND}:", String) + cast(_sub.c.user_id, String) + literal(":", String)
           + cast(_d.c.id, String) + literal(":", String) + what)
    rows = (
        select(
            key.label("key"), _users.c.channel.label("channel"),
            _users.c.address.label("address"), literal(TEMPLATE, String).label("template"),
            sql.object(code=_d.c.code, procedure=_d.c.procedure_name, status=_d.c.status,
                       due_at=_d.c.due_at, original_due_at=_d.c.original_due_at,
                       extended=_d.c.extended_at.is_not(None), resolved_at=_d.c.resolved_at,
                       unit=_units.c.name, unit_phone=_units.c.phone, tz=_units.c.timezone,
                       ).label("context"),
            cast(null(), Integer).label("unit_id"),
        )
        .select_from(_sub.join(_d, _d.c.id == _sub.c.dossier_id)
                     .join(_users, _users.c.id == _sub.c.user_id)
                     .join(_units, _units.c.id == _d.c.unit_id))
        .where(_sub.c.dossier_id.in_(list(dossier_ids)),
               or_(final, and_(_d.c.due_at.is_not(None),
                               or_(_sub.c.due_seen.is_(None), _d.c.due_at != _sub.c.due_seen))))
    )
    return insert_planned(connection, rows, kind=KIND, now=now)
