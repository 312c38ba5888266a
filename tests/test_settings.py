import os
import subprocess
import sys

import pytest
from pydantic import ValidationError

from bot.settings import Settings

# Every variable of Settings, so the developer's own environment never leaks into a run.
VARIABLE_PREFIXES = tuple(name.upper() for name in Settings.model_fields)


def settings(**values: object) -> Settings:
    values.setdefault("database_url", "sqlite://")  # no data folder created by these tests
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_embedded_default_is_a_sqlite_file_in_the_data_dir(tmp_path) -> None:
    assert settings(data_dir=tmp_path, database_url="").effective_database_url == (
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


def test_env_example_as_dotenv_starts_cleanly(tmp_path) -> None:
    """Copying .env.example to .env, as it says, gives a working bot (empty lines mean defaults)."""
    from pathlib import Path

    example = Path(__file__).resolve().parent.parent / ".env.example"
    (tmp_path / ".env").write_text(
        example.read_text(encoding="utf-8").replace("DATA_DIR=data", f"DATA_DIR={tmp_path}/d"),
        encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(VARIABLE_PREFIXES)}
    result = subprocess.run([sys.executable, "-m", "bot", "unit", "list"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
