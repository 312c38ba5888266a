import pytest
from pydantic import ValidationError

from bot.settings import Settings


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_embedded_default_is_a_sqlite_file_in_the_data_dir(tmp_path) -> None:
    assert settings(data_dir=tmp_path).effective_database_url == (
        f"sqlite:///{tmp_path.as_posix()}/motcua.sqlite3"
    )


def test_token_never_appears_in_repr_or_dump() -> None:
    s = settings(telegram_token="123456:SECRET")
    assert "SECRET" not in repr(s) and "SECRET" not in str(s.model_dump())
    assert s.has_telegram


def test_webhook_mode_refuses_a_missing_secret() -> None:
    with pytest.raises(ValidationError, match="WEBHOOK_SECRET"):
        settings(telegram_mode="webhook", webhook_secret="changeme")


def test_production_refuses_a_placeholder_token() -> None:
    with pytest.raises(ValidationError, match="TELEGRAM_TOKEN"):
        settings(environment="production", telegram_token="your-token-here")


def test_env_example_lists_every_setting() -> None:
    from pathlib import Path

    example = (Path(__file__).resolve().parent.parent / ".env.example").read_text()
    documented = {line.split("=")[0] for line in example.splitlines()
                  if line and not line.startswith("#")}
    assert documented == {name.upper() for name in Settings.model_fields}
