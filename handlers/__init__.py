"""Channel-neutral dialogue: one module per thing a person wants to do."""

from __future__ import annotations

from handlers import (
    browse,
    center,
    dossier_apology,
    dossier_desk,
    dossier_entry,
    dossier_import,
    dossier_lookup,
    feedback_citizen,
    feedback_rating,
    feedback_staff,
    join,
    lookup,
    people,
    period_summary,
    province_rollup,
    report_admin,
    report_edit,
    report_form,
    report_line,
    report_views,
    start,
    unit_procedures,
)
from handlers.base import Router


def build_router() -> Router:
    """Every route the bot knows; free-text routes are tried in registration order."""
    router = Router()
    for module in (start, join, center, lookup, browse, unit_procedures, report_line,
                   report_form, report_views, report_admin, report_edit, period_summary,
                   province_rollup, people, dossier_import, dossier_desk, dossier_apology,
                   dossier_entry, feedback_staff, feedback_citizen, feedback_rating,
                   dossier_lookup):
        module.register(router)
    # feedback_citizen's matcher takes ticket codes before dossier_lookup's takes receipt
    # codes (a ticket code is shaped like one); dossier_lookup's matcher takes receipt codes
    # before this: any other text is a search.
    center.register_fallback(router)  # hello, hours, phone: not a procedure search
    lookup.register_fallback(router)
    return router
