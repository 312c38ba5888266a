"""Structured problems found in a report; templates turn them into sentences."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
# Param values stay JSON-friendly so a problem can be kept in conversation state.
ParamValue = str | int | list[str] | list[int] | None

# Refusals: the report is not stored until fixed.
NOT_INTEGER = "not_integer"  # params: value
NEGATIVE = "negative"  # params: value
ABSURD = "absurd"  # params: value, max
MISSING_VALUE = "missing_value"  # params: given (the key typed with no value)
UNKNOWN_CODE = "unknown_code"  # params: given, value, suggestion (None if nothing close)
UNEXPECTED_TEXT = "unexpected_text"  # params: text (a stray word or number)
DUPLICATE_CODE = "duplicate_code"  # params: values (the conflicting raw values)
BAD_DATE = "bad_date"  # params: value
FUTURE_DATE = "future_date"  # params: date (dd/mm/yyyy), today
TOO_OLD_DATE = "too_old_date"  # params: date, max_days_back
UNKNOWN_SECTOR = "unknown_sector"  # params: value, suggestion, allowed (codes of the unit)
SECTOR_NOT_IN_UNIT = "sector_not_in_unit"  # params: sector, allowed
MISSING_SECTOR = "missing_sector"  # params: allowed
EMPTY = "empty"  # params: none
# Warnings: the person is asked to confirm, the report is not refused.
OUTLIER = "outlier"  # params: value, median, max, history_days
IDENTITY_MISMATCH = "identity_mismatch"  # params: identity, relation, left, right, sums

ERROR_CODES = (
    NOT_INTEGER,
    NEGATIVE,
    ABSURD,
    MISSING_VALUE,
    UNKNOWN_CODE,
    UNEXPECTED_TEXT,
    DUPLICATE_CODE,
    BAD_DATE,
    FUTURE_DATE,
    TOO_OLD_DATE,
    UNKNOWN_SECTOR,
    SECTOR_NOT_IN_UNIT,
    MISSING_SECTOR,
    EMPTY,
)
WARNING_CODES = (OUTLIER, IDENTITY_MISMATCH)
ALL_CODES = ERROR_CODES + WARNING_CODES

# Fields that are not elements.
DATE_FIELD = "ngay"
SECTOR_FIELD = "nganh"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a report. `field` is an element code, DATE_FIELD, SECTOR_FIELD
    or None; `params` carry what the sentence needs (see the code constants above)."""

    code: str
    field: str | None = None
    params: Mapping[str, ParamValue] = dataclasses.field(default_factory=dict)
    severity: Severity = "error"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "field": self.field,
            "params": dict(self.params),
            "severity": self.severity,
        }
