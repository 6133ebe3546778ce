"""Bad luck and bad input on the Twilio endpoints: a clear answer, never a 500."""

from __future__ import annotations

import logging

import pytest

from survey_app.db import make_engine

from .texting import sign, texts_of


def test_a_text_during_a_database_outage_gets_a_short_apology_and_no_content_in_the_logs(app, phone, caplog):
    phone.send("CARE")
    working = app.extensions["db_engine"]
    app.extensions["db_engine"] = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/closed")
    caplog.set_level(logging.DEBUG)
    try:
        status, reply = phone.deliver(phone.params("Planted-outage-words"))
    finally:
        app.extensions["db_engine"].dispose()
        app.extensions["db_engine"] = working

    assert status == 200
    assert texts_of(reply) == ["We could not take that just now. Please text it again in a few minutes."]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "database unavailable" in logged
    assert "Planted-outage-words" not in logged and phone.number not in logged


def _status(client, **params):
    params = {"MessageSid": "SM" + "d" * 32, "MessageStatus": "delivered", "To": "+447700900123", **params}
    signature = sign("http://localhost/sms/status", params)
    return client.post("/sms/status", data=params, headers={"X-Twilio-Signature": signature}).status_code


@pytest.mark.parametrize(
    "field, value",
    [
        ("MessageStatus", "delivered" * 500),
        ("ErrorCode", "3" * 5000),
        ("MessageSid", "SM" + "e" * 5000),
        ("MessageStatus", "deliv\x00ered"),
    ],
)
def test_an_oversize_or_nul_signed_status_callback_is_a_clear_400(client, field, value):
    assert _status(client, **{field: value}) == 400


def test_an_ordinary_status_callback_is_still_recorded(client):
    assert _status(client, ErrorCode="30003", MessageStatus="undelivered") == 204


@pytest.mark.parametrize("count", ["9" * 5000, "²", "١"])
def test_a_signed_text_with_an_odd_picture_count_is_answered_not_a_500(phone, stored, count):
    """``str.isdigit`` is true for "²", and ``int`` refuses over 4,300 digits: neither may stop the reply."""
    assert phone.send("CARE", NumMedia=count)
    assert len(stored.conversations()) == 1
