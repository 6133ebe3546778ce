"""A text answered "text it again" is never answered later; a redelivery after an outage changes nothing."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from survey_app.db import make_engine
from survey_app.sms import inbound
from survey_app.sms.models import InboundMessage

from .texting import new_sid

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
