"""Engine, sessions and schema upgrades for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

SessionFactory = sessionmaker[Session]


def make_engine(url: str) -> Engine:
    """An engine with the pragmas the embedded SQLite needs to serve several threads."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    # Statement parameters hold what people typed: never in logs or exception texts.
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False},
                              "hide_parameters": True}
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    if in_memory:
        kwargs["poolclass"] = StaticPool
    else:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL stays consistent after a crash and skips an fsync per commit.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    return engine


def make_session_factory(engine: Engine) -> SessionFactory:
    return sessionmaker(engine, class_=Session, expire_on_commit=False)


@contextmanager
def transaction(factory: SessionFactory) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory.begin() as session:
        yield session


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; safe to call on every start."""
    command.upgrade(alembic_config(engine), revision)


SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def database_url_problem(url: str) -> tuple[str, dict[str, str]] | None:
    """Why `url` cannot work, found without connecting: (code, values), or None.

    Checked when the settings are read, so a typo stops the bot with a sentence instead of a
    traceback from deep inside SQLAlchemy. Only SQLite and PostgreSQL are supported (the
    migrations are tested on both), through a synchronous driver that is installed.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
        scheme = parsed.drivername
        if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
            return "db_unsupported", {"scheme": scheme}
        dialect = parsed.get_dialect()
    except (ArgumentError, ValueError):
        return "db_not_url", {}
    except NoSuchModuleError:
        return "db_unsupported", {"scheme": url.partition(":")[0]}
    if getattr(dialect, "is_async", False):
        return "db_async_driver", {"scheme": scheme}
    try:
        dialect.import_dbapi()
    except ImportError:
        return "db_missing_driver", {"scheme": scheme, "driver": parsed.get_driver_name()}
    return None


def sqlite_folder(url: str) -> Path | None:
    """The folder of an SQLite database file (None: in memory, or not SQLite)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).parent
