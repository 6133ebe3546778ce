"""Staff accounts: creating them, the one-time set-up link, passwords (argon2) and codes (TOTP)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from survey_app.admin import audit
from survey_app.admin.access import ROLES
from survey_app.admin.models import StaffMember, new_epoch
from survey_app.store.models import utcnow

SETUP_VALID = dt.timedelta(hours=48)
MIN_PASSWORD = 12
MAX_PASSWORD = 256
ISSUER = "Have your say (review team)"

_hasher = PasswordHasher()
# Checked against when nobody has the address typed, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def N_(message: str) -> str:
    """Mark a message for translation; the view translates it when it shows it."""
    return message


class AccountError(ValueError):
    """Something about an account request is not allowed; the message is for the person at the keyboard."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def by_email(session: Session, email: str) -> StaffMember | None:
    return session.exec(select(StaffMember).where(StaffMember.email == normalise_email(email))).first()


def create(session: Session, email: str, role: str, actor_id: int | None = None) -> tuple[StaffMember, str]:
    """A new account with no password yet; returns it and the set-up token (shown once, only hashed here)."""
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(N_("Choose a role: admin, analyst, safeguarding or coordinator."))
    if "@" not in email or len(email) > 254:
        raise AccountError(N_("Enter an e-mail address, like name@example.org."))
    if by_email(session, email) is not None:
        raise AccountError(N_("There is already an account with that e-mail address."))
    member = StaffMember(email=email, role=role)
    token = _issue_token(member)
    session.add(member)
    session.flush()
    audit.record(session, actor_id, "staff.create", f"staff={member.id} role={role}")
    return member, token


def _issue_token(member: StaffMember) -> str:
    token = secrets.token_urlsafe(32)
    member.setup_token_hash = _token_hash(token)
    member.setup_expires = utcnow() + SETUP_VALID
    return token


def reset(session: Session, member: StaffMember, actor_id: int | None) -> str:
    """Start again: a new set-up link; the old password, code and sessions stop working."""
    token = _issue_token(member)
    member.password_hash = None
    member.totp_secret = None
    member.totp_confirmed = False
    member.totp_last_step = None
    member.session_epoch = new_epoch()
    session.add(member)
    audit.record(session, actor_id, "staff.reset", f"staff={member.id}")
    return token


def by_setup_token(session: Session, token: str) -> StaffMember | None:
    member = session.exec(
        select(StaffMember).where(StaffMember.setup_token_hash == _token_hash(token))
    ).first()
    if member is None or not member.active or member.setup_expires is None or member.setup_expires < utcnow():
        return None
    return member


def password_problem(password: str, confirm: str, email: str) -> str | None:
    """Why a new password will not do (an English sentence for gettext), or None."""
    if len(password) < MIN_PASSWORD:
        return N_("Use at least 12 characters. A few words together are easy to remember.")
    if len(password) > MAX_PASSWORD:
        return N_("Use 256 characters or fewer.")
    if password.strip().lower() in (email.lower(), email.split("@")[0].lower()):
        return N_("Do not use your e-mail address as your password.")
    if password != confirm:
        return N_("The two passwords are different. Type the same password twice.")
    return None


def set_password(session: Session, member: StaffMember, password: str) -> None:
    """Used from the set-up link: the link is spent, and a new TOTP secret waits to be confirmed."""
    member.password_hash = _hasher.hash(password)
    member.setup_token_hash = None
    member.setup_expires = None
    member.totp_secret = pyotp.random_base32()
    member.totp_confirmed = False
    session.add(member)
    audit.record(session, member.id, "staff.password_set", f"staff={member.id}")


def check_password(member: StaffMember | None, password: str) -> bool:
    """True if the password is right. Takes as long for an unknown address as for a known one."""
    try:
        _hasher.verify(member.password_hash if member and member.password_hash else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return member is not None and member.password_hash is not None and member.active


def rehash_if_needed(session: Session, member: StaffMember, password: str) -> None:
    if _hasher.check_needs_rehash(member.password_hash):
        member.password_hash = _hasher.hash(password)
        session.add(member)


def ensure_totp_secret(session: Session, member: StaffMember) -> None:
    if not member.totp_secret:
        member.totp_secret = pyotp.random_base32()
        session.add(member)
        session.commit()


def provisioning_uri(member: StaffMember) -> str:
    return pyotp.TOTP(member.totp_secret).provisioning_uri(name=member.email, issuer_name=ISSUER)


def check_code(session: Session, member: StaffMember, code: str) -> bool:
    """True if ``code`` is the member's current (or just previous/next) code, not used before."""
    code = "".join(ch for ch in code if ch.isdigit())
    if not member.totp_secret or len(code) != 6:
        return False
    totp = pyotp.TOTP(member.totp_secret)
    step_now = totp.timecode(utcnow().replace(tzinfo=dt.UTC))
    # One step either side allows for a phone clock a little out; a used step is never accepted again.
    for step in (step_now - 1, step_now, step_now + 1):
        if member.totp_last_step is not None and step <= member.totp_last_step:
            continue
        if secrets.compare_digest(totp.generate_otp(step), code):
            member.totp_last_step = step
            session.add(member)
            return True
    return False


def confirm_totp(session: Session, member: StaffMember) -> None:
    member.totp_confirmed = True
    session.add(member)
    audit.record(session, member.id, "staff.totp_set", f"staff={member.id}")


def change_role(session: Session, member: StaffMember, role: str, actor_id: int | None) -> None:
    if role not in ROLES:
        raise AccountError(N_("Choose a role: admin, analyst, safeguarding or coordinator."))
    old, member.role = member.role, role
    member.session_epoch = new_epoch()  # a new role takes effect now, not at the next sign-in
    session.add(member)
    audit.record(session, actor_id, "staff.role", f"staff={member.id} from={old} to={role}")


def set_active(session: Session, member: StaffMember, active: bool, actor_id: int | None) -> None:
    member.active = active
    member.session_epoch = new_epoch()
    session.add(member)
    audit.record(session, actor_id, "staff.enable" if active else "staff.disable", f"staff={member.id}")


def end_sessions(session: Session, member: StaffMember) -> None:
    """Log out everywhere: the cookie held by any browser no longer matches."""
    member.session_epoch = new_epoch()
    session.add(member)
    audit.record(session, member.id, "logout", f"staff={member.id}")
