"""A center with staff and a lead, citizens sending feedback, and the outbox read back."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.app import App
from models import FeedbackAction, FeedbackTicket, Notification
from tests.chat import Chat

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_n = Notification.__table__  # type: ignore[attr-defined]
_t = FeedbackTicket.__table__  # type: ignore[attr-defined]
_a = FeedbackAction.__table__  # type: ignore[attr-defined]


def local(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


def send_feedback(chat: Chat, at: datetime, *, user: str = "citizen",
                  topic: str = "conduct", content: str = "Cán bộ hẹn đi hẹn lại nhiều lần.",
                  contact: str | None = "0912345678", subject: str | None = None) -> str:
    """The whole guided form; returns the bot's last answer."""
    chat.say("/phananh", user=user, at=at)
    chat.say(press=f"pa_form:topic:{topic}", user=user, at=at)
    if topic in ("procedure", "dossier"):
        if subject is None:
            chat.say(press="pa_form:skip", user=user, at=at)
        else:
            chat.say(subject, user=user, at=at)
    chat.say(content, user=user, at=at)
    if contact is None:
        chat.say(press="pa_form:consent:no", user=user, at=at)
    else:
        chat.say(press="pa_form:consent:yes", user=user, at=at)
        chat.say(contact, user=user, at=at)
    return chat.say(press="pa_form:send", user=user, at=at)


def code_in(text: str) -> str:
    found = re.search(r"PA-\d{4}-\d{5}", text)
    assert found, text
    return found.group(0)


def outbox(app: App, kind: str | None = None) -> list[dict[str, Any]]:
    query = select(_n.c.key, _n.c.kind, _n.c.address, _n.c.template, _n.c.context,
                   _n.c.choices).order_by(_n.c.id)
    if kind:
        query = query.where(_n.c.kind == kind)
    with app.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(query)]


def ticket_row(app: App, code: str) -> dict[str, Any]:
    with app.engine.connect() as connection:
        row = connection.execute(select(_t).where(_t.c.code == code)).first()
    assert row is not None
    return dict(row._mapping)


def actions_of(app: App, code: str) -> list[tuple[str, int | None]]:
    ticket = ticket_row(app, code)
    with app.engine.connect() as connection:
        return [(r.action, r.by) for r in connection.execute(
            select(_a.c.action, _a.c.by).where(_a.c.ticket_id == ticket["id"])
            .order_by(_a.c.id))]
