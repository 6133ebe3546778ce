"""Staff accounts: creating them, the one-time set-up link, passwords (argon2) and codes (TOTP)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from enum import StrEnum

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from markupsafe import Markup, escape
from sqlalchemy import or_, update
from sqlmodel import Session, select

from survey_app.staff import audit, passwords
from survey_app.staff.access import ADMIN, ROLES, SAFEGUARDING
from survey_app.staff.models import StaffMember, new_epoch
from survey_app.store.models import utcnow

SETUP_VALID = dt.timedelta(hours=48)
ISSUER = "Have your say (review team)"
PRIVILEGED_ROLES = (ADMIN, SAFEGUARDING)

_hasher = PasswordHasher()
# Checked against when nobody has the address typed, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class Refusal(StrEnum):
    """Why an account request is not allowed. The form that asked says it in the reader's language."""

    NOT_AN_EMAIL = "not_an_email"
    EMAIL_TAKEN = "email_taken"
    UNKNOWN_ROLE = "unknown_role"
    NOTHING_WAITING = "nothing_waiting"
    SAME_ADMIN = "same_admin"
    NOT_APPROVED = "not_approved"


class AccountError(ValueError):
    """Something about an account request is not allowed; ``refusal`` says what."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


def normalise_email(email: str) -> str:
    return email.strip().lower()


def checked_email(email: str) -> str:
    """The address, normalised, if it is a real e-mail address's shape (no look-up: we may be offline)."""
    email = normalise_email(email)
    if len(email) > 254 or not email.isprintable():
        raise AccountError(Refusal.NOT_AN_EMAIL)
    try:
        valid = validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise AccountError(Refusal.NOT_AN_EMAIL) from None
    return valid.normalized.lower()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def by_email(session: Session, email: str) -> StaffMember | None:
    if len(email) > 254 or "\x00" in email:  # no account has one; PostgreSQL refuses a NUL in a query
        return None
    return session.exec(select(StaffMember).where(StaffMember.email == normalise_email(email))).first()


def create(session: Session, email: str, role: str, actor_id: int | None = None) -> tuple[StaffMember, str]:
    """A new account with no password yet; returns it and the set-up token (shown once, only hashed here)."""
    if role not in ROLES:
        raise AccountError(Refusal.UNKNOWN_ROLE)
    email = checked_email(email)
    if by_email(session, email) is not None:
        raise AccountError(Refusal.EMAIL_TAKEN)
    member = StaffMember(email=email, role=role)
    if needs_second_admin(role, actor_id):
        # Cannot sign in (and its set-up link does not open) until another admin agrees.
        member.active, member.pending_role, member.pending_role_by = False, role, actor_id
    token = _issue_token(member)
    session.add(member)
    session.flush()
    audit.record(session, actor_id, "staff.create", f"staff={member.id} role={role}")
    return member, token


def needs_second_admin(role: str, actor_id: int | None) -> bool:
    """Roles that can read the concerns queue or give roles are granted by two admins, not one.

    Otherwise one admin could make themselves a second, safeguarding account and read what young people
    disclosed. The command line (``actor_id`` None) is run by whoever holds the server, and can.
    """
    return role in PRIVILEGED_ROLES and actor_id is not None


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
    return member_by_setup_token(session, StaffMember, token)


def member_by_setup_token(session: Session, model: type, token: str):
    """The active account of ``model`` (staff or partner) whose unexpired set-up link this is, or None."""
    member = session.exec(select(model).where(model.setup_token_hash == _token_hash(token))).first()
    if member is None or not member.active or member.setup_expires is None or member.setup_expires < utcnow():
        return None
    return member


def password_problem(password: str, confirm: str, email: str) -> passwords.Weakness | None:
    """Why a new password will not do, or None."""
    return passwords.problem(password, confirm, email)


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


def qr_svg(uri: str, label: str) -> Markup:
    """The set-up address as a QR code, drawn here as inline SVG: the secret never goes to a third party."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, light="#fff", svgclass="qr", lineclass=None)
    # segno draws only paths from the URI's bits; the one text put in, the label, is escaped.
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S704


def check_code(session: Session, member: StaffMember, code: str) -> bool:
    """True if ``code`` is the member's current (or just previous/next) code, not used before."""
    code = "".join(ch for ch in code if ch.isdigit())
    if not member.totp_secret or len(code) != 6:
        return False
    totp = pyotp.TOTP(member.totp_secret)
    step_now = totp.timecode(utcnow().replace(tzinfo=dt.UTC))
    # One step either side allows for a phone clock a little out; a used step is never accepted again.
    for step in (step_now - 1, step_now, step_now + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return _spend_step(session, member, step)
    return False


def _spend_step(session: Session, member: StaffMember, step: int) -> bool:
    """Mark ``step`` used, in one conditional UPDATE: of several sign-ins racing with one code (on any
    number of workers) exactly one changes the row, and only that one is let in. Commits."""
    last = StaffMember.totp_last_step
    result = session.exec(
        update(StaffMember)
        .where(StaffMember.id == member.id, or_(last.is_(None), last < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if result.rowcount != 1:
        return False
    member.totp_last_step = step
    return True


def confirm_totp(session: Session, member: StaffMember) -> None:
    member.totp_confirmed = True
    session.add(member)
    audit.record(session, member.id, "staff.totp_set", f"staff={member.id}")


def change_role(session: Session, member: StaffMember, role: str, actor_id: int | None) -> bool:
    """Change the role now, or (for a privileged role asked for in the browser) ask a second admin.

    Returns True if the role changed, False if it now waits for another admin's approval.
    """
    if role not in ROLES:
        raise AccountError(Refusal.UNKNOWN_ROLE)
    if role != member.role and needs_second_admin(role, actor_id):
        member.pending_role, member.pending_role_by = role, actor_id
        session.add(member)
        audit.record(session, actor_id, "staff.role_requested", f"staff={member.id} to={role}")
        return False
    member.pending_role = member.pending_role_by = None
    _set_role(session, member, role, actor_id)
    return True


def approve_role(session: Session, member: StaffMember, approver_id: int) -> None:
    """A second admin agrees to a privileged role: never the admin who asked, never the member."""
    if member.pending_role is None:
        raise AccountError(Refusal.NOTHING_WAITING)
    if approver_id in (member.pending_role_by, member.id):
        raise AccountError(Refusal.SAME_ADMIN)
    role, never_set_up = member.pending_role, member.password_hash is None and not member.totp_confirmed
    member.pending_role = member.pending_role_by = None
    if never_set_up:
        member.active = True
    _set_role(session, member, role, approver_id)


def refuse_role(session: Session, member: StaffMember, actor_id: int) -> None:
    """Withdraw or refuse a waiting request; a new account made for it stays unable to sign in."""
    member.pending_role = member.pending_role_by = None
    session.add(member)
    audit.record(session, actor_id, "staff.role_refused", f"staff={member.id}")


def _set_role(session: Session, member: StaffMember, role: str, actor_id: int | None) -> None:
    old, member.role = member.role, role
    member.session_epoch = new_epoch()  # a new role takes effect now, not at the next sign-in
    session.add(member)
    audit.record(session, actor_id, "staff.role", f"staff={member.id} from={old} to={role}")


def set_active(session: Session, member: StaffMember, active: bool, actor_id: int | None) -> None:
    if active and member.pending_role is not None and member.pending_role == member.role:
        raise AccountError(Refusal.NOT_APPROVED)
    member.active = active
    member.session_epoch = new_epoch()
    session.add(member)
    audit.record(session, actor_id, "staff.enable" if active else "staff.disable", f"staff={member.id}")


def end_sessions(session: Session, member: StaffMember) -> None:
    """Log out everywhere: the cookie held by any browser no longer matches."""
    member.session_epoch = new_epoch()
    session.add(member)
    audit.record(session, member.id, "logout", f"staff={member.id}")
