"""The young people's fixed forms: the start page, consent, stop, and carrying on with a code.

Questions are not here: their fields come from the questionnaire (``web/fields.py``), and the offer of
contact after a concern has its own module (``web/support_form.py``). Every message is a literal here, so
it is extracted for translation, and the pages show it in the one error summary, linked to its field. The
token was already checked for the whole request (``security.SameOriginCSRF``).
"""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, ValidationError
from wtforms.validators import AnyOf

KEEP = "keep"
DELETE = "delete"
YES = "yes"
LONGEST_CODE = 40  # a resume code is 12 characters with its dashes; anything much longer is not one


def _text(limit: int):
    """A filter: "" when the field was not sent, surrounding spaces off, at most ``limit`` characters."""
    return lambda value: (value or "").strip()[:limit]


class StartForm(FlaskForm):
    """The start page: who is holding the device, and the area the link came from (checked elsewhere)."""

    assisted = StringField(filters=[_text(10)])
    area = StringField(filters=[_text(100)])

    @property
    def is_assisted(self) -> bool:
        return self.assisted.data == YES


class ConsentForm(FlaskForm):
    """Anything but "yes" is a no: consent is only ever given on purpose."""

    answer = StringField(filters=[_text(10)])

    @property
    def agreed(self) -> bool:
        return self.answer.data == YES


class StopForm(FlaskForm):
    answers = StringField(
        filters=[_text(10)],
        validators=[AnyOf((KEEP, DELETE), message=_l("Choose whether to keep or delete your answers."))],
    )


class ResumeForm(FlaskForm):
    code = StringField(filters=[_text(LONGEST_CODE)])

    def validate_code(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Enter your code"))

    @staticmethod
    def not_found(days: int) -> LazyString:
        # One message for a wrong, expired or finished code: never say whether a code ever existed.
        return _l(
            "We could not find a survey with that code. Check the code and try again. "
            "Codes work for %(days)s days after you last answered.",
            days=days,
        )
