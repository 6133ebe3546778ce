"""The offer that follows an answer that raised a concern: would you like someone to get in touch, and how?

It is the first page after the answer (at the next step's address, see ``support_step``), so the support
contacts come at once. What is typed here is never an answer, never kept in the clear and never logged: a
way to reach someone is sealed to the safeguarding lead's key (``safeguarding.journey.add_route_back``)
and then forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, request
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from survey_app.engine import Questionnaire
from survey_app.engine.answers import clean_text
from survey_app.safeguarding.support import support_contacts

CHOICE = "get_in_touch"  # the radios' name, and the id of the first one (the error summary links to it)
CONTACT = "contact"
YES = "yes"
NO = "no"
CONTACT_LIMIT = 500  # characters; a phone number, an email address or a sentence about the best time


SAFE = "safe"  # the radios asking whether the way to reach them is safe to use
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


def read(form: MultiDict) -> Reply:
    """The offer form as sent, checked. A value we did not offer counts as no choice, never as a crash.

    "Yes" alone goes on to the second step (how to reach them). A way to reach them sent with it (an older
    page, or a form filled in by hand) is checked as the second step would check it.
    """
    choice = form.get(CHOICE)
    choice = choice if choice in (YES, NO) else None
    contact = clean_text(form.get(CONTACT, ""))
    if choice is None and contact:
        choice = YES  # they left a way to reach them: that says yes more clearly than a missed radio
    if choice is None:
        return Reply(None, errors={CHOICE: gettext("Choose whether you would like someone to get in touch")})
    if choice == NO:
        return Reply(NO)
    return read_contact(form) if contact else Reply(YES)


def read_contact(form: MultiDict) -> Reply:
    """The second step: a way to reach them (required) and whether it is safe to use (they may not say)."""
    contact = clean_text(form.get(CONTACT, ""))
    safe = form.get(SAFE) if form.get(SAFE) in SAFE_CHOICES else None
    if not contact:
        message = gettext("Tell us how we can reach you, or go back and choose No, thank you")
        return Reply(YES, errors={CONTACT: message}, safe=safe)
    if len(contact) > CONTACT_LIMIT:
        message = gettext("That is too long. Use %(limit)s characters or fewer.", limit=CONTACT_LIMIT)
        return Reply(YES, contact, errors={CONTACT: message}, safe=safe)
    return Reply(YES, contact, safe=safe)


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
