"""What a person sees when a questionnaire is not taking answers: before it opens, after it closes, and
after the grace period for a run begun in time. Every version still gives the support contacts and the
other ways to have a say, so a closed survey never leaves someone with nowhere to go."""

from __future__ import annotations

from flask import render_template
from flask_babel import format_date
from flask_babel import gettext as _
from sqlmodel import Session

from survey_app import questionnaire_dates
from survey_app.engine import Questionnaire
from survey_app.engine.gsm import to_gsm_friendly
from survey_app.i18n import translate
from survey_app.sms.replies import support

GRACE_OVER = "grace_over"


def headline(session: Session, questionnaire: Questionnaire, reason: str | None = None) -> str:
    """One sentence: when it opens, that it has closed, or that answers can no longer be taken."""
    if reason == GRACE_OVER:
        return _("This survey has closed, so we cannot take any more answers. Thank you for taking part.")
    dates = questionnaire_dates.window(session, questionnaire)
    if dates.status(questionnaire_dates.today()) == questionnaire_dates.NOT_YET and dates.opens:
        return _("This survey opens on %(date)s.", date=format_date(dates.opens, "d MMMM y"))
    return _("This survey has closed. Thank you for wanting to take part.")


def page(session: Session, questionnaire: Questionnaire, reason: str | None = None):
    """The web page for a questionnaire not taking answers (200: the address is right, the time is not)."""
    return render_template(
        "web/not_open.html", questionnaire=questionnaire, headline=headline(session, questionnaire, reason)
    )


def texts(session: Session, questionnaire: Questionnaire, reason: str | None = None) -> list[str]:
    """The SMS replies: the headline with the other ways to have a say, then the support contacts."""
    first = headline(session, questionnaire, reason)
    if questionnaire.other_ways:
        first = f"{first} {translate(questionnaire.other_ways)}"
    return [to_gsm_friendly(first), support()]


def after_grace(
    session: Session,
    questionnaire: Questionnaire,
    started_on,
    dates: questionnaire_dates.Window | None = None,
) -> bool:
    """True once a run begun on ``started_on`` may no longer be answered (closed and the grace is over).
    ``dates``: the window in force if already read (the web journey reads it with the run)."""
    return not questionnaire_dates.takes_answers(session, questionnaire, started_on, dates)
