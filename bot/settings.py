"""One typed settings class, read from the environment and `.env` (see .env.example)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot import settings_checks as check
from bot.core.dossiers.context import DossierOptions
from bot.core.dossiers.hours import DEFAULT_OFFICE_HOURS, OfficeHours
from bot.settings_checks import refuse

PLACEHOLDER_SECRETS = check.PLACEHOLDERS


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
    # Upper bounds keep date arithmetic far from overflow; a year is more than anyone needs.
    invite_ttl_hours: int = Field(default=72, ge=1, le=8760)
    conversation_ttl_hours: int = Field(default=24, ge=1, le=8760)

    telegram_token: SecretStr = SecretStr("")
    telegram_base_url: str = "https://api.telegram.org"
    telegram_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str = ""
    webhook_secret: SecretStr = SecretStr("")
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_path: str = "/telegram"
    telegram_concurrency: int = Field(default=8, ge=1, le=64)

    # Zalo Official Account (bot/channels/zalo*.py; README "Zalo OA"). The app's id and
    # secret key (Zalo for Developers), the OA secret key the webhook events are signed with,
    # and a first refresh token (used once to seed the database; later ones live there).
    zalo_app_id: str = ""
    zalo_app_secret: SecretStr = SecretStr("")
    zalo_oa_secret_key: SecretStr = SecretStr("")
    zalo_refresh_token: SecretStr = SecretStr("")
    zalo_api_base_url: str = "https://openapi.zalo.me"
    zalo_oauth_base_url: str = "https://oauth.zaloapp.com"
    zalo_webhook_path: str = "/zalo"
    # Outbox messages to Zalo per minute, shared by every process (a choice: Zalo states a
    # per-minute quota per app without a figure we could confirm).
    zalo_send_per_minute: float = Field(default=60, gt=0, le=6000)
    # Zalo's free replies: this many messages within this many hours after the user's last
    # message (Zalo OA help centre, "Các loại tin của Zalo OA": 8 within 48 h).
    zalo_reply_window_hours: int = Field(default=48, ge=1, le=168)
    zalo_reply_window_messages: int = Field(default=8, ge=1, le=100)

    scheduler_interval_seconds: int = Field(default=30, ge=1, le=3600)
    outbox_batch_size: int = Field(default=20, ge=1, le=1000)
    outbox_lease_seconds: int = Field(default=300, ge=30, le=86400)
    outbox_max_attempts: int = Field(default=5, ge=1, le=20)
    outbox_idle_seconds: float = Field(default=5, gt=0, le=300)
    telegram_send_rate: float = Field(default=28, gt=0, le=1000)
    telegram_chat_interval_seconds: float = Field(default=1, ge=0, le=60)
    nag_time: str = "16:30"
    lead_digest_time: str = "08:00"
    report_max_days_back: int = Field(default=7, ge=0, le=366)
    report_elements_file: Path | None = None
    # Period summaries (bot/core/summaries/sending.py): unit-local time of the first working
    # morning after a period ends when leads get the summary; of the period's last working
    # day when staff hear which days are still missing.
    summary_send_at: str = "08:00"
    period_reminder_at: str = "15:00"

    # The dossier register (bot/core/dossiers): office windows deadlines in hours are counted
    # in (a unit may set its own), how a supplement moves the due date, "due soon" horizon.
    dossier_office_hours: str = DEFAULT_OFFICE_HOURS
    dossier_supplement_rule: Literal["shift", "restart"] = "shift"
    dossier_due_soon_days: int = Field(default=2, ge=0, le=30)
    # Deadline warnings (bot/core/dossiers/warnings.py), unit-local times on working days:
    # the morning list (and the leads' digest and escalations), the same-day check.
    dossier_warn_at: str = "07:30"
    dossier_check_at: str = "13:30"
    # Citizens' lookups by receipt code (/tracuu): points per window per person; a lookup
    # that finds a dossier costs 1, one that finds none costs DOSSIER_LOOKUP_MISS_COST, so
    # guessing codes is slowed down first (bot/core/limits.py).
    dossier_lookup_limit: int = Field(default=10, ge=1, le=10000)
    dossier_lookup_window_minutes: int = Field(default=10, ge=1, le=1440)
    dossier_lookup_miss_cost: int = Field(default=2, ge=1, le=100)
    # Citizens' feedback (bot/core/feedback): working days to refuse as not within scope,
    # to answer, and the one extension (the portal's timers; model.py says which are ours);
    # the unit-local time of the deadline warning (staff) and escalation (leads) and how many
    # working days ahead each looks; per-person daily limits; longest text accepted.
    feedback_refuse_days: int = Field(default=2, ge=1, le=30)
    feedback_answer_days: int = Field(default=15, ge=1, le=90)
    feedback_extend_days: int = Field(default=10, ge=1, le=90)
    feedback_ask_days: int = Field(default=5, ge=1, le=30)
    feedback_warn_at: str = "07:30"
    feedback_warn_days: int = Field(default=2, ge=0, le=30)
    feedback_escalate_days: int = Field(default=1, ge=0, le=30)
    feedback_daily_limit: int = Field(default=3, ge=1, le=1000)
    feedback_rating_daily_limit: int = Field(default=10, ge=1, le=1000)
    feedback_max_chars: int = Field(default=2000, ge=100, le=4000)
    # Largest file a person may send the bot in chat (api.telegram.org serves at most 20 MB).
    chat_file_max_mb: int = Field(default=20, ge=1, le=2000)

    # Web chat (bot/channels/web_chat.py) at /chat of the webhook app; empty secret: no web
    # chat. The secret signs the anonymous session cookie; messages per window per session.
    web_chat_secret: SecretStr = SecretStr("")
    web_chat_public_url: str = ""
    web_chat_limit: int = Field(default=30, ge=1, le=10000)
    web_chat_window_minutes: int = Field(default=10, ge=1, le=1440)
    # Where `motcua qr` codes point: t.me/<username>, the web chat above, or the Zalo OA.
    telegram_bot_username: str = ""
    zalo_oa_link: str = ""

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'motcua.sqlite3').as_posix()}"

    @property
    def excluded_fields(self) -> list[str]:
        return [f.strip() for f in self.catalog_excluded_fields.split(";") if f.strip()]

    @property
    def dossier_options(self) -> DossierOptions:
        return DossierOptions(self.dossier_office_hours, self.dossier_supplement_rule,
                              self.dossier_due_soon_days)

    @property
    def has_telegram(self) -> bool:
        return self.telegram_token.get_secret_value().strip().lower() not in PLACEHOLDER_SECRETS

    @property
    def has_zalo(self) -> bool:
        """Zalo is served when the app id and both secret keys are set."""
        return bool(self.zalo_app_id) and all(
            secret.get_secret_value().strip().lower() not in PLACEHOLDER_SECRETS
            for secret in (self.zalo_app_secret, self.zalo_oa_secret_key))

    @field_validator("nag_time", "lead_digest_time", "dossier_warn_at", "dossier_check_at",
                     "summary_send_at", "period_reminder_at", "feedback_warn_at")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        return check.clock_time(value)

    @field_validator("dossier_office_hours")
    @classmethod
    def _office_hours(cls, value: str) -> str:
        try:
            return str(OfficeHours.parse(value))
        except ValueError:
            raise refuse("bad_office_hours") from None

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        return check.log_level(value)

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        return check.timezone(value)

    @field_validator("telegram_base_url", "zalo_api_base_url", "zalo_oauth_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        return check.http_url(value)

    @field_validator("web_chat_public_url", "zalo_oa_link")
    @classmethod
    def _optional_url(cls, value: str) -> str:
        return check.http_url(value) if value.strip() else ""

    @field_validator("telegram_bot_username")
    @classmethod
    def _bot_username(cls, value: str) -> str:
        return check.bot_username(value)

    @field_validator("web_chat_secret")
    @classmethod
    def _web_secret(cls, value: SecretStr) -> SecretStr:
        return check.web_chat_secret(value)

    @property
    def has_web_chat(self) -> bool:
        return bool(self.web_chat_secret.get_secret_value())

    @field_validator("webhook_path", "zalo_webhook_path")
    @classmethod
    def _webhook_path(cls, value: str) -> str:
        return check.webhook_path(value)

    @field_validator("webhook_host")
    @classmethod
    def _webhook_host(cls, value: str) -> str:
        return check.listen_host(value)

    @field_validator("telegram_token")
    @classmethod
    def _token(cls, value: SecretStr) -> SecretStr:
        # A space or quote pasted with the token would only fail later, inside the HTTP client.
        token = value.get_secret_value().strip()
        if token.lower() not in PLACEHOLDER_SECRETS and not check.TOKEN.match(token):
            raise refuse("bad_token_format")
        return SecretStr(token)

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        from bot.db import database_url_problem

        problem = database_url_problem(value.strip()) if value.strip() else None
        if problem:
            raise refuse(problem[0], **problem[1])
        return value.strip()

    @field_validator("report_elements_file", mode="before")
    @classmethod
    def _no_elements_file(cls, value: object) -> object:
        # `REPORT_ELEMENTS_FILE=` (as in .env.example) means the shipped list, not the folder ".".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("report_elements_file")
    @classmethod
    def _elements_file(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise refuse("file_missing", path=str(value))
        return value

    @model_validator(mode="after")
    def _telegram_consistent(self) -> Settings:
        # Without a secret anyone who finds the URL could post fake updates.
        if self.telegram_mode == "webhook" and (
            self.webhook_secret.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS
        ):
            raise refuse("webhook_secret_missing", variable="WEBHOOK_SECRET")
        if self.telegram_mode == "webhook" and not check.WEBHOOK_SECRET.match(
                self.webhook_secret.get_secret_value()):
            raise refuse("bad_webhook_secret", variable="WEBHOOK_SECRET")
        if self.telegram_mode == "webhook" and self.webhook_url:
            check.webhook_url(self.webhook_url, self.webhook_path, self.telegram_base_url)
        if self.telegram_mode == "webhook" and self.has_zalo and (
                self.webhook_path == self.zalo_webhook_path):
            raise refuse("same_webhook_path", variable="ZALO_WEBHOOK_PATH")
        if self.environment == "production" and not (self.has_telegram or self.has_zalo):
            raise refuse("placeholder_token", variable="TELEGRAM_TOKEN")
        if self.environment == "production" and self.web_chat_secret.get_secret_value(
                ).lower() in PLACEHOLDER_SECRETS - {""}:
            raise refuse("placeholder_web_secret", variable="WEB_CHAT_SECRET")
        return self

    @model_validator(mode="after")
    def _zalo_complete(self) -> Settings:
        # Half a Zalo set-up would leave Zalo silently off: say which value is missing.
        given = {"ZALO_APP_ID": self.zalo_app_id.strip(),
                 "ZALO_APP_SECRET": self.zalo_app_secret.get_secret_value().strip(),
                 "ZALO_OA_SECRET_KEY": self.zalo_oa_secret_key.get_secret_value().strip()}
        if any(given.values()):
            for variable, value in given.items():
                if value.lower() in PLACEHOLDER_SECRETS:
                    raise refuse("zalo_incomplete", variable=variable)
        return self

    @model_validator(mode="after")
    def _usable_folder(self) -> Settings:
        """The SQLite file's folder exists or can be made (DATA_DIR, or DATABASE_URL's path)."""
        from bot.db import sqlite_folder

        where = sqlite_folder(self.effective_database_url)
        if where is not None:
            check.folder(where, "DATABASE_URL" if self.database_url else "DATA_DIR")
        return self
