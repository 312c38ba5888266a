"""The web chat in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright),
served by the webhook app under uvicorn on 127.0.0.1: a citizen types a question, taps a
result, and reads the card, at phone size. The screenshot stays in the test's tmp_path."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import uvicorn
from pydantic import SecretStr

from bot.app import App
from bot.channels.telegram import build_telegram
from bot.channels.web_chat import WebChat
from bot.channels.webhook import build_webhook_app
from tests.telegram_fakes import FakeBotApi

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's chromium is not installed at /usr/bin/chromium")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def server(sqlite_app: App, now: datetime) -> Iterator[str]:
    """The same ASGI app `motcua run` serves in webhook mode, with the web chat's routes."""
    settings = sqlite_app.settings.model_copy(update={
        "telegram_token": SecretStr("123456:TEST-token"),
        "web_chat_secret": SecretStr("browser-test-secret-of-32-characters-or-more"),
    })
    with FakeBotApi() as api:
        settings = settings.model_copy(update={"telegram_base_url": api.url})
        application, _ = build_telegram(settings, sqlite_app.dispatcher, rate_limit=False,
                                        with_updater=False, clock=lambda: now)
        started = threading.Event()

        async def on_startup() -> None:
            started.set()

        asgi = build_webhook_app(
            application, secret="s", path="/telegram", engine=sqlite_app.engine,
            on_startup=on_startup,
            routes=WebChat(sqlite_app.dispatcher, settings, clock=lambda: now).routes())
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(asgi, log_config=None))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        try:
            assert started.wait(timeout=30), "the app did not start"
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=30)
            sock.close()


def test_citizen_types_taps_and_reads_the_card_at_phone_size(server: str,
                                                             tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                    has_touch=True, locale="vi-VN")
            page.on("request", lambda request: requests.append(request.url))
            page.goto(f"{server}/chat")
            expect(page.get_by_role("heading", name="Trợ lý Một Cửa")).to_be_visible()
            box = page.get_by_label("Câu hỏi của bạn")
            box.fill("làm giấy khai sinh cho con")
            box.press("Enter")  # the keyboard alone sends it
            result = page.locator(".choices button").first
            expect(result).to_be_visible(timeout=30_000)
            assert "khai sinh" in (result.text_content() or "").lower()
            result.tap()
            card = page.locator(".msg.bot .text").filter(has_text="Mã thủ tục:")
            expect(card).to_be_visible(timeout=30_000)
            expect(card).to_contain_text("Thời hạn giải quyết và lệ phí")
            link = card.get_by_role("link", name="Thông tin chính thức trên Cổng Dịch vụ công")
            expect(link).to_have_attribute("href", re.compile(r"^https://dichvucong\.gov\.vn/"))
            expect(page.get_by_role("log")).to_contain_text("Giấy tờ cần nộp")
            # Nothing overflows sideways at phone width.
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            shot = tmp_path / "web-chat-phone.png"
            card.scroll_into_view_if_needed()
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000

            # A QR code's link opens the card straight away.
            qr = browser.new_page(viewport=PHONE)
            qr.on("request", lambda request: requests.append(request.url))
            qr.goto(f"{server}/chat?start=tt_1_001193")
            expect(qr.locator(".msg.bot .text").filter(has_text="Mã thủ tục: 1.001193")
                   ).to_be_visible(timeout=30_000)
        finally:
            browser.close()
    assert requests and all(url.startswith(server) for url in requests), \
        "the page contacted another server"


def test_one_script_line_embeds_the_chat_on_another_site(server: str) -> None:
    """The commune's site (another site: `localhost`, not `127.0.0.1`) adds the chat with one
    <script> line; inside that iframe the session cookie is third-party, so the page's header
    carries the session. Both on loopback: Chromium keeps public pages off loopback ones."""
    from playwright.sync_api import expect, sync_playwright

    html = (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body>'
            f'<h1>UBND xã Hoà Bình</h1>'
            f'<script src="{server}/chat/embed.js" defer></script></body></html>').encode()

    class Site(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *_args: object) -> None:
            pass

    site = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 headless=True, args=["--no-sandbox"])
            try:
                page = browser.new_page(viewport=PHONE)
                page.goto(f"http://localhost:{site.server_address[1]}/")
                expect(page.get_by_role("button", name="Hỏi thủ tục")).to_be_visible()
                button = page.locator("#motcua-chat-button")
                expect(button).to_have_attribute("aria-expanded", "false")
                button.focus()
                page.keyboard.press("Enter")
                expect(button).to_have_attribute("aria-expanded", "true")
                expect(button).to_have_text("Đóng hỏi đáp")
                chat = page.frame_locator("#motcua-chat-frame")
                box = chat.get_by_label("Câu hỏi của bạn")
                box.fill("đăng ký thường trú")
                box.press("Enter")
                expect(chat.locator(".choices button").first).to_be_visible(timeout=30_000)
                expect(chat.get_by_role("log")).to_contain_text("thường trú")
            finally:
                browser.close()
    finally:
        site.shutdown()
        site.server_close()
