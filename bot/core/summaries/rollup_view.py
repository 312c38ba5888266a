"""A province roll-up as values for templates/summaries/rollup.j2 (the chat text)."""

from __future__ import annotations

from typing import Any

from bot.core.summaries.periods import title_of
from bot.core.summaries.rollup import ProvinceRollup, RollupRow, Standing
from bot.core.summaries.view import percent

SHOWN_AT_EACH_END = 5  # the chat lists the best and the last few; the XLSX has every unit


def _row(row: RollupRow) -> dict[str, Any]:
    return {"rank": row.rank, "code": row.code, "name": row.name,
            "percent": percent(row.on_time), "numerator": row.on_time.numerator,
            "denominator": row.on_time.denominator, "received": row.total.received,
            "resolved": row.total.resolved, "overdue": row.total.overdue,
            "missing_days": row.missing_days}


def rollup_context(rollup: ProvinceRollup) -> dict[str, Any]:
    ranked = rollup.ranked
    top = ranked[:SHOWN_AT_EACH_END]
    bottom = ranked[max(len(top), len(ranked) - SHOWN_AT_EACH_END):]
    rows = rollup.rows
    return {
        "province": rollup.province, "title": title_of(rollup.period),
        "start": rollup.period.start, "end": rollup.period.end,
        "units": len(rows), "reported": sum(1 for r in rows if r.reported),
        "received": sum(r.total.received for r in rows),
        "resolved": sum(r.total.resolved for r in rows),
        "overdue": sum(r.total.overdue for r in rows),
        "on_time": {"percent": percent(rollup.on_time),
                    "numerator": rollup.on_time.numerator,
                    "denominator": rollup.on_time.denominator},
        "top": [_row(r) for r in top], "bottom": [_row(r) for r in bottom],
        "skipped": len(ranked) - len(top) - len(bottom),
        "no_resolved": [_row(r) for r in rows if r.standing is Standing.NO_RESOLVED],
        "not_reported": [_row(r) for r in rollup.not_reported],
        "with_missing": sum(1 for r in rows if r.reported and r.missing_days),
    }
