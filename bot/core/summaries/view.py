"""What the chat summary template reads: a compiled PeriodReport as plain values.

Numbers only; every word is in templates/summaries/. Percentages are formatted here the
Vietnamese way (95,0) because they are computed, never typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.core.summaries.model import Figures, PeriodReport, Rate, Source

# The figures the summary shows, in the form's order; derived ones are properties.
SHOWN = ("received", "online", "post", "in_person", "carried_over", "resolved", "early",
         "on_time", "withdrawn", "returned", "late", "pending", "pending_in_time", "overdue",
         "supplements", "fee", "paid_online", "digitized", "reused", "feedback",
         "feedback_on_time", "feedback_late", "feedback_pending",
         "very_satisfied", "satisfied", "unsatisfied")
# Where a derived figure comes from: the fields it is the sum of.
_PARTS = {"received": ("online", "post", "in_person", "carried_over"),
          "resolved": ("early", "on_time", "late"),
          "pending": ("pending_in_time", "overdue")}
CHANGES = ("received", "resolved", "pending", "late", "overdue")
RATES = ("on_time", "online", "paid_online", "digitized", "satisfaction", "feedback_on_time")


def percent(rate: Rate) -> str | None:
    value = rate.percent
    return None if value is None else f"{value:.1f}".replace(".", ",")


def figure_values(figures: Figures) -> dict[str, int | None]:
    return {name: getattr(figures, name) for name in SHOWN}


def source_of(name: str, sources: Mapping[str, Source]) -> str:
    parts = _PARTS.get(name, (name,))
    found = {sources[p] for p in parts if p in sources}
    if not found:
        return Source.DAILY.value
    return found.pop().value if len(found) == 1 else Source.MIXED.value


def _rates(rates: Mapping[str, Rate]) -> list[dict[str, Any]]:
    return [{"code": code, "numerator": rates[code].numerator,
             "denominator": rates[code].denominator, "percent": percent(rates[code])}
            for code in RATES if code in rates]


def _changes(now: Figures, before: Figures | None) -> list[dict[str, Any]]:
    if before is None:
        return []
    return [{"code": name, "now": getattr(now, name), "before": getattr(before, name),
             "delta": getattr(now, name) - getattr(before, name)} for name in CHANGES]


def summary_context(report: PeriodReport, *, chosen: str = "",
                    current_key: str = "") -> dict[str, Any]:
    """`chosen`: "closed" when a bare /baocao picked the period just closed, "current" when
    it picked the running one, "" when the person named it."""
    sources = report.sources
    return {
        "unit": report.unit_name, "province": report.province,
        "title": report.title, "key": report.period.key,
        "start": report.period.start, "end": report.period.end,
        "explicit": report.period.explicit, "due_by": report.due_by,
        "chosen": chosen, "current_key": current_key,
        "total": figure_values(report.total),
        "total_sources": {name: source_of(name, sources) for name in SHOWN},
        "sectors": [{
            "code": s.code, "label": s.label, "figures": figure_values(s.figures),
            "from_register": s.sources.get("online") is Source.REGISTER,
            "missing": list(s.missing_days),
        } for s in report.sectors],
        "rates": _rates(report.rates),
        "changes": _changes(report.total, report.previous),
        "breaks": [{"identity": b.identity, "sector": _label(report, b.sector),
                    "left": b.left, "right": b.right, "difference": b.difference,
                    "days": list(b.days)} for b in report.breaks],
        "missing_count": len(report.missing),
        "notes": list(report.notes),
        "weeks": [{"start": first, "percent": percent(rate), "numerator": rate.numerator,
                   "denominator": rate.denominator} for first, rate in report.weekly_on_time],
    }


def _label(report: PeriodReport, code: str | None) -> str | None:
    if code is None:
        return None
    return next((s.label for s in report.sectors if s.code == code), code)

