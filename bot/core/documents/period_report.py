"""A unit's period report as a DOCX: "Báo cáo kết quả tiếp nhận, giải quyết TTHC tháng …".

Layout: the administrative layout of Nghị định 30/2020/NĐ-CP Phụ lục I (admin_layout.py):
Quốc hiệu, Tiêu ngữ, issuing body (and its parent when given), number and date line, title,
body, Nơi nhận, signature block. No decree or circular prescribes this report's text: its
sections are those the centers' own monthly reports use (tiếp nhận, giải quyết, ngành dọc,
số hóa, thanh toán trực tuyến, phản ánh kiến nghị, đánh giá hài lòng) — our choice, in
templates/documents/period_report.toml.

Everything comes from one `PeriodReport`: the period's name, its dates, the year, the unit's
name, every figure and rate (rates are `Rate` values shown as numerator/denominator and a
percent, never typed). Missing days and identity breaks are stated in section II. What only
the lead can write (causes, assessment, next tasks) is a "[Lãnh đạo bổ sung: …]" marker;
what the caller does not know (number, date of issue, signer) is a dotted blank.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from bot.core.documents import period_words
from bot.core.documents.docx_render import render_docx
from bot.core.messages import Attachment
from bot.core.summaries.model import Figures, PeriodReport, Rate

TEMPLATE = "period_report"
# Rates the report shows; each read from report.rates, or else computed from the total.
RATE_KEYS = ("on_time", "online", "digitized", "reused", "paid_online", "feedback_on_time",
             "satisfaction")


@dataclass(frozen=True)
class ReportHeader:
    """What the figures do not say: the header and signature block. Unknown values print
    as dotted blanks for the lead to fill in Word."""

    parent_body: str | None = None  # e.g. "UBND xã Tân Phước"
    place_name: str | None = None
    number: str | None = None
    issued_on: date | None = None
    signer_authority: str | None = None  # e.g. "KT. GIÁM ĐỐC"
    signer_title: str | None = None
    signer_name: str | None = None
    recipients: tuple[str, ...] = ()
    archive: str | None = None


def figures_dict(figures: Figures) -> dict[str, object]:
    """Every field of `figures` and its sums (received, resolved, pending, …)."""
    values: dict[str, object] = {f.name: getattr(figures, f.name) for f in fields(figures)}
    for name in ("new_received", "received", "resolved", "pending", "ratings"):
        values[name] = getattr(figures, name)
    return values


def derived_rate(figures: Figures, key: str) -> Rate | None:
    """The share `key` of `figures` (the fallback when the compiler did not give it):
    on time = (10)+(11) over (9); online = (4)+(5) over new received; digitized, reused
    over new received; paid online over dossiers with a fee; feedback handled on time over
    feedback; satisfaction = satisfied and very satisfied over all ratings."""
    f = figures
    pairs: dict[str, tuple[int, int] | None] = {
        "on_time": (f.early + f.on_time, f.resolved),
        "online": (f.online, f.new_received),
        "digitized": (f.digitized, f.new_received),
        "reused": (f.reused, f.new_received),
        "paid_online": (f.paid_online, f.fee),
        "feedback_on_time": (None if f.feedback_on_time is None
                             else (f.feedback_on_time, f.feedback)),
        "satisfaction": (f.very_satisfied + f.satisfied, f.ratings),
    }
    pair = pairs.get(key)
    return None if pair is None else Rate(*pair)


def report_rate(report: PeriodReport, key: str) -> Rate | None:
    return report.rates.get(key) or derived_rate(report.total, key)


def report_context(report: PeriodReport, header: ReportHeader) -> dict[str, object]:
    labels = period_words.sector_labels(report)
    total = report.total
    return {
        "unit_name": report.unit_name,
        "unit_code": report.unit_code,
        "period_key": report.period.key,
        "period_name": period_words.period_name(report.period),
        "start": report.period.start,
        "end": report.period.end,
        "explicit": report.period.explicit,  # the title already names the days
        "sources_sentence": period_words.sources_sentence(report),
        "t": figures_dict(total),
        "online_split": total.online_full is not None and total.online_part is not None,
        "post_split": total.post is not None,
        "has_feedback": total.feedback_on_time is not None,
        "rates": {key: period_words.rate_text(report_rate(report, key)) for key in RATE_KEYS},
        "sectors": [
            {"label": s.label, "f": figures_dict(s.figures),
             "on_time": period_words.rate_text(derived_rate(s.figures, "on_time"))}
            for s in report.sectors
        ],
        "missing": period_words.missing_sentences(report),
        "breaks": [period_words.break_sentence(b, labels) for b in report.breaks],
        "all_good": period_words.text("sentences", "all_good"),
        "parent_body": header.parent_body,
        "place_name": header.place_name,
        "number": header.number,
        "issued_on": header.issued_on,
        "signer_authority": header.signer_authority,
        "signer_title": header.signer_title,
        "signer_name": header.signer_name,
        "recipients": [line.strip().strip("-;. ") for line in header.recipients
                       if line.strip()],
        "archive": header.archive,
    }


def render_period_report(report: PeriodReport, header: ReportHeader | None = None,
                         ) -> Attachment:
    """The report as a DOCX attachment, "bao-cao-<unit code>-<period key>.docx"."""
    return render_docx(TEMPLATE, report_context(report, header or ReportHeader()))
