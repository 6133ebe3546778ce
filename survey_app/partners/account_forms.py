"""The partners' fixed forms: signing in, inviting a colleague or a lead, uploading a Word file, submitting.

The section pages are not here: their fields come from the questionnaire (partners/forms.py reads them).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length

from survey_app.engine.answers import clean_text
from survey_app.partners.access import ROLES
from survey_app.partners.word import Unreadable
from survey_app.staff import forms as staff_forms
from survey_app.staff.accounts import Refusal

ROLE_REFUSED = _l("Choose a role: contributor or submitter.")
# The staff words for an account refusal, except a role: partners have other roles.
REFUSALS = staff_forms.REFUSALS | {Refusal.UNKNOWN_ROLE: ROLE_REFUSED}


class SignInForm(staff_forms.SignInForm):
    LOCKED = _l("There have been too many attempts to sign in. Wait 15 minutes, then try again.")


class CodeForm(staff_forms.CodeForm):
    LOCKED = SignInForm.LOCKED


class InviteForm(FlaskForm):
    """A lead invites a colleague. The address is checked by the account service, which may refuse it."""

    email = StringField(filters=[staff_forms.stripped(300)])
    role = RadioField(
        choices=[
            SelectChoice("contributor", _l("Contributor: draft and comment")),
            SelectChoice("submitter", _l("Submitter: draft, comment and submit")),
        ],
        default="contributor",
        validate_choice=False,
        validators=[AnyOf(ROLES, message=ROLE_REFUSED)],
    )


class LeadInviteForm(FlaskForm):
    """The review team invites an authority's lead; the authority is made if it is new."""

    authority = StringField(
        filters=[lambda value: clean_text(value)[:200] if isinstance(value, str) else value],
        validators=[
            DataRequired(_l("Enter the local authority's name, in 120 characters or fewer.")),
            Length(max=120, message=_l("Enter the local authority's name, in 120 characters or fewer.")),
        ],
    )
    email = StringField(filters=[staff_forms.stripped(300)])
    role = RadioField(
        choices=[
            SelectChoice("submitter", _l("Yes: submitter")),
            SelectChoice("contributor", _l("No: contributor")),
        ],
        default="submitter",
        validate_choice=False,
        validators=[AnyOf(ROLES, message=ROLE_REFUSED)],
    )


class SubmitForm(FlaskForm):
    """The submitter ticks the box; only its own value ("yes") counts as ticked."""

    confirm = StringField(
        validators=[
            AnyOf(["yes"], message=_l("Tick the box to confirm you are authorised to submit this return."))
        ]
    )


class UploadForm(FlaskForm):
    """A completed Word template; whether it can be read is partners/word.py's to say."""

    document = FileField(validators=[FileRequired(_l("Choose a Word file (.docx) to upload."))])

    UNREADABLE = {
        Unreadable.TOO_BIG: _l("The file is larger than 10 MB. Remove pictures from it and try again."),
        Unreadable.NOT_DOCX: _l("The file is not a Word document (.docx). Save it as .docx and try again."),
    }
