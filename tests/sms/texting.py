"""A phone for tests: posts messages to the webhook the way Twilio does, signed by twilio's own validator."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree import ElementTree

from twilio.request_validator import RequestValidator

AUTH_TOKEN = "test-twilio-auth-token"
PHONE_HASH_KEY = "test-phone-hash-key"
OUR_NUMBER = "+447700900000"


def new_sid() -> str:
    return "SM" + secrets.token_hex(16)


def sign(url: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def texts_of(twiml: bytes | str) -> list[str]:
    root = ElementTree.fromstring(twiml)  # noqa: S314 - our own app's reply
    return [message.text or "" for message in root.iter("Message")]


@dataclass
class Phone:
    """``post(url_path, data, headers)`` returns (status, body); the signature is for ``base + path``."""

    post: Callable[[str, dict, dict], tuple[int, bytes]]
    number: str = "+447700900123"
    base: str = "http://localhost"
    sent: list[str] = field(default_factory=list)

    def params(self, body: str, sid: str | None = None, **extra: str) -> dict[str, str]:
        return {
            "MessageSid": sid or new_sid(),
            "AccountSid": "ACtest",
            "From": self.number,
            "To": OUR_NUMBER,
            "Body": body,
            "NumMedia": "0",
            **extra,
        }

    def deliver(self, params: dict[str, str], headers: dict | None = None) -> tuple[int, bytes]:
        signed = {"X-Twilio-Signature": sign(self.base + "/sms/inbound", params), **(headers or {})}
        return self.post("/sms/inbound", params, signed)

    def send(self, body: str, sid: str | None = None, **extra: str) -> list[str]:
        status, reply = self.deliver(self.params(body, sid, **extra))
        assert status == 200, reply
        self.sent.append(body)
        return texts_of(reply)


def flask_poster(client) -> Callable[[str, dict, dict], tuple[int, bytes]]:
    def post(path: str, data: dict, headers: dict) -> tuple[int, bytes]:
        response = client.post(path, data=data, headers=headers)
        return response.status_code, response.get_data()

    return post


# The whole leaving-care survey by text, with the answer each message should store (None: no answer).
LEAVING_CARE = [
    ("Care", None),
    ("YES", None),
    ("yes", None),
    ("Yes!", None),
    ("yeah", None),
    ("19", ("age", "answered", 19)),
    ("3", ("care_now", "answered", "moved_on")),
    ("1", ("where_live", "answered", "own_place")),
    ("4", ("feels_like_home", "answered", 4)),
    ("2", ("ready_to_move", "answered", "too_soon")),
    ("2", ("had_a_say", "answered", 2)),
    ("More say in where I lived", ("more_say", "answered", "More say in where I lived")),
    ("3", ("feeling", "answered", 3)),
    ("2", ("health_help", "answered", "sometimes")),
    ("1 4", ("doing_now", "answered", ["school_college", "paid_work"])),
    ("2", ("enough_money", "answered", "mostly")),
    ("1", ("aftercare", "answered", "yes")),
    ("yes", ("has_worker", "answered", "yes")),
    ("5", ("worker_helps", "answered", 5)),
    ("3", ("rights_respected", "answered", "not_really")),
    ("skip", ("rights_story", "skipped", None)),
    ("More money", ("one_change", "answered", "More money")),
    ("4", ("gender", "answered", "another_way")),
    ("prefer not to say", ("gender_own_words", "prefer_not_to_say", None)),
    ("no", ("feeling_unsafe", "answered", "no")),
]


def expected_answers() -> dict[str, tuple[str, object]]:
    return {step[0]: (step[1], step[2]) for _body, step in LEAVING_CARE if step}
