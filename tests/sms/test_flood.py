"""One sender texting without end (a person, a script, or an auto-reply phone answering our replies): each
text we answer is a paid text out, so past a limit per sender the rest are not answered (but for one reply a
window, ``test_past_limit``), and nobody else is slowed. STOP and DELETE always work."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, select

from survey_app.sms.models import InboundMessage
from survey_app.store.models import DELETED

from .texting import Phone, flask_poster


@pytest.fixture
def app_config(app_config):
    return app_config | {"SMS_SENDER_LIMIT": "8 per hour"}


def _arrived(app) -> int:
    with Session(app.extensions["db_engine"]) as session:
        return len(session.exec(select(InboundMessage)).all())


def test_past_the_limit_nothing_is_stored_and_only_the_first_text_gets_a_reply(app, phone):
    for n in range(8):
        assert phone.send("CARE" if n == 0 else "hello"), n
    stored_before = _arrived(app)

    assert len(phone.send("hello again")) == 1  # once a window: test_past_limit
    assert phone.send("hello again") == []
    assert _arrived(app) == stored_before


def test_another_sender_is_answered_while_one_is_over_the_limit(client, phone):
    for _ in range(9):
        phone.send("CARE")
    other = Phone(flask_poster(client), number="+447700900456")

    assert other.send("CARE")


def test_stop_and_delete_still_work_past_the_limit(phone, stored):
    for body in ("CARE", "yes", "yes", "yes", "yes", "18", "hello", "hello", "hello"):
        phone.send(body)
    assert phone.send("hello") == []

    phone.send("DELETE")

    assert [run.state for run in stored.runs()] == [DELETED]


def test_the_count_is_kept_under_the_senders_hash_not_their_number(app, phone):
    for _ in range(3):
        phone.send("CARE")
    storage = app.extensions["sms_sender_limit"].storage
    keys = " ".join(map(str, storage.storage)) + " ".join(map(str, getattr(storage, "events", {})))
    assert keys and phone.number not in keys and phone.number.lstrip("+") not in keys


def test_counting_texts_in_memory_starts_no_thread_per_text(app, phone, monkeypatch):
    """limits' own memory storage started a timer thread after nearly every count, 0.25-0.7 ms each."""
    storage = app.extensions["sms_sender_limit"].storage
    storage.timer.join()  # the one timer the storage starts when it is made has run
    started: list[threading.Timer] = []
    monkeypatch.setattr(threading.Timer, "start", lambda timer: started.append(timer))

    for body in ("CARE", "yes", "yes"):
        assert phone.send(body)

    assert started == []


def test_counts_in_memory_still_expire(app, phone, monkeypatch):
    from survey_app.sms import sender_limit

    for body in ("CARE", "yes"):
        phone.send(body)
    storage = app.extensions["sms_sender_limit"].storage
    later = sender_limit.time.monotonic() + storage.SWEEP_SECONDS + 1
    monkeypatch.setattr(sender_limit.time, "monotonic", lambda: later)
    monkeypatch.setattr("limits.storage.memory.time.time", lambda: 10**10)  # every count has expired

    phone.send("yes")

    assert [len(events) for events in storage.events.values()] == [1]  # only the text just counted
