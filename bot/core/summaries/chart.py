"""A unit's period as a PNG chart: received and resolved per sector, on-time rate per week.

matplotlib with the Agg canvas on a `Figure` of its own (no pyplot, so no global state
between renders and no display); DejaVu Sans, which ships with matplotlib and has every
Vietnamese glyph. Every label is in templates/documents/period_words.toml ([chart]). The
output is deterministic: fixed size and resolution, and no "Software" or date metadata, so
the same report gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.core.documents import period_words
from bot.core.documents.formatting import safe_filename
from bot.core.messages import Attachment
from bot.core.summaries.model import PeriodReport

PNG_MIME = "image/png"
FONT = "DejaVu Sans"
DPI = 100
SIZE = (10.0, 7.5)  # inches: 1000 x 750 pixels
RECEIVED_COLOR, RESOLVED_COLOR, RATE_COLOR = "#4C72B0", "#55A868", "#C44E52"
# Metadata matplotlib would otherwise write: its version (changes with upgrades).
WEEKS_IN_FULL = 6  # more weeks than this get short, turned labels
FIXED_METADATA: dict[str, str | None] = {"Software": None}


def words(key: str, **context: object) -> str:
    return period_words.text("chart", key, **context)


def figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def png_bytes(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata=FIXED_METADATA)
    return out.getvalue()


def with_font(draw: Callable[[], Figure]) -> bytes:
    """Draw with DejaVu Sans set for this figure only (rc_context restores the rest)."""
    from matplotlib import rc_context

    with rc_context({"font.family": FONT, "svg.hashsalt": "motcua"}):
        return png_bytes(draw())


def _sectors(fig: Figure, report: PeriodReport) -> None:
    ax = fig.add_subplot(2, 1, 1)
    ax.set_title(words("sectors_title"), fontsize=11)
    labels = [s.label for s in report.sectors]
    if not labels:
        ax.text(0.5, 0.5, words("no_data"), ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return
    positions = range(len(labels))
    width = 0.38
    ax.bar([p - width / 2 for p in positions], [s.figures.received for s in report.sectors],
           width, label=words("received"), color=RECEIVED_COLOR)
    ax.bar([p + width / 2 for p in positions], [s.figures.resolved for s in report.sectors],
           width, label=words("resolved"), color=RESOLVED_COLOR)
    ax.set_xticks(list(positions), labels, rotation=20 if len(labels) > 4 else 0,
                  ha="right" if len(labels) > 4 else "center", fontsize=9)
    ax.set_ylabel(words("count_axis"))
    ax.legend(fontsize=9)


def _weekly(fig: Figure, report: PeriodReport) -> None:
    ax = fig.add_subplot(2, 1, 2)
    ax.set_title(words("weekly_title"), fontsize=11)
    weeks = [(start, rate.percent) for start, rate in report.weekly_on_time]
    known = [(start, percent) for start, percent in weeks if percent is not None]
    if not known:
        ax.text(0.5, 0.5, words("no_data"), ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return
    positions = range(len(weeks))
    ax.bar([p for p, (_, percent) in zip(positions, weeks, strict=True) if percent is not None],
           [percent for _, percent in known], 0.6, color=RATE_COLOR)
    # A quarter or a year has 13 or 52 weeks: short labels, turned, so they never overlap.
    many = len(weeks) > WEEKS_IN_FULL
    label = "week_short" if many else "week_label"
    ax.set_xticks(list(positions), [words(label, start=start) for start, _ in weeks],
                  fontsize=7 if many else 9, rotation=90 if many else 0)
    ax.set_ylim(0, 105)
    ax.set_ylabel(words("rate_axis"))


def render_chart(report: PeriodReport) -> Attachment:
    """The chart as a PNG attachment, "bieu-do-<unit code>-<period key>.png"."""

    def draw() -> Figure:
        fig = figure(*SIZE)
        fig.suptitle(words("title", unit_name=report.unit_name,
                           period_name=period_words.period_name(report.period)),
                     fontsize=13, fontweight="bold")
        _sectors(fig, report)
        _weekly(fig, report)
        fig.tight_layout()
        return fig

    name = safe_filename(f"bieu-do-{report.unit_code}-{report.period.key}.png")
    return Attachment(filename=name, content=with_font(draw), mime_type=PNG_MIME)
