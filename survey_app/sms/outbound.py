"""Sending a text ourselves, outside a webhook reply: one interface, a Twilio client and a fake.

Replies to a young person go back as TwiML in the webhook's own response, so nothing here is on that
path. This is for messages we start (for example, a safeguarding follow-up someone asked for), and the
shape follows GOV.UK Notify's SMS clients: the base class logs and times every send, subclasses only
try to send. Log lines carry the message SID and outcome, never the number or the text.
"""

from __future__ import annotations

import itertools
import logging
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from twilio.base.exceptions import TwilioRestException
from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from survey_app.sms.senders import address_on, channel_of

log = logging.getLogger(__name__)


class SendFailed(RuntimeError):
    def __init__(self, code: int | None, status: int | None) -> None:
        super().__init__(f"Twilio refused the message (error {code}, HTTP {status})")
        self.code, self.status = code, status


class SmsClient(ABC):
    """Send ``body`` to ``to`` (``+44...`` or ``whatsapp:+44...``); returns the provider's message SID."""

    name = "base"

    def send(self, to: str, body: str, *, status_callback: str | None = None) -> str:
        started = time.monotonic()
        try:
            sid = self.try_send(to, body, status_callback)
        except SendFailed as failure:
            log.warning("%s send failed: error %s", self.name, failure.code)
            raise
        log.info("%s send ok: %s in %.0f ms", self.name, sid, (time.monotonic() - started) * 1000)
        return sid

    @abstractmethod
    def try_send(self, to: str, body: str, status_callback: str | None) -> str:
        """Send one message through the provider; return its message id or raise SendFailed."""


class TwilioSmsClient(SmsClient):
    name = "twilio"

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        *,
        whatsapp_from: str | None = None,
        http_client: HttpClient | None = None,
    ) -> None:
        # The default HTTP client logs request URLs and headers at INFO; keep it quiet, and let tests
        # hand in their own so nothing reaches the network.
        quiet = logging.getLogger("survey_app.sms.twilio_http")
        quiet.setLevel(logging.WARNING)
        self.client = Client(
            account_sid, auth_token, http_client=http_client or TwilioHttpClient(logger=quiet)
        )
        self.from_number = from_number
        self.whatsapp_from = whatsapp_from or from_number

    def try_send(self, to: str, body: str, status_callback: str | None) -> str:
        # A WhatsApp recipient needs a WhatsApp sender: both carry the whatsapp: prefix.
        channel = channel_of(to)
        sender = address_on(channel, self.whatsapp_from if channel == "whatsapp" else self.from_number)
        extra = {"status_callback": status_callback} if status_callback else {}
        try:
            message = self.client.messages.create(to=to, from_=sender, body=body, **extra)
        except TwilioRestException as error:
            # Its message quotes the number; only the code and status go further.
            raise SendFailed(error.code, error.status) from None
        return message.sid


@dataclass
class FakeSmsClient(SmsClient):
    """For development and tests: keeps what would have been sent, in memory only."""

    name = "fake"
    sent: list[dict] = field(default_factory=list)
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def try_send(self, to: str, body: str, status_callback: str | None) -> str:
        sid = f"SMfake{next(self._counter):028d}"
        self.sent.append({"sid": sid, "to": to, "body": body, "status_callback": status_callback})
        return sid


def make_client(config: dict) -> SmsClient:
    if config.get("SMS_CLIENT") != "twilio":
        return FakeSmsClient()
    return TwilioSmsClient(
        config["TWILIO_ACCOUNT_SID"] or "",
        config["TWILIO_AUTH_TOKEN"],
        config["TWILIO_FROM_NUMBER"] or "",
        whatsapp_from=config.get("TWILIO_WHATSAPP_FROM"),
    )
