"""The safeguarding lead in the text-message tests: the passphrase of their key, and signing them in."""

from __future__ import annotations

from sqlmodel import Session

from survey_app.staff.access import SESSION_KEY
from survey_app.staff.models import StaffMember
from survey_app.store.models import utcnow

PASSPHRASE = "a long passphrase for the lead"


def sign_in_lead(app, client) -> StaffMember:
    """A safeguarding lead, signed in on the test client as the sign-in pages would leave them."""
    lead = StaffMember(email="lead@example.org", role="safeguarding", totp_confirmed=True)
    with Session(app.extensions["db_engine"], expire_on_commit=False) as session:
        session.add(lead)
        session.commit()
    now = utcnow().timestamp()
    with client.session_transaction() as browser:
        browser[SESSION_KEY] = {"id": lead.id, "epoch": lead.session_epoch, "since": now, "seen": now}
    return lead
