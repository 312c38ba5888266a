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
    with pytest.raises(ValidationError, match="webhook_secret_missing"):
        settings(telegram_mode="webhook", webhook_secret="changeme")


def test_production_refuses_a_placeholder_token() -> None:
    with pytest.raises(ValidationError, match="placeholder_token"):
        settings(environment="production", telegram_token="your-token-here")


def test_env_example_lists_every_setting() -> None:
    from pathlib import Path

    example = (Path(__file__).resolve().parent.parent / ".env.example").read_text()
    documented = {line.split("=")[0] for line in example.splitlines()
                  if line and not line.startswith("#")}
    assert documented == {name.upper() for name in Settings.model_fields}


def test_configuration_mistakes_are_explained_without_a_traceback(tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(DATA_DIR=str(tmp_path), NAG_TIME="25:00")
    bad_time = subprocess.run([sys.executable, "-m", "bot", "unit", "list"], env=env,
                              capture_output=True, text=True, timeout=60, check=False)
    assert bad_time.returncode == 2 and "Traceback" not in bad_time.stderr
    assert "NAG_TIME: giờ phải viết dạng GIỜ:PHÚT" in bad_time.stderr
    broken = tmp_path / "elements.toml"
    broken.write_text("x = [\n")
    env.update(NAG_TIME="16:30", REPORT_ELEMENTS_FILE=str(broken))
    bad_file = subprocess.run([sys.executable, "-m", "bot", "unit", "list"], env=env,
                              capture_output=True, text=True, timeout=60, check=False)
    assert bad_file.returncode == 2 and "Traceback" not in bad_file.stderr
    assert "REPORT_ELEMENTS_FILE" in bad_file.stderr
