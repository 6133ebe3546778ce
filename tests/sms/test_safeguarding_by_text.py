"""A worrying free-text answer by text: support in the same reply, one sealed concern, then carry on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from survey_app.safeguarding import sealing
from survey_app.safeguarding.models import Concern, ReadingItem
from survey_app.store.models import Answer

from .lead import PASSPHRASE, sign_in_lead
from .texting import LEAVING_CARE

WORRYING = "honestly i want to kill myself tonight, got the tablets ready"


@pytest.fixture
def app_config(app_config, key_pair):
    return {**app_config, "SAFEGUARDING_PUBLIC_KEY": key_pair.public_key}


def reach_first_free_text_question(phone) -> None:
    for body, step in LEAVING_CARE:
        if step and step[0] == "more_say":
            return
        phone.send(body)
    raise AssertionError("the script never reached the free-text question")


def concerns(app) -> list[Concern]:
    with Session(app.extensions["db_engine"]) as session:
        return list(session.exec(select(Concern)))


def test_a_worrying_answer_gets_support_contacts_in_the_same_reply_and_one_concern(app, phone):
    reach_first_free_text_question(phone)
    params = phone.params(WORRYING)
    first = phone.deliver(params)
    retried = phone.deliver(params)
    assert first == retried
    reply = first[1].decode()
    assert "999" in reply and "116 123" in reply and "85258" in reply
    assert "get in touch" in reply
    found = concerns(app)
    assert len(found) == 1 and found[0].tier == "urgent"
    with Session(app.extensions["db_engine"]) as session:
        answer = session.exec(select(Answer).where(Answer.question_id == "more_say")).one()
    assert answer.withheld


def test_an_urgent_concern_by_text_seals_the_number_and_only_the_lead_can_open_it(app, phone, key_pair):
    reach_first_free_text_question(phone)
    phone.send(WORRYING)
    concern = concerns(app)[0]
    assert phone.number not in (concern.sealed_phone or "")
    assert (
        sealing.open_sealed(concern.sealed_phone, key_pair.encrypted_private_key, PASSPHRASE) == phone.number
    )


def test_contact_details_given_after_a_concern_are_sealed_and_the_survey_carries_on(app, phone, key_pair):
    reach_first_free_text_question(phone)
    phone.send(WORRYING)
    reply = phone.send("email me at someone@example.org")
    assert any("kept that safely" in text for text in reply)
    assert any("Reply 1" in text or "Reply with" in text for text in reply), reply
    concern = concerns(app)[0]
    assert "someone@example.org" not in (concern.sealed_contact or "")
    opened = sealing.open_sealed(concern.sealed_contact, key_pair.encrypted_private_key, PASSPHRASE)
    assert opened == "email me at someone@example.org"
    database = app.config["SQLALCHEMY_DATABASE_URL"]
    if database.startswith("sqlite:///"):
        path = Path(database.removeprefix("sqlite:///"))
        for file in path.parent.glob(path.name + "*"):  # the database and its write-ahead log
            assert b"someone@example.org" not in file.read_bytes()


def test_saying_no_to_contact_carries_on_and_stores_nothing_more(app, phone):
    reach_first_free_text_question(phone)
    phone.send(WORRYING)
    reply = phone.send("no")
    assert any("carrying on" in text for text in reply)
    assert concerns(app)[0].sealed_contact is None
    with Session(app.extensions["db_engine"]) as session:
        stored = {a.question_id for a in session.exec(select(Answer))}
    assert "no" not in stored


def test_an_ordinary_complaint_by_text_raises_nothing(app, phone):
    reach_first_free_text_question(phone)
    reply = phone.send("my flat is damp and this form is killing me")
    assert not any("116 123" in text for text in reply)
    assert concerns(app) == []


REVIEW_WORDS = "my stepdad hits me when hes drunk"


def _open(concern, part: str, key_pair) -> str:
    return sealing.open_sealed(getattr(concern, part), key_pair.encrypted_private_key, PASSPHRASE)


@pytest.mark.parametrize("said", ["yes pls", "yeah thats fine", "yes please call me", "Yes!", "ok"])
def test_yes_as_people_write_it_means_this_number(app, phone, key_pair, said):
    reach_first_free_text_question(phone)
    phone.send(REVIEW_WORDS)
    reply = phone.send(said)
    assert any("kept that safely" in text for text in reply), reply
    assert _open(concerns(app)[0], "sealed_contact", key_pair) == phone.number


@pytest.mark.parametrize("said", ["no thank you", "im ok thanks", "I'm ok", "nah", "no"])
def test_no_as_people_write_it_is_never_sealed_as_contact_details(app, phone, said):
    reach_first_free_text_question(phone)
    phone.send(REVIEW_WORDS)
    reply = phone.send(said)
    assert any("carrying on" in text for text in reply), reply
    [concern] = concerns(app)
    assert concern.sealed_contact is None and concern.sealed_phone is None and concern.declined_contact


def test_anything_else_is_asked_about_once_more_and_never_taken_for_contact_details(app, phone):
    reach_first_free_text_question(phone)
    phone.send(REVIEW_WORDS)
    again = phone.send("and he took my phone off me last week")
    assert len(again) == 1 and again[0].startswith("Sorry, I did not understand. Reply YES")
    after = phone.send("whatever")
    assert any("carrying on" in text for text in after), after
    assert all(concern.sealed_contact is None and concern.sealed_phone is None for concern in concerns(app))
    with Session(app.extensions["db_engine"]) as session:
        listed = [item.words for item in session.exec(select(ReadingItem))]
    # The follow-on words are read by a person with the answer they continue; nothing was lost.
    assert "and he took my phone off me last week" in listed and REVIEW_WORDS in listed


def test_an_urgent_no_is_told_what_is_kept_and_why_and_the_lead_reads_the_same(app, phone, client):
    reach_first_free_text_question(phone)
    phone.send(WORRYING)
    reply = phone.send("no thanks")
    assert any("kept your number locked away" in text for text in reply), reply
    assert all(len(text) <= 160 for text in reply if "locked away" in text)
    [concern] = concerns(app)
    assert concern.sealed_phone and concern.sealed_contact is None and concern.declined_contact
    sign_in_lead(app, client)
    page = client.get(f"/safeguarding/{concern.id}").get_data(as_text=True)
    assert "kept because the risk looked urgent; they said no to contact" in page
    assert "They left a way to reach them" not in page


def test_delete_while_offered_contact_deletes_the_answers_and_keeps_the_concern(app, phone, stored):
    reach_first_free_text_question(phone)
    phone.send(WORRYING)
    assert stored.answer_count() > 0

    reply = phone.send("DELETE")

    assert stored.answer_count() == 0
    assert any("deleted" in text.lower() for text in reply), reply
    assert len(concerns(app)) == 1 and concerns(app)[0].sealed_contact is None


def test_pause_while_offered_contact_pauses_and_is_not_read_as_more_of_their_answer(app, phone, stored):
    reach_first_free_text_question(phone)
    phone.send(WORRYING)

    reply = phone.send("PAUSE")

    assert any("paused" in text for text in reply), reply
    assert [c.state for c in stored.conversations()] == ["paused"]


def test_a_worrying_last_answer_offers_contact_first_and_finishes_after(app, phone):
    from survey_app.store.models import Run

    for body, _step in LEAVING_CARE[:-1]:
        phone.send(body)

    replies = phone.send(WORRYING)

    assert replies[-1].startswith("Would you like someone to get in touch?")
    assert len(concerns(app)) == 1
    with Session(app.extensions["db_engine"]) as session:
        [run] = session.exec(select(Run)).all()
        assert (run.state, run.position) == ("in_progress", None)

    after = phone.send("no")

    assert any("Thank you for taking part" in text for text in after)
    with Session(app.extensions["db_engine"]) as session:
        [run] = session.exec(select(Run)).all()
        assert run.state == "completed"
