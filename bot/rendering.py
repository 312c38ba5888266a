"""Turn `Reply(template, context)` into text, from files under templates/.

A channel may override any template in `templates/<channel>/` (Telegram and the web chat
use HTML).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from bot.core.messages import RenderedReply, Reply

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
SUFFIX = ".j2"
# Channels whose messages are HTML: every value is escaped (the web chat's page too).
HTML_CHANNELS = ("telegram", "web")
# Channels that cannot reach a person later (a web visitor may have closed the page):
# templates offer nothing that arrives afterwards (`later_messages` is false).
NO_LATER_MESSAGES = ("web",)


def _number(value: object) -> str:
    """Vietnamese thousands separator: 12.345."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


def _moment(value: datetime | str) -> datetime:
    """A datetime, or one a planner put in a JSON context as ISO text (naive means UTC:
    SQLite stores UTC without an offset)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _localtime(value: datetime | str, tz: str = "Asia/Ho_Chi_Minh") -> str:
    """Stored UTC, shown in the unit's timezone, Vietnamese order: 16:30 14/03/2026."""
    return _moment(value).astimezone(ZoneInfo(tz)).strftime("%H:%M %d/%m/%Y")


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _localday(value: datetime | str, tz: str = "Asia/Ho_Chi_Minh") -> str:
    """The local date of a stored UTC moment: 14/03/2026."""
    return _moment(value).astimezone(ZoneInfo(tz)).strftime("%d/%m/%Y")


QUOTE_LIMIT = 200


def _quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """What a person typed, echoed back: on one line and at most `limit` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Renderer:
    """Renders replies for one channel; missing values are errors, never blanks."""

    def __init__(self, channel: str = "", templates_dir: Path = TEMPLATES_DIR) -> None:
        search = [templates_dir / channel, templates_dir] if channel else [templates_dir]
        self.channel = channel
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in search]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            autoescape=channel in HTML_CHANNELS,
            auto_reload=False,  # templates ship with the code; skip a stat() per message
        )
        self.env.filters["number"] = _number
        self.env.filters["localtime"] = _localtime
        self.env.filters["day"] = _day
        self.env.filters["localday"] = _localday
        self.env.filters["quote"] = _quote
        self.env.globals["later_messages"] = channel not in NO_LATER_MESSAGES

    def text(self, template: str, **context: object) -> str:
        return self.env.get_template(template + SUFFIX).render(**context).strip()

    def render(self, reply: Reply) -> RenderedReply:
        return RenderedReply(
            text=self.text(reply.template, **reply.context),
            choices=reply.choices,
            attachments=reply.attachments,
            choices_by_number=reply.choices_by_number,
            menu=reply.menu,
        )
