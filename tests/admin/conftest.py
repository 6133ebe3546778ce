"""Factories for the review team's tests: staff members with a password and a code app, signed in or not."""

from __future__ import annotations

import re
from html import unescape

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine
from sqlmodel import Session

from survey_app.staff import access, accounts, sessions
from survey_app.staff.models import StaffMember

PASSWORD = "a long enough pass phrase"
# Argon2 at production strength takes about half a second a hash: tests use the same code, cheaper.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    monkeypatch.setattr(accounts, "_hasher", FAST_HASHER)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", FAST_HASHER.hash("not anyone's password"))


@pytest.fixture
def db(app):
    """Like the shared ``db``, but on SQLite its reads take no write lock.

    The app's SQLite engine begins every transaction with BEGIN IMMEDIATE, so a test that only looked at a
    row would hold the lock until it committed, and the next request would wait for it.
    """
    url = app.config["SQLALCHEMY_DATABASE_URL"]
    sqlite = url.startswith("sqlite")
    engine = create_engine(url) if sqlite else app.extensions["db_engine"]
    with Session(engine, expire_on_commit=False) as session:
        yield session
    if sqlite:
        engine.dispose()


@pytest.fixture
def make_staff(db):
    """Make a fully set-up staff member: ``make_staff("analyst")``."""
    made = []

    def make(role: str = "analyst", email: str | None = None, **fields) -> StaffMember:
        member = StaffMember(
            email=email or f"{role}{len(made)}@example.org",
            role=role,
            password_hash=accounts._hasher.hash(PASSWORD),
            totp_secret=pyotp.random_base32(),
            totp_confirmed=True,
            **fields,
        )
        db.add(member)
        db.commit()
        made.append(member)
        return member

    return make


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(name="sign_in")
def sign_in_fixture():
    return sign_in


@pytest.fixture(name="code_for")
def code_for_fixture():
    return code_for


def sign_in(client, member: StaffMember) -> None:
    """Put a signed-in staff session in the test client's cookie, as the sign-in pages would."""
    now = sessions.now()
    with client.session_transaction() as session:
        session[access.SESSION_KEY] = {
            "id": member.id,
            "epoch": member.session_epoch,
            "since": now,
            "seen": now,
        }


@pytest.fixture
def client_as(app, make_staff):
    """A test client signed in with a given role: ``client_as("admin")``."""

    def signed_in(role: str):
        client = app.test_client()
        member = make_staff(role)
        sign_in(client, member)
        client.member = member
        return client

    return signed_in


def code_for(member: StaffMember) -> str:
    return pyotp.TOTP(member.totp_secret).now()


@pytest.fixture
def seed(app):
    """Add synthetic responses to a questionnaire: ``seed(400)``; returns the questionnaire."""

    def add(responses: int, questionnaire_id: str = "leaving-care", rng_seed: int = 1):
        from survey_app.admin import demo

        with app.app_context():
            questionnaire = app.extensions["questionnaires"].get(questionnaire_id)
            demo.seed(app.extensions["db_engine"], questionnaire, responses, rng_seed)
        return questionnaire

    return add


def summary_links(html: str) -> dict[str, str]:
    """The error summary's links: the field each points to, and its message."""
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    return {field: unescape(text) for field, text in re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)}
