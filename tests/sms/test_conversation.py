"""A whole survey by text message, through signed webhooks and the Flask test client."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from survey_app.safeguarding.models import ReadingItem
from survey_app.store import runs
from survey_app.store.models import COMPLETED, Run

from .texting import LEAVING_CARE, expected_answers


def test_complete_leaving_care_conversation_stores_exactly_the_answers_given(phone, stored):
    replies = [phone.send(body) for body, _answer in LEAVING_CARE]

    [run] = stored.runs()
    assert run.state == COMPLETED
    assert run.channel == "sms"
    assert stored.answers(run.id) == expected_answers()
    assert "Thank you for taking part" in replies[-1][0]
    assert "Childline" in replies[-1][1]


def test_finishing_forgets_the_sender(phone, stored):
    for body, _answer in LEAVING_CARE:
        phone.send(body)

    assert stored.conversations() == []


def test_texting_the_keyword_gets_the_introduction_and_the_first_consent_step(phone, stored):
    intro, cost, consent = phone.send("care")

    assert intro.startswith("Hi. This is the leaving care survey.")
    assert "costs the same as a normal text" in cost and "about 24 texts" in cost
    assert consent.endswith("Reply YES or NO")
    assert stored.runs() == []


def test_an_unknown_sender_who_texts_anything_else_is_told_how_to_start(phone, stored):
    [reply] = phone.send("hello")

    assert "CARE" in reply
    assert stored.conversations() == []


def test_a_closed_survey_says_so_and_starts_nothing(app, phone, stored, monkeypatch):
    questionnaire = app.extensions["questionnaires"].get("leaving-care")
    monkeypatch.setattr(type(questionnaire), "is_open", lambda self, today: False)

    reply, contacts = phone.send("CARE")

    assert "closed" in reply
    assert "Childline" in contacts
    assert stored.conversations() == []


def test_a_run_ended_elsewhere_is_not_carried_on(app, phone, stored):
    for body in ("CARE", "yes", "yes", "yes", "yes", "19"):
        phone.send(body)
    with Session(app.extensions["db_engine"]) as session:
        runs.stop(session, session.get(Run, stored.runs()[0].id), keep=False)

    [reply] = phone.send("3")

    assert "closed" in reply
    assert stored.conversations() == [] and stored.answers() == {}


def test_a_survey_a_coordinator_closed_says_so_and_starts_nothing(app, phone, stored):
    from sqlmodel import Session

    from survey_app.codesign.models import QuestionnaireDates
    from survey_app.store.models import utcnow

    yesterday = utcnow().date() - dt.timedelta(days=1)
    with Session(app.extensions["db_engine"]) as session:
        change = QuestionnaireDates(questionnaire_id="leaving-care", opens=yesterday, closes=yesterday)
        session.add(change)
        session.commit()

    reply, _contacts = phone.send("CARE")

    assert "closed" in reply
    assert stored.conversations() == []


def test_answers_left_on_a_branch_no_longer_taken_are_dropped_when_the_last_answer_finishes(
    app, phone, stored
):
    for body, _step in LEAVING_CARE[:-3]:
        phone.send(body)
    phone.send("4")  # another way: asks for their own words
    phone.send("in my own words")
    phone.send("BACK")  # to their own words
    phone.send("BACK")  # to the gender question
    phone.send("1")  # now the own-words question is not on their path

    phone.send("no")

    answers = stored.answers()
    assert answers["gender"] == ("answered", "girl_woman")
    assert "gender_own_words" not in answers
    assert stored.runs()[0].state == "completed"
    with Session(app.extensions["db_engine"]) as session:
        read = {item.question_id for item in session.exec(select(ReadingItem))}
    assert read == {"more_say", "one_change", "feeling_unsafe"}  # their own words went with the answer
