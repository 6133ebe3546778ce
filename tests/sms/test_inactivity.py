"""After a long gap a conversation is not silently carried on: carry on, or start again."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from survey_app.sms.models import Conversation
from survey_app.store.models import DELETED, IN_PROGRESS


@pytest.fixture
def days_pass(app):
    def age_by(days: int) -> None:
        with Session(app.extensions["db_engine"]) as session:
            for conversation in session.exec(select(Conversation)):
                conversation.last_message_at -= dt.timedelta(days=days)
                session.add(conversation)
            session.commit()

    return age_by


def _answered_two(phone):
    for body in ("CARE", "yes", "yes", "yes", "yes", "19", "3"):
        phone.send(body)


def test_after_the_inactivity_time_the_next_text_is_not_taken_as_an_answer(phone, stored, days_pass):
    _answered_two(phone)
    days_pass(8)

    [offer] = phone.send("1")

    assert "carry on" in offer and "start again" in offer
    assert stored.answers() == {"age": ("answered", 19), "care_now": ("answered", "moved_on")}


def test_carrying_on_after_a_gap_asks_the_waiting_question(phone, stored, days_pass):
    _answered_two(phone)
    days_pass(8)
    phone.send("hello again")

    [question] = phone.send("1")

    assert question.startswith("Where do you live now?")
    phone.send("2")
    assert stored.answers()["where_live"] == ("answered", "family")


def test_starting_again_after_a_gap_deletes_the_old_answers_and_asks_the_first_question(
    phone, stored, days_pass
):
    _answered_two(phone)
    days_pass(8)
    phone.send("hi")

    [question] = phone.send("2")

    old, new = stored.runs()
    assert (old.state, new.state) == (DELETED, IN_PROGRESS)
    assert question.startswith("How old are you?")
    assert stored.answers() == {}


def test_within_the_inactivity_time_the_conversation_simply_carries_on(phone, stored, days_pass):
    _answered_two(phone)
    days_pass(6)

    [question] = phone.send("1")

    assert question.startswith("How much does where you live feel like home?")


def test_an_old_unanswered_consent_starts_afresh(phone, stored, days_pass):
    phone.send("CARE")
    days_pass(8)

    [how] = phone.send("yes")

    assert "CARE" in how
    assert stored.runs() == [] and stored.conversations() == []


def test_the_inactivity_time_is_a_setting(app, phone, stored, days_pass):
    app.config["SMS_INACTIVITY_DAYS"] = 2
    _answered_two(phone)
    days_pass(3)

    [offer] = phone.send("1")

    assert "carry on" in offer


def test_forget_idle_removes_quiet_conversations_but_keeps_their_answers(app, phone, stored, days_pass):
    _answered_two(phone)
    days_pass(40)

    result = app.test_cli_runner().invoke(args=["sms", "forget-idle"])

    assert "Forgot 1 conversation" in result.output
    assert stored.conversations() == []
    assert len(stored.answers()) == 2
