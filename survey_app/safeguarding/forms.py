"""Forms of the safeguarding lead's queue. Validation is on the server (the pages set ``novalidate``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import PasswordField, RadioField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from survey_app.safeguarding.concerns import NOTE_LIMIT
from survey_app.safeguarding.labels import category_label

KEY_FILE_LIMIT = 4096


class StepForm(FlaskForm):
    """Acknowledge or close: a button and the CSRF token, nothing else."""


class ActionForm(FlaskForm):
    told = TextAreaField(
        _l("Who was told"),
        description=_l("For example: the local authority's duty team, or nobody."),
        validators=[
            DataRequired(_l("Enter who was told, or write nobody")),
            Length(max=NOTE_LIMIT, message=_l("Use 2000 characters or fewer")),
        ],
    )
    why = TextAreaField(
        _l("Why"),
        description=_l("The reason for the decision, so someone else can follow it later."),
        validators=[
            DataRequired(_l("Enter why")),
            Length(max=NOTE_LIMIT, message=_l("Use 2000 characters or fewer")),
        ],
    )


class OpenForm(FlaskForm):
    key_text = TextAreaField(
        _l("Private key file contents"),
        description=_l("Paste the whole key file made by keygen, or choose the file below."),
        validators=[Length(max=KEY_FILE_LIMIT, message=_l("That is too long to be a key file"))],
    )
    key_file = FileField(_l("Or choose the private key file"))
    passphrase = PasswordField(_l("Passphrase"), validators=[DataRequired(_l("Enter the passphrase"))])

    def key_file_text(self) -> str:
        """The key from the upload, else from the text box ('' if neither was given)."""
        upload = self.key_file.data
        if upload and getattr(upload, "filename", ""):
            return upload.read(KEY_FILE_LIMIT + 1).decode("utf-8", errors="replace")
        return (self.key_text.data or "").strip()


class RaiseForm(FlaskForm):
    """Raise a concern by hand from the reading list: the reader chooses the tier and the category."""

    tier = RadioField(
        _l("How soon does someone need to act?"),
        choices=[
            SelectChoice("urgent", _l("Urgent: a life or safety may be at risk now")),
            SelectChoice("review", _l("Review within one working day")),
        ],
        validators=[InputRequired(_l("Choose how soon someone needs to act"))],
    )
    category = SelectField(
        _l("What kind of worry is it?"),
        validators=[InputRequired(_l("Choose what kind of worry it is"))],
    )

    def __init__(self, *args, categories: tuple[str, ...] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.category.choices = [("", _l("Choose one"))] + [
            (name, category_label(name)) for name in categories
        ]

    def validate_category(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose what kind of worry it is"))


class ReadPageForm(FlaskForm):
    """Mark a page of low-score answers read together: the ids of the answers that were on the page."""

    ids = StringField(validators=[Length(max=4000)])

    def item_ids(self) -> list[int]:
        return [int(part) for part in (self.ids.data or "").split(",") if part.strip().isdigit()][:200]
