"""Shared fixtures: real databases (SQLite in memory, PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, text

from bot.app import App, build_app
from bot.core.procedures import Catalog
from bot.db import make_engine, upgrade
from bot.settings import Settings
from tests.chat import Chat

# CI machines are small and shared: judge properties by their results, never by timing.
hypothesis_settings.register_profile("project", deadline=None, print_blob=True)
hypothesis_settings.load_profile("project")

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def reset_postgres(url: str) -> Engine:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    return engine


@pytest.fixture
def now() -> datetime:
    """A fixed Friday afternoon in Hà Nội: 14/03/2025 09:00 local."""
    return datetime(2025, 3, 14, 2, 0, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Each database test runs on a fresh SQLite file and, in CI, on a fresh PostgreSQL schema."""
    if request.param == "postgresql":
        reset_postgres(PG_URL).dispose()
        return PG_URL
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def make_settings(database_url: str, **overrides: object) -> Settings:
    return Settings(_env_file=None, database_url=database_url, **overrides)  # type: ignore[call-arg]


@pytest.fixture
def app(database_url: str) -> Iterator[App]:
    built = build_app(make_settings(database_url))
    yield built
    built.engine.dispose()


@pytest.fixture(scope="session")
def shared_catalog() -> Catalog:
    """Parsing and indexing the catalog once per run; every test app sees the same rows."""
    return Catalog(make_settings("sqlite://").excluded_fields)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory, shared_catalog: Catalog) -> Path:
    """A migrated database with the shipped catalog, built once and copied per test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    build_app(make_settings(f"sqlite:///{path}"), catalog=shared_catalog).engine.dispose()
    return path


@pytest.fixture
def sqlite_app(template_db: Path, tmp_path: Path, shared_catalog: Catalog) -> Iterator[App]:
    """For dialogue tests that are not about the database: a fresh SQLite file."""
    path = tmp_path / "bot.sqlite3"
    shutil.copyfile(template_db, path)
    built = build_app(make_settings(f"sqlite:///{path}"), catalog=shared_catalog)
    yield built
    built.engine.dispose()


@pytest.fixture
def chat(sqlite_app: App, now: datetime) -> Chat:
    return Chat(sqlite_app, now)


@pytest.fixture(scope="session")
def xlsx_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Issue 13's file: a 1.5 MB XLSX whose one cell unzips to 1.5 GB (built once, ~5 s)."""
    from tests.importing_files import huge_cell_xlsx

    return huge_cell_xlsx(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", 1500 * 1024 * 1024)
