"""Alembic environment: runs on the engine the bot hands over (see bot.db.upgrade)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

import models  # noqa: F401  (registers every table on the metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # plain `alembic` CLI, e.g. `alembic revision --autogenerate`
        from bot.settings import Settings

        engine = create_engine(Settings().effective_database_url)
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # Two bot processes starting together must not both create the schema.
            connection.execute(text("SELECT pg_advisory_lock(727001)"))
            connection.commit()
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
        finally:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(727001)"))
                connection.commit()


run_migrations_online()
