"""The sign-in forms everyone who signs in shares (review team and partners), and the words for refusals.

Each message is written here, as a literal, so it is extracted for translation; the account and password
checks say only *which* problem they found (``Refusal``, ``Weakness``). Validation is on the server: the
pages set ``novalidate`` and show the messages in the error summary.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, ValidationError

from survey_app.staff import passwords
from survey_app.staff.accounts import Refusal
from survey_app.staff.passwords import Weakness

EMAIL_LIMIT = 254  # the longest address there can be; longer is a wrong address, not a bigger query
PASSWORD_LIMIT = 300  # a little over passwords.MAX_LENGTH, so an over-long new password gets its message

REFUSALS = {
    Refusal.NOT_AN_EMAIL: _l("Enter an e-mail address, like name@example.org."),
    Refusal.EMAIL_TAKEN: _l("There is already an account with that e-mail address."),
    Refusal.UNKNOWN_ROLE: _l("Choose a role: admin, analyst, safeguarding or coordinator."),
    Refusal.NOTHING_WAITING: _l("Nothing is waiting for approval for this account."),
    Refusal.SAME_ADMIN: _l("Another admin must approve this: not the one who asked for it."),
    Refusal.NOT_APPROVED: _l("Another admin must approve this account's role before it can sign in."),
}

WEAKNESSES = {
    Weakness.TOO_SHORT: _l("Use at least 12 characters. A few words together are easy to remember."),
    Weakness.TOO_LONG: _l("Use 256 characters or fewer."),
    Weakness.UNUSUAL_CHARACTERS: _l("Use letters, numbers, spaces and punctuation only."),
    Weakness.IS_THE_EMAIL: _l("Do not use your e-mail address as your password."),
    Weakness.TOO_COMMON: _l(
        "That password is too common or too easy to guess. Try a few unrelated words together."
    ),
    Weakness.DIFFERENT: _l("The two passwords are different. Type the same password twice."),
}


def stripped(limit: int | None = None):
    """A filter: surrounding spaces off, no more than ``limit`` characters (if given), and "" if not sent."""
    return lambda value: (value or "").strip()[:limit]


def cut(limit: int):
    """A filter: no more than ``limit`` characters, and "" if not sent."""
    return lambda value: (value or "")[:limit]


class SignInForm(FlaskForm):
    """The first step: e-mail address and password. Whether they are right is the view's to ask."""

    email = StringField(filters=[stripped(EMAIL_LIMIT)])
    password = PasswordField(filters=[cut(PASSWORD_LIMIT)])

    MISSING = _l("Enter your e-mail address and password.")
    WRONG = _l("The e-mail address or password is not right.")
    LOCKED = _l("There have been too many attempts to sign in. Wait a few minutes, then try again.")

    def validate_email(self, field) -> None:
        # One message on the address for either box left empty: saying which is right helps a guesser.
        if not field.data or not self.password.data:
            raise ValidationError(self.MISSING)


class CodeForm(FlaskForm):
    """The second step: the code from the authenticator app. An empty code counts as a wrong one."""

    code = StringField(filters=[stripped(20)])

    WRONG = _l("The code is not right. Enter the 6 numbers your authenticator app shows now.")
    LOCKED = SignInForm.LOCKED


class NewPasswordForm(FlaskForm):
    """Choosing a password from the set-up link: checked against the address it is for."""

    password = PasswordField(filters=[cut(PASSWORD_LIMIT)])
    confirm = PasswordField(filters=[cut(PASSWORD_LIMIT)])

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.account_email = email

    def validate_password(self, field) -> None:
        weakness = passwords.problem(field.data or "", self.confirm.data or "", self.account_email)
        if weakness is not None:
            raise ValidationError(WEAKNESSES[weakness])
