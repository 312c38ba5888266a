"""TEMP placeholder: the real chart comes from the sum-docs branch."""

from __future__ import annotations

from bot.core.messages import Attachment
from bot.core.summaries.model import PeriodReport


def render_chart(report: PeriodReport) -> Attachment:
    return Attachment(f"bieudo-{report.unit_code}-{report.period.key}.png",
                      report.period.key.encode(), mime_type="image/png")
