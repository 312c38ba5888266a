"""Importing files (CSV, XLSX, JSONL): the rules every importer shares.

An importer (procedures today, the dossier register next) supplies three things:

1. its columns — a TOML file in `bot/data/import_columns/` naming each field, the headings
   people use for it (matched without case or diacritics) and which are required
   (`headers.py`);
2. a `check(line, record)` returning the record's errors (`RowError` with a `field`, so the
   message names the file's own column heading);
3. its own writer, called only when the whole file is clean, inside one transaction.

`load_file` (`loader.py`) does the rest the same way for every importer: safe reading
(`readers.py`, `text_files.py`, `xlsx.py`), size limits (`limits.py`), header detection (the
first of the top rows carrying every required column, so exported registers with title rows
work), numbered errors (`problems.py`, rendered by `templates/importing/problem.j2`) and
progress.
"""

from bot.core.importing.headers import Columns, heading_key
from bot.core.importing.limits import DEFAULT_LIMITS, Limits
from bot.core.importing.loader import Check, Loaded, Progress, Sink, load_file
from bot.core.importing.problems import ERROR_CODES, FILE_CODES, ROW_CODES, FileRefused, RowError

__all__ = [
    "DEFAULT_LIMITS",
    "ERROR_CODES",
    "FILE_CODES",
    "ROW_CODES",
    "Check",
    "Columns",
    "FileRefused",
    "Limits",
    "Loaded",
    "Progress",
    "RowError",
    "Sink",
    "heading_key",
    "load_file",
]
