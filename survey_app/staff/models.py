"""Tables of the staff side: accounts, sign-in throttling and the audit log.

None of these tables holds an answer. The audit log says who did what and when, never what anyone said.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlmodel import Field, SQLModel

from survey_app.store.models import utcnow


def new_epoch() -> str:
    return secrets.token_hex(8)


class StaffMember(SQLModel, table=True):
    """A member of the review team. Nobody else logs in: young people are anonymous."""

    __tablename__ = "staff_member"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True, max_length=254)
    role: str = Field(max_length=16)  # admin, analyst, safeguarding, coordinator
    active: bool = True
    password_hash: str | None = Field(default=None, max_length=200)
    totp_secret: str | None = Field(default=None, max_length=64)
    totp_confirmed: bool = False
    # The last time step a code was accepted for, so a code overheard or replayed works only once.
    totp_last_step: int | None = None
    # Only a hash of the one-time set-up link is kept: a database dump cannot be used to take an account.
    setup_token_hash: str | None = Field(default=None, unique=True, max_length=64)
    setup_expires: dt.datetime | None = None
    # Part of every session cookie; changing it (log out, role change, disabling) ends all sessions at once.
    session_epoch: str = Field(default_factory=new_epoch, max_length=32)
    # The safeguarding role is only given when a second admin agrees: until then it waits here, with who
    # asked for it. A new safeguarding account cannot sign in before that.
    pending_role: str | None = Field(default=None, max_length=16)
    pending_role_by: int | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)


class LoginThrottle(SQLModel, table=True):
    """Sign-in attempts per e-mail address and per client, shared by every worker through the database.

    Keyed by a keyed hash of the address typed (or of the client), so mistyped addresses (or a password
    typed into the wrong box) and network addresses are not kept, and unknown addresses are throttled
    exactly like real ones.
    """

    __tablename__ = "login_throttle"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True, max_length=64)
    failures: int = 0
    window_start: dt.datetime = Field(default_factory=utcnow)
    locked_until: dt.datetime | None = None
    # How many waits this key has had: each wait is twice the last (see throttle.py).
    lockouts: int = 0


class AuditEntry(SQLModel, table=True):
    """Who did what, when. Never answer text, never a phone number."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="staff_member.id", index=True)
    action: str = Field(max_length=64, index=True)
    detail: str = Field(default="", max_length=500)
