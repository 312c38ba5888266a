"""Warnings that ask the sender to confirm (never refuse): outliers and Biểu 06 identities."""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Mapping, Sequence

from bot.core.reporting import problems as p
from bot.core.reporting.elements import CARRIED_OVER, Element, ElementSet, Identity
from bot.core.reporting.problems import Problem

MIN_HISTORY = 7  # fewer days say nothing about what is normal for this desk
TIMES_RECENT_HIGH = 3.0  # 450 after a month of 30–60 is an extra digit, 150 is a busy day
HIGH_QUANTILE = 0.9  # "recent high" skips the top tenth, so one past typo is not the bar
MAD_SIGMAS = 6.0
MIN_JUMP = 20  # quiet desks (0–3 a day) legitimately jump to 15 on a deadline day
_MAD_TO_SIGMA = 1.4826  # makes the MAD comparable to a standard deviation for normal data


def outlier_threshold(recent_values: Sequence[int]) -> float | None:
    """The largest value not questioned, or None without enough history.

    Robust to a past typo in the history: median, MAD and the 90th-percentile "recent high"
    ignore a few wild days, and the multiple of the recent high keeps a noisy desk quiet.
    """
    if len(recent_values) < MIN_HISTORY:
        return None
    ordered = sorted(recent_values)
    high = ordered[int(HIGH_QUANTILE * (len(ordered) - 1))]
    median = statistics.median(ordered)
    mad = statistics.median(abs(v - median) for v in ordered)
    return max(
        TIMES_RECENT_HIGH * high,
        median + MAD_SIGMAS * _MAD_TO_SIGMA * mad,
        median + MIN_JUMP,
    )


def outlier(element: Element, value: int, recent_values: Sequence[int]) -> Problem | None:
    """A warning when `value` is far above this element's recent daily values."""
    threshold = outlier_threshold(recent_values)
    if threshold is None or value <= threshold:
        return None
    params: dict[str, p.ParamValue] = {
        "value": value,
        "median": round(statistics.median(recent_values)),
        "max": max(recent_values),
        "history_days": len(recent_values),
    }
    return Problem(p.OUTLIER, element.code, params, severity="warning")


def _sum(terms: Sequence[str], values: Mapping[str, int], carried_over: int | None) -> int | None:
    total = 0
    for term in terms:
        value = carried_over if term == CARRIED_OVER else values.get(term)
        if value is None:
            return None
        total += value
    return total


def _holds(identity: Identity, left: int, right: int) -> bool:
    return left == right if identity.relation == "=" else left <= right


def identity_sums(
    values: Mapping[str, int], elements: ElementSet, carried_over: int | None = None
) -> Iterator[tuple[Identity, int, int, bool]]:
    """(identity, left sum, right sum, holds) for each identity whose terms are all known."""
    for identity in elements.identities:
        left = _sum(identity.left, values, carried_over)
        if left is None:
            continue
        right = _sum(identity.right, values, carried_over)
        if right is not None:
            yield identity, left, right, _holds(identity, left, right)


def identity_problems(
    values: Mapping[str, int], elements: ElementSet, carried_over: int | None = None
) -> list[Problem]:
    """Check each configured identity whose terms are all known; `carried_over` is
    yesterday's pending stock (th+qh) for the same person and sector, if the caller has it."""
    found = []
    for identity, left, right, holds in identity_sums(values, elements, carried_over):
        if holds:
            continue
        params: dict[str, p.ParamValue] = {
            "identity": identity.code,
            "relation": identity.relation,
            "left": list(identity.left),
            "right": list(identity.right),
            "left_sum": left,
            "right_sum": right,
            "carried_over": carried_over,
        }
        field = next((t for t in identity.left if t != CARRIED_OVER), None)
        found.append(Problem(p.IDENTITY_MISMATCH, field, params, severity="warning"))
    return found


def review(
    values: Mapping[str, int],
    elements: ElementSet,
    history: Mapping[str, Sequence[int]],
    carried_over: int | None = None,
) -> list[Problem]:
    """All warnings for a parsed report: outliers per element (history: element code ->
    recent daily values, oldest first) then identity mismatches."""
    warnings = []
    for code, value in values.items():
        element = elements.element(code)
        if element is None:
            continue
        found = outlier(element, value, history.get(code, ()))
        if found is not None:
            warnings.append(found)
    return warnings + identity_problems(values, elements, carried_over)
