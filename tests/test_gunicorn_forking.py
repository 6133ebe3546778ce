"""gunicorn forks its workers from a master that loaded the app: no database connection is shared across the
fork, and a thread that a fork would leave behind is reported."""

from __future__ import annotations

import threading
from types import SimpleNamespace

from sqlalchemy import event, text

from survey_app import gunicorn_forking


class Log:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warning(self, message: str, *args) -> None:
        self.warnings.append(message % args)


def master(app) -> SimpleNamespace:
    """What the hooks see of gunicorn's arbiter: the app it loaded (None without preload_app), its log."""
    return SimpleNamespace(app=SimpleNamespace(callable=app), log=Log())


def pooled_connection_closes(engine) -> list[object]:
    """A connection in the pool, as a master that had used the database would hold; and a list that records
    every connection the pool closes from now on."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    closed: list[object] = []
    event.listen(engine, "close", lambda dbapi_connection, _record: closed.append(dbapi_connection))
    return closed


def test_the_master_closes_its_database_connections_before_any_worker_is_forked(app):
    engine = app.extensions["db_engine"]
    closed = pooled_connection_closes(engine)

    gunicorn_forking.when_ready(master(app))

    assert closed and engine.pool.checkedin() == 0


def test_a_new_worker_starts_its_own_pool_without_closing_the_masters_connections(app):
    engine = app.extensions["db_engine"]
    closed = pooled_connection_closes(engine)
    inherited = engine.pool

    gunicorn_forking.post_fork(master(app), worker=None)

    assert engine.pool is not inherited and engine.pool.checkedin() == 0
    assert closed == []  # closing them here would close them under the master too
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1


def test_without_preload_app_the_hooks_find_no_app_and_do_nothing():
    # Each worker then makes its own app and engine after the fork: nothing of the master's to close.
    server = master(None)
    gunicorn_forking.when_ready(server)
    gunicorn_forking.post_fork(server, worker=None)


def test_the_master_warns_of_a_thread_running_as_workers_are_forked(app):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="left-running")
    thread.start()
    server = master(app)
    try:
        gunicorn_forking.when_ready(server)
    finally:
        stop.set()
        thread.join()

    assert any("left-running" in warning for warning in server.log.warnings)
