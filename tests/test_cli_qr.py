"""`motcua qr` as a real process: the PDF opened again, its codes decoded and followed."""

import io
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from PIL import Image
from pydantic import SecretStr
from telegram import Update

from bot.app import build_app
from bot.channels.console import run_console
from bot.channels.telegram import build_telegram
from bot.core.deep_links import parse_payload
from tests.conftest import make_settings
from tests.telegram_fakes import RecordingRequest, text_update

NOW = datetime(2025, 3, 14, 2, 0, tzinfo=UTC)
HIDDEN = "1.001193"  # đăng ký khai sinh, hidden by the unit: no code for it


def motcua(data: Path, *args: str, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "WEB_CHAT_", "ZALO_"))}
    env.update(DATA_DIR=str(data), DATABASE_URL="", **env_extra)
    return subprocess.run([sys.executable, "-m", "bot", *args], text=True, capture_output=True,
                          env=env, timeout=300, check=False)


def decode(image: Image.Image) -> str:
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, "one readable QR code per image"
    return str(found[0].text)


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    data = tmp_path_factory.mktemp("qr")
    assert motcua(data, "unit", "add", "xa-hoa-binh", "Trung tâm xã Hoà Bình").returncode == 0
    hide = motcua(data, "procedures", "hide", HIDDEN, "--unit", "xa-hoa-binh")
    assert hide.returncode == 0, hide.stderr
    done = motcua(data, "qr", "--unit", "xa-hoa-binh", "--field", "hộ tịch",
                  "--target", "telegram", TELEGRAM_BOT_USERNAME="@MotCuaXaHoaBinhBot")
    assert done.returncode == 0, done.stderr
    assert "Đã tạo" in done.stdout and "bỏ qua 1 thủ tục đơn vị đã ẩn" in done.stdout
    return data, data / "qr" / "xa-hoa-binh-telegram"


def test_pdf_has_one_code_per_procedure_with_its_name(printed: tuple[Path, Path]) -> None:
    data, folder = printed
    app = build_app(make_settings(f"sqlite:///{data / 'motcua.sqlite3'}"), migrate=False)
    with app.engine.connect() as connection:
        snapshot = app.services.catalog.snapshot(connection, NOW)
    app.engine.dispose()
    expected = {p.code: p.name for p in snapshot.procedures.values()
                if p.visible and p.field == "Hộ tịch" and p.code != HIDDEN}
    assert len(expected) > 12  # more than one page
    reader = pypdf.PdfReader(folder / "ma-qr-xa-hoa-binh-telegram.pdf")
    images = [image for page in reader.pages for image in page.images]
    text = words(" ".join(page.extract_text() for page in reader.pages))
    assert len(images) == len(expected)
    assert "Quét mã QR để xem thủ tục hành chính" in text and "Trung tâm xã Hoà Bình" in text
    codes = re.findall(r"Mã thủ tục: (\d\.\d{6})", text)
    assert sorted(codes) == sorted(expected) and HIDDEN not in codes
    for name in expected.values():
        # Names longer than four lines end in "…"; their first words are always printed.
        assert words(name)[:60] in text
    pngs = sorted(p.stem for p in (folder / "png").glob("*.png"))
    assert pngs == sorted(expected)


def test_a_printed_code_opens_its_card_in_the_console_and_on_telegram(
        printed: tuple[Path, Path]) -> None:
    data, folder = printed
    page = pypdf.PdfReader(folder / "ma-qr-xa-hoa-binh-telegram.pdf").pages[0]
    link = decode(page.images[0].image)
    match = re.fullmatch(r"https://t\.me/MotCuaXaHoaBinhBot\?start=(tt_\d_\d{6}_u\d+)", link)
    assert match, link
    payload = match.group(1)
    card = parse_payload(payload)
    assert card is not None
    png = Image.open(io.BytesIO((folder / "png" / f"{card.code}.png").read_bytes()))
    assert decode(png) == link

    app = build_app(make_settings(f"sqlite:///{data / 'motcua.sqlite3'}"))
    out = io.StringIO()
    run_console(app.dispatcher, [f"/start {payload}"], out, clock=lambda: NOW)
    assert f"Mã thủ tục: {card.code}" in out.getvalue()

    import asyncio

    async def on_telegram() -> list[dict[str, object]]:
        request = RecordingRequest()
        settings = app.settings.model_copy(update={"telegram_token": SecretStr("123:ABC")})
        application, _ = build_telegram(settings, app.dispatcher, request=request,
                                        with_updater=False, rate_limit=False, clock=lambda: NOW)
        async with application:
            update = Update.de_json(text_update(1, 77, f"/start {payload}"), application.bot)
            await application.process_update(update)
        return request.sent()

    sent = asyncio.run(on_telegram())
    assert f"Mã thủ tục: {card.code}" in str(sent[0]["text"])
    assert "Giấy tờ cần nộp" in str(sent[0]["reply_markup"])  # the card's buttons
    app.engine.dispose()


def test_unconfigured_target_and_unknown_field_say_what_to_fix(
        printed: tuple[Path, Path]) -> None:
    data, _ = printed
    web = motcua(data, "qr", "--unit", "xa-hoa-binh", "--target", "web")
    assert web.returncode == 1 and "WEB_CHAT_PUBLIC_URL" in web.stderr
    field = motcua(data, "qr", "--unit", "xa-hoa-binh", "--field", "Khong co",
                   TELEGRAM_BOT_USERNAME="MotCuaXaHoaBinhBot")
    assert field.returncode == 1 and "Không có lĩnh vực: Khong co" in field.stderr
    assert "Hộ tịch" in field.stderr
    zalo = motcua(data, "qr", "--unit", "xa-hoa-binh", "--field", "Hộ tịch", "--target", "zalo",
                  "--out", str(data / "z"), ZALO_OA_LINK="https://zalo.me/1234567890")
    assert zalo.returncode == 0, zalo.stderr
    text = words(pypdf.PdfReader(data / "z" / "ma-qr-xa-hoa-binh-zalo.pdf").pages[0]
                 .extract_text())
    assert "Gửi mã" in text and "trên Zalo" in text
