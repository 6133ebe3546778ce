"""Shared fixtures: a real app on a real database (SQLite by default, PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlmodel import Session, SQLModel

from survey_app import create_app
from survey_app.models import register_models
from tests.fixtures import QUESTIONNAIRES
from tests.live import browser, live_server, neutral_site  # noqa: F401 (shared by every browser test)

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


def pytest_configure(config) -> None:
    """Every app a test makes reads the tests' own copies of the questionnaires, never the shipped ones:
    apps made here, and servers started as subprocesses, which inherit the environment."""
    os.environ["CONVERSATIONS_DIR"] = str(QUESTIONNAIRES)


# Every sequence a test has drawn from (all of them belong to the tables' id columns) starts again.
_RESTART_USED_SEQUENCES = text(
    "SELECT setval(quote_ident(schemaname) || '.' || quote_ident(sequencename), start_value, false)"
    " FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL"
)


def _clear_postgres(app) -> None:
    """Empty tables and fresh ids, as TRUNCATE ... RESTART IDENTITY would leave them.

    DELETE, children first, rather than TRUNCATE: a test writes a few rows to a few tables, and TRUNCATE
    gives every one of the tables new files, synced to disk, which took about half a second each time.
    """
    engine = app.extensions["db_engine"]
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())
        connection.execute(_RESTART_USED_SEQUENCES)


@pytest.fixture(scope="session")
def _postgres_schema():
    """Build the PostgreSQL schema once per test session; each test then starts from empty tables."""
    if not POSTGRES_URL:
        yield
        return
    register_models()
    from survey_app.db import make_engine

    engine = make_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    yield


@pytest.fixture(scope="session")
def _sqlite_schema(tmp_path_factory):
    """On SQLite, an empty database with every table, built once: each test's database starts as a copy."""
    if POSTGRES_URL:
        yield None
        return
    register_models()
    from survey_app.db import make_engine

    path = tmp_path_factory.mktemp("schema") / "empty.db"
    engine = make_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()  # the last connection closing folds the write-ahead log into the file
    yield path


def _copy_schema(url: str, schema: Path | None) -> bool:
    """Start a new SQLite database file as a copy of the empty schema: what create_all would build, without
    its thirty-odd CREATE statements for every test. False where there is no new file to start."""
    database = make_url(url).database if url.startswith("sqlite") else None
    if schema is None or not database or database == ":memory:" or Path(database).exists():
        return False
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    # Owner-only, as the app makes its database files.
    with os.fdopen(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600), "wb") as copy:
        copy.write(schema.read_bytes())
    return True


@pytest.fixture
def database_url(tmp_path, _postgres_schema) -> str:
    if POSTGRES_URL:
        return POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """Settings for a test app; tests may change them before asking for ``app``."""
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URL": database_url,
        "EXPORT_DIR": str(tmp_path / "exports"),
        "CONVERSATIONS_DIR": str(QUESTIONNAIRES),
    }


@pytest.fixture
def app(app_config, _sqlite_schema):
    copied = _copy_schema(app_config.get("SQLALCHEMY_DATABASE_URL", ""), _sqlite_schema)
    app = create_app(app_config)
    engine = app.extensions["db_engine"]
    if POSTGRES_URL:
        _clear_postgres(app)
    elif not copied:
        SQLModel.metadata.create_all(engine)
    yield app
    if POSTGRES_URL:
        _clear_postgres(app)
    engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    """A database session outside any request, for setting up and checking what was stored."""
    with Session(app.extensions["db_engine"], expire_on_commit=False) as session:
        yield session
