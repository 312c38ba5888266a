"""The period chart PNG: a real PNG of the expected size, same bytes for the same report,
and every Vietnamese glyph found (matplotlib's "Glyph … missing" warning is an error here)."""

from __future__ import annotations

import dataclasses
import warnings
from datetime import date, timedelta

from bot.core.summaries.chart import PNG_MIME, render_chart
from bot.core.summaries.model import Rate
from tests.period_reports import report
from tests.summaries_png import png_size


def test_the_chart_is_a_png_of_the_expected_size_with_every_glyph() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        attachment = render_chart(report(
            sectors=(("hotich", "Hộ tịch – Chứng thực", report().sectors[0].figures),
                     ("datdai", "Đất đai, Tài nguyên", report().sectors[1].figures)),
            unit_name="Trung tâm Phục vụ hành chính công phường Hưng Lợi, Ninh Kiều"))
    assert attachment.mime_type == PNG_MIME
    assert attachment.filename == "bieu-do-X001-2026-03.png"
    assert png_size(attachment.content) == (1000, 750)
    assert b"Matplotlib" not in attachment.content  # no version metadata


def test_the_same_report_gives_the_same_bytes() -> None:
    assert render_chart(report()).content == render_chart(report()).content
    assert render_chart(report()).content != render_chart(report(unit_name="Khác")).content


def test_an_empty_period_and_weeks_without_resolved_dossiers_still_draw() -> None:
    empty = report(sectors=(), weekly=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert png_size(render_chart(empty).content) == (1000, 750)
    base = report()
    gaps = dataclasses.replace(base, weekly_on_time=(
        (base.period.start, Rate(0, 0)), (base.period.end, Rate(3, 4))))
    assert png_size(render_chart(gaps).content) == (1000, 750)


def test_the_glyph_check_would_see_a_missing_glyph() -> None:
    import pytest

    with warnings.catch_warnings(), pytest.raises(UserWarning, match="missing from font"):
        warnings.simplefilter("error")
        render_chart(report(unit_name="漢字"))


def test_a_year_of_weeks_still_draws_at_the_same_size() -> None:
    base = report()
    weeks = tuple((date(2025, 3, 15) + timedelta(days=7 * i), Rate(i % 10, 10))
                  for i in range(52))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        content = render_chart(dataclasses.replace(base, weekly_on_time=weeks)).content
    assert png_size(content) == (1000, 750)
