"""One database engine per app, one session per request (or per text message); destroyed rows scrubbed.

Deleting a row is not destroying it: SQLite leaves the bytes in free pages and in its write-ahead log, and
PostgreSQL in dead tuples, index pages and its own WAL. So SQLite runs with ``secure_delete`` (freed space
is zeroed), and a transaction that destroyed something (``destroyed(session, table)``) is followed, once
committed, by ``scrub``: SQLite checkpoints and truncates its WAL, at once; PostgreSQL vacuums and
re-analyses the tables, rebuilds indexes that held destroyed values, and where the role may, switches to a new
WAL segment and checkpoints, so the segments holding the old rows are retired. With the server's
``wal_recycle = off`` they are deleted rather than kept for reuse (see the README). That takes seconds, so on
PostgreSQL the transaction records a scrub owed and the worker does it (``store.scrubbing``).

Every file the app creates (the SQLite database and its WAL, exports) is readable by its owner only.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, current_app, g, has_app_context
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

log = logging.getLogger(__name__)
SCRUB_KEY = "survey_scrub_tables"
LOCK_WAIT = "5s"
READING = "db_reading_only"


def _private_file(url: str) -> None:
    """Create the SQLite file owner-only before SQLite does (its WAL and -shm files copy its mode)."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    path.chmod(0o600)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        _private_file(url)
        # hide_parameters: a database error must not put answer text or a sender hash into the logs.
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True
        )
        _serialise_sqlite_writes(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, hide_parameters=True)


def _serialise_sqlite_writes(engine: Engine) -> None:
    """Take SQLite's write lock when a transaction begins.

    pysqlite otherwise starts transactions lazily, so two workers could both read a run's position and
    both advance it. BEGIN IMMEDIATE makes them queue instead: one answer, one step, even under a burst.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Freed space is overwritten with zeros: a deleted answer does not linger in a free page.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # A request that only reads (``reading()``) takes no lock: WAL readers never queue behind writers.
        connection.exec_driver_sql("BEGIN" if has_app_context() and g.get(READING) else "BEGIN IMMEDIATE")


def reading() -> None:
    """This request only reads, unless it calls ``writing()``: on SQLite its transactions take no write lock.

    A read transaction cannot safely become a write one (another worker may have written since it began,
    and SQLite then refuses the write at once), so a reader that must write calls ``writing()`` first.
    """
    g.setdefault(READING, True)


def writing() -> None:
    """From here on this request writes: end its read transaction, so the next one takes the write lock."""
    if g.pop(READING, False) and "db_session" in g:
        g.db_session.commit()


def destroyed(session: Session, *tables: str, indexed: bool = False) -> None:
    """Say that this transaction destroys rows of ``tables``: once it commits, ``scrub`` runs on them.

    ``indexed``: an index of these tables holds destroyed values (a sender's hash), so rebuild them too.
    """
    wanted = session.info.setdefault(SCRUB_KEY, {})
    for table in tables:
        wanted[table] = wanted.get(table, False) or indexed
    if tables and session.get_bind().dialect.name == "postgresql":
        from survey_app.store import scrubbing

        scrubbing.owe(session, dict.fromkeys(tables, indexed))


@event.listens_for(Session, "after_commit")
def _scrub_after_commit(session: Session) -> None:
    tables = session.info.pop(SCRUB_KEY, None)
    if not tables:
        return
    bind = session.get_bind()
    if isinstance(bind, Connection):
        # The session joined a longer transaction (the SMS webhook's locked one): its owner scrubs once that
        # commits (``sms.inbound``), since nothing is destroyed before then.
        wanted = bind.info.setdefault(SCRUB_KEY, {})
        for table, indexed in tables.items():
            wanted[table] = wanted.get(table, False) or indexed
        return
    scrub_at_once(bind, tables)


@event.listens_for(Session, "after_rollback")
def _nothing_destroyed(session: Session) -> None:
    session.info.pop(SCRUB_KEY, None)


def scrub_at_once(engine: Engine, tables: dict[str, bool]) -> None:
    """After a destroying commit: SQLite's scrub now (a WAL truncation, quick); PostgreSQL's is owed (its
    debt was written in that transaction) and the worker pays it within seconds."""
    if engine.dialect.name == "sqlite":
        scrub(engine, tables)


def scrub(engine: Engine, tables: dict[str, bool]) -> None:
    """Leave no copy of destroyed rows in the database's files. Runs outside any transaction.

    ``tables`` maps each table to whether its indexes must be rebuilt: VACUUM takes dead entries out of
    an index, but their bytes stay in the page's free space until the index is rebuilt.
    """
    if engine.dialect.name == "sqlite":
        # The driver's own connection: SQLAlchemy's would open a transaction (BEGIN IMMEDIATE, above), and
        # SQLite refuses to checkpoint inside one.
        raw = engine.raw_connection()
        try:
            busy = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            raw.close()
        if busy and busy[0]:
            log.warning("The write-ahead log could not be truncated yet: a reader was busy.")
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # A rebuild waits for readers and makes later ones queue behind it: never for long.
        connection.exec_driver_sql(f"SET lock_timeout = '{LOCK_WAIT}'")
        preparer = engine.dialect.identifier_preparer
        for table, indexed in sorted(tables.items()):
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {preparer.quote(table)}")
            if indexed:
                _rebuild_indexes(connection, preparer.quote(table))
        _retire_wal(connection)


def _rebuild_indexes(connection, table: str) -> None:
    try:
        connection.exec_driver_sql(f"REINDEX TABLE {table}")
    except DBAPIError:
        log.warning("Indexes of %s were busy and not rebuilt: the next purge tries again.", table)


def _retire_wal(connection) -> None:
    """Start a new WAL segment and checkpoint, so the segments that held destroyed rows can go."""
    try:
        # Statistics may have sampled a destroyed value; ANALYZE replaced them, this clears the old rows.
        connection.exec_driver_sql("VACUUM pg_catalog.pg_statistic")
        connection.exec_driver_sql("SELECT pg_switch_wal()")
        connection.exec_driver_sql("CHECKPOINT")
    except DBAPIError:
        log.warning("This database role may not checkpoint: old WAL segments go at the next checkpoint.")


def init_app(app: Flask) -> None:
    # Exports, logs and the SQLite files this process creates are for its own user only.
    os.umask(0o077)
    app.extensions["db_engine"] = make_engine(app.config["SQLALCHEMY_DATABASE_URL"])
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["db_engine"]


def session() -> Session:
    """The session for this request, opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    return g.db_session


def _close_session(_error: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()
