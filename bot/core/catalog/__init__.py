"""Procedure catalog: parsing the portal's records, cleaning and loading them."""

from bot.core.catalog.clean import (
    DEFAULT_EXCLUDED_FIELDS,
    DEFAULT_EXCLUDED_SOURCES,
    FieldCount,
    build_procedures,
    list_fields,
    procedure_from_record,
)
from bot.core.catalog.load import (
    ERROR_CODES,
    IndexEntry,
    LoadResult,
    RecordError,
    load_procedure_index,
    load_records,
)
from bot.core.catalog.model import ChannelOption, Document, LegalDoc, Procedure

__all__ = [
    "DEFAULT_EXCLUDED_FIELDS",
    "DEFAULT_EXCLUDED_SOURCES",
    "ERROR_CODES",
    "ChannelOption",
    "Document",
    "FieldCount",
    "IndexEntry",
    "LegalDoc",
    "LoadResult",
    "Procedure",
    "RecordError",
    "build_procedures",
    "list_fields",
    "load_procedure_index",
    "load_records",
    "procedure_from_record",
]
