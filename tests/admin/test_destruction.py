"""Destroyed means gone from the disk: after a purge or a stop-and-delete, a byte search of the database's
files (SQLite's file and WAL; PostgreSQL's whole data directory, WAL included) finds nothing planted."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import stat
import time
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlmodel import Session, delete, select

from survey_app.admin import retention
from survey_app.safeguarding import worker
from survey_app.safeguarding.models import Concern
from survey_app.sms.models import Conversation, DeliveryStatus
from survey_app.store import runs, scrubbing
from survey_app.store.models import Answer, Run


def planted_values() -> dict[str, str]:
    """Values no other test writes, so finding one means ours survived."""
    mark = secrets.token_hex(5)
    digits = "".join(str(secrets.randbelow(10)) for _ in range(6))
    return {
        "name": f"Orlaith Brannigan-{mark}",
        "phone": f"07700 9{digits}",
        "email": f"orlaith.{mark}@example.net",
        "words": f"my uncle {mark} hurts me when mum is out",
        "sender": secrets.token_hex(32),
    }


def plant(session: Session, values: dict[str, str], questionnaire_id: str = "leaving-care") -> Run:
    run = Run(
        token=secrets.token_hex(16),
        questionnaire_id=questionnaire_id,
        questionnaire_version="1",
        channel="sms",
    )
    session.add(run)
    session.flush()
    said = f"I'm {values['name']}, call {values['phone']} or {values['email']}. {values['words']}"
    session.add(Answer(run_id=run.id, question_id="one_change", status="answered", value=json.dumps(said)))
    session.add(
        Concern(
            idempotency_key=secrets.token_hex(16),
            questionnaire_id=questionnaire_id,
            run_id=run.id,
            words=values["words"],
            tier="urgent",
            category="harm",
            channel="sms",
        )
    )
    session.add(Conversation(sender_hash=values["sender"], channel="sms", questionnaire_id=questionnaire_id))
    session.add(
        DeliveryStatus(message_sid="SM" + secrets.token_hex(16), sender_hash=values["sender"], status="sent")
    )
    session.commit()
    return run


def files_of(app, session: Session) -> list[Path]:
    """Every file the database keeps its data in."""
    engine = app.extensions["db_engine"]
    if engine.dialect.name == "sqlite":
        database = Path(engine.url.database)
        return [p for p in (database, Path(f"{database}-wal")) if p.exists()]
    directory = Path(session.exec(text("SHOW data_directory")).one()[0])
    if not os.access(directory, os.R_OK):
        pytest.skip("the PostgreSQL data directory is not readable here (run as root to search it)")
    return [p for p in directory.rglob("*") if p.is_file()]


def found_on_disk(app, session: Session, values: dict[str, str]) -> set[str]:
    wanted = {key: value.encode() for key, value in values.items()}
    found = set()
    for path in files_of(app, session):
        try:
            data = path.read_bytes()
        except (FileNotFoundError, PermissionError):  # a WAL segment retired while we looked
            continue
        found |= {key for key, value in wanted.items() if value in data}
    return found


@pytest.fixture
def pg_wal_not_recycled(app):
    """PostgreSQL keeps retired WAL segments for reuse, old rows inside, unless wal_recycle is off."""
    engine = app.extensions["db_engine"]
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            if connection.exec_driver_sql("SHOW wal_recycle").scalar() != "off":
                connection.exec_driver_sql("ALTER SYSTEM SET wal_recycle = off")
                connection.exec_driver_sql("SELECT pg_reload_conf()")


def test_the_planted_values_are_on_disk_before_destruction(app, db):
    values = planted_values()
    plant(db, values)
    db.exec(text("CHECKPOINT")) if app.extensions["db_engine"].dialect.name == "postgresql" else None
    assert found_on_disk(app, db, values) >= {"name", "phone", "email", "words"}


def test_after_the_retention_purge_no_planted_value_is_left_in_any_database_file(
    app, db, pg_wal_not_recycled
):
    values = planted_values()
    plant(db, values)
    with app.app_context():
        entry = retention.purge_questionnaire(db, "leaving-care", dt.date(2020, 1, 1))
        scrubbing.pay(app.extensions["db_engine"])  # what `flask retention purge` does once it has committed
    assert entry is not None and "sms_delivery_status=1" in entry.other
    assert db.exec(select(DeliveryStatus)).all() == []
    assert found_on_disk(app, db, values) == set()


def test_after_a_stop_and_delete_the_answers_are_gone_from_every_database_file(app, db, pg_wal_not_recycled):
    values = planted_values()
    run = plant(db, values)
    with app.app_context():
        runs.stop(db, run, keep=False)
        worker.one_round()  # PostgreSQL: the worker scrubs what the deletion owes (SQLite did it at once)
    found = found_on_disk(app, db, {key: values[key] for key in ("name", "phone", "email")})
    assert found == set()
    assert db.exec(select(scrubbing.ScrubOwed)).all() == []


def statements_during(app, action) -> list[str]:
    seen: list[str] = []
    engine = app.extensions["db_engine"]

    def remember(_connection, _cursor, statement, *_args) -> None:
        seen.append(statement.split()[0].upper())

    event.listen(engine, "before_cursor_execute", remember)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return seen


def test_on_postgresql_a_stop_and_delete_deletes_at_once_and_leaves_the_slow_scrub_owed(app, db):
    if app.extensions["db_engine"].dialect.name != "postgresql":
        pytest.skip("SQLite's scrub is a quick WAL truncation and stays in the request")
    run = plant(db, planted_values())
    with app.app_context():
        done = statements_during(app, lambda: runs.stop(db, run, keep=False))
    assert not {"VACUUM", "CHECKPOINT", "REINDEX"} & set(done), done
    assert db.exec(select(Answer).where(Answer.run_id == run.id)).all() == []
    assert {owed.table_name for owed in db.exec(select(scrubbing.ScrubOwed))} >= {"answer"}
    with app.app_context():
        paid = statements_during(app, worker.one_round)
    assert "VACUUM" in paid
    assert db.exec(select(scrubbing.ScrubOwed)).all() == []


def test_a_deletion_rings_the_worker_so_it_scrubs_within_seconds_not_at_its_next_round(app, db):
    if app.extensions["db_engine"].dialect.name != "postgresql":
        pytest.skip("only PostgreSQL's scrub is left to the worker")
    run = plant(db, planted_values())
    doorbell = scrubbing.Doorbell(app.extensions["db_engine"])
    try:
        doorbell.wait(0)  # listening from now on
        with app.app_context():
            runs.stop(db, run, keep=False)
        started = time.monotonic()
        doorbell.wait(30)
        assert time.monotonic() - started < 5
    finally:
        doorbell.close()


def test_a_rolled_back_deletion_owes_nothing(app, db):
    if app.extensions["db_engine"].dialect.name != "postgresql":
        pytest.skip("only PostgreSQL records scrubs owed")
    run = plant(db, planted_values())
    db.exec(delete(Answer).where(Answer.run_id == run.id))
    with app.app_context():
        from survey_app import db as database

        database.destroyed(db, Answer.__tablename__)
    db.rollback()
    assert db.exec(select(scrubbing.ScrubOwed)).all() == []
    assert db.exec(select(Answer).where(Answer.run_id == run.id)).all() != []


def test_the_sqlite_database_and_its_log_are_readable_by_their_owner_only(app, db):
    if app.extensions["db_engine"].dialect.name != "sqlite":
        pytest.skip("PostgreSQL's files belong to the server")
    plant(db, planted_values())
    for path in files_of(app, db):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
