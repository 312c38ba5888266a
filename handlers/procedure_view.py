"""Template values for a procedure card: only what the catalog states, nothing invented."""

from __future__ import annotations

from typing import Any

from bot.core.catalog import Procedure
from bot.core.catalog.display import card_lines
from bot.core.catalog.documents_view import grouped
from bot.core.units import UnitView

# The portal writes this where it has nothing; a card shows nothing instead.
NO_INFO = {"", "không có thông tin", "không", "không có"}


def known(text: str | None) -> str:
    text = (text or "").strip()
    return "" if text.lower() in NO_INFO else text



def unit_context(unit: UnitView | None) -> dict[str, Any]:
    if unit is None:
        return {"unit_name": "", "unit_address": "", "unit_phone": "", "unit_hours": "",
                "unit_map": "", "unit_queue": ""}
    return {
        "unit_name": unit.name,
        "unit_address": unit.address,
        "unit_phone": unit.phone,
        "unit_hours": unit.opening_hours,
        "unit_map": unit.map_url,
        "unit_queue": unit.queue_info,
    }


def card_context(procedure: Procedure, unit: UnitView | None, note: str) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field,
        "agency": known(procedure.agency),
        "where": known(procedure.where_to_submit),
        "url": procedure.detail_url,
        "channels": [
            {"channels": list(line.channels), "duration": line.duration, "fee": line.fee,
             "case": line.case}
            for line in card_lines(procedure.channels, known)
        ],
        "document_groups": grouped(procedure.documents),
        "page": 0,  # of the documents; procedures/documents shows one page at a time
        "more": False,
        "legal": [{"name": d.name, "number": d.number or ""} for d in procedure.legal_basis],
        "conditions": known(procedure.conditions),
        "result": known(procedure.result),
        "note": note,
        **unit_context(unit),
    }
