"""Long reads for the dashboard and downloads, without holding up young people's answers.

The app's SQLite engine starts every transaction with BEGIN IMMEDIATE (so two workers cannot both advance
one run). A download of 100,000 responses reads for seconds; under that lock every answer given meanwhile
would wait. On SQLite we read through a second engine that starts no write transaction: in WAL mode a reader
sees a consistent snapshot and blocks nobody. PostgreSQL readers never block writers, so it uses the app's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine

from survey_app import db


def read_engine() -> Engine:
    extensions = current_app.extensions
    if "read_engine" not in extensions:
        url = current_app.config["SQLALCHEMY_DATABASE_URL"]
        extensions["read_engine"] = (
            create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
            if url.startswith("sqlite")
            else db.engine()
        )
    return extensions["read_engine"]


@contextmanager
def reading(batch: int = 2000) -> Iterator[Connection]:
    """A connection whose results stream in batches (a server-side cursor on PostgreSQL)."""
    with read_engine().connect() as connection:
        yield connection.execution_options(stream_results=True, yield_per=batch)
