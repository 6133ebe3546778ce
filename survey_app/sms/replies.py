"""Everything the chatbot says, as plain GSM-7 text messages, through gettext.

Questionnaire prompts come from ``engine.sms_prompts`` (shared with the ``check`` command, so what is
checked is what is sent); the chatbot's own sentences are here. Each is written to fit one 160-character
GSM-7 segment in English. Nothing here ever repeats what the person sent.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from flask import g
from flask_babel import gettext as _
from flask_babel import ngettext

from survey_app import sms_languages
from survey_app.engine import Question, Questionnaire
from survey_app.engine.gsm import to_gsm_friendly
from survey_app.engine.sms_prompts import render_consent, render_prompt
from survey_app.i18n import translate
from survey_app.safeguarding.support import support_contacts


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Replies in the conversation's language, as ``conversation.respond`` renders them (the fast lane)."""
    before = g.get("sms_language")
    if before == language:
        yield
        return
    sms_languages.use(language)
    try:
        yield
    finally:
        sms_languages.use(before)


def prompt(question: Question) -> str:
    return render_prompt(question, translate)


def consent_step(questionnaire: Questionnaire, step: int) -> str:
    return render_consent(questionnaire.consent[step], translate)


def introduction(questionnaire: Questionnaire) -> list[str]:
    """The first texts: the questionnaire's own short intro, then the first consent step."""
    intro = questionnaire.sms_intro or questionnaire.summary
    return [to_gsm_friendly(translate(intro)), cost(questionnaire), consent_step(questionnaire, 0)]


def cost(questionnaire: Questionnaire) -> str:
    """Said once, at the start: a young person low on credit needs to know before they begin."""
    count = len(questionnaire.consent) + len(questionnaire.questions)
    return _(
        "Each text you send costs the same as a normal text (free on most plans). "
        "The survey takes about %(count)d texts from you.",
        count=count,
    )


def how_to_start(questionnaires: list[Questionnaire]) -> str:
    lines = [_("Hi. To take part in a survey, text its word to this number:")]
    lines += [
        _("%(keyword)s for the %(title)s", keyword=q.sms_keyword, title=translate(q.title).lower())
        for q in questionnaires
        if q.sms_keyword
    ]
    if len(lines) == 1:
        return _("Sorry, there is no survey to take part in by text right now.")
    return to_gsm_friendly("\n".join(lines))


def closed() -> str:
    return _("Sorry, this survey is closed now. Thank you for wanting to take part.")


def consent_explained() -> str:
    return _(
        "We need a YES before we ask any questions. Reply YES to go on, or NO to stop. "
        "If you say NO, we keep nothing."
    )


def consent_declined(questionnaire: Questionnaire) -> str:
    return _(
        "OK. We have not kept anything. Thank you. If you change your mind, text %(keyword)s.",
        keyword=questionnaire.sms_keyword or "",
    )


def commands() -> str:
    return _(
        "Text SKIP to skip a question, BACK to go back, PAUSE to take a break, STOP to stop, "
        "or DELETE to delete your answers and stop."
    )


def support() -> str:
    """Support contacts in one text: the same list every channel shows, so seeing it reveals nothing."""
    parts = [
        f"{contact.name}: {contact.action[0].lower()}{contact.action[1:]}" for contact in support_contacts()
    ]
    return to_gsm_friendly(". ".join(parts) + ".")


def too_many_texts(seconds: float) -> str:
    """Past the sender limit, once a window: why nothing is answered, when it will be, and help now."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes <= 90:
        wait = ngettext(
            "You have sent a lot of texts quickly. You can carry on in %(num)d minute.",
            "You have sent a lot of texts quickly. You can carry on in %(num)d minutes.",
            minutes,
        )
    else:
        wait = ngettext(
            "You have sent a lot of texts quickly. You can carry on in about %(num)d hour.",
            "You have sent a lot of texts quickly. You can carry on in about %(num)d hours.",
            math.ceil(minutes / 60),
        )
    return " ".join((wait, _("If you are not safe now:"), support()))


def paused() -> str:
    return _("OK, we have paused. Your answers so far are saved. Text anything when you want to carry on.")


def stopped() -> str:
    return _(
        "You have stopped the survey. We will not text you again. Text START if you want to begin again."
    )


def deleted(count: int) -> str:
    return ngettext(
        "Done. We deleted %(num)d answer and everything else kept from this number. Thank you.",
        "Done. We deleted %(num)d answers and everything else kept from this number. Thank you.",
        count,
    )


def nothing_kept() -> str:
    return _("We had nothing kept from this number, so there was nothing to delete.")


def consent_declined_answers_kept() -> str:
    return _("OK, no new survey. Your earlier answers are still kept: text DELETE to delete them.")


def try_again_later() -> str:
    """When the database cannot be reached: nothing of the text was kept, so they must send it again."""
    return _("We could not take that just now. Please text it again in a few minutes.")


def first_question_already() -> str:
    return _("This is the first question.")


def welcome_back() -> str:
    return _("Welcome back. Reply 1 to carry on where you left off, or 2 to start again.")


def text_only() -> str:
    return _("Sorry, we can only read text messages. Please reply with words or numbers.")


def thanks(questionnaire: Questionnaire) -> str:
    return to_gsm_friendly(translate(questionnaire.thanks or _("Thank you for taking part.")))


def invalid(question: Question, message: str, params: dict, attempts: int) -> str:
    """A clear reason, then the valid options again; after two re-prompts, offer SKIP instead."""
    reason = to_gsm_friendly(translate(message, **params))
    if attempts > 2:
        return reason + " " + _("Text SKIP to move on, or HELP for help.")
    _question, _newline, options = prompt(question).partition("\n")
    if _same_words(reason, options):
        return reason
    return f"{reason}\n{options}"


def _same_words(one: str, other: str) -> bool:
    return one.strip(" .").lower() == other.strip(" .").lower()


def support_now() -> str:
    return _("Thank you for telling us. If you are in danger right now, call 999. You can also talk to:")


def offer_contact() -> str:
    return _(
        "Would you like someone to get in touch? Reply YES for this number, or send another way to reach "
        "you. Reply NO to carry on."
    )


def contact_kept() -> str:
    return _("Thank you. We have kept that safely. Only our safeguarding lead can see it.")


def contact_not_kept() -> str:
    return _("Sorry, we could not save that. Please use the numbers below if you need help.")


def carry_on_after_support() -> str:
    return _("OK, carrying on. You can text HELP any time to get these numbers again.")
