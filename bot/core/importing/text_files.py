"""CSV and JSONL: read line by line, strictly, with the line each row starts on.

Encoding: UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8" writes one). Anything
else is refused with the fix, never guessed: a legacy code page would turn Vietnamese into
mojibake that then gets imported. A zip (an XLSX renamed to .csv), an old .xls, UTF-16 text
and bytes that are not text (NUL) each get their own sentence.

CSV: the delimiter is `,`, `;` (Excel where the decimal mark is a comma, as in Vietnamese
settings) or a tab, whichever the first line with any of them uses most. Quotes are parsed
strictly: a quote that is never closed is refused at the line it opens on, instead of
swallowing every row after it into one value.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any

from bot.core.importing.limits import MB, Limits
from bot.core.importing.problems import FileRefused, RowError

BOM_UTF8 = b"\xef\xbb\xbf"
BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
DELIMITERS = (",", ";", "\t")


def refuse_other_formats(head: bytes) -> None:
    """Files that are obviously not text, named by what they are."""
    if head.startswith(ZIP_MAGIC):
        raise FileRefused("zip_not_csv")
    if head.startswith(OLE_MAGIC):
        raise FileRefused("xls_format")
    if head.startswith(BOMS_UTF16):
        raise FileRefused("utf16")


def text_lines(path: Path, limits: Limits) -> Iterator[str]:
    """Decoded physical lines, endings kept; memory bounded by the longest allowed line."""
    with path.open("rb") as handle:
        head = handle.read(len(OLE_MAGIC))
        refuse_other_formats(head)
        handle.seek(len(BOM_UTF8) if head.startswith(BOM_UTF8) else 0)
        number = 0
        while raw := handle.readline(limits.max_line_bytes):
            number += 1
            if len(raw) >= limits.max_line_bytes and not raw.endswith(b"\n"):
                raise FileRefused("line_too_long", number,
                                  limit_mb=round(limits.max_line_bytes / MB))
            if b"\x00" in raw:
                raise FileRefused("binary_file", number)
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                raise FileRefused("not_utf8", number) from None


def sniff_delimiter(lines: list[str]) -> str:
    """The candidate used most on the first line that has any, outside quoted text."""
    for line in lines:
        bare = "".join(line.split('"')[::2])  # drop the quoted parts
        counts = {d: bare.count(d) for d in DELIMITERS}
        best = max(DELIMITERS, key=lambda d: counts[d])  # ties go to ","
        if counts[best]:
            return best
    return ","


def _csv_refusal(exc: csv.Error, start: int, current: int, limits: Limits) -> FileRefused:
    message = str(exc)
    if "unexpected end of data" in message:
        return FileRefused("unclosed_quote", start)
    if "expected after" in message:
        return FileRefused("bad_quote", current)
    if "field larger than field limit" in message:
        return FileRefused("cell_too_long", current, length=limits.max_cell_chars + 1,
                           limit=limits.max_cell_chars)
    return FileRefused("bad_csv", current)


def csv_rows(path: Path, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """(line the row starts on, cells); a broken quote stops the file."""
    lines = text_lines(path, limits)
    head = list(islice(lines, limits.header_search_rows))
    reader = csv.reader(chain(head, lines), delimiter=sniff_delimiter(head), strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _csv_refusal(exc, start, reader.line_num, limits) from None
        yield start, list(row)
        start = reader.line_num + 1


def jsonl_records(path: Path, limits: Limits) -> Iterator[tuple[int, Any]]:
    """(line, parsed value or a bad_json error); blank lines are skipped."""
    for number, line in enumerate(text_lines(path, limits), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, RowError(number, "bad_json", {"detail": exc.msg})
