"""The dossiers of one month's register book (Sổ theo dõi hồ sơ, Mẫu 07 of TT 03/2025/TT-VPCP;
the form's columns are not verified, see bot/core/documents/register_book.py).

A month's book holds the dossiers RECEIVED in that month, in the unit's own time zone,
whatever became of them since: the book is the desk's record of what it took in (each line
is opened when a dossier is accepted, and completed when its result is handed over), so a
dossier appears in the month it came in and only there. A dossier received in March and
returned in April is in March's book, with its return date. Dossiers without a received date
(none come in by hand or by import) are in no book.

Personal data: the citizen's name is printed (the book is the official register and the
citizen signs in it); the phone is masked, as everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection

from bot.core.documents import RegisterRow
from bot.core.dossiers.store import DossierView, received_between


def month_bounds(month: dt.date, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """[first moment of the month, first moment of the next) in the unit's time zone."""
    first = dt.datetime(month.year, month.month, 1, tzinfo=tz)
    following = (dt.datetime(month.year + 1, 1, 1, tzinfo=tz) if month.month == 12
                 else dt.datetime(month.year, month.month + 1, 1, tzinfo=tz))
    return first, following


def month_dossiers(connection: Connection, unit_id: int, month: dt.date, tz: dt.tzinfo
                   ) -> list[DossierView]:
    """The unit's dossiers received in the month of `month`, by received time then code."""
    start, end = month_bounds(month, tz)
    return received_between(connection, unit_id, start, end)


def book_row(view: DossierView, note: Callable[[DossierView], str | None]) -> RegisterRow:
    """One line of the book; `note` says what the "Ghi chú" column holds (a template's
    words: status, extension, apology)."""
    return RegisterRow(
        code=view.code,
        procedure_name=view.procedure_name or (view.procedure_code or ""),
        owner_name=view.citizen_name or None,
        phone_masked=view.phone or None,
        received_at=view.received_at,
        due_at=view.due_at,
        delivered_at=view.delivered_at,
        note=note(view),
    )
