"""The migrations build exactly the tables the models describe, on SQLite and PostgreSQL."""

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from survey_app.commands import upgrade_database
from survey_app.models import register_models

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


def _fresh_url(tmp_path) -> str:
    if not POSTGRES_URL:
        return f"sqlite:///{tmp_path / 'migrated.db'}"
    url = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS migration_check WITH (FORCE)"))
        connection.execute(text("CREATE DATABASE migration_check"))
    engine.dispose()
    return url.rsplit("/", 1)[0] + "/migration_check"


def test_upgrading_an_empty_database_gives_the_tables_the_models_describe(tmp_path):
    register_models()
    url = _fresh_url(tmp_path)
    upgrade_database(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert differences == []
