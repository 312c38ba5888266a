"""The register book, "Sổ theo dõi hồ sơ", as an XLSX for one unit and one month.

Form: Mẫu 07 of Phụ lục I, Thông tư 03/2025/TT-VPCP (the form's number and name are
verified, research dossier §2.2). Its columns are NOT verified: the official form could not
be read. templates/documents/register_book.toml uses the closest evidenced layout (dossier
§2.3, a provincial one-door system's book made for the predecessor TT 01/2018) and says so;
it must be checked against the official Mẫu 07.

Rows are plain values (`RegisterRow`), so the dossier register (issue 8) plugs in without
this module knowing its tables. The book lists the rows it is given, in order of receipt
(then code); choosing the month's dossiers is the caller's job. Times print in the unit's
wall clock as real Excel date cells (dd/mm/yyyy hh:mm); an appointment known only as a date
prints without a time. The phone is printed exactly as given: the caller masks it.
"Bên giao" and "Bên nhận" stay empty unless given: on the printed book they are where each
side signs when the result is handed over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.core.documents.formatting import DEFAULT_TIMEZONE, to_local
from bot.core.documents.xlsx import CellValue, Sheet, render_xlsx
from bot.core.documents.xlsx_layouts import load_layout
from bot.core.messages import Attachment

LAYOUT = "register_book"


@dataclass(frozen=True)
class RegisterRow:
    """One dossier in the book. Datetimes aware (converted) or naive local."""

    code: str
    procedure_name: str
    owner_name: str | None = None
    address: str | None = None
    phone_masked: str | None = None
    received_at: datetime | None = None
    due_at: datetime | date | None = None
    delivered_at: datetime | date | None = None
    receiver: str | None = None  # "Người nhận hồ sơ": the staff member who took it in
    note: str | None = None
    handed_by: str | None = None
    collected_by: str | None = None


def _local(value: datetime | date | None, timezone: str) -> datetime | date | None:
    return to_local(value, timezone) if isinstance(value, datetime) else value


def _order(row: RegisterRow, timezone: str) -> tuple[datetime, str]:
    received = row.received_at
    local = to_local(received, timezone) if received is not None else datetime.max
    return local, row.code


def book_rows(rows: Sequence[RegisterRow], timezone: str = DEFAULT_TIMEZONE,
              ) -> list[dict[str, CellValue]]:
    """The sheet's rows: numbered, in order of receipt, times in the unit's clock."""
    ordered = sorted(rows, key=lambda row: _order(row, timezone))
    return [
        {
            "index": number,
            "code": row.code,
            "procedure_name": row.procedure_name,
            "owner_name": row.owner_name,
            "address": row.address,
            "phone": row.phone_masked,
            "received_at": _local(row.received_at, timezone),
            "due_at": _local(row.due_at, timezone),
            "delivered_at": _local(row.delivered_at, timezone),
            "handed_by": row.handed_by,
            "collected_by": row.collected_by,
            "receiver": row.receiver,
            "note": row.note,
        }
        for number, row in enumerate(ordered, start=1)
    ]


def register_book(unit: str, month: date, rows: Sequence[RegisterRow],
                  timezone: str = DEFAULT_TIMEZONE) -> Attachment:
    """The book of `unit` for the month containing `month`, as an XLSX attachment."""
    layout, filename = load_layout(LAYOUT, {"unit": unit, "period": month})
    return render_xlsx([Sheet(layout, book_rows(rows, timezone))], filename)
