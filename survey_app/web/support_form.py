"""The offer that follows an answer that raised a concern: would you like someone to get in touch, and how?

It is the response to the answer itself (never behind a redirect), so the support contacts come at once.
What is typed here is never an answer, never kept in the clear and never logged: a way to reach someone is
sealed to the safeguarding lead's key (``safeguarding.journey.add_route_back``) and then forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from survey_app.engine import Questionnaire
from survey_app.engine.answers import clean_text
from survey_app.web.support import support_contacts

CHOICE = "get_in_touch"  # the radios' name, and the id of the first one (the error summary links to it)
CONTACT = "contact"
YES = "yes"
NO = "no"
CONTACT_LIMIT = 500  # characters; a phone number, an email address or a sentence about the best time


@dataclass(frozen=True)
class Reply:
    choice: str | None  # YES, NO, or None when nothing usable was chosen
    contact: str = ""  # only with YES: with NO whatever was typed is dropped at once
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message


def read(form: MultiDict) -> Reply:
    """The offer form as sent, checked. A value we did not offer counts as no choice, never as a crash."""
    choice = form.get(CHOICE)
    choice = choice if choice in (YES, NO) else None
    contact = clean_text(form.get(CONTACT, ""))
    if choice is None and contact:
        choice = YES  # they left a way to reach them: that says yes more clearly than a missed radio
    if choice is None:
        return Reply(None, errors={CHOICE: gettext("Choose whether you would like someone to get in touch")})
    if choice == NO:
        return Reply(NO)
    if not contact:
        return Reply(YES, errors={CONTACT: gettext("Tell us how we can reach you, or choose No, thank you")})
    if len(contact) > CONTACT_LIMIT:
        message = gettext("That is too long. Use %(limit)s characters or fewer.", limit=CONTACT_LIMIT)
        return Reply(YES, contact, errors={CONTACT: message})
    return Reply(YES, contact)


def offer_page(questionnaire: Questionnaire, *, changing: bool, reply: Reply | None = None) -> str:
    """Support contacts and the offer; with ``reply``, the same page showing what was wrong with it."""
    reply = reply or Reply(None)
    return render_template(
        "web/support_offer.html",
        questionnaire=questionnaire,
        contacts=support_contacts(),
        changing=changing,
        choice=reply.choice,
        contact=reply.contact,
        errors=reply.errors,
        has_errors=bool(reply.errors),
    )
