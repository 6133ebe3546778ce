"""The forms of the staff accounts page: add someone, change a role, approve a role, allow signing in."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf

from survey_app.staff.access import ROLES
from survey_app.staff.accounts import Refusal
from survey_app.staff.forms import REFUSALS, stripped

ROLE_REFUSED = REFUSALS[Refusal.UNKNOWN_ROLE]


class NewStaffForm(FlaskForm):
    """The address is checked by the account service (shape, and not taken); the view adds its refusal."""

    # Not shortened: a cut address could be someone else's. The account service refuses one too long.
    email = StringField(filters=[stripped()])
    # The page draws the choices with each role's name; here only the check.
    role = StringField(id="new-role", validators=[AnyOf(ROLES, message=ROLE_REFUSED)])


class RoleForm(FlaskForm):
    role = StringField(validators=[AnyOf(ROLES, message=ROLE_REFUSED)])


class ApprovalForm(FlaskForm):
    """A second admin's answer to a waiting role: anything but "approve" refuses it."""

    decision = HiddenField()

    @property
    def approved(self) -> bool:
        return self.decision.data == "approve"


class SigningInForm(FlaskForm):
    """Allow ("1") or stop signing in: anything but "1" stops it, the safer way to read a doubtful value."""

    active = HiddenField()

    @property
    def allowed(self) -> bool:
        return self.active.data == "1"
