"""The one way a file becomes validated records: read everything, check everything, then decide.

`load_file` never writes anything. It returns every record and every error; the importer writes
the records only if there is no error, in one transaction (all or nothing):

    result = load_file(path, columns, check, progress=bar.update)
    if not result.ok:
        show(result.errors)            # each with its line and column; nothing was changed
    else:
        with transaction(...) as session:
            write(session, result.records)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.core.importing.headers import Columns
from bot.core.importing.limits import DEFAULT_LIMITS, Limits
from bot.core.importing.problems import FileRefused, RowError
from bot.core.importing.readers import Source, open_source

# check(line, record) -> the record's errors; called once per data row, in file order.
Check = Callable[[int, dict[str, Any]], list[RowError]]
# sink(line, record): takes each record instead of `Loaded.records`, so memory stays flat.
Sink = Callable[[int, dict[str, Any]], None]
Progress = Callable[[int], None]
PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class Loaded:
    records: tuple[dict[str, Any], ...]
    errors: tuple[RowError, ...]
    lines: tuple[int, ...] = ()  # source line of each record, same order

    @property
    def ok(self) -> bool:
        return not self.errors


class _Errors:
    """Keeps the first `limit` errors; counts the rest so the list stays readable."""

    def __init__(self, limit: int) -> None:
        self.kept: list[RowError] = []
        self.dropped = 0
        self.limit = limit

    def add(self, error: RowError) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(error)
        else:
            self.dropped += 1

    def result(self) -> tuple[RowError, ...]:
        kept = sorted(self.kept, key=lambda e: e.line)
        if self.dropped:
            kept.append(RowError(0, "more_errors", {"count": self.dropped}))
        return tuple(kept)


def _blank(values: Sequence[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _clean(value: Any) -> Any:
    # Codes and names are matched as text; spreadsheets may hand back numbers, kept as they are.
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


def _table_records(source: Source, columns: Columns, limits: Limits, errors: _Errors
                   ) -> Iterator[tuple[int, dict[str, Any], dict[str, str]]]:
    """(line, record, heading of each field) for each data row, header found first."""
    first: tuple[int, list[Any]] | None = None
    header: tuple[int, list[Any]] | None = None
    searched = 0
    for line, row in source.rows:
        if _blank(row):
            continue
        first = first or (line, row)
        if columns.has_required(row):
            header = (line, row)
            break
        searched += 1
        if searched >= limits.header_search_rows:
            break
    if header is None:
        if first is not None:
            columns.map_header(first[1], first[0])  # raises missing_columns
        return
    keys = columns.map_header(header[1], header[0])
    headings = {k: str(h).strip() for k, h in zip(keys, header[1], strict=True) if k}
    count = 0
    for line, row in source.rows:
        if _blank(row):
            continue
        count += 1
        if count > limits.max_rows:
            raise FileRefused("too_many_rows", line, limit=limits.max_rows)
        for index in range(len(keys), len(row)):
            if not source.spreadsheet and str(row[index]).strip():
                errors.add(RowError(line, "extra_cells", {"column": index + 1}))
                break
        padded = [*row[: len(keys)], *[None] * (len(keys) - len(row))]
        yield line, {k: _clean(v) for k, v in zip(keys, padded, strict=True) if k}, headings


def _json_records(source: Source, columns: Columns, limits: Limits, errors: _Errors
                  ) -> Iterator[tuple[int, dict[str, Any], dict[str, str]]]:
    count = 0
    for line, value in source.rows:
        if isinstance(value, RowError):
            errors.add(value)
            continue
        if not isinstance(value, dict):
            errors.add(RowError(line, "not_object"))
            continue
        count += 1
        if count > limits.max_rows:
            raise FileRefused("too_many_rows", line, limit=limits.max_rows)
        record, problem = columns.map_record(value, line)
        if problem is not None:
            errors.add(problem)
            continue
        yield line, {k: _clean(v) for k, v in record.items()}, {}


def _column(error: RowError, headings: dict[str, str]) -> RowError:
    if error.column or not error.field or error.field not in headings:
        return error
    return replace(error, column=headings[error.field])


def load_file(path: str | Path, columns: Columns, check: Check, *,
              limits: Limits = DEFAULT_LIMITS, progress: Progress | None = None,
              sink: Sink | None = None) -> Loaded:
    """Read and check every row of `path`; records come back even when there are errors
    (or go to `sink`, one by one, after their check: then `Loaded.records` stays empty)."""
    errors = _Errors(limits.max_errors)
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    count = 0
    try:
        source = open_source(Path(path), limits)
        reader = _table_records if source.table else _json_records
        for line, record, headings in reader(source, columns, limits, errors):
            for name, value in record.items():
                if isinstance(value, str) and len(value) > limits.max_cell_chars:
                    errors.add(RowError(line, "cell_too_long", {
                        "length": len(value), "limit": limits.max_cell_chars},
                        column=headings.get(name, name)))
            for error in check(line, record):
                errors.add(_column(error, headings))
            count += 1
            if sink is not None:
                sink(line, record)
            else:
                records.append(record)
                lines.append(line)
            if progress and count % PROGRESS_EVERY == 0:
                progress(PROGRESS_EVERY)
    except FileRefused as refused:
        errors.kept.append(refused.error)  # always shown, whatever the cap
        return Loaded((), errors.result())
    if progress and count % PROGRESS_EVERY:
        progress(count % PROGRESS_EVERY)
    if not count and not errors.kept:
        errors.add(RowError(0, "empty_file"))
    return Loaded(tuple(records), errors.result(), tuple(lines))
