"""Partner accounts: invitations by e-mail link, passwords and codes (the staff account functions, reused).

The review team invites one lead per authority; the lead invites colleagues. An invitation is a one-time
link sent by e-mail, never a password. Only a hash of the link is kept, as for staff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import pyotp
from sqlalchemy import or_, update
from sqlmodel import Session, select

from survey_app.partners.access import ROLES
from survey_app.partners.models import Authority, PartnerMember
from survey_app.staff import accounts as staff_accounts
from survey_app.staff import audit
from survey_app.store.models import utcnow

INVITE_VALID = dt.timedelta(days=7)  # partners read e-mail less often than the review team
AccountError, Refusal = staff_accounts.AccountError, staff_accounts.Refusal
# The same checks as staff accounts: one implementation of passwords and codes for everyone who signs in.
password_problem = staff_accounts.password_problem
check_password = staff_accounts.check_password


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def by_email(session: Session, email: str) -> PartnerMember | None:
    email = staff_accounts.normalise_email(email)
    return session.exec(select(PartnerMember).where(PartnerMember.email == email)).first()


def invite(
    session: Session, authority: Authority, email: str, role: str, *, lead: bool = False, by: str = ""
) -> tuple[PartnerMember, str]:
    """A new partner with no password yet; returns them and the invitation token (only its hash is kept)."""
    email = staff_accounts.normalise_email(email)
    if role not in ROLES:
        raise AccountError(Refusal.UNKNOWN_ROLE)
    if "@" not in email or len(email) > 254 or any(ch.isspace() for ch in email):
        raise AccountError(Refusal.NOT_AN_EMAIL)
    if by_email(session, email) is not None or staff_accounts.by_email(session, email) is not None:
        raise AccountError(Refusal.EMAIL_TAKEN)
    member = PartnerMember(authority_id=authority.id, email=email, role=role, lead=lead)
    token = _issue_token(member)
    session.add(member)
    session.flush()
    audit.record(
        session, None, "partner.invite", f"{by} partner={member.id} authority={authority.id} role={role}"
    )
    return member, token


def _issue_token(member: PartnerMember) -> str:
    token = secrets.token_urlsafe(32)
    member.setup_token_hash = _token_hash(token)
    member.setup_expires = utcnow() + INVITE_VALID
    return token


def by_setup_token(session: Session, token: str) -> PartnerMember | None:
    return staff_accounts.member_by_setup_token(session, PartnerMember, token)


def set_password(session: Session, member: PartnerMember, password: str) -> None:
    member.password_hash = staff_accounts._hasher.hash(password)
    member.setup_token_hash = None
    member.setup_expires = None
    member.totp_secret = pyotp.random_base32()
    member.totp_confirmed = False
    session.add(member)
    audit.record(session, None, "partner.password_set", f"partner={member.id}")


def check_code(session: Session, member: PartnerMember, code: str) -> bool:
    """True if ``code`` is the member's current (or just previous/next) code and that step is not spent.

    As for staff, one conditional UPDATE spends the step, so of two sign-ins racing with one code exactly
    one gets in. (The staff function cannot be reused here: it updates the staff table.)
    """
    code = "".join(ch for ch in code if ch.isdigit())
    if not member.totp_secret or len(code) != 6:
        return False
    totp = pyotp.TOTP(member.totp_secret)
    step_now = totp.timecode(utcnow().replace(tzinfo=dt.UTC))
    for step in (step_now - 1, step_now, step_now + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            last = PartnerMember.totp_last_step
            result = session.exec(
                update(PartnerMember)
                .where(PartnerMember.id == member.id, or_(last.is_(None), last < step))
                .values(totp_last_step=step)
                .execution_options(synchronize_session=False)
            )
            session.commit()
            if result.rowcount == 1:
                member.totp_last_step = step
            return result.rowcount == 1
    return False


def provisioning_uri(member: PartnerMember) -> str:
    return pyotp.TOTP(member.totp_secret).provisioning_uri(name=member.email, issuer_name="Self-evaluation")


def confirm_totp(session: Session, member: PartnerMember) -> None:
    member.totp_confirmed = True
    session.add(member)
    audit.record(session, None, "partner.totp_set", f"partner={member.id}")


def colleagues(session: Session, authority_id: int) -> list[PartnerMember]:
    query = select(PartnerMember).where(PartnerMember.authority_id == authority_id).order_by(PartnerMember.id)
    return list(session.exec(query).all())
