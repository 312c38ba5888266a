"""The files of a period summary, by the kind its button names: `baocao:<kind>:<key>`.

The renderers are pure functions of the compiled `PeriodReport` (bot/core/documents/
period_report.py, period_table.py and summaries/chart.py), so the chat, the CLI and the
automatic sending all get the same files from the same value.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core.documents.period_report import render_period_report
from bot.core.documents.period_table import render_period_table
from bot.core.messages import Attachment
from bot.core.summaries.chart import render_chart
from bot.core.summaries.model import PeriodReport

RENDERERS: dict[str, Callable[[PeriodReport], Attachment]] = {
    "docx": render_period_report,
    "xlsx": render_period_table,
    "png": render_chart,
}
KINDS = tuple(RENDERERS)


def render_file(kind: str, report: PeriodReport) -> Attachment:
    """The file of `kind` ("docx", "xlsx", "png"); KeyError for any other kind."""
    return RENDERERS[kind](report)


def render_all(report: PeriodReport) -> list[Attachment]:
    return [render(report) for render in RENDERERS.values()]
