"""Scrubs owed: PostgreSQL's part of destroying rows, done by the worker instead of inside the request.

A person's stop-and-delete (or a texted DELETE) deletes their rows in the request, but on PostgreSQL the bytes
stay in dead tuples, index pages and the WAL until VACUUM, a rebuild and a checkpoint (``db.scrub``), which
take seconds on a busy database. So the deleting transaction writes what it owes here, in the same
transaction (a rolled-back delete owes nothing, a committed one cannot lose its debt), and wakes the worker
(``NOTIFY``). The worker (``safeguarding notify-worker``) or ``flask retention scrub`` pays every debt: it
scrubs the tables named, then deletes only the debts it read, so one written meanwhile waits for the next go.
SQLite's scrub is a quick WAL truncation and stays in the request (``db.py``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading

from sqlalchemy import delete, insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel

from survey_app.store.models import utcnow

log = logging.getLogger(__name__)
CHANNEL = "survey_scrub_owed"


class ScrubOwed(SQLModel, table=True):
    """One table whose destroyed rows are still in PostgreSQL's files. Names a table, never a row."""

    __tablename__ = "scrub_owed"

    id: int | None = Field(default=None, primary_key=True)
    table_name: str = Field(max_length=80)
    indexed: bool = False  # an index of the table held a destroyed value: rebuild it too
    owed_since: dt.datetime = Field(default_factory=utcnow)


def owe(session: Session, tables: dict[str, bool]) -> None:
    """Record, inside the destroying transaction, that these tables must be scrubbed once it commits."""
    rows = [
        {"table_name": name, "indexed": indexed, "owed_since": utcnow()} for name, indexed in tables.items()
    ]
    session.execute(insert(ScrubOwed.__table__), rows)
    # Delivered when the transaction commits, and not at all if it rolls back.
    session.execute(text(f"NOTIFY {CHANNEL}"))


def pay(engine: Engine) -> int:
    """Scrub every table owed, then forget those debts; returns how many debts were paid."""
    from survey_app import db

    table = ScrubOwed.__table__
    with engine.connect() as connection:
        owed = connection.execute(select(table.c.id, table.c.table_name, table.c.indexed)).all()
        connection.rollback()
    if not owed:
        return 0
    tables: dict[str, bool] = {}
    for row in owed:
        tables[row.table_name] = tables.get(row.table_name, False) or row.indexed
    db.scrub(engine, tables)
    with engine.begin() as connection:
        connection.execute(delete(table).where(table.c.id.in_([row.id for row in owed])))
    log.info("Scrubbed destroyed rows from %d table(s)", len(tables))
    return len(owed)


class Doorbell:
    """The worker's wait between rounds, cut short when a destroying transaction commits (PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection = None

    def wait(self, seconds: float) -> None:
        if self._engine.dialect.name != "postgresql":
            _sleep(seconds)
            return
        try:
            if self._connection is None:
                self._connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                self._connection.exec_driver_sql(f"LISTEN {CHANNEL}")
            driver = self._connection.connection.driver_connection
            for _ in driver.notifies(timeout=seconds, stop_after=1):
                pass
        except Exception as error:  # noqa: BLE001 - a lost connection: wait plainly, listen again next time
            log.warning("Not listening for scrubs owed (%s)", type(error).__name__)
            self.close()
            _sleep(seconds)

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):  # already broken: nothing to close
                self._connection.close()
            self._connection = None


def _sleep(seconds: float) -> None:
    threading.Event().wait(seconds)
