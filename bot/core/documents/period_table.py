"""A unit's period figures as the statistics table (XLSX): one row per sector and a total.

Layout: Biểu 07a/BTP/KSTT as issue 9 describes it (TT 09/2026/TT-BTP; the older Biểu
06/VPCP/KSTT of TT 01/2020/TT-VPCP has the same logic). The official form could not be read,
so the headings are NOT verified (templates/documents/README.md):

    (3) = (4) online in full + (5) online in part + (6) by post + (7) in person
          + (8) carried over;   (9) = (10) early + (11) on time + (12) late;
    (13) = (14) within time + (15) overdue.

(3), (9) and (13) are Excel formulas on every row and on the totals row, the other totals
are SUMs, so the sheet stays checkable and a figure typed over a formula shows.

Never an invented split: where a sector's figures do not split online dossiers
(`online_full`/`online_part` None), column (4) holds the merged online figure, (5) stays
empty and a note under the table names the rows; where by-post is not told apart (`post`
None), (6) stays empty and (7) holds both, with a note. Missing days and identity breaks
are counted in a note (the report names them). A second sheet holds the feedback and
satisfaction counts when the unit keeps feedback data (`feedback_on_time` not None).
"""

from __future__ import annotations

import dataclasses

from bot.core.documents import period_words
from bot.core.documents.xlsx import CellValue, Sheet, SheetLayout, TitleLine, render_xlsx
from bot.core.documents.xlsx_layouts import load_layout
from bot.core.messages import Attachment
from bot.core.summaries.model import Figures, PeriodReport

LAYOUT = "period_table"
FEEDBACK_LAYOUT = "period_feedback"


def form_row(index: int, label: str, f: Figures) -> dict[str, CellValue]:
    """One row of the form; (3), (9), (13) are left to the sheet's formulas."""
    split = f.online_full is not None and f.online_part is not None
    return {
        "index": index,
        "sector": label,
        "online_full": f.online_full if split else f.online,
        "online_part": f.online_part if split else None,
        "post": f.post,
        "in_person": f.in_person,
        "carried_over": f.carried_over,
        "early": f.early,
        "on_time": f.on_time,
        "late": f.late,
        "pending_in_time": f.pending_in_time,
        "overdue": f.overdue,
    }


def feedback_row(index: int, label: str, f: Figures) -> dict[str, CellValue]:
    return {
        "index": index,
        "sector": label,
        "feedback": f.feedback,
        "feedback_on_time": f.feedback_on_time,
        "very_satisfied": f.very_satisfied,
        "satisfied": f.satisfied,
        "unsatisfied": f.unsatisfied,
    }


def table_context(report: PeriodReport) -> dict[str, object]:
    return {
        "unit_name": report.unit_name,
        "unit_code": report.unit_code,
        "period_key": report.period.key,
        "period_name": period_words.period_name(report.period),
        "start": report.period.start,
        "end": report.period.end,
    }


def _note(key: str, **context: object) -> TitleLine:
    return TitleLine(period_words.text("table_notes", key, **context), italic=True,
                     align="left")


def table_notes(report: PeriodReport) -> tuple[TitleLine, ...]:
    """The notes this report needs: merged columns (by row number), missing days, breaks."""
    merged_online = [str(i) for i, s in enumerate(report.sectors, start=1)
                     if s.figures.online_full is None or s.figures.online_part is None]
    merged_post = [str(i) for i, s in enumerate(report.sectors, start=1)
                   if s.figures.post is None]
    notes = []
    if merged_online:
        notes.append(_note("online_merged", rows=", ".join(merged_online)))
    if merged_post:
        notes.append(_note("post_merged", rows=", ".join(merged_post)))
    if report.missing:
        notes.append(_note("missing", count=len(report.missing)))
    if report.breaks:
        notes.append(_note("breaks", count=len(report.breaks)))
    return tuple(notes)


def _with_notes(layout: SheetLayout, notes: tuple[TitleLine, ...]) -> SheetLayout:
    return dataclasses.replace(layout, notes=notes + layout.notes)


def render_period_table(report: PeriodReport) -> Attachment:
    """The table as an XLSX attachment, "bieu-so-lieu-<unit code>-<period key>.xlsx"."""
    context = table_context(report)
    layout, filename = load_layout(LAYOUT, context)
    sheets = [Sheet(_with_notes(layout, table_notes(report)), [
        form_row(i, s.label, s.figures) for i, s in enumerate(report.sectors, start=1)])]
    if report.total.feedback_on_time is not None:
        feedback, _ = load_layout(FEEDBACK_LAYOUT, context)
        sheets.append(Sheet(feedback, [
            feedback_row(i, s.label, s.figures)
            for i, s in enumerate(report.sectors, start=1)]))
    return render_xlsx(sheets, filename)
