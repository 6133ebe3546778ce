"""Shared fixtures: a real app on a real database (SQLite by default, PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text
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


def _clear_postgres(app) -> None:
    engine = app.extensions["db_engine"]
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


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
def app(app_config):
    app = create_app(app_config)
    engine = app.extensions["db_engine"]
    if POSTGRES_URL:
        _clear_postgres(app)
    else:
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
