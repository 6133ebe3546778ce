"""A text answered "text it again" is never answered later; a redelivery after an outage changes nothing."""

from __future__ import annotations

import datetime as dt
import threading
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from survey_app.db import make_engine
from survey_app.sms import arrival, inbound
from survey_app.sms.models import InboundMessage
from survey_app.sms.prepared import driver_connection
from survey_app.sms.senders import lock_key, sender_hash

from .texting import PHONE_HASH_KEY, new_sid

APOLOGY = "We could not take that just now. Please text it again in a few minutes."
TO_FEELS_LIKE_HOME = ("CARE", "yes", "yes", "yes", "yes", "19", "3", "1")


def _answering_fails(monkeypatch, app, *, database_gone: bool):
    """The database fails after the text is stored and before it is answered; gone for good if asked.
    Returns what brings it back."""
    working = app.extensions["db_engine"]

    @contextmanager
    def failing(hashed, connection=None):
        if database_gone:
            app.extensions["db_engine"] = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/closed")
        raise OperationalError("SELECT pg_advisory_xact_lock(:key)", {}, ConnectionError("server closed"))
        yield  # a generator, never reached

    monkeypatch.setattr(inbound, "locked", failing)

    def back() -> None:
        if app.extensions["db_engine"] is not working:
            app.extensions["db_engine"].dispose()
            app.extensions["db_engine"] = working
        monkeypatch.setattr(inbound, "locked", LOCKED)

    return back


LOCKED = inbound.locked


def _later(monkeypatch, seconds: float) -> None:
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    monkeypatch.setattr(inbound, "clock", lambda: moment)


def test_a_text_told_to_text_it_again_while_the_database_was_gone_is_never_answered_later(
    app, monkeypatch, phone, stored
):
    for body in TO_FEELS_LIKE_HOME:
        phone.send(body)
    back = _answering_fails(monkeypatch, app, database_gone=True)
    assert phone.send("2") == [APOLOGY]
    back()
    _later(monkeypatch, 10)

    phone.send("2")

    answers = stored.answers()
    assert answers["feels_like_home"] == ("answered", 2)
    assert "ready_to_move" not in answers
    [run] = stored.runs()
    assert run.position == "ready_to_move"


def test_a_text_told_to_text_it_again_is_not_answered_by_the_next_text_sent_at_once(
    app, monkeypatch, phone, stored
):
    for body in TO_FEELS_LIKE_HOME:
        phone.send(body)
    for _attempt in range(3):
        back = _answering_fails(monkeypatch, app, database_gone=False)
        assert phone.send("2") == [APOLOGY]
        back()

    phone.send("2")

    answers = stored.answers()
    assert answers["feels_like_home"] == ("answered", 2)
    assert "ready_to_move" not in answers and "had_a_say" not in answers


def test_the_set_aside_text_keeps_its_apology_for_a_redelivery(app, monkeypatch, phone, stored):
    for body in TO_FEELS_LIKE_HOME:
        phone.send(body)
    sid = new_sid()
    back = _answering_fails(monkeypatch, app, database_gone=True)
    assert phone.send("2", sid=sid) == [APOLOGY]
    back()
    _later(monkeypatch, 10)

    assert phone.send("2", sid=sid) == [APOLOGY]
    assert "feels_like_home" not in stored.answers()


def test_a_text_waiting_less_than_the_window_is_still_answered_in_turn(app, monkeypatch, phone, stored):
    for body in TO_FEELS_LIKE_HOME:
        phone.send(body)
    back = _answering_fails(monkeypatch, app, database_gone=True)
    phone.send("5")
    back()
    _later(monkeypatch, 1)  # a webhook merely slow, not lost: within SMS_SET_ASIDE_SECONDS

    phone.send("2")

    answers = stored.answers()
    assert answers["feels_like_home"] == ("answered", 5)
    assert answers["ready_to_move"] == ("answered", "too_soon")


def test_a_redelivered_answered_text_gets_its_stored_reply_once_the_database_is_back(app, phone, stored):
    for body in TO_FEELS_LIKE_HOME:
        phone.send(body)
    sid = new_sid()
    first = phone.send("4", sid=sid)
    working = app.extensions["db_engine"]
    app.extensions["db_engine"] = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/closed")
    try:
        during = phone.send("4", sid=sid)
    finally:
        app.extensions["db_engine"].dispose()
        app.extensions["db_engine"] = working

    after = phone.send("4", sid=sid)

    assert during == [APOLOGY]
    assert after == first
    assert stored.answers()["feels_like_home"] == ("answered", 4)
    assert stored.answer_count() == 4  # age, care_now, where_live, feels_like_home: nothing twice
    [run] = stored.runs()
    assert run.position == "ready_to_move"
    with Session(working) as session:
        assert len(session.exec(select(InboundMessage).where(InboundMessage.message_key == sid)).all()) == 1


def test_a_connection_lost_while_answering_gets_the_apology_and_the_text_is_never_answered_later(
    app, monkeypatch, phone, stored
):
    """The fast lane's statements run on the driver's cursor (``sms.prepared``): a connection lost there
    must still read as the database being down, as it did through SQLAlchemy, not end in a 500."""
    engine = app.extensions["db_engine"]
    if engine.dialect.name != "postgresql":
        pytest.skip("the statements run on the driver's cursor on PostgreSQL only")
    for body in TO_FEELS_LIKE_HOME:
        phone.send(body)
    reading = arrival.pending_with_state

    def lost_first(connection, hashed):
        monkeypatch.setattr(arrival, "pending_with_state", reading)
        backend = driver_connection(connection).info.backend_pid
        with engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        return reading(connection, hashed)

    monkeypatch.setattr(arrival, "pending_with_state", lost_first)
    assert phone.send("2") == [APOLOGY]
    _later(monkeypatch, 10)

    phone.send("3")

    answers = stored.answers()
    assert answers["feels_like_home"] == ("answered", 3)
    assert "ready_to_move" not in answers


def test_a_statement_cancelled_by_the_database_gets_the_apology_not_an_error(app, phone, stored):
    """A cancelled statement (an administrator, a statement timeout) leaves the connection alive, so nothing
    but the fast lane's own handling turns the driver's error into the database being down."""
    engine = app.extensions["db_engine"]
    if engine.dialect.name != "postgresql":
        pytest.skip("the statements run on the driver's cursor on PostgreSQL only")
    for body in TO_FEELS_LIKE_HOME:
        phone.send(body)
    replies: list[list[str]] = []
    webhook = threading.Thread(target=lambda: replies.append(phone.send("2")))
    with engine.connect() as holding:
        key = lock_key(sender_hash(PHONE_HASH_KEY, phone.number))
        holding.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        webhook.start()
        _cancel_the_waiting_statement(engine, webhook)
        holding.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
        holding.commit()
    webhook.join(timeout=30)

    assert replies == [[APOLOGY]]
    assert "feels_like_home" not in stored.answers()


def _cancel_the_waiting_statement(engine, webhook: threading.Thread) -> None:
    deadline = time.monotonic() + 20
    with engine.connect() as looking:
        while webhook.is_alive() and time.monotonic() < deadline:
            cancelled = looking.execute(
                text(
                    "SELECT pg_cancel_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                )
            ).all()
            looking.rollback()
            if cancelled:
                return
            webhook.join(timeout=0.01)
    raise AssertionError("the text never waited for its sender's lock")
