"""The dossier register (issue 8): dossiers, their due dates, and imports of exports.

Pure values and functions (no database, `now` always passed in):
- `codes`: receipt codes as printed (`parse_code`, `code_key`), `mask_phone`;
- `statuses`: the register's statuses and the moves a desk may make (`can_change`);
- `hours`: office windows and working time (`OfficeHours`, `WorkClock`);
- `due`: due dates from the catalog's processing time, the 15:00 cut-off, supplements;
- `vocabulary`, `rows`: cells of an export → values, with errors per row and column.

Services on the caller's connection (one transaction per message or command):
- `context.load_context`: a unit's timezone, sectors, office hours, calendar, cut-offs;
- `store`: `get_dossier`, `list_dossiers`, `register_counts`, `audit_trail`;
- `actions`: `change_status`, `request_supplement`, `record_supplied`, `extend`,
  `mark_apology` (each audited, version-guarded, returning the dossier or a `Refusal`);
- `rules`: the per-procedure cut-off (seeded from the catalog text, overridable per unit);
- `importer.import_file`: a register export, previewed or written whole.
"""

from bot.core.dossiers.context import DossierOptions, RegisterContext, find_unit_id, load_context
from bot.core.dossiers.store import DossierView, get_dossier, list_dossiers, register_counts

__all__ = [
    "DossierOptions",
    "DossierView",
    "RegisterContext",
    "find_unit_id",
    "get_dossier",
    "list_dossiers",
    "load_context",
    "register_counts",
]
