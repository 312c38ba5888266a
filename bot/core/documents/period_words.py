"""The sentences every period file shares, from templates/documents/period_words.toml.

A period's name ("tháng 3/2026", "quý I/2026"), a rate as "45/50 (90,0%)", an identity break
and a sector's missing days as sentences. The DOCX report, the XLSX table, the chart and the
province roll-up all name a period and a rate through here, so they never disagree.
"""

from __future__ import annotations

from typing import Any

from bot.core.documents.formatting import day, document_toml, render_text, to_local
from bot.core.summaries.model import (
    IdentityBreak,
    Period,
    PeriodReport,
    Rate,
    Source,
)

WORDS = "period_words"
ROMAN = ("I", "II", "III", "IV")


def words() -> dict[str, Any]:
    return document_toml(WORDS)


def text(section: str, key: str, **context: object) -> str:
    """One sentence of period_words.toml, filled."""
    return render_text(words()[section][key], context)


def period_name(period: Period) -> str:
    """"tháng 3/2026", "quý I/2026", "6 tháng đầu năm 2026", or the explicit range."""
    key = "explicit" if period.explicit else str(period.kind)
    roman = ROMAN[period.number - 1] if 1 <= period.number <= 4 else str(period.number)
    return text("period_names", key, number=period.number, year=period.year, roman=roman,
                start=period.start, end=period.end)


def rate_text(rate: Rate | None) -> str:
    """"45/50 (90,0%)", or the words for "nothing to compute it on"."""
    if rate is None or rate.percent is None:
        return text("rate", "none")
    return text("rate", "text", numerator=rate.numerator, denominator=rate.denominator,
                percent=rate.percent)


def days_text(days: tuple[Any, ...]) -> str:
    return ", ".join(day(d) for d in days)


def sector_labels(report: PeriodReport) -> dict[str, str]:
    return {s.code: s.label for s in report.sectors}


def break_sentence(item: IdentityBreak, labels: dict[str, str]) -> str:
    """One identity break: which identity, where, by how much, on which days."""
    names = words()["identities"]
    identity = (render_text(names[item.identity], {}) if item.identity in names
                else render_text(names["other"], {"code": item.identity}))
    sector = None if item.sector is None else labels.get(item.sector, item.sector)
    return text("sentences", "break", identity=identity, sector=sector, left=item.left,
                right=item.right, difference=item.difference, days=days_text(item.days))


def missing_sentences(report: PeriodReport) -> list[str]:
    """One sentence per sector that has days without a report."""
    return [
        text("sentences", "missing", sector=s.label, count=len(s.missing_days),
             days=days_text(s.missing_days))
        for s in report.sectors if s.missing_days
    ]


def sources_sentence(report: PeriodReport) -> str:
    everything = set(report.sources.values())
    kinds = everything - {Source.FEEDBACK}
    if kinds == {Source.REGISTER}:
        source = text("sentences", "source_register")
    elif Source.REGISTER in kinds or Source.MIXED in kinds:
        # MIXED: a total whose sectors came from both (some from the register).
        source = text("sentences", "source_both")
    else:
        source = text("sentences", "source_daily")
    if Source.FEEDBACK in everything:
        source += text("sentences", "source_feedback")
    compiled = None if report.compiled_at is None else to_local(report.compiled_at)
    return text("sentences", "sources", sources=source, compiled_at=compiled)
