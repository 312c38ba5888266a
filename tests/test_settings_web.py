"""Web chat and QR settings: each mistake is one Vietnamese sentence, no secret echoed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.rendering import Renderer
from bot.settings import Settings
from bot.settings_checks import describe
from tests.test_settings_errors import assert_one_sentence, motcua

GOOD_SECRET = "x" * 32


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, database_url="sqlite://", **values)  # type: ignore[call-arg]


def sentence(**values: object) -> str:
    with pytest.raises(ValidationError) as caught:
        settings(**values)
    return Renderer("cli").text("cli/bad_settings", problems=describe(caught.value, Settings))


def test_defaults_mean_no_web_chat_and_no_links() -> None:
    plain = settings()
    assert not plain.has_web_chat and not plain.web_chat_public_url
    assert settings(web_chat_secret=GOOD_SECRET).has_web_chat
    assert settings(telegram_bot_username="@MotCuaXaBot").telegram_bot_username == "MotCuaXaBot"


def test_a_short_secret_is_refused_without_being_echoed() -> None:
    text = sentence(web_chat_secret="short-secret-123")
    assert "WEB_CHAT_SECRET" in text and "ít nhất 32 ký tự" in text
    assert "short-secret-123" not in text


def test_production_refuses_a_placeholder_web_secret() -> None:
    settings(web_chat_secret="changeme")  # development: fine for a try-out
    text = sentence(environment="production", telegram_token="123:ABC",
                    web_chat_secret="changeme")
    assert "WEB_CHAT_SECRET" in text and "chuỗi ngẫu nhiên thật" in text


@pytest.mark.parametrize(("values", "variable"), [
    ({"web_chat_public_url": "bot.xa.gov.vn/chat"}, "WEB_CHAT_PUBLIC_URL"),
    ({"zalo_oa_link": "zalo.me/123"}, "ZALO_OA_LINK"),
    ({"telegram_bot_username": "Một Cửa"}, "TELEGRAM_BOT_USERNAME"),
    ({"web_chat_limit": 0}, "WEB_CHAT_LIMIT"),
])
def test_bad_values_name_the_variable(values: dict[str, object], variable: str) -> None:
    assert f"Cấu hình chưa đúng ở {variable}" in sentence(**values)


def test_the_real_process_stops_with_one_sentence(tmp_path: Path) -> None:
    result = motcua(tmp_path, "unit", "list", WEB_CHAT_SECRET="tooshort")
    line = assert_one_sentence(result, "WEB_CHAT_SECRET", "ít nhất 32 ký tự")
    assert "tooshort" not in line
