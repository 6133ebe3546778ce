"""Fixtures for the text-message channel: a signed-webhook phone and a look at what was stored."""

from __future__ import annotations

import json

import pytest
from nacl.pwhash import argon2id
from sqlmodel import Session, select

from survey_app.safeguarding import sealing
from survey_app.sms.models import Conversation
from survey_app.store.models import Answer, Run

from .lead import PASSPHRASE
from .texting import AUTH_TOKEN, PHONE_HASH_KEY, Phone, flask_poster


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "PHONE_HASH_KEY": PHONE_HASH_KEY,
        "PUBLIC_URL": None,
    }


@pytest.fixture(scope="module")
def key_pair() -> sealing.KeyPair:
    """The safeguarding lead's key pair (cheap to make: the tests need no strength), for tests that seal."""
    return sealing.keygen(PASSPHRASE, opslimit=argon2id.OPSLIMIT_MIN, memlimit=argon2id.MEMLIMIT_MIN)


@pytest.fixture
def phone(client) -> Phone:
    return Phone(flask_poster(client))


@pytest.fixture
def new_phone(client):
    def make(number: str) -> Phone:
        return Phone(flask_poster(client), number=number)

    return make


@pytest.fixture
def stored(app):
    """What the database holds now: runs, answers by question, conversations."""

    class Stored:
        def _session(self) -> Session:
            return Session(app.extensions["db_engine"])

        def runs(self) -> list[Run]:
            with self._session() as session:
                return list(session.exec(select(Run).order_by(Run.id)))

        def answers(self, run_id: int | None = None) -> dict[str, tuple[str, object]]:
            with self._session() as session:
                query = select(Answer)
                if run_id is not None:
                    query = query.where(Answer.run_id == run_id)
                rows = session.exec(query).all()
                return {r.question_id: (r.status, json.loads(r.value) if r.value else None) for r in rows}

        def answer_count(self) -> int:
            with self._session() as session:
                return len(session.exec(select(Answer)).all())

        def conversations(self) -> list[Conversation]:
            with self._session() as session:
                return list(session.exec(select(Conversation)))

    return Stored()
