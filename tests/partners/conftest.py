"""Factories for the partner self-evaluation: authorities, partners signed in or not, and a fake mailer."""

from __future__ import annotations

import pyotp
import pytest

from survey_app.partners import access
from survey_app.partners.models import Authority, PartnerMember
from survey_app.staff import accounts as staff_accounts
from survey_app.staff import sessions
from tests.admin.conftest import (  # noqa: F401
    FAST_HASHER,
    PASSWORD,
    client_as,
    db,
    fast_password_hashing,
    make_staff,
    sign_in,
)


class FakeMailer:
    """Keeps what would have been e-mailed, so tests can read invitation links and receipts."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send(self, to: str, subject: str, body: str) -> bool:
        self.sent.append((to, subject, body))
        return True

    def to(self, address: str) -> list[tuple[str, str]]:
        return [(subject, body) for to, subject, body in self.sent if to == address]


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def mailer(app) -> FakeMailer:
    fake = FakeMailer()
    app.extensions["partner_mailer"] = fake
    return fake


@pytest.fixture
def make_authority(db):  # noqa: F811
    made = []

    def make(name: str | None = None) -> Authority:
        authority = Authority(name=name or f"Council {len(made) + 1}")
        made.append(authority)
        db.add(authority)
        db.commit()
        return authority

    return make


@pytest.fixture
def make_partner(db):  # noqa: F811
    """A fully set-up partner: ``make_partner(authority, "submitter", lead=True)``."""
    made = []

    def make(authority: Authority, role: str = "contributor", lead: bool = False) -> PartnerMember:
        member = PartnerMember(
            authority_id=authority.id,
            email=f"partner{len(made)}-{authority.id}@council.example",
            role=role,
            lead=lead,
            password_hash=staff_accounts._hasher.hash(PASSWORD),
            totp_secret=pyotp.random_base32(),
            totp_confirmed=True,
        )
        db.add(member)
        db.commit()
        made.append(member)
        return member

    return make


def sign_in_partner(client, member: PartnerMember) -> None:
    now = sessions.now()
    with client.session_transaction() as session:
        session[access.SESSION_KEY] = {
            "id": member.id,
            "epoch": member.session_epoch,
            "since": now,
            "seen": now,
        }


@pytest.fixture
def partner_client(app, make_authority, make_partner):
    """A test client signed in as a partner: ``partner_client(role="submitter", authority=...)``."""

    def signed_in(role: str = "contributor", authority: Authority | None = None, lead: bool = False):
        client = app.test_client()
        member = make_partner(authority or make_authority(), role, lead)
        sign_in_partner(client, member)
        client.member = member
        return client

    return signed_in
