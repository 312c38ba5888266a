"""`motcua qr`: the printable QR codes of a unit's procedures (A4 PDF plus one PNG each).

Each code opens that procedure's card where the unit's citizens are: the Telegram bot, the
web chat, or the Zalo OA (bot/core/deep_links.py). The payload names the unit, so the card
shows its address, hours and notes; procedures the unit hid get no code.
"""

from __future__ import annotations

import re
from pathlib import Path

import typer
from sqlmodel import select

from bot.app import build_app
from bot.cli_admin import fail, say
from bot.core.clock import utcnow
from bot.core.deep_links import TARGETS, LinkSettings, Target, card_link, card_payload
from bot.core.documents.qr_sheet import QrItem, QrSheet, qr_png, render_qr_sheet
from bot.core.procedures import CatalogSnapshot
from bot.db import transaction
from bot.settings import Settings
from models import Unit, UnitProcedure

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_SETTING = {"telegram": "TELEGRAM_BOT_USERNAME", "web": "WEB_CHAT_PUBLIC_URL",
            "zalo": "ZALO_OA_LINK"}


def link_settings(settings: Settings) -> LinkSettings:
    return LinkSettings(settings.telegram_bot_username, settings.web_chat_public_url,
                        settings.zalo_oa_link)


def _items(snapshot: CatalogSnapshot, hidden: set[str], fields: list[str], target: Target,
           unit_id: int, where: LinkSettings) -> tuple[list[QrItem], int]:
    """The codes to print, by field then name, and how many of the chosen fields' procedures
    the unit hid."""
    wanted = {f.casefold().strip() for f in fields}
    chosen = [p for p in snapshot.procedures.values()
              if p.visible and (not wanted or p.field.casefold().strip() in wanted)]
    shown = sorted((p for p in chosen if p.code not in hidden),
                   key=lambda p: (p.field, p.name, p.code))
    items = [QrItem(p.code, p.name, card_link(target, card_payload(p.code, unit_id), where))
             for p in shown]
    return items, len(chosen) - len(shown)


def qr(
    unit: str = typer.Option(..., "--unit", help="Mã đơn vị (motcua unit list)"),
    field: list[str] = typer.Option([], "--field", help="Chỉ thủ tục của lĩnh vực này; "
                                     "lặp lại cho nhiều lĩnh vực"),
    target: str = typer.Option("telegram", "--target", help="telegram, web hoặc zalo"),
    out: Path | None = typer.Option(None, "--out", help="Thư mục ghi tệp; mặc định "
                                    "DATA_DIR/qr/<đơn vị>-<đích>"),
) -> None:
    """An A4 PDF with one QR code per procedure the unit handles, and a PNG of each code."""
    if target not in TARGETS:
        fail("cli/qr_bad_target", target=target, targets=", ".join(TARGETS))
    chosen: Target = target  # type: ignore[assignment]
    bot = build_app()
    where = link_settings(bot.settings)
    if not card_link_configured(chosen, where):
        fail("cli/qr_no_target", target=chosen, variable=_SETTING[chosen])
    now = utcnow()
    with transaction(bot.sessions) as session:
        found = session.exec(select(Unit).where(Unit.code == unit)).first()
        if found is None or found.id is None:
            fail("cli/unit_missing", code=unit)
            raise AssertionError("unreachable")
        hidden = set(session.exec(select(UnitProcedure.code).where(
            UnitProcedure.unit_id == found.id, UnitProcedure.hidden)).all())
        snapshot = bot.services.catalog.snapshot(session.connection(), now)
        known = {f.field.casefold().strip() for f in snapshot.fields}
        unknown = [f for f in field if f.casefold().strip() not in known]
        if unknown:
            fail("cli/qr_unknown_field", unknown=unknown,
                 known=[f.field for f in snapshot.fields])
        items, skipped = _items(snapshot, hidden, field, chosen, found.id, where)
        unit_name, unit_code = found.name, found.code
    if not items:
        fail("cli/qr_nothing", unit=unit_code)
    slug = f"{_UNSAFE.sub('-', unit_code).strip('-') or 'don-vi'}-{chosen}"
    folder = out or bot.settings.data_dir / "qr" / slug
    pdf = render_qr_sheet(QrSheet(unit_name, chosen, tuple(items), now), f"ma-qr-{slug}.pdf")
    (folder / "png").mkdir(parents=True, exist_ok=True)
    (folder / pdf.filename).write_bytes(pdf.content)
    for item in items:
        (folder / "png" / f"{item.code}.png").write_bytes(qr_png(item.link))
    say("cli/qr_done", count=len(items), pdf=str(folder / pdf.filename),
        png=str(folder / "png"), target=chosen, hidden=skipped)


def card_link_configured(target: Target, where: LinkSettings) -> bool:
    try:
        card_link(target, "tt_0_000000", where)
    except ValueError:
        return False
    return True
