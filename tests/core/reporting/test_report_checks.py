from __future__ import annotations

import pytest

from bot.core.reporting import (
    ElementSet,
    format_command,
    grouped_values,
    identity_problems,
    missing_elements,
    outlier,
    outlier_threshold,
    review,
)

MONTH = [
    30,
    45,
    60,
    38,
    52,
    41,
    33,
    47,
    55,
    36,
    44,
    58,
    31,
    49,
    40,
    35,
    57,
    42,
    50,
    39,
    46,
    34,
    53,
    43,
    37,
    48,
    59,
    32,
    54,
    56,
]


def test_extra_digit_is_an_outlier(elements: ElementSet) -> None:
    problem = outlier(elements.get("tt"), 450, MONTH)
    assert problem is not None
    assert problem.severity == "warning" and problem.field == "tt"
    assert problem.params == {"value": 450, "median": 44, "max": 60, "history_days": 30}


@pytest.mark.parametrize("value", [0, 45, 60, 100, 150])
def test_busy_or_quiet_days_are_not_outliers(value: int, elements: ElementSet) -> None:
    assert outlier(elements.get("tt"), value, MONTH) is None


def test_needs_history(elements: ElementSet) -> None:
    assert outlier_threshold([1, 2, 3]) is None
    assert outlier(elements.get("tt"), 10_000, [1, 2, 3]) is None


def test_quiet_desk_may_jump_a_little(elements: ElementSet) -> None:
    history = [0, 1, 0, 2, 0, 0, 1, 3]
    assert outlier(elements.get("pakn"), 15, history) is None
    assert outlier(elements.get("pakn"), 30, history) is not None


def test_one_past_typo_does_not_hide_the_next(elements: ElementSet) -> None:
    assert outlier(elements.get("tt"), 450, [*MONTH, 4500]) is not None
    assert outlier(elements.get("tt"), 450, [30, 40, 4500, 45, 35, 55, 60, 50]) is not None


def test_identities_hold(elements: ElementSet) -> None:
    values = {
        "tt": 5,
        "tiep": 3,
        "nhan": 8,
        "som": 1,
        "dung": 2,
        "tre": 0,
        "rut": 1,
        "tc": 0,
        "gq": 4,
        "th": 6,
        "qh": 1,
        "dxl": 7,
        "phi": 2,
        "ttoan": 2,
    }
    assert identity_problems(values, elements, carried_over=3) == []


def test_identities_broken(elements: ElementSet) -> None:
    values = {
        "tt": 5,
        "tiep": 3,
        "nhan": 9,
        "som": 1,
        "dung": 2,
        "tre": 0,
        "rut": 1,
        "tc": 0,
        "gq": 3,
        "th": 6,
        "qh": 1,
        "dxl": 8,
        "phi": 1,
        "ttoan": 2,
    }
    found = {p.params["identity"]: p for p in identity_problems(values, elements, carried_over=0)}
    assert set(found) == {"received", "resolved", "pending", "balance", "paid_online"}
    assert found["resolved"].params["left_sum"] == 3
    assert found["resolved"].params["right_sum"] == 4
    assert found["resolved"].field == "gq"
    assert found["balance"].field == "tt"
    assert all(p.severity == "warning" for p in found.values())


def test_identities_skipped_when_terms_missing(elements: ElementSet) -> None:
    assert identity_problems({"gq": 3, "som": 1}, elements) == []
    values = {
        "tt": 5,
        "tiep": 3,
        "som": 1,
        "dung": 2,
        "tre": 0,
        "rut": 1,
        "tc": 0,
        "th": 0,
        "qh": 0,
    }
    assert identity_problems(values, elements) == []  # balance needs carried_over
    assert len(identity_problems(values, elements, carried_over=0)) == 1


def test_review_combines(elements: ElementSet) -> None:
    found = review(
        {"tt": 450, "gq": 1, "som": 0, "dung": 0, "tre": 0, "rut": 0, "tc": 0},
        elements,
        {"tt": MONTH},
    )
    assert [p.code for p in found] == ["outlier", "identity_mismatch"]


def test_missing_elements_in_form_order(elements: ElementSet) -> None:
    missing = [e.code for e in missing_elements({"tt": 1, "som": 0}, elements)]
    assert missing[:3] == ["tiep", "dung", "tre"]
    assert "nhan" not in missing and "gq" not in missing and "dxl" not in missing
    every = {e.code: 0 for e in elements.elements if e.required}
    assert missing_elements(every, elements) == []


def test_grouped_values(elements: ElementSet) -> None:
    groups = grouped_values({"som": 2, "tt": 1}, elements)
    assert [g["code"] for g in groups] == ["tiepnhan", "giaiquyet"]
    assert groups[0]["items"] == [{"code": "tt", "label": elements.get("tt").label, "value": 1}]


def test_format_command() -> None:
    import datetime as dt

    text = format_command({"tt": 4, "som": 1}, sector="ca", day=dt.date(2026, 3, 4))
    assert text == "bc tt=4 som=1 nganh=ca ngay=04/03/2026"
