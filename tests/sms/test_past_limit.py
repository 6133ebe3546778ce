"""Past the sender limit: one reply a window (why, when, and help now), and a text showing risk still reaches
the safeguarding lead, once a window, with nothing of the number kept in the clear or logged."""

from __future__ import annotations

import json
import logging
import time

import pytest
from limits import parse_many
from sqlalchemy import event
from sqlmodel import Session, select

from survey_app.safeguarding import journey, sealing
from survey_app.safeguarding.models import Concern, Notice
from survey_app.sms import replies
from survey_app.sms.models import InboundMessage
from survey_app.store.models import COMPLETED, Answer, Run

from .lead import PASSPHRASE, sign_in_lead
from .test_anonymity import _everything_stored, _variants
from .test_languages_by_text import offers_polish  # noqa: F401 (a fixture)
from .texting import LEAVING_CARE

LIMIT = 8
PILLS = "i have the pills ready for tonight"
REVIEW_WORDS = "my stepdad hits me when hes drunk"
TOO_MANY = "You have sent a lot of texts quickly."


@pytest.fixture
def app_config(app_config, key_pair):
    return app_config | {
        "SMS_SENDER_LIMIT": f"{LIMIT} per hour",
        "SAFEGUARDING_PUBLIC_KEY": key_pair.public_key,
    }


def _up_to_the_limit(phone, start: str = "CARE") -> None:
    """The survey started, at its first question, then invalid answers until the limit is used up."""
    bodies = [start, "yes", "yes", "yes", "yes"]
    for body in bodies + ["not a number"] * (LIMIT - len(bodies)):
        assert phone.send(body)


def _rows(app, table) -> list:
    with Session(app.extensions["db_engine"]) as session:
        return list(session.exec(select(table)))


def test_the_first_text_past_the_limit_says_when_to_carry_on_and_where_to_get_help_now(app, phone):
    _up_to_the_limit(phone)
    stored = len(_rows(app, InboundMessage))

    [told] = phone.send("hello?")

    assert told.startswith(TOO_MANY) and "carry on in 60 minutes" in told
    assert all(number in told for number in ("999", "0800 1111", "116 123", "85258"))
    assert len(_rows(app, InboundMessage)) == stored and _rows(app, Answer) == []


def test_later_texts_in_the_window_get_no_reply_so_a_flood_costs_one_text(app, phone):
    _up_to_the_limit(phone)
    assert phone.send("hello?")

    assert [phone.send(f"hello {n}") for n in range(20)] == [[]] * 20


def test_once_the_window_has_moved_on_texts_are_answered_and_a_new_flood_is_told_again(
    app, phone, monkeypatch
):
    _up_to_the_limit(phone)
    assert phone.send("hello?") and phone.send("hello?") == []
    an_hour_on = time.time() + 3601
    monkeypatch.setattr("limits.storage.memory.time.time", lambda: an_hour_on)

    assert not phone.send("19")[0].startswith(TOO_MANY)
    assert [(answer.question_id, answer.value) for answer in _rows(app, Answer)] == [("age", "19")]
    for _ in range(LIMIT - 1):
        phone.send("yes")
    assert phone.send("yes")[0].startswith(TOO_MANY)


def test_the_reply_is_in_the_language_the_sender_chose(app, phone, offers_polish):  # noqa: F811
    _up_to_the_limit(phone, start="CARE PL")

    [told] = phone.send("hello?")

    with app.test_request_context(), replies.in_language("pl"):
        assert told == replies.too_many_texts(3600)
    with app.test_request_context():
        assert told != replies.too_many_texts(3600)


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(20, "in 1 minute."), (600, "in 10 minutes."), (5400, "in 90 minutes."), (6000, "in about 2 hours.")],
)
def test_the_wait_is_said_in_minutes_then_hours(app, seconds, said):
    with app.test_request_context():
        assert said in replies.too_many_texts(seconds)


def test_a_text_past_the_limit_showing_risk_raises_one_sealed_concern_and_one_notice(app, phone, key_pair):
    _up_to_the_limit(phone)
    phone.send("hello?")  # told

    reply = phone.send(PILLS)
    for body in (PILLS, "i have the pills ready for tonight. goodbye", "im going to kill myself tonight"):
        assert phone.send(body) == []

    assert "999" in " ".join(reply) and "Thank you for telling us" in reply[0]
    [concern] = _rows(app, Concern)
    assert (concern.tier, concern.words, concern.channel) == ("urgent", PILLS, "sms")
    assert concern.questionnaire_id == "leaving-care" and concern.run_id is not None
    assert journey.PAST_LIMIT in {reason["rule"] for reason in json.loads(concern.reasons)}
    assert (
        sealing.open_sealed(concern.sealed_phone, key_pair.encrypted_private_key, PASSPHRASE) == phone.number
    )
    assert [notice.tier for notice in _rows(app, Notice)] == ["urgent"]
    assert _rows(app, Answer) == []  # still not stored as an answer


def test_the_first_text_past_the_limit_showing_risk_is_told_once_and_raised(app, phone):
    _up_to_the_limit(phone)

    [told] = phone.send(PILLS)

    assert told.startswith(TOO_MANY)
    assert [concern.tier for concern in _rows(app, Concern)] == ["urgent"]


def test_an_urgent_text_after_a_review_one_is_raised_too(app, phone):
    """A cap of one concern a window would have left "i have the pills ready" behind an earlier, lesser
    worry, for a person to see within a working day instead of at once."""
    _up_to_the_limit(phone)
    phone.send(REVIEW_WORDS)
    phone.send(REVIEW_WORDS + " again")
    phone.send(PILLS)

    assert sorted(concern.tier for concern in _rows(app, Concern)) == ["review", "urgent"]
    assert len(_rows(app, Notice)) == 2


def test_after_the_windows_urgent_concern_later_texts_cost_no_detector_and_no_database(
    app, phone, monkeypatch
):
    _up_to_the_limit(phone)
    phone.send(PILLS)
    read: list[str] = []
    monkeypatch.setattr(journey, "assess", lambda text: read.append(text))
    statements: list[str] = []
    event.listen(
        app.extensions["db_engine"], "before_cursor_execute", lambda *args: statements.append(args[2])
    )

    for body in (PILLS, "hello", "and again"):
        assert phone.send(body) == []

    assert read == [] and statements == []


def test_an_ordinary_text_past_the_limit_after_the_reply_touches_no_database(app, phone):
    _up_to_the_limit(phone)
    phone.send("hello?")
    statements: list[str] = []
    event.listen(
        app.extensions["db_engine"], "before_cursor_execute", lambda *args: statements.append(args[2])
    )

    assert phone.send("my flat is damp") == []
    assert statements == [] and _rows(app, Concern) == []


def test_no_raw_number_in_the_database_or_the_logs_and_the_words_only_in_the_concern(
    app, phone, database_url, caplog
):
    caplog.set_level(logging.DEBUG)
    _up_to_the_limit(phone)
    for body in ("hello?", PILLS, REVIEW_WORDS, PILLS):
        phone.send(body)

    database = _everything_stored(app, database_url)
    logs = "\n".join(record.getMessage() for record in caplog.records).encode()
    for variant in _variants(phone.number):
        assert variant not in database and variant not in logs
    assert PILLS.encode() not in logs and REVIEW_WORDS.encode() not in logs
    assert [concern.words for concern in _rows(app, Concern)] == [PILLS]  # review words: after the urgent one


def test_a_sender_whose_survey_is_over_is_read_and_filed_with_the_last_run_of_that_number(app, phone):
    app.config["SMS_SENDER_LIMITS"] = parse_many("40 per hour")  # room for the whole survey
    for body, _step in LEAVING_CARE:
        phone.send(body)
    app.config["SMS_SENDER_LIMITS"] = parse_many(f"{LIMIT} per hour")
    for _ in range(LIMIT):
        assert phone.send("hello")  # how to start a survey

    phone.send(PILLS)

    [run] = _rows(app, Run)
    [concern] = _rows(app, Concern)
    assert (
        run.state == COMPLETED
        and concern.run_id == run.id
        and concern.questionnaire_id == run.questionnaire_id
    )


def test_the_leads_page_says_the_text_came_past_the_limit_and_was_not_answered(app, client, phone):
    _up_to_the_limit(phone)
    phone.send(PILLS)
    [concern] = _rows(app, Concern)
    sign_in_lead(app, client)

    page = client.get(f"/safeguarding/{concern.id}").get_data(as_text=True)

    assert PILLS in page and "Sent past the limit on texts: not answered" in page
