"""A keyworker texts the invitation: one GSM-7 text, the right words, the number kept nowhere, 20 an hour."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import text

from survey_app.engine.gsm import segments
from tests.conftest import POSTGRES_URL

PLANTED = "07700 900461"
PLANTED_FORMS = ("07700900461", "7700900461", "+447700900461", "900461")
INVITE = "/admin/q/leaving-care/invite"


@pytest.fixture
def app_config(app_config):
    return app_config | {"TWILIO_FROM_NUMBER": "+447700900000", "PUBLIC_URL": "https://survey.example"}


def _send(client, number: str = PLANTED, agreed: bool = True, area: str | None = "NE-12"):
    data = {"number": number} | ({"agreed": "yes"} if agreed else {})
    return client.post(INVITE + (f"?area={area}" if area else ""), data=data, follow_redirects=True)


def _database_text(app) -> str:
    """Everything in every table, as text (and on SQLite the database file's bytes too)."""
    engine = app.extensions["db_engine"]
    found = []
    with engine.connect() as connection:
        for table in engine.dialect.get_table_names(connection):
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).all()
            found += [repr(row) for row in rows]
    if not POSTGRES_URL:
        path = Path(engine.url.database)
        found += [p.read_bytes().decode("latin-1") for p in path.parent.glob(path.name + "*")]
    return "\n".join(found)


def test_an_invitation_text_goes_through_the_client_with_the_right_words(app, client_as):
    keyworker = client_as("coordinator")

    page = _send(keyworker)

    assert "Invitation sent" in page.get_data(as_text=True)
    [sent] = app.extensions["sms_client"].sent
    assert sent["to"] == "+447700900461"
    assert "Leaving care survey" in sent["body"] or "leaving care survey" in sent["body"].lower()
    assert "https://survey.example/survey/leaving-care?area=NE-12" in sent["body"]
    assert "anonymous" in sent["body"].lower()
    assert segments(sent["body"]) == (1, "GSM-7")


def test_the_number_is_nowhere_in_the_database_or_the_logs_afterwards(app, client_as, caplog):
    caplog.set_level(logging.DEBUG)
    keyworker = client_as("coordinator")

    page = _send(keyworker)

    assert page.status_code == 200
    assert app.extensions["sms_client"].sent
    stored = _database_text(app)
    logged = caplog.text + "\n".join(repr(r.args) for r in caplog.records)
    for form in PLANTED_FORMS:
        assert form not in stored
        assert form not in logged
        assert form not in page.get_data(as_text=True)


def test_the_twenty_first_invitation_in_an_hour_is_refused_clearly(app, client_as):
    keyworker = client_as("coordinator")
    for _ in range(20):
        _send(keyworker)

    page = _send(keyworker)

    assert "You have sent 20 invitations in the last hour" in page.get_data(as_text=True)
    assert len(app.extensions["sms_client"].sent) == 20


def test_the_limit_is_per_staff_member(app, client_as):
    first, second = client_as("coordinator"), client_as("admin")
    for _ in range(20):
        _send(first)

    _send(second)

    assert len(app.extensions["sms_client"].sent) == 21


def test_nothing_is_sent_without_the_young_persons_agreement(app, client_as):
    page = _send(client_as("coordinator"), agreed=False)

    assert "agreed" in page.get_data(as_text=True)
    assert app.extensions["sms_client"].sent == []


@pytest.mark.parametrize(
    "number", ["", "12345", "<script>", "0141 496 0000", "07700\x00900461", "０７７００９００４６１"]
)
def test_a_number_that_is_not_a_uk_mobile_gets_a_clear_message(app, client_as, number):
    page = _send(client_as("coordinator"), number=number)

    assert page.status_code == 200
    assert "mobile number" in page.get_data(as_text=True)
    assert app.extensions["sms_client"].sent == []


def test_an_analyst_cannot_send_invitations(app, client_as):
    assert _send(client_as("analyst")).status_code == 403
