"""A province's (or city's) roll-up of one period: every unit's figures, who has not reported,
and a ranking on the on-time rate. Pure: built from the units' `PeriodReport`s.

Ranking (our choice; no rule prescribes one for the bot): the on-time rate is
(10) early + (11) on time over (9) resolved, as the period report shows it; higher ranks
first. Rates are compared as exact fractions, so 9/10 and 90/100 tie. Tied units share a
rank and the next rank skips ("1, 1, 3": standard competition ranking), so a rank always
says how many units did strictly better. Units are listed by rank, then by code. Not ranked,
and listed after the ranked ones with the reason: a unit that resolved nothing in the
period (0/0 is no rate: ranking it first or last would both be invented), then a unit that
has not reported.

A unit has reported when some sector sent anything for the period (a daily report or the
register; `SectorFigures.reported`). Its missing days are counted either
way, so a unit that reported half the month shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from bot.core.summaries.model import Figures, Period, PeriodReport, Rate


class Standing(StrEnum):
    RANKED = "ranked"
    NO_RESOLVED = "no_resolved"  # reported, but nothing resolved: no rate to rank on
    NOT_REPORTED = "not_reported"


@dataclass(frozen=True)
class RollupRow:
    code: str
    name: str
    reported: bool
    total: Figures  # all zero when the unit has not reported
    on_time: Rate
    missing_days: int  # sector-days without a report
    standing: Standing
    rank: int | None  # None unless ranked


@dataclass(frozen=True)
class ProvinceRollup:
    province: str
    period: Period
    rows: tuple[RollupRow, ...]  # ranked by rank then code; then no-resolved; not reported

    @property
    def not_reported(self) -> tuple[RollupRow, ...]:
        return tuple(r for r in self.rows if r.standing is Standing.NOT_REPORTED)

    @property
    def ranked(self) -> tuple[RollupRow, ...]:
        return tuple(r for r in self.rows if r.standing is Standing.RANKED)

    @property
    def on_time(self) -> Rate:
        """The province's own rate: the units' numerators over their denominators."""
        return Rate(sum(r.on_time.numerator for r in self.rows),
                    sum(r.on_time.denominator for r in self.rows))


def on_time_rate(report: PeriodReport) -> Rate:
    given = report.rates.get("on_time")
    if given is not None:
        return given
    total = report.total
    return Rate(total.early + total.on_time, total.resolved)


def has_reported(report: PeriodReport) -> bool:
    if not report.sectors:
        return report.total != Figures()
    return any(s.reported for s in report.sectors)


def _row(code: str, name: str, report: PeriodReport | None) -> RollupRow:
    if report is None or not has_reported(report):
        missing = 0 if report is None else len(report.missing)
        return RollupRow(code, name, False, Figures(), Rate(0, 0), missing,
                         Standing.NOT_REPORTED, None)
    rate = on_time_rate(report)
    standing = Standing.RANKED if rate.denominator > 0 else Standing.NO_RESOLVED
    return RollupRow(code, name, True, report.total, rate, len(report.missing), standing, None)


def _ranked(rows: list[RollupRow]) -> list[RollupRow]:
    def share(row: RollupRow) -> Fraction:
        return Fraction(row.on_time.numerator, row.on_time.denominator)

    ordered = sorted(rows, key=lambda r: (-share(r), r.code))
    ranked: list[RollupRow] = []
    for position, row in enumerate(ordered):
        tied = position > 0 and share(ordered[position - 1]) == share(row)
        rank = ranked[-1].rank if tied else position + 1
        ranked.append(RollupRow(row.code, row.name, row.reported, row.total, row.on_time,
                                row.missing_days, row.standing, rank))
    return ranked


def build_rollup(province: str, period: Period, units: Sequence[tuple[str, str]],
                 reports: Sequence[PeriodReport]) -> ProvinceRollup:
    """The roll-up of `units` ((code, name), every unit of the province) from the `reports`
    compiled for `period`; a unit without a report is listed as not reported."""
    wrong = [r.unit_code for r in reports if r.period.start != period.start
             or r.period.end != period.end]
    if wrong:
        raise ValueError(f"reports of another period for units {sorted(wrong)}")
    by_code = {r.unit_code: r for r in reports}
    names = dict(units)
    names.update({r.unit_code: r.unit_name for r in reports if r.unit_code not in names})
    rows = [_row(code, name, by_code.get(code)) for code, name in names.items()]
    ranked = _ranked([r for r in rows if r.standing is Standing.RANKED])
    rest = sorted((r for r in rows if r.standing is not Standing.RANKED),
                  key=lambda r: (r.standing is Standing.NOT_REPORTED, r.code))
    return ProvinceRollup(province, period, tuple(ranked + rest))
