"""TEMP placeholder: the real DOCX report comes from the sum-docs branch."""

from __future__ import annotations

from bot.core.documents.docx_render import DOCX_MIME
from bot.core.messages import Attachment
from bot.core.summaries.model import PeriodReport


def render_period_report(report: PeriodReport) -> Attachment:
    return Attachment(f"baocao-{report.unit_code}-{report.period.key}.docx",
                      report.period.key.encode(), mime_type=DOCX_MIME)
