"""Texts are answered in the order they arrived, and a free-text answer split over texts is one answer."""

from __future__ import annotations

import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from survey_app.sms import arrival, inbound
from survey_app.sms.models import InboundMessage
from survey_app.sms.senders import sender_hash

from .texting import PHONE_HASH_KEY, Phone, flask_poster, new_sid

TO_MORE_SAY = (
    "CARE",
    "yes",
    "yes",
    "yes",
    "yes",
    "19",
    "3",
    "1",
    "4",
    "2",
    "2",
)  # then "more_say", free text


def _arrival_order(app, sids: list[str]) -> list[str]:
    with Session(app.extensions["db_engine"]) as session:
        rows = session.exec(
            select(InboundMessage).where(InboundMessage.message_key.in_(sids)).order_by(InboundMessage.id)
        )
        return [row.message_key for row in rows]


def test_three_texts_arriving_together_are_answered_in_the_order_they_arrived(app, new_phone, stored):
    first = new_phone("+447700900201")
    for body in TO_MORE_SAY[:5]:
        first.send(body)  # at "age"
    burst = [("19", new_sid()), ("3", new_sid()), ("prefer not to say", new_sid())]
    start = threading.Barrier(len(burst))

    def deliver(message):
        phone = Phone(flask_poster(app.test_client()), number=first.number)
        start.wait()
        return message[1], phone.send(message[0], sid=message[1])

    with ThreadPoolExecutor(len(burst)) as pool:
        replies = dict(pool.map(deliver, burst))
    [run] = stored.runs()
    together = stored.answers(run.id)

    # The same texts sent one at a time in the order the webhook stored them give the same answers.
    order = _arrival_order(app, [sid for _body, sid in burst])
    bodies = dict((sid, body) for body, sid in burst)
    second = new_phone("+447700900202")
    for body in TO_MORE_SAY[:5]:
        second.send(body)
    one_by_one = [second.send(bodies[sid]) for sid in order]
    [_first, run_two] = stored.runs()
    assert together == stored.answers(run_two.id)
    assert [replies[sid] for sid in order] == one_by_one


def test_a_text_stored_while_an_earlier_one_is_still_committing_waits_for_it(app, new_phone, stored):
    """A sequence number is drawn at insert but seen at commit: if a sender's second text could commit
    first, its webhook would answer it before the first. Here the first text's storing transaction is
    held open, and the second text's webhook must wait for it, then answer both in order."""
    engine = app.extensions["db_engine"]
    if engine.dialect.name != "postgresql":
        pytest.skip("on SQLite, BEGIN IMMEDIATE queues every writer; the race is PostgreSQL's")
    first = new_phone("+447700900203")
    for body in TO_MORE_SAY[:5]:
        first.send(body)  # at "age"
    hashed = sender_hash(PHONE_HASH_KEY, first.number)
    second_text: dict[str, list[str]] = {}

    def send_second() -> None:
        phone = Phone(flask_poster(app.test_client()), number=first.number)
        second_text["replies"] = phone.send("3")

    with engine.connect() as holding, holding.begin():
        arrival.store(
            holding,
            hashed,
            key=new_sid(),
            body=arrival.seal(PHONE_HASH_KEY, first.number, "19"),
            media_count=0,
            opt_out_type=None,
            arrived_at=dt.datetime.now(dt.UTC),
        )
        webhook = threading.Thread(target=send_second)
        webhook.start()
        waited = _waits_on_a_sender_lock(engine, webhook)
    webhook.join(timeout=30)

    assert waited, "the second text was stored and answered while the first was still being stored"
    assert stored.answers()["age"] == ("answered", 19)
    assert stored.answers()["care_now"][0] == "answered"
    [run] = stored.runs()
    assert run.position == "where_live"
    assert second_text["replies"][0].startswith("Where do you live")


def _waits_on_a_sender_lock(engine, webhook: threading.Thread) -> bool:
    """True once another session waits for an advisory lock; False if the webhook ends without waiting."""
    deadline = time.monotonic() + 20
    with engine.connect() as looking:
        while webhook.is_alive() and time.monotonic() < deadline:
            waiting = looking.execute(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            ).scalar()
            looking.rollback()
            if waiting:
                return True
            webhook.join(timeout=0.01)
    return False


def _clock_at(monkeypatch, moments):
    times = iter(moments)
    monkeypatch.setattr(inbound, "clock", lambda: next(times))


def test_two_texts_a_second_apart_for_a_free_text_question_become_one_answer(monkeypatch, phone, stored):
    for body in TO_MORE_SAY:
        phone.send(body)
    now = dt.datetime.now(dt.UTC)
    _clock_at(monkeypatch, [now, now + dt.timedelta(seconds=1)])

    [next_question] = phone.send("I wanted more say")
    rest = phone.send("about where I lived")

    assert stored.answers()["more_say"] == ("answered", "I wanted more say about where I lived")
    assert rest == []  # the next question has been asked already
    assert next_question.startswith("How have you been feeling")
    [run] = stored.runs()
    assert run.position == "feeling"


def test_a_text_after_the_join_window_is_the_next_questions_answer(monkeypatch, phone, stored):
    for body in TO_MORE_SAY:
        phone.send(body)
    now = dt.datetime.now(dt.UTC)
    _clock_at(monkeypatch, [now, now + dt.timedelta(seconds=30)])

    phone.send("I wanted more say")
    [reply] = phone.send("about where I lived")

    assert stored.answers()["more_say"] == ("answered", "I wanted more say")
    assert reply.startswith("Reply with a number from 1 to 5.")


def test_a_number_straight_after_a_free_text_answer_answers_the_next_question(monkeypatch, phone, stored):
    for body in TO_MORE_SAY:
        phone.send(body)
    now = dt.datetime.now(dt.UTC)
    _clock_at(monkeypatch, [now, now + dt.timedelta(seconds=1)])

    phone.send("I wanted more say")
    phone.send("3")

    assert stored.answers()["more_say"] == ("answered", "I wanted more say")
    assert stored.answers()["feeling"] == ("answered", 3)
