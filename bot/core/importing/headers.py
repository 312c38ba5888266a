"""Column headings → field names, from a data file per importer.

A heading matches a field when both fold to the same key: case, diacritics, spaces and
punctuation do not count, so "Mã thủ tục", "MA THU TUC", "ma-thu-tuc" and "ma_thu_tuc" are one
heading. Each importer lists its fields and the other headings people use for them in a TOML
file (`bot/data/import_columns/<importer>.toml`):

    required = ["ma_thu_tuc", "ten_thu_tuc"]
    keep_unknown = true            # columns that match no field are kept under their heading

    [headings]
    ma_thu_tuc = ["Mã thủ tục", "Mã TTHC"]

A field's own name is always accepted. Two columns meaning the same field refuse the file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.core.importing.problems import FileRefused, RowError
from bot.core.search.folding import fold


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return "_".join(fold(text).split())


def heading_key(heading: object) -> str:
    """The comparison key of a heading: folded words joined by "_" (cached: JSONL repeats keys)."""
    return _key(str(heading))


@dataclass(frozen=True)
class Columns:
    """The fields of one importer and the headings that name them."""

    fields: tuple[str, ...]
    required: tuple[str, ...]
    keep_unknown: bool = True
    aliases: dict[str, str] = field(default_factory=dict)  # heading key -> field

    @classmethod
    def from_toml(cls, path: Path) -> Columns:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        headings: dict[str, list[str]] = data.get("headings", {})
        aliases: dict[str, str] = {}
        for name, others in headings.items():
            for heading in (name, *others):
                key = heading_key(heading)
                if aliases.setdefault(key, name) != name:
                    raise ValueError(f"{path.name}: heading {heading!r} names two fields")
        required = tuple(data.get("required", ()))
        unknown = [name for name in required if name not in headings]
        if unknown:
            raise ValueError(f"{path.name}: required fields without headings: {unknown}")
        return cls(tuple(headings), required, bool(data.get("keep_unknown", True)), aliases)

    def field_of(self, heading: object) -> str | None:
        """The field a heading names; unknown headings keep their text if `keep_unknown`."""
        text = "" if heading is None else str(heading).strip()
        if not text:
            return None
        known = self.aliases.get(heading_key(text))
        if known is not None:
            return known
        return text if self.keep_unknown else None

    def has_required(self, row: Sequence[Any]) -> bool:
        found = {self.aliases.get(heading_key(v)) for v in row if v is not None}
        return all(name in found for name in self.required)

    def map_header(self, row: Sequence[Any], line: int) -> list[str | None]:
        """The key of each column (None: ignored); refuses missing or doubled fields."""
        keys = [self.field_of(v) for v in row]
        missing = [name for name in self.required if name not in keys]
        if missing:
            raise FileRefused("missing_columns", line, columns=missing)
        first: dict[str, int] = {}
        for index, key in enumerate(keys):
            if key is None:
                continue
            if key in first:
                raise FileRefused("duplicate_column", line, field=key,
                                  first=str(row[first[key]]).strip(),
                                  second=str(row[index]).strip())
            first[key] = index
        return keys

    def map_record(self, record: dict[str, Any], line: int
                   ) -> tuple[dict[str, Any], RowError | None]:
        """A JSON object's keys through the same headings (the shipped shape maps to itself)."""
        mapped: dict[str, Any] = {}
        sources: dict[str, str] = {}
        for name, value in record.items():
            key = self.field_of(name)
            if key is None:
                continue
            if key in mapped:
                return mapped, RowError(line, "duplicate_column",
                                        {"field": key, "first": sources[key], "second": name})
            mapped[key], sources[key] = value, name
        return mapped, None
