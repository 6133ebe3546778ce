"""Factories for the concern, queue, sealing and notification tests (the detector needs none of them)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import flask
import pytest
from flask_wtf.csrf import generate_csrf
from nacl.pwhash import argon2id

from survey_app import safeguarding
from survey_app.safeguarding import journey, sealing
from survey_app.staff.access import SESSION_KEY
from survey_app.staff.models import StaffMember
from survey_app.store.models import Answer, Run, utcnow

PASSPHRASE = "correct horse battery staple"


@dataclass
class FakeAssessment:
    """Stands in for the detector, so these tests say exactly which words count as a concern."""

    concern: bool
    tier: str = "none"
    category: str = "none"
    reasons: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def fake_assess(text: str) -> FakeAssessment:
    lowered = text.lower()
    if "kill myself" in lowered:
        return FakeAssessment(True, "urgent", "suicide", [{"rule": "suicide.intent", "words": "kill myself"}])
    if "hits me" in lowered:
        return FakeAssessment(True, "review", "abuse", [{"rule": "abuse.physical", "words": "hits me"}])
    return FakeAssessment(False)


@pytest.fixture(scope="session")
def key_pair() -> sealing.KeyPair:
    # The smallest argon2id cost keeps the suite fast; the key file records it, so opening works the same.
    return sealing.keygen(PASSPHRASE, opslimit=argon2id.OPSLIMIT_MIN, memlimit=argon2id.MEMLIMIT_MIN)


@pytest.fixture
def sg_app(app, key_pair, monkeypatch):
    """The app with the safeguarding part, the lead's public key and the fake detector."""
    app.config["SAFEGUARDING_PUBLIC_KEY"] = key_pair.public_key
    safeguarding.init_app(app)
    monkeypatch.setattr(journey, "assess", fake_assess)
    return app


@pytest.fixture
def make_run(db):
    def make(distribution: str | None = "north", channel: str = "web") -> Run:
        run = Run(
            token=f"token-{utcnow().timestamp()}-{id(object())}",
            questionnaire_id="leaving-care",
            questionnaire_version="1",
            channel=channel,
            distribution=distribution,
        )
        db.add(run)
        db.commit()
        return run

    return make


@pytest.fixture
def store_answer(db):
    """What a channel has done before it calls journey.check_answer: the answer is stored."""

    def store(run: Run, question_id: str, text: str) -> Answer:
        answer = Answer(run_id=run.id, question_id=question_id, status="answered", value=f'"{text}"')
        db.add(answer)
        db.commit()
        return answer

    return store


@pytest.fixture
def make_staff(db):
    def make(role: str, email: str | None = None) -> StaffMember:
        member = StaffMember(email=email or f"{role}@example.org", role=role, totp_confirmed=True)
        db.add(member)
        db.commit()
        return member

    return make


@pytest.fixture
def sign_in(client, make_staff):
    """Sign the test client in with a role, as if by password and code (the admin part tests that journey)."""

    def sign(role: str) -> StaffMember:
        member = make_staff(role)
        now = utcnow().timestamp()
        with client.session_transaction() as session:
            session[SESSION_KEY] = {"id": member.id, "epoch": member.session_epoch, "since": now, "seen": now}
        return member

    return sign


def csrf_token(page: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()


@pytest.fixture
def csrf():
    return csrf_token


@pytest.fixture
def client_csrf_token(app, client):
    """A valid CSRF token for the test client's session, without needing a page that shows one."""

    def make() -> str:
        with app.test_request_context():
            token = generate_csrf()
            raw = flask.session["csrf_token"]
        with client.session_transaction() as session:
            session["csrf_token"] = raw
        return token

    return make
