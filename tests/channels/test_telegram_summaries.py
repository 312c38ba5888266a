"""Period summaries over Telegram, through real PTB objects (HTTP answered in memory): a lead's
/baocao and its file buttons, and the summary the outbox sends by itself with its three files
as documents."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import SecretStr
from telegram.ext import Application

from bot.app import App
from bot.channels.telegram import TelegramMessenger, build_telegram
from bot.core.people import create_unit
from bot.db import transaction
from bot.delivery import Deliverer
from models import DailyValue, Role, User
from tests.channels.test_telegram_documents import last_buttons, send
from tests.documents_read import all_text, open_docx
from tests.telegram_fakes import RecordingRequest, button_update, text_update

LEAD_CHAT = 7101
NOW = datetime(2025, 3, 17, 1, 0, tzinfo=UTC)  # Monday 17/03/2025 08:00 in Hà Nội


def seed(app: App) -> None:
    """A unit whose lead is on Telegram, with "tháng 3/2025" (15/02-14/03) reported."""
    with transaction(app.sessions) as session:
        unit = create_unit(session, code="tg", name="Trung tâm xã Tân Hoà", now=NOW,
                           sectors=["xa"])
        lead = User(channel="telegram", address=str(LEAD_CHAT), role=Role.LEAD.value,
                    unit_id=unit.id, created_at=NOW, last_seen_at=NOW)
        session.add(lead)
        session.flush()
        day = date(2025, 2, 15)
        while day <= date(2025, 3, 14):
            for element, value in {"tt": 4, "tiep": 2, "som": 1, "dung": 5, "tre": 0,
                                   "th": 3, "qh": 0}.items():
                session.add(DailyValue(unit_id=unit.id, day=day, sector="xa", element=element,
                                       value=value, updated_by=lead.id, updated_at=NOW))
            day += timedelta(days=1)


@pytest.fixture
async def telegram(app: App) -> AsyncIterator[tuple[Application, RecordingRequest]]:
    request = RecordingRequest()
    settings = app.settings.model_copy(update={"telegram_token": SecretStr("123:ABC")})
    application, _ = build_telegram(settings, app.dispatcher, request=request,
                                    with_updater=False, rate_limit=False, clock=lambda: NOW)
    async with application:
        yield application, request


def documents(request: RecordingRequest) -> list[tuple[str, bytes]]:
    return [params["files"]["document"][:2] for name, params in request.calls
            if name == "sendDocument"]


async def test_a_lead_asks_for_the_summary_and_its_files(telegram, app: App) -> None:
    application, request = telegram
    seed(app)
    await send(application, text_update(1, LEAD_CHAT, "/baocao 3/2025"))
    # A long summary is split at Telegram's limit; the buttons come under the last part.
    summary = "\n".join(m["text"] for m in request.sent())
    assert "Báo cáo tháng 3/2025 — Trung tâm xã Tân Hoà" in summary
    assert "Số liệu từ 15/02/2025 đến 14/03/2025" in summary
    buttons = dict(last_buttons(request))
    await send(application, button_update(2, LEAD_CHAT, buttons["📄 Báo cáo (DOCX)"]))
    await send(application, button_update(3, LEAD_CHAT, buttons["📊 Biểu số liệu (XLSX)"]))
    [(docx_name, docx), (xlsx_name, xlsx)] = documents(request)
    assert docx_name.endswith(".docx") and xlsx_name.endswith(".xlsx")
    text = all_text(open_docx(docx))
    assert "TRUNG TÂM XÃ TÂN HOÀ" in text.upper() and "15/02/2025" in text
    assert xlsx.startswith(b"PK")


async def test_the_outbox_sends_the_summary_with_its_files_once(telegram, app: App) -> None:
    application, request = telegram
    seed(app)
    deliverer = Deliverer(app.sessions, {"telegram": TelegramMessenger(application)},
                          app.planners, worker="w1", composers=app.composers)
    await deliverer.tick(NOW)
    await deliverer.tick(NOW + timedelta(minutes=10))
    summaries = [m for m in request.sent() if "Báo cáo quý I/2025" in m["text"]]
    assert len(summaries) == 1 and summaries[0]["chat_id"] == LEAD_CHAT
    assert sorted(name.rsplit(".", 1)[1] for name, _ in documents(request)) == [
        "docx", "png", "xlsx"]
