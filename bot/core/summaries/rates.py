"""Shares computed from compiled figures, never typed: numerator and denominator kept.

As Biểu 06/VPCP/KSTT and the QĐ 766 indicators count them: on time = (early + on time) /
resolved, where on time already includes withdrawn and returned dossiers; online share of
the dossiers received in the period; paid online of the dossiers with a fee; digitized of
the dossiers received in the period; satisfaction = (very satisfied + satisfied) / ratings;
feedback answered on time / feedback, only when the unit keeps feedback data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from bot.core.summaries.model import Figures, Rate


def rates_of(figures: Figures) -> dict[str, Rate]:
    found = {
        "on_time": Rate(figures.early + figures.on_time, figures.resolved),
        "online": Rate(figures.online, figures.new_received),
        "paid_online": Rate(figures.paid_online, figures.fee),
        "digitized": Rate(figures.digitized, figures.new_received),
        "satisfaction": Rate(figures.very_satisfied + figures.satisfied, figures.ratings),
    }
    if figures.feedback_on_time is not None:
        found["feedback_on_time"] = Rate(figures.feedback_on_time, figures.feedback)
    return found


def week_start(day: dt.date, period_start: dt.date) -> dt.date:
    """Weeks run Monday to Sunday; the first one starts with the period."""
    return max(period_start, day - dt.timedelta(days=day.weekday()))


def weekly(counts: Iterable[Mapping[dt.date, tuple[int, int]]], start: dt.date,
           end: dt.date) -> tuple[tuple[dt.date, Rate], ...]:
    """(week's first day, on-time rate) for each week of the period, from per-day
    (early + on time, resolved) counts of every sector."""
    weeks: dict[dt.date, list[int]] = {}
    day = start
    while day <= end:
        weeks.setdefault(week_start(day, start), [0, 0])
        day += dt.timedelta(days=1)
    for per_day in counts:
        for day, (good, total) in per_day.items():
            if start <= day <= end:
                into = weeks[week_start(day, start)]
                into[0] += good
                into[1] += total
    return tuple((first, Rate(good, total)) for first, (good, total) in sorted(weeks.items()))
