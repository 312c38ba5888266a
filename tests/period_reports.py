"""PeriodReport values built by hand, for the tests of the period files (DOCX, XLSX, chart,
roll-up, QĐ 766). Numbers are small and each identity holds unless a test breaks it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from bot.core.summaries.model import (
    Figures,
    IdentityBreak,
    Period,
    PeriodKind,
    PeriodReport,
    Rate,
    SectorFigures,
    Source,
)

MARCH = Period(PeriodKind.MONTH, 2026, 3, date(2026, 2, 15), date(2026, 3, 14), "2026-03")

CIVIL = Figures(online=30, in_person=12, carried_over=5, early=20, on_time=15, late=2,
                withdrawn=1, returned=1, pending_in_time=8, overdue=2, supplements=3, fee=20,
                paid_online=15, digitized=38, reused=9, very_satisfied=10, satisfied=5,
                unsatisfied=1)
LAND = Figures(online=4, in_person=6, carried_over=10, early=2, on_time=5, late=3,
               pending_in_time=8, overdue=2, supplements=4, fee=8, paid_online=2,
               digitized=7, reused=1, very_satisfied=1, satisfied=2, unsatisfied=2)
FEEDBACK = {"feedback": 4, "feedback_on_time": 3}


def add(*items: Figures) -> Figures:
    """Field by field sum; an optional split stays None if any part lacks it."""
    values: dict[str, int | None] = {}
    for field in dataclasses.fields(Figures):
        parts = [getattr(item, field.name) for item in items]
        values[field.name] = None if any(p is None for p in parts) else sum(
            p for p in parts if p is not None)
    return Figures(**values)  # type: ignore[arg-type]


def report(
    *,
    unit_code: str = "X001",
    unit_name: str = "Trung tâm Phục vụ hành chính công xã Tân Phước",
    sectors: tuple[tuple[str, str, Figures], ...] = (
        ("hotich", "Hộ tịch", CIVIL), ("datdai", "Đất đai", LAND)),
    breaks: tuple[IdentityBreak, ...] = (),
    missing: dict[str, tuple[date, ...]] | None = None,
    period: Period = MARCH,
    weekly: bool = True,
    sources: dict[str, Source] | None = None,
) -> PeriodReport:
    missing = missing or {}
    # A sector missing every day of the period sent nothing.
    rows = tuple(SectorFigures(code, label, figures, missing.get(code, ()),
                               reported=len(missing.get(code, ())) < period.days)
                 for code, label, figures in sectors)
    total = add(*(r.figures for r in rows)) if rows else Figures()
    weeks = tuple(
        (period.start + timedelta(days=7 * i), Rate(7 + i, 10)) for i in range(4)
    ) if weekly else ()
    return PeriodReport(
        unit_id=1, unit_code=unit_code, unit_name=unit_name, province="Tỉnh Đồng Nai",
        period=period, sectors=rows, total=total, previous=None,
        sources=sources or {"online": Source.DAILY},
        breaks=breaks, rates={"on_time": Rate(total.early + total.on_time, total.resolved)},
        weekly_on_time=weeks, compiled_at=datetime(2026, 3, 16, 0, 30, tzinfo=UTC),
    )


def with_feedback(figures: Figures, feedback: int = 4, on_time: int = 3) -> Figures:
    return dataclasses.replace(figures, feedback=feedback, feedback_on_time=on_time)
