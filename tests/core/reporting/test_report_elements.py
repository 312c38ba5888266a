from __future__ import annotations

from typing import Any

import pytest

from bot.core.reporting import ElementsError, ElementSet, element_set_from_dict, fold
from bot.core.reporting.elements import RESERVED_WORDS


def test_fold_strips_marks_and_d() -> None:
    assert fold("Trực Tuyến") == "truc tuyen"
    assert fold("Đất đai") == "dat dai"
    assert fold("ĐĂNG KÝ") == "dang ky"


def test_default_file_loads(elements: ElementSet) -> None:
    assert {"tt", "tiep", "som", "dung", "tre", "th", "qh"} <= set(elements.codes)
    assert [s.code for s in elements.sectors] == ["xa", "ca", "qs", "dd", "bhxh", "bd"]
    assert all(e.max_daily > 0 for e in elements.elements)
    assert all(e.kind in ("flow", "stock") for e in elements.elements)


def test_lookup_by_code_alias_case_and_diacritics(elements: ElementSet) -> None:
    assert elements.get("tt").code == "tt"
    for spelling in ("TT", "tructuyen", "Trực tuyến".replace(" ", ""), "TRỰCTUYẾN"):
        found = elements.element(spelling)
        assert found is not None and found.code == "tt"
    sector = elements.sector("Công an".replace(" ", ""))
    assert sector is not None and sector.code == "ca"
    sector = elements.sector("VPĐKĐĐ")
    assert sector is not None and sector.code == "dd"
    assert elements.element("nope") is None
    with pytest.raises(KeyError):
        elements.get("nope")


def test_names_are_distinct_from_parser_words(elements: ElementSet) -> None:
    names = elements.names()
    assert len(names) == len(set(names))
    assert set(names) >= RESERVED_WORDS


def _data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "element": [
            {
                "code": "tt",
                "aliases": ["tructuyen"],
                "label": "TT",
                "kind": "flow",
                "group": "g",
                "max_daily": 10,
            },
        ],
        "sector": [{"code": "xa", "aliases": [], "label": "Xã"}],
        "group": [{"code": "g", "label": "G"}],
    }
    data.update(changes)
    return data


def test_a_province_can_add_an_element() -> None:
    data = _data()
    data["element"].append(
        {
            "code": "ktt",
            "aliases": ["kiemtra"],
            "label": "K",
            "kind": "stock",
            "group": "g",
            "max_daily": 5,
            "required": False,
        }
    )
    added = element_set_from_dict(data).get("kiemtra")
    assert added.code == "ktt" and added.required is False


@pytest.mark.parametrize(
    "change",
    [
        {"sector": [{"code": "tructuyen", "label": "dup of an alias"}]},
        {"sector": [{"code": "ngay", "label": "parser word"}]},
        {
            "element": [
                {"code": "t1", "label": "digits", "kind": "flow", "group": "g", "max_daily": 1}
            ]
        },
        {"element": [{"code": "a", "label": "x", "kind": "other", "group": "g", "max_daily": 1}]},
        {"element": [{"code": "a", "label": "x", "kind": "flow", "group": "g", "max_daily": 0}]},
        {"element": [{"code": "a", "label": "x", "kind": "flow", "group": "zz", "max_daily": 1}]},
        {"element": [{"code": "a", "kind": "flow", "group": "g", "max_daily": 1}]},
        {"identity": [{"code": "i", "left": ["tt"], "right": ["missing"]}]},
        {"identity": [{"code": "i", "left": ["tt"], "right": ["tt"], "relation": ">"}]},
    ],
)
def test_malformed_files_are_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ElementsError):
        element_set_from_dict(_data(**change))
