"""One typed settings class, read from the environment and `.env` (see .env.example)."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "your-token-here"}


class Settings(BaseSettings):
    """Every knob of the bot; `.env.example` documents each one."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Literal["development", "production"] = "development"
    data_dir: Path = Path("data")
    database_url: str = ""
    log_level: str = "INFO"

    default_timezone: str = "Asia/Ho_Chi_Minh"
    default_unit: str = ""
    catalog_excluded_fields: str = (
        "Hải quan;Thuế;Kho bạc Nhà nước;Hàng hải và đường thủy nội địa;"
        "Quản lý thuế, phí, lệ phí và thu khác của ngân sách nhà nước;Tòa án"
    )
    invite_ttl_hours: int = Field(default=72, ge=1)
    conversation_ttl_hours: int = Field(default=24, ge=1)

    telegram_token: SecretStr = SecretStr("")
    telegram_base_url: str = "https://api.telegram.org"
    telegram_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str = ""
    webhook_secret: SecretStr = SecretStr("")
    webhook_host: str = "0.0.0.0"
    webhook_port: int = 8080
    webhook_path: str = "/telegram"
    telegram_concurrency: int = Field(default=8, ge=1, le=64)

    scheduler_interval_seconds: int = Field(default=30, ge=1)
    outbox_batch_size: int = Field(default=20, ge=1, le=1000)
    outbox_lease_seconds: int = Field(default=300, ge=30)
    outbox_max_attempts: int = Field(default=5, ge=1, le=20)
    outbox_idle_seconds: float = Field(default=5, gt=0, le=300)
    telegram_send_rate: float = Field(default=28, gt=0, le=1000)
    telegram_chat_interval_seconds: float = Field(default=1, ge=0, le=60)
    nag_time: str = "16:30"
    lead_digest_time: str = "08:00"
    report_max_days_back: int = Field(default=7, ge=0)
    report_elements_file: Path | None = None

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'motcua.sqlite3').as_posix()}"

    @property
    def excluded_fields(self) -> list[str]:
        return [f.strip() for f in self.catalog_excluded_fields.split(";") if f.strip()]

    @property
    def has_telegram(self) -> bool:
        return self.telegram_token.get_secret_value().strip().lower() not in PLACEHOLDER_SECRETS

    @field_validator("nag_time", "lead_digest_time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        try:
            time.fromisoformat(value)
        except ValueError as exc:
            raise ValueError("bad_clock_time") from exc
        return value

    @model_validator(mode="after")
    def _refuse_placeholders(self) -> Settings:
        # Without a secret anyone who finds the URL could post fake updates.
        if self.telegram_mode == "webhook" and (
            self.webhook_secret.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS
        ):
            raise ValueError("webhook_secret_missing")
        if self.environment == "production" and not self.has_telegram:
            raise ValueError("placeholder_token")
        return self
