"""Engine, sessions and schema upgrades for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import select
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

SessionFactory = sessionmaker[Session]
# Replace server connections older than this on checkout: firewalls and NAT boxes may drop
# an idle TCP session without telling either side.
RECYCLE_SECONDS = 1800
# Telegram runs up to TELEGRAM_CONCURRENCY (8) turns at once in asyncio's worker threads, and
# the scheduler needs one more: a smaller pool opens and closes a server connection (several
# milliseconds) in every burst.
POOL_SIZE = 10


def make_engine(url: str) -> Engine:
    """An engine with the pragmas the embedded SQLite needs to serve several threads."""
    if not url.startswith("sqlite"):
        # Statement parameters hold what people typed: never in logs or exception texts.
        engine = create_engine(url, pool_size=POOL_SIZE, pool_recycle=RECYCLE_SECONDS,
                               hide_parameters=True)
        event.listen(engine, "checkout", _replace_if_closed_by_server)
        return engine
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


def _replace_if_closed_by_server(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Disconnect handling without pool_pre_ping's round trip on every transaction.

    An idle pooled connection has nothing to read; when the server ends it (a restart,
    pg_terminate_backend, idle_session_timeout) its last message and the end of the stream
    are waiting on the socket, which one non-blocking poll() sees. Raising DisconnectionError
    in a checkout listener makes the pool open a fresh connection instead (SQLAlchemy's
    "disconnect handling — pessimistic", custom variant). A connection that dies while in use
    fails its statement; the dispatcher retries that message on a new connection.
    """
    if getattr(dbapi_connection, "closed", False):
        raise DisconnectionError("connection closed")
    fileno = getattr(dbapi_connection, "fileno", None)
    if fileno is not None and _readable(fileno()):
        raise DisconnectionError("the server closed this connection")


def _readable(fd: int) -> bool:
    if hasattr(select, "poll"):  # any descriptor number; select() stops at 1024
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLPRI | select.POLLERR | select.POLLHUP)
        return bool(poller.poll(0))
    readable, _, failed = select.select([fd], [], [fd], 0)
    return bool(readable or failed)


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
