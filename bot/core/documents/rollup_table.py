"""A province roll-up as an XLSX table: one row per unit in ranking order, and the total.

(3) received, (9) resolved and (13) pending are formulas on every row and on the totals row;
the other totals are SUMs. The on-time rate is a value computed from the unit's own
numerator and denominator (an Excel division would show #DIV/0! for a unit that resolved
nothing); the province's rate, as numerator/denominator, and how the ranking works are in
the notes under the table. A unit that has not reported has empty figure cells and says so.
"""

from __future__ import annotations

import dataclasses

from bot.core.documents import period_words
from bot.core.documents.xlsx import CellValue, Sheet, TitleLine, render_xlsx
from bot.core.documents.xlsx_layouts import load_layout
from bot.core.messages import Attachment
from bot.core.summaries.rollup import ProvinceRollup, RollupRow, Standing

LAYOUT = "rollup_table"
MISSING_LAYOUT = "rollup_missing"
NOTE_KEYS = {Standing.NO_RESOLVED: "unranked_no_resolved",
             Standing.NOT_REPORTED: "unranked_no_report"}


def _words(key: str, **context: object) -> str:
    return period_words.text("rollup", key, **context)


def rollup_row(row: RollupRow) -> dict[str, CellValue]:
    status = _words("reported_yes" if row.reported else "reported_no")
    note = _words(NOTE_KEYS[row.standing]) if row.standing in NOTE_KEYS else None
    values: dict[str, CellValue] = {
        "rank": row.rank, "code": row.code, "name": row.name, "status": status,
        "missing_days": row.missing_days, "note": note,
        "on_time_rate": None if row.on_time.percent is None else round(row.on_time.percent, 1),
    }
    if row.reported:
        f = row.total
        values.update(new_received=f.new_received, carried_over=f.carried_over,
                      early=f.early, on_time=f.on_time, late=f.late,
                      pending_in_time=f.pending_in_time, overdue=f.overdue)
    return values


def missing_rows(rollup: ProvinceRollup) -> list[dict[str, CellValue]]:
    """Units not reported first, then those with missing days, most missing first."""
    short = sorted((r for r in rollup.rows if not r.reported or r.missing_days),
                   key=lambda r: (r.reported, -r.missing_days, r.code))
    return [{"index": i, "code": r.code, "name": r.name, "missing_days": r.missing_days,
             "status": _words("reported_yes" if r.reported else "reported_no")}
            for i, r in enumerate(short, start=1)]


def render_rollup_table(rollup: ProvinceRollup) -> Attachment:
    """The roll-up as an XLSX attachment, "tong-hop-<period key>.xlsx": every unit by
    rank, and a second sheet of the units that have not reported or have days missing."""
    period = rollup.period
    context = {"province": rollup.province, "period_key": period.key,
               "period_name": period_words.period_name(period), "start": period.start,
               "end": period.end}
    layout, filename = load_layout(LAYOUT, context)
    missing, _ = load_layout(MISSING_LAYOUT, context)
    notes = (
        TitleLine(_words("province_rate", rate=period_words.rate_text(rollup.on_time)),
                  bold=True, align="left"),
        TitleLine(_words("ranking_note"), italic=True, align="left"),
    )
    layout = dataclasses.replace(layout, notes=notes + layout.notes)
    return render_xlsx([Sheet(layout, [rollup_row(r) for r in rollup.rows]),
                        Sheet(missing, missing_rows(rollup))], filename)
