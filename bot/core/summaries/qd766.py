"""An ESTIMATE of a commune's QĐ 766 points from the bot's own figures — never the official
score, which only the national portal computes.

Indicators: bot/data/qd766_indicators.csv, a cleaned copy of the 24 indicators of the
QĐ 766/QĐ-TTg service-quality index as the national portal scores them (shared data
qd766_indicators_portal_2026.csv: group, name, metric code, maximum points, summing to
100; `commune` = its scope includes "xã"; the portal's API paths dropped). The decision's
own text and its scoring method could not be read (our searches found only its title
and date, 23/6/2022, quoted by provincial dashboards), so:

- Points are linear, our choice: points = maximum × numerator / denominator.
- Calendar months, as issue 9 says the portal counts: each month is estimated on its own
  figures, and a range of months on the months' figures added together (our choice; the
  portal's way of joining months was not read).
- Definitions, as issue 9 states them: on time = (10) early + (11) on time (withdrawn and
  returned count as on time) less the dossiers with more than one supplement request,
  which count as late, over (9) resolved; satisfaction in handling dossiers = 100% less the
  late share and less the share of complaints (feedback), both over (9) resolved, floored
  at 0. Online payment = paid online over dossiers with a fee; digitization and reuse of
  digitized data over the dossiers newly received; feedback handled on time over feedback.
  Dossiers with more than one supplement request are known only from the register
  (`repeated_known`); from daily figures the on-time estimate may be high, and says so.
- Every other indicator is listed with the reason it cannot be computed here.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from pathlib import Path

from bot.core.documents.formatting import number
from bot.core.summaries.model import Figures, Rate

INDICATORS_FILE = Path(__file__).resolve().parents[2] / "data" / "qd766_indicators.csv"


@dataclass(frozen=True)
class Indicator:
    stt: int
    commune: bool  # applies to communes ("Tỉnh, xã")
    group: str
    name: str
    metric_code: str
    max_score: int | None  # None: the portal gives it no points


@dataclass(frozen=True)
class MonthFigures:
    """A unit's figures for one calendar month (`month` is its first day)."""

    month: date
    figures: Figures
    repeated_known: bool = False  # repeated_supplements counted (the register)


@dataclass(frozen=True)
class IndicatorEstimate:
    indicator: Indicator
    rate: Rate

    @property
    def points(self) -> float | None:
        if self.rate.denominator == 0 or self.indicator.max_score is None:
            return None
        return round(self.indicator.max_score * self.rate.numerator / self.rate.denominator, 2)


@dataclass(frozen=True)
class Uncomputed:
    indicator: Indicator
    reason: str  # a code the template words: see templates/summaries/qd766.j2


@dataclass(frozen=True)
class Estimate:
    """The estimate over some calendar months; `points` over `max_points` counts only the
    indicators that had something to count (denominator > 0)."""

    first_month: date
    last_month: date
    indicators: tuple[IndicatorEstimate, ...]
    uncomputed: tuple[Uncomputed, ...]
    repeated_known: bool

    @property
    def points(self) -> float:
        return round(sum(e.points for e in self.indicators if e.points is not None), 2)

    @property
    def max_points(self) -> int:
        return sum(e.indicator.max_score or 0 for e in self.indicators if e.points is not None)


@dataclass(frozen=True)
class Qd766Estimate:
    overall: Estimate
    months: tuple[Estimate, ...]


def _on_time_numerator(f: Figures) -> int:
    return max(0, f.early + f.on_time - f.repeated_supplements)


def _satisfaction(f: Figures) -> Rate:
    late = f.resolved - _on_time_numerator(f)
    return Rate(max(0, f.resolved - late - f.feedback), f.resolved)


# stt -> how the bot computes it (None: the unit keeps no data for it).
COMPUTED: dict[int, Callable[[Figures], Rate | None]] = {
    5: lambda f: Rate(_on_time_numerator(f), f.resolved),
    12: lambda f: Rate(f.digitized, f.new_received),
    14: lambda f: Rate(f.reused, f.new_received),
    21: lambda f: None if f.feedback_on_time is None else Rate(f.feedback_on_time, f.feedback),
    23: _satisfaction,
    24: lambda f: Rate(f.paid_online, f.fee),
}
# Why the others cannot be computed from the bot's figures.
REASONS: dict[int, str] = {
    1: "publication", 2: "publication", 3: "publication", 4: "portal_sync",
    11: "electronic_result", 13: "certified_copy", 15: "portal_sync", 18: "survey",
    19: "petition_kind", 20: "petition_kind", 22: "petition_rating",
    7: "no_points", 10: "no_points",
}


@cache
def indicators(path: Path = INDICATORS_FILE) -> tuple[Indicator, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Indicator(int(row["stt"]), row["commune"] == "1", row["group"], row["name"],
                      row["metric_code"], int(row["max_score"]) if row["max_score"] else None)
            for row in csv.DictReader(handle)
        )


def add_figures(items: Sequence[Figures]) -> Figures:
    """Field by field sum; an optional figure stays None if any month lacks it."""
    values: dict[str, int | None] = {}
    for field in fields(Figures):
        parts = [getattr(item, field.name) for item in items]
        values[field.name] = (None if any(p is None for p in parts)
                              else sum(p for p in parts if p is not None))
    return Figures(**values)  # type: ignore[arg-type]


def _estimate(first: date, last: date, figures: Figures, repeated_known: bool) -> Estimate:
    computed, uncomputed = [], []
    for indicator in indicators():
        if not indicator.commune:
            uncomputed.append(Uncomputed(indicator, "province_only"))
            continue
        compute = COMPUTED.get(indicator.stt)
        rate = compute(figures) if compute else None
        if rate is None:
            reason = REASONS.get(indicator.stt, "no_data") if compute is None else "no_data"
            uncomputed.append(Uncomputed(indicator, reason))
        else:
            computed.append(IndicatorEstimate(indicator, rate))
    return Estimate(first, last, tuple(computed), tuple(uncomputed), repeated_known)


def estimate_qd766(months: Sequence[MonthFigures]) -> Qd766Estimate:
    """The estimate for each calendar month given and for all of them together."""
    if not months:
        raise ValueError("no month to estimate")
    firsts = [m.month for m in months]
    if any(d.day != 1 for d in firsts) or len(set(firsts)) != len(firsts):
        raise ValueError("months must be distinct calendar months, each given by its 1st day")
    ordered = sorted(months, key=lambda m: m.month)
    each = tuple(_estimate(m.month, m.month, m.figures, m.repeated_known) for m in ordered)
    overall = _estimate(ordered[0].month, ordered[-1].month,
                        add_figures([m.figures for m in ordered]),
                        all(m.repeated_known for m in ordered))
    return Qd766Estimate(overall, each)


def _percent(rate: Rate) -> str | None:
    return None if rate.percent is None else number(rate.percent, 1)


def short_name(name: str) -> str:
    """The portal's name without its parenthesised gloss, for a chat line."""
    return name.split(" (", 1)[0]


def _groups(uncomputed: Sequence[Uncomputed]) -> list[dict[str, object]]:
    """Indicators not computed, one group per reason, in the order of their numbers."""
    groups: dict[str, list[int]] = {}
    for u in sorted(uncomputed, key=lambda u: u.indicator.stt):
        if u.reason != "province_only":
            groups.setdefault(u.reason, []).append(u.indicator.stt)
    return [{"reason": reason, "numbers": numbers} for reason, numbers in groups.items()]


def qd766_context(estimate: Qd766Estimate) -> dict[str, object]:
    """What templates/summaries/qd766.j2 reads as `qd766`: plain values, numbers already
    written the Vietnamese way (the chat renderer's `number` filter formats integers only)."""
    overall = estimate.overall
    return {
        "first_month": overall.first_month,
        "last_month": overall.last_month,
        "months": len(estimate.months),
        "points": number(overall.points, 1),
        "max_points": overall.max_points,
        "repeated_known": overall.repeated_known,
        "indicators": [
            {"name": e.indicator.name, "short": short_name(e.indicator.name),
             "max": e.indicator.max_score,
             "numerator": e.rate.numerator, "denominator": e.rate.denominator,
             "percent": _percent(e.rate),
             "points": None if e.points is None else number(e.points, 1)}
            for e in overall.indicators
        ],
        "uncomputed": [{"stt": u.indicator.stt, "name": u.indicator.name, "reason": u.reason}
                       for u in overall.uncomputed if u.reason != "province_only"],
        "uncomputed_groups": _groups(overall.uncomputed),
        "province_only": sum(1 for u in overall.uncomputed if u.reason == "province_only"),
        "per_month": [{"month": m.first_month, "points": number(m.points, 1),
                       "max_points": m.max_points} for m in estimate.months],
    }
