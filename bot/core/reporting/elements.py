"""The report's data elements and sectors, loaded from a TOML file (data, not code)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bot.core.reporting.fields import RELATIVE_DAYS

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "report_elements.toml"

# Words the parser owns; no element or sector may be spelled like them.
COMMAND_WORDS = frozenset({"bc", "baocao"})
DATE_KEYS = frozenset({"ngay", "ngaybc", "date"})
SECTOR_KEYS = frozenset({"nganh", "linhvuc", "lv", "bophan", "sector"})
RESERVED_WORDS = COMMAND_WORDS | DATE_KEYS | SECTOR_KEYS | frozenset(RELATIVE_DAYS)
CARRIED_OVER = "carried_over"

Kind = Literal["flow", "stock"]
Relation = Literal["=", "<="]
_CODE_RE = re.compile(r"^[a-z]+$")


def fold(text: str) -> str:
    """Lowercase, strip Vietnamese diacritics; đ does not decompose, so map it by hand."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


class ElementsError(ValueError):
    """The elements file is malformed; the message names the entry."""


@dataclass(frozen=True)
class Group:
    code: str
    label: str


@dataclass(frozen=True)
class Element:
    code: str
    aliases: tuple[str, ...]
    label: str
    kind: Kind
    group: str
    max_daily: int
    required: bool = True


@dataclass(frozen=True)
class Sector:
    code: str
    aliases: tuple[str, ...]
    label: str


@dataclass(frozen=True)
class Identity:
    """`sum(left) relation sum(right)`; terms are element codes or CARRIED_OVER."""

    code: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    relation: Relation = "="


@dataclass(frozen=True)
class ElementSet:
    """Elements in form order, sectors, groups and identities, with folded lookups."""

    elements: tuple[Element, ...]
    sectors: tuple[Sector, ...]
    groups: tuple[Group, ...] = ()
    identities: tuple[Identity, ...] = ()
    _by_name: Mapping[str, Element] = field(init=False, repr=False, compare=False)
    _sector_by_name: Mapping[str, Sector] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, Element] = {}
        sector_by_name: dict[str, Sector] = {}
        seen: dict[str, str] = {w: "parser word" for w in RESERVED_WORDS}
        items: tuple[Element | Sector, ...] = (*self.elements, *self.sectors)
        for item in items:
            if not _CODE_RE.match(item.code):
                raise ElementsError(f"code {item.code!r}: lowercase ASCII letters only")
            for name in (item.code, *item.aliases):
                key = fold(name)
                if not _CODE_RE.match(key):
                    raise ElementsError(f"{item.code}: alias {name!r} must be letters only")
                if key in seen and seen[key] != item.code:
                    raise ElementsError(f"{item.code}: {name!r} already used by {seen[key]}")
                seen[key] = item.code
                if isinstance(item, Element):
                    by_name[key] = item
                else:
                    sector_by_name[key] = item
        group_codes = {g.code for g in self.groups}
        for element in self.elements:
            if self.groups and element.group not in group_codes:
                raise ElementsError(f"{element.code}: unknown group {element.group!r}")
        codes = {e.code for e in self.elements} | {CARRIED_OVER}
        for identity in self.identities:
            for term in (*identity.left, *identity.right):
                if term not in codes:
                    raise ElementsError(f"identity {identity.code}: unknown term {term!r}")
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_sector_by_name", sector_by_name)

    def element(self, name: str) -> Element | None:
        """By code or alias, folded (case and diacritics ignored)."""
        return self._by_name.get(fold(name))

    def sector(self, name: str) -> Sector | None:
        return self._sector_by_name.get(fold(name))

    def get(self, code: str) -> Element:
        found = self.element(code)
        if found is None:
            raise KeyError(code)
        return found

    def names(self) -> list[str]:
        """Every folded spelling the parser accepts as a key, for typo suggestions."""
        return [*self._by_name, *self._sector_by_name, *RESERVED_WORDS]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(e.code for e in self.elements)


def _str_list(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise ElementsError(f"{where}: expected a list of strings")
    return tuple(raw)


def _element(raw: Mapping[str, Any]) -> Element:
    where = f"element {raw.get('code')!r}"
    try:
        kind = raw["kind"]
        if kind not in ("flow", "stock"):
            raise ElementsError(f"{where}: kind must be flow or stock")
        max_daily = raw["max_daily"]
        if not isinstance(max_daily, int) or max_daily <= 0:
            raise ElementsError(f"{where}: max_daily must be a positive integer")
        return Element(
            code=str(raw["code"]),
            aliases=_str_list(raw.get("aliases", []), where),
            label=str(raw["label"]),
            kind=kind,
            group=str(raw["group"]),
            max_daily=max_daily,
            required=bool(raw.get("required", True)),
        )
    except KeyError as missing:
        raise ElementsError(f"{where}: missing {missing}") from None


def _identity(raw: Mapping[str, Any]) -> Identity:
    relation = raw.get("relation", "=")
    if relation not in ("=", "<="):
        raise ElementsError(f"identity {raw.get('code')!r}: relation must be = or <=")
    return Identity(
        code=str(raw["code"]),
        left=_str_list(raw["left"], "identity left"),
        right=_str_list(raw["right"], "identity right"),
        relation=relation,
    )


def element_set_from_dict(data: Mapping[str, Any]) -> ElementSet:
    if not data.get("element") or not data.get("sector"):
        raise ElementsError("needs at least one [[element]] and one [[sector]]")
    try:
        return ElementSet(
            elements=tuple(_element(e) for e in data.get("element", [])),
            sectors=tuple(
                Sector(str(s["code"]), _str_list(s.get("aliases", []), "sector"), str(s["label"]))
                for s in data.get("sector", [])
            ),
            groups=tuple(Group(str(g["code"]), str(g["label"])) for g in data.get("group", [])),
            identities=tuple(_identity(i) for i in data.get("identity", [])),
        )
    except KeyError as missing:
        raise ElementsError(f"missing field {missing}") from None


def load_elements(path: Path = DEFAULT_PATH) -> ElementSet:
    if not path.is_file():
        raise ElementsError(f"no file at {path}")
    with path.open("rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise ElementsError(f"not valid TOML: {exc}") from None
    return element_set_from_dict(data)


def sectors_of(elements: ElementSet, codes: Iterable[str]) -> Sequence[Sector]:
    """Resolve a unit's configured sector codes; unknown codes raise (configuration error)."""
    found = []
    for code in codes:
        sector = elements.sector(code)
        if sector is None:
            raise ElementsError(f"unknown sector {code!r}")
        found.append(sector)
    return found
