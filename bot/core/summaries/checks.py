"""Every report identity checked on a period's compiled figures, per sector and in total.

The identities of Biểu 06/VPCP/KSTT (and Biểu 07a as found), on the period's figures:

    received  (3) = (4)+(5)+(6)+(7)+(8)   the totals staff typed (nhan) against the parts
    resolved  (9) = (10)+(11)+(12)        the typed totals (gq) against the parts
    pending  (13) = (14)+(15)             the typed totals (dxl) against the parts
    balance   carried over + new received = resolved + pending
    carry     carried over = the previous period's pending
    paid_online  paid online <= dossiers with a fee

The form's own columns (3), (9) and (13) are sums by definition (`Figures`), so the first
three can only break where staff typed a total that disagrees with its parts; those are
summed over the days where the total was typed, and the days whose own figures break it
(reporting/checks.py, the check each line gets when sent) are named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from bot.core.summaries.model import Figures, IdentityBreak

TYPED_TOTALS = ("received", "resolved", "pending")


def figure_breaks(
    sector: str | None, figures: Figures, previous: Figures | None,
    typed: Mapping[str, Sequence[int]], days: Mapping[str, Sequence[dt.date]],
) -> list[IdentityBreak]:
    """The identities `figures` break. `typed`: identity code -> (left, right) summed over
    the days its typed total was sent; `days`: identity code -> days that break it alone."""
    found = []

    def check(code: str, left: int, right: int, holds: bool) -> None:
        if not holds:
            found.append(IdentityBreak(code, sector, left, right, tuple(days.get(code, ()))))

    for code in TYPED_TOTALS:
        if code in typed:
            left, right = typed[code][0], typed[code][1]
            check(code, left, right, left == right)
    left = figures.carried_over + figures.new_received
    right = figures.resolved + figures.pending
    check("balance", left, right, left == right)
    if previous is not None:
        check("carry", figures.carried_over, previous.pending,
              figures.carried_over == previous.pending)
    check("paid_online", figures.paid_online, figures.fee, figures.paid_online <= figures.fee)
    return found


def sum_typed(parts: Iterable[Mapping[str, Sequence[int]]]) -> dict[str, list[int]]:
    """The typed-total sums of several sectors, for the unit's total."""
    total: dict[str, list[int]] = {}
    for part in parts:
        for code, pair in part.items():
            into = total.setdefault(code, [0, 0])
            into[0] += pair[0]
            into[1] += pair[1]
    return total


def merge_days(parts: Iterable[Mapping[str, Sequence[dt.date]]]) -> dict[str, list[dt.date]]:
    total: dict[str, set[dt.date]] = {}
    for part in parts:
        for code, found in part.items():
            total.setdefault(code, set()).update(found)
    return {code: sorted(found) for code, found in total.items()}

