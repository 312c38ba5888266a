"""A province roll-up as a PNG: the on-time rate of every ranked unit, best at the top.

Horizontal bars, so a unit's name reads on its own line; the figure grows with the number
of units (ROW_INCHES each), so 114 communes stay readable (about 3,000 pixels tall, within
Telegram's photo limits of 10,000 px for width + height and a 1:20 side ratio). Units that
are not ranked (not reported, or nothing resolved) are counted in a line under the chart.
Same drawing rules as chart.py: Agg, DejaVu Sans, no metadata, same bytes for same input.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from bot.core.documents import period_words
from bot.core.documents.formatting import number, safe_filename
from bot.core.messages import Attachment
from bot.core.summaries.chart import PNG_MIME, RATE_COLOR, figure, with_font
from bot.core.summaries.rollup import ProvinceRollup

WIDTH = 9.0
ROW_INCHES = 0.25
MARGIN_INCHES = 1.8
MIN_HEIGHT = 3.0


def height_for(units: int) -> float:
    return max(MIN_HEIGHT, units * ROW_INCHES + MARGIN_INCHES)


def _words(key: str, **context: object) -> str:
    return period_words.text("rollup", key, **context)


def render_rollup_chart(rollup: ProvinceRollup) -> Attachment:
    """The chart as a PNG attachment, "tong-hop-<period key>.png"."""
    ranked = rollup.ranked

    def draw() -> Figure:
        fig = figure(WIDTH, height_for(len(ranked)))
        ax = fig.add_subplot(1, 1, 1)
        ax.set_title(_words("chart_title", province=rollup.province,
                            period_name=period_words.period_name(rollup.period)),
                     fontsize=12, fontweight="bold")
        positions = list(range(len(ranked)))
        rates = [r.on_time.percent or 0.0 for r in ranked]
        ax.barh(positions, rates, 0.7, color=RATE_COLOR)
        ax.set_yticks(positions, [f"{r.rank}. {r.name}" for r in ranked], fontsize=8)
        ax.invert_yaxis()  # rank 1 at the top
        ax.set_xlim(0, 110)
        ax.set_xlabel(_words("chart_axis"))
        for position, rate in zip(positions, rates, strict=True):
            ax.text(rate + 1, position, number(rate, 1), va="center", fontsize=7)
        unranked = len(rollup.rows) - len(ranked)
        if unranked:
            fig.text(0.01, 0.005, _words("chart_unranked", count=unranked), fontsize=9,
                     ha="left", va="bottom")
        fig.tight_layout(rect=(0, 0.02 if unranked else 0, 1, 1))
        return fig

    name = safe_filename(f"tong-hop-{rollup.period.key}.png")
    return Attachment(filename=name, content=with_font(draw), mime_type=PNG_MIME)
