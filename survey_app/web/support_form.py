"""The offer that follows an answer that raised a concern: would you like someone to get in touch, and how?

It is the first page after the answer (at the next step's address, see ``support_step``), so the support
contacts come at once. What is typed here is never an answer, never kept in the clear and never logged: a
way to reach someone is sealed to the safeguarding lead's key (``safeguarding.journey.add_route_back``)
and then forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import StringField, ValidationError
from wtforms.validators import DataRequired, Length

from survey_app import error_summary
from survey_app.engine import Questionnaire
from survey_app.engine.answers import clean_text
from survey_app.safeguarding.support import support_contacts

YES = "yes"
NO = "no"
CONTACT_LIMIT = 500  # characters; a phone number, an email address or a sentence about the best time
SAFE_CHOICES = ("yes", "careful")
# Sealed with the details for the lead (not shown to the young person): fixed words the lead reads as a flag.
SAFETY_NOTES = {
    "yes": "[They said this is safe to use]",
    "careful": "[Take care: they said someone else may see or hear messages or calls]",
    None: "[They did not say whether this is safe to use]",
}


@dataclass(frozen=True)
class Reply:
    choice: str | None  # YES, NO, or None when nothing usable was chosen
    contact: str = ""  # only with YES: with NO whatever was typed is dropped at once
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message
    safe: str | None = None  # "yes", "careful", or None when they did not say

    def sealed_text(self) -> str:
        """What is sealed for the lead: the way to reach them and whether it is safe to use."""
        return f"{self.contact}\n{SAFETY_NOTES[self.safe]}"


class OfferForm(FlaskForm):
    """The first step. A value we did not offer counts as no choice, never as a crash.

    The field names are the page's (templates/web/support_offer.html): ``get_in_touch`` is the radios' name
    and the first one's id, which the error summary links to; ``contact`` and ``safe`` are the second step's.
    """

    get_in_touch = StringField(filters=[lambda value: value if value in (YES, NO) else None])
    contact = StringField(filters=[lambda value: clean_text(value or "")])

    def validate_get_in_touch(self, field) -> None:
        # A way to reach them says yes more clearly than a missed radio, so only nothing at all is a problem.
        if field.data is None and not self.contact.data:
            raise ValidationError(_l("Choose whether you would like someone to get in touch"))


class ContactForm(FlaskForm):
    """The second step: a way to reach them (required) and whether it is safe to use (they may not say)."""

    contact = StringField(
        filters=[lambda value: clean_text(value or "")],
        validators=[
            DataRequired(_l("Tell us how we can reach you, or go back and choose No, thank you")),
            Length(
                max=CONTACT_LIMIT,
                message=_l("That is too long. Use %(limit)s characters or fewer.", limit=CONTACT_LIMIT),
            ),
        ],
    )
    safe = StringField(filters=[lambda value: value if value in SAFE_CHOICES else None])


def read(form: MultiDict) -> Reply:
    """The offer form as sent, checked.

    "Yes" alone goes on to the second step (how to reach them). A way to reach them sent with it (an older
    page, or a form filled in by hand) is checked as the second step would check it.
    """
    offer = OfferForm(formdata=form)
    if not offer.validate():
        return Reply(None, errors=error_summary.messages(offer))
    if offer.get_in_touch.data == NO:
        return Reply(NO)
    return read_contact(form) if offer.contact.data else Reply(YES)


def read_contact(form: MultiDict) -> Reply:
    contact = ContactForm(formdata=form)
    if not contact.validate():
        errors = error_summary.messages(contact)
        return Reply(YES, contact.contact.data, errors=errors, safe=contact.safe.data)
    return Reply(YES, contact.contact.data, safe=contact.safe.data)


def offer_page(questionnaire: Questionnaire, *, reply: Reply | None = None) -> str:
    """Support contacts and the offer; with ``reply``, the same page showing what was wrong with it."""
    return _page(questionnaire, "offer", reply)


def contact_page(questionnaire: Questionnaire, *, reply: Reply | None = None) -> str:
    """The second step, after "yes": how to reach them, and whether it is safe."""
    return _page(questionnaire, "contact", reply)


def _page(questionnaire: Questionnaire, step: str, reply: Reply | None) -> str:
    reply = reply or Reply(None)
    return render_template(
        "web/support_offer.html",
        step=step,
        questionnaire=questionnaire,
        contacts=support_contacts(),
        action=request.path,  # every stage of the offer posts to the step's own address
        choice=reply.choice,
        contact=reply.contact,
        safe=reply.safe,
        errors=reply.errors,
        has_errors=bool(reply.errors),
    )
