"""The procedure catalog as immutable values: what a citizen's card is built from."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

Channel = Literal["online", "direct", "postal"]
DurationUnit = Literal["working_day", "day", "hour"]

# Flags set by cleaning; a flagged procedure is kept in the DB but never searched or shown.
FLAG_WRONG_NAME = "wrong_name"
FLAG_EXCLUDED_FIELD = "excluded_field"


@dataclass(frozen=True)
class ChannelOption:
    """One row of the portal table "Hình thức nộp | Thời gian | Phí, lệ phí | Mô tả".

    `duration_value`/`duration_unit`/`fee_text` are None when the source does not state them
    unambiguously; `raw` always holds the row exactly as published.
    """

    channel: Channel
    duration_value: float | None
    duration_unit: DurationUnit | None
    fee_text: str | None
    description: str
    raw: str


@dataclass(frozen=True)
class Document:
    """One row of "Thành phần hồ sơ": a paper to bring, how many, and its form file if any."""

    name: str
    quantity: str | None
    template: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class LegalDoc:
    """One row of "Căn cứ pháp lý": the document title and its number (e.g. 123/2015/NĐ-CP)."""

    name: str
    number: str | None


@dataclass(frozen=True)
class Procedure:
    """A procedure as the bot uses it; `raw` keeps every source field for the official card."""

    code: str
    name: str
    field: str
    agency: str
    where_to_submit: str
    detail_url: str
    channels: tuple[ChannelOption, ...]
    documents: tuple[Document, ...]
    legal_basis: tuple[LegalDoc, ...]
    conditions: str
    steps: str
    result: str
    raw: dict[str, Any] = dataclass_field(default_factory=dict, compare=False, hash=False)
    flags: tuple[str, ...] = ()

    @property
    def visible(self) -> bool:
        """Whether citizens may see/search it (no cleaning flag)."""
        return not self.flags
