"""Outbound texts and what Twilio tells us about them: no network, no numbers kept."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select
from twilio.http import HttpClient
from twilio.http.response import Response as TwilioResponse

from survey_app.sms import delivery
from survey_app.sms.models import DeliveryStatus
from survey_app.sms.outbound import FakeSmsClient, SendFailed, TwilioSmsClient, make_client
from survey_app.store.models import STOPPED

from .texting import sign


class RecordingHttpClient(HttpClient):
    """Twilio's HTTP hook: answers like the Messages API, and remembers what it was asked."""

    def __init__(self, status: int = 201, body: dict | None = None) -> None:
        super().__init__(logger=None, is_async=False)
        self.requests: list[dict] = []
        self.status, self.body = status, body

    def request(
        self,
        method,
        uri,
        params=None,
        data=None,
        headers=None,
        auth=None,
        timeout=None,
        allow_redirects=False,
    ):
        self.requests.append({"method": method, "uri": uri, "data": dict(data or {})})
        body = self.body or {
            "sid": "SM" + "1" * 32,
            "status": "queued",
            "to": data["To"],
            "body": data["Body"],
        }
        return TwilioResponse(self.status, json.dumps(body))


def _statuses(app) -> list[DeliveryStatus]:
    with Session(app.extensions["db_engine"]) as session:
        return list(session.exec(select(DeliveryStatus)))


def _callback(client, **params):
    signature = sign("http://localhost/sms/status", params)
    return client.post("/sms/status", data=params, headers={"X-Twilio-Signature": signature})


def test_the_twilio_client_sends_sms_from_our_number_through_the_http_hook():
    http = RecordingHttpClient()
    client = TwilioSmsClient("ACtest", "token", "+447700900000", http_client=http)

    sid = client.send("+447700900123", "Hello", status_callback="https://survey.example.org/sms/status")

    [request] = http.requests
    assert sid == "SM" + "1" * 32
    assert request["uri"].endswith("/Accounts/ACtest/Messages.json")
    assert request["data"]["To"] == "+447700900123" and request["data"]["From"] == "+447700900000"
    assert request["data"]["StatusCallback"] == "https://survey.example.org/sms/status"


def test_the_twilio_client_sends_whatsapp_from_our_whatsapp_address():
    http = RecordingHttpClient()
    client = TwilioSmsClient(
        "ACtest", "token", "+447700900000", whatsapp_from="+447700900999", http_client=http
    )

    client.send("whatsapp:+447700900123", "Hello")

    data = http.requests[0]["data"]
    assert data["To"] == "whatsapp:+447700900123" and data["From"] == "whatsapp:+447700900999"


def test_a_refused_send_raises_without_the_number(caplog):
    refusal = {
        "code": 21610,
        "message": "Attempt to send to unsubscribed recipient +447700900123",
        "status": 400,
    }
    client = TwilioSmsClient(
        "ACtest", "token", "+447700900000", http_client=RecordingHttpClient(400, refusal)
    )

    with pytest.raises(SendFailed) as failure:
        client.send("+447700900123", "Hello")

    assert failure.value.code == 21610
    assert "447700900123" not in str(failure.value) and "447700900123" not in caplog.text


def test_development_and_tests_use_the_fake_client(app):
    assert isinstance(app.extensions["sms_client"], FakeSmsClient)
    assert isinstance(
        make_client(
            {
                "SMS_CLIENT": "twilio",
                "TWILIO_ACCOUNT_SID": "AC1",
                "TWILIO_AUTH_TOKEN": "t",
                "TWILIO_FROM_NUMBER": "+447700900000",
            }
        ),
        TwilioSmsClient,
    )


def test_sending_starts_a_delivery_record_keyed_by_sid_and_hash(app):
    fake = FakeSmsClient()
    with app.test_request_context(), Session(app.extensions["db_engine"]) as session:
        sid = delivery.send(session, fake, "whatsapp:+447700900123", "Hello")

    [row] = _statuses(app)
    assert fake.sent[0]["to"] == "whatsapp:+447700900123"
    assert (row.message_sid, row.status) == (sid, "queued")
    assert "447700900123" not in repr(row)


def test_a_signed_status_callback_records_the_outcome_and_never_steps_back(app, client):
    sid = "SM" + "2" * 32

    assert _callback(client, MessageSid=sid, MessageStatus="delivered", To="+447700900123").status_code == 204
    assert _callback(client, MessageSid=sid, MessageStatus="sent", To="+447700900123").status_code == 204

    [row] = _statuses(app)
    assert row.status == "delivered" and row.sender_hash and "447700900123" not in repr(row)


def test_error_21610_marks_the_conversation_stopped(app, client, phone, stored):
    for body in ("CARE", "yes", "yes", "yes", "yes", "19"):
        phone.send(body)

    _callback(client, MessageSid="SM" + "3" * 32, MessageStatus="failed", ErrorCode="21610", To=phone.number)

    [conversation] = stored.conversations()
    assert conversation.state == "stopped" and conversation.run_id is None
    assert stored.runs()[0].state == STOPPED
    assert stored.answers() == {"age": ("answered", 19)}
    assert phone.send("20") == []
