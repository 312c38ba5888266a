"""TEMP placeholder: the real XLSX table comes from the sum-docs branch."""

from __future__ import annotations

from bot.core.documents.xlsx import XLSX_MIME
from bot.core.messages import Attachment
from bot.core.summaries.model import PeriodReport


def render_period_table(report: PeriodReport) -> Attachment:
    return Attachment(f"bieu-{report.unit_code}-{report.period.key}.xlsx",
                      report.period.key.encode(), mime_type=XLSX_MIME)
