"""Turn a raw portal record into a `Procedure`, flagging what citizens must not be shown.

Exclusion and flagging happen here, at load time, so the shipped data stays complete and an
office can change the lists without rebuilding data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.catalog.model import FLAG_EXCLUDED_FIELD, FLAG_WRONG_NAME, Procedure
from bot.core.catalog.parse import (
    normalize_text,
    parse_channels,
    parse_documents,
    parse_legal_basis,
    parse_result,
)
from bot.core.search.folding import fold

# Fields labelled "Cấp xã" on the portal but received by other agencies, not the commune
# center (customs, tax, treasury, maritime, courts). Compared after folding.
DEFAULT_EXCLUDED_FIELDS: tuple[str, ...] = (
    "Hải quan",
    "Thuế",
    "Kho bạc Nhà nước",
    "Hàng hải và đường thủy nội địa",
    "Quản lý thuế, phí, lệ phí và thu khác của ngân sách nhà nước",
    "Tòa án",
)
# Source groups (`nhom_nguon`) to exclude wholesale; none by default.
DEFAULT_EXCLUDED_SOURCES: tuple[str, ...] = ()

# A procedure name never describes the decree that publishes a list of procedures; when it
# does, the portal copied the decision title into the name field (seen on "Người có công").
WRONG_NAME_PATTERNS: tuple[str, ...] = (
    r"^cong bo danh muc",
    r"quy trinh noi bo thu tuc hanh chinh",
    r"^danh muc thu tuc hanh chinh",
)


def _text(record: Mapping[str, Any], key: str) -> str:
    return normalize_text(record.get(key, ""))


def has_wrong_name(name: str, patterns: Iterable[str] = WRONG_NAME_PATTERNS) -> bool:
    folded = fold(name)
    return any(re.search(pattern, folded) for pattern in patterns)


def procedure_flags(
    record: Mapping[str, Any],
    excluded_fields: Iterable[str] = DEFAULT_EXCLUDED_FIELDS,
    excluded_sources: Iterable[str] = DEFAULT_EXCLUDED_SOURCES,
) -> tuple[str, ...]:
    flags = []
    if has_wrong_name(_text(record, "ten_thu_tuc")):
        flags.append(FLAG_WRONG_NAME)
    fields = {fold(f) for f in excluded_fields}
    sources = {fold(s) for s in excluded_sources}
    if fold(_text(record, "linh_vuc")) in fields or fold(_text(record, "nhom_nguon")) in sources:
        flags.append(FLAG_EXCLUDED_FIELD)
    return tuple(flags)


def procedure_from_record(
    record: Mapping[str, Any],
    excluded_fields: Iterable[str] = DEFAULT_EXCLUDED_FIELDS,
    excluded_sources: Iterable[str] = DEFAULT_EXCLUDED_SOURCES,
) -> Procedure:
    """Build a `Procedure` from one record with the JSONL field names (see `load`)."""
    raw = {key: normalize_text(value) for key, value in record.items()}
    return Procedure(
        code=raw.get("ma_thu_tuc", ""),
        name=" ".join(raw.get("ten_thu_tuc", "").split()),
        field=raw.get("linh_vuc", ""),
        agency=raw.get("co_quan_thuc_hien", "") or raw.get("co_quan_co_tham_quyen", ""),
        where_to_submit=raw.get("dia_chi_tiep_nhan", ""),
        detail_url=raw.get("detail_url", ""),
        channels=parse_channels(raw.get("cach_thuc_thuc_hien", "")),
        documents=parse_documents(raw.get("thanh_phan_ho_so", "")),
        legal_basis=parse_legal_basis(raw.get("can_cu_phap_ly", "")),
        conditions=raw.get("yeu_cau_dieu_kien", ""),
        steps=raw.get("trinh_tu_thuc_hien", ""),
        result=parse_result(raw.get("ket_qua_xu_ly", "")),
        raw=raw,
        flags=procedure_flags(record, excluded_fields, excluded_sources),
    )


def build_procedures(
    records: Iterable[Mapping[str, Any]],
    excluded_fields: Iterable[str] = DEFAULT_EXCLUDED_FIELDS,
    excluded_sources: Iterable[str] = DEFAULT_EXCLUDED_SOURCES,
) -> list[Procedure]:
    fields, sources = tuple(excluded_fields), tuple(excluded_sources)
    return [procedure_from_record(r, fields, sources) for r in records]


@dataclass(frozen=True)
class FieldCount:
    field: str
    count: int


def list_fields(procedures: Iterable[Procedure], visible_only: bool = True) -> list[FieldCount]:
    """Fields (lĩnh vực) with how many procedures each, most populated first, for browsing."""
    counts = Counter(p.field for p in procedures if p.field and (p.visible or not visible_only))
    ordered = sorted(counts.items(), key=lambda item: (-item[1], fold(item[0])))
    return [FieldCount(name, count) for name, count in ordered]
