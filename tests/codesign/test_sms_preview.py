"""A draft walked by text in the simulator, opened from a preview link: the chatbot's own texts under the
banner, feedback on each question, and nothing stored as a response, a conversation or a count."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from survey_app.codesign.models import PreviewFeedback
from survey_app.safeguarding.models import ReadingItem
from survey_app.sms.models import Conversation, DeliveryStatus, InboundMessage, SenderRun
from survey_app.store.models import Answer, Run, Tally
from tests.sms.test_simulator import Page

BANNER = "Preview: answers are not kept"
WORRYING = "this question made me think about how i want to kill myself tonight"


@pytest.fixture
def simulator(app, client_as):
    """The simulator's address for a preview link of the questionnaire in use, as the start page gives it."""
    coordinator = client_as("coordinator")
    made = coordinator.post("/admin/q/leaving-care/previews", data={"draft": "leaving-care.yaml"})
    link = re.search(r"(/preview/[A-Za-z0-9_-]+)</code>", made.get_data(as_text=True))[1]
    start = app.test_client().get(link).get_data(as_text=True)
    return re.search(r'href="(/sms/simulator/preview/[^"]+)"', start)[1]


@pytest.fixture
def consent_steps(app) -> int:
    return len(app.extensions["questionnaires"].get("leaving-care").consent)


def _send(adviser, address: str, html: str, body: str, **feedback) -> str:
    reply = adviser.post(address, data={**Page(html).fields, "body": body, "action": "send", **feedback})
    assert reply.status_code == 200
    return reply.get_data(as_text=True)


def _texts(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", text) for text in re.findall(r'sms-bubble__text">([^<]*)<', html)]


def _nothing_stored(db) -> None:
    for table in (Run, Answer, Tally, Conversation, InboundMessage, SenderRun, DeliveryStatus):
        assert db.exec(select(table)).all() == [], table.__name__


def test_walking_a_draft_by_text_shows_the_banner_and_stores_no_response(app, db, simulator, consent_steps):
    adviser = app.test_client()

    html = adviser.get(simulator).get_data(as_text=True)
    assert BANNER in html and "Try out by text" in html
    assert "This is the leaving care survey" in html and "Was this clear?" not in html
    for _step in range(consent_steps):
        html = _send(adviser, simulator, html, "yes")
    asked = _texts(html)[-1]
    assert "Was this clear?" in html and BANNER in html
    html = _send(adviser, simulator, html, "not a number at all")
    assert _texts(html)[-1] != asked, "a reply the question cannot take is explained, as by text"
    html = _send(adviser, simulator, html, "SKIP", clear="not_really", change="Say why you ask")
    html = _send(adviser, simulator, html, "BACK")
    assert _texts(html)[-1] == asked
    for _turn in range(3):
        html = _send(adviser, simulator, html, "1")

    _nothing_stored(db)
    [row] = db.exec(select(PreviewFeedback)).all()
    assert (row.clear, row.change) == ("not_really", "Say why you ask")
    [read] = db.exec(select(ReadingItem)).all()
    assert read.words == "Say why you ask" and read.channel == "preview" and read.run_id is None


def test_worrying_feedback_by_text_brings_support_and_reaches_the_reading_list(
    app, db, simulator, consent_steps
):
    adviser = app.test_client()
    html = adviser.get(simulator).get_data(as_text=True)
    for _step in range(consent_steps):
        html = _send(adviser, simulator, html, "yes")

    html = _send(adviser, simulator, html, "", change=WORRYING)

    assert "Childline" in html and "call 999" in html
    [read] = db.exec(select(ReadingItem)).all()
    assert read.words == WORRYING and read.tier != "none"
    _nothing_stored(db)


def test_stop_ends_the_preview_and_nothing_is_kept(app, db, simulator):
    adviser = app.test_client()
    html = adviser.get(simulator).get_data(as_text=True)

    html = _send(adviser, simulator, html, "STOP")

    assert _texts(html)[-1] == "End of the preview. Nothing was kept."
    assert 'name="body"' not in html and "Start the preview by text again" in html
    _nothing_stored(db)


def test_a_wrong_preview_token_is_not_found_in_the_simulator(client):
    assert client.get("/sms/simulator/preview/not-a-real-token").status_code == 404
    assert client.post("/sms/simulator/preview/not-a-real-token", data={"body": "yes"}).status_code == 404


def test_the_preview_by_text_is_there_in_production_while_the_free_simulator_is_not(app, simulator):
    app.config["APP_ENV"] = "production"
    adviser = app.test_client()

    assert adviser.get("/sms/simulator").status_code == 404
    assert BANNER in adviser.get(simulator).get_data(as_text=True)
