"""The QĐ 766 estimate: indicators shipped in bot/data, the bot's own definitions computed
per calendar month, the rest listed with a reason, and the chat snippet says "estimate"."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from bot.core.summaries.model import Figures
from bot.core.summaries.qd766 import (
    MonthFigures,
    estimate_qd766,
    indicators,
    qd766_context,
)
from bot.rendering import Renderer

MARCH = Figures(online=30, in_person=12, carried_over=5, early=20, on_time=15, late=2,
                repeated_supplements=3, fee=20, paid_online=15, digitized=38, reused=9,
                feedback=2, feedback_on_time=1)


def test_the_shipped_indicators_are_the_portal_s_24_worth_100_points() -> None:
    rows = indicators()
    assert len(rows) == 24
    assert sum(i.max_score or 0 for i in rows) == 100
    assert {i.stt for i in rows if not i.commune} == {6, 8, 9, 16, 17}
    assert rows[4].name == "Tỷ lệ hồ sơ xử lý đúng hạn (trước hạn, đúng hạn)"
    assert rows[4].max_score == 20


def test_one_month_each_indicator_by_its_definition() -> None:
    estimate = estimate_qd766([MonthFigures(date(2026, 3, 1), MARCH, repeated_known=True)])
    got = {e.indicator.stt: (e.rate.numerator, e.rate.denominator, e.points)
           for e in estimate.overall.indicators}
    assert got == {
        5: (32, 37, 17.3),  # 35 early/on time, less 3 dossiers supplemented more than once
        12: (38, 42, 3.62),
        14: (9, 42, 0.43),
        21: (1, 2, 3.0),
        23: (30, 37, 4.86),  # 100% - 5 late of 37 - 2 complaints of 37
        24: (15, 20, 7.5),
    }
    assert estimate.overall.points == 36.71
    assert estimate.overall.max_points == 48
    reasons = {u.indicator.stt: u.reason for u in estimate.overall.uncomputed}
    assert reasons[6] == "province_only" and reasons[11] == "electronic_result"
    assert len(got) + len(reasons) == 24


def test_without_feedback_data_or_dossiers_nothing_is_invented() -> None:
    empty = estimate_qd766([MonthFigures(date(2026, 4, 1), Figures())]).overall
    assert empty.points == 0 and empty.max_points == 0  # 0/0 everywhere: no points at all
    assert {u.indicator.stt: u.reason for u in empty.uncomputed}[21] == "no_data"
    assert all(e.points is None for e in empty.indicators)


def test_months_are_estimated_apart_and_together() -> None:
    april = dataclasses.replace(MARCH, early=10, on_time=0, late=10, repeated_supplements=0,
                                feedback_on_time=None, feedback=0)
    result = estimate_qd766([MonthFigures(date(2026, 4, 1), april),
                             MonthFigures(date(2026, 3, 1), MARCH, repeated_known=True)])
    assert [m.first_month for m in result.months] == [date(2026, 3, 1), date(2026, 4, 1)]
    on_time = {e.indicator.stt: e.rate for e in result.overall.indicators}[5]
    assert (on_time.numerator, on_time.denominator) == (42, 57)
    assert not result.overall.repeated_known  # April came from daily figures
    assert 21 not in {e.indicator.stt for e in result.overall.indicators}


@pytest.mark.parametrize("months", [
    [], [MonthFigures(date(2026, 3, 15), MARCH)],
    [MonthFigures(date(2026, 3, 1), MARCH), MonthFigures(date(2026, 3, 1), MARCH)],
])
def test_bad_months_are_refused(months: list[MonthFigures]) -> None:
    with pytest.raises(ValueError):
        estimate_qd766(months)


@pytest.mark.parametrize("channel", ["", "telegram"])
def test_the_snippet_says_estimate_and_lists_what_it_cannot_compute(channel: str) -> None:
    estimate = estimate_qd766([MonthFigures(date(2026, 3, 1), MARCH)])
    text = Renderer(channel).text("summaries/qd766", qd766=qd766_context(estimate))
    assert text.startswith("ƯỚC TÍNH điểm Bộ chỉ số 766 (không phải điểm chính thức")
    assert "Tháng 3/2026: ước tính 36,7/48 điểm" in text
    assert "• Tỷ lệ hồ sơ thanh toán trực tuyến: 15/20 (75,0%) → 7,5/10 điểm" in text
    assert "bổ sung quá một lần" in text  # daily figures: the caveat is shown
    assert "không kể 5 chỉ số chỉ áp dụng cho cấp tỉnh" in text
    # Not computed: grouped by reason, each group by the indicators' numbers, in order.
    assert "• 13: hệ thống không theo dõi chứng thực bản sao điện tử." in text
    assert "• 1, 2, 3: hệ thống không theo dõi việc công bố, công khai thủ tục." in text
    assert text.index("• 1, 2, 3:") < text.index("• 13:") < text.index("• 22:")


def test_a_range_shows_each_month() -> None:
    result = estimate_qd766([MonthFigures(date(2026, 3, 1), MARCH),
                             MonthFigures(date(2026, 4, 1), MARCH)])
    text = Renderer("").text("summaries/qd766", qd766=qd766_context(result))
    assert "Từ tháng 3/2026 đến tháng 4/2026: ước tính" in text
    assert "(tháng 3: 36,7/48; tháng 4: 36,7/48)." in text
