"""The hook the channels (web pages, text messages) call after storing a free-text answer.

    assessment = journey.check_answer(session, run, question, text, channel, phone=sender)
    if assessment is not None:
        show or send the support contacts in this same response, and ask whether the young person would like
        someone to get in touch (then journey.add_route_back with what they give).

Only free-text questions marked ``safeguarding`` (the default) are read, and only a concern escalates:
an ordinary complaint must never reach anyone, or the anonymity promised would mean nothing.
"""

from __future__ import annotations

import logging

from flask import current_app, has_request_context, url_for
from sqlmodel import Session

from survey_app.engine import Question
from survey_app.safeguarding import concerns, detector, notify
from survey_app.safeguarding.models import URGENT, Concern
from survey_app.store.models import Run

log = logging.getLogger(__name__)
# Channels where the sender's number is known while the message is handled (and only then: it is never kept
# in the clear). On an urgent concern it is sealed, because immediate danger may need a way to reach them.
PHONE_CHANNELS = ("sms", "whatsapp")


# If the detector ever fails on a text, a person reads it: a missed concern is worse than a false alarm.
DETECTOR_FAILED = detector.Assessment(
    concern=True,
    tier="review",
    category="none",
    reasons=(detector.Reason(rule="detector.failed", category="none", tier="review", words=""),),
)


def assess(text: str) -> detector.Assessment:
    """The detector's verdict on one text (a seam, so tests can say exactly which words are a concern)."""
    return detector.assess(text)


def _assess_safely(text: str) -> detector.Assessment:
    try:
        return assess(text)
    except Exception as error:  # noqa: BLE001 - the young person still gets support, the lead still sees it
        log.error("The safeguarding detector failed (%s); the answer goes to the queue", type(error).__name__)
        return DETECTOR_FAILED


def _public_key() -> str | None:
    key = current_app.config.get("SAFEGUARDING_PUBLIC_KEY")
    if not key:
        # Without the lead's public key a route back cannot be sealed, and it is never kept in the clear.
        log.error("SAFEGUARDING_PUBLIC_KEY is not set: a route back was not kept")
    return key or None


def _queue_url() -> str | None:
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return public + "/safeguarding/"
    return url_for("safeguarding.queue", _external=True) if has_request_context() else None


def _notify(concern: Concern) -> None:
    locale = current_app.config.get("BABEL_DEFAULT_LOCALE", "en")
    notify.notifier(current_app).concern_waiting(notify.message(concern.tier, _queue_url(), locale))


def check_answer(
    session: Session,
    run: Run,
    question: Question,
    text: str | None,
    channel: str,
    *,
    phone: str | None = None,
) -> detector.Assessment | None:
    """Read a just-stored free-text answer; on a concern, raise it (once) and notify the lead.

    Returns the detector's ``Assessment`` when there is a concern (the channel then shows the support
    contacts), otherwise None. ``phone`` is the sender's number on SMS/WhatsApp: it is sealed only when the
    tier is urgent, and forgotten otherwise.
    """
    if not question.is_text or not question.safeguarding or not text or not text.strip():
        return None
    assessment = _assess_safely(text)
    if not assessment.concern:
        return None
    urgent_phone = phone if channel in PHONE_CHANNELS and assessment.tier == URGENT else None
    concerns.raise_concern(
        session,
        run=run,
        questionnaire_id=run.questionnaire_id,
        question_id=question.id,
        text=text,
        assessment=assessment,
        channel=channel,
        distribution=run.distribution,
        route_back=urgent_phone,
        public_key=_public_key() if urgent_phone else None,
        on_new=_notify,
    )
    return assessment


def concern_for_run(session: Session, run: Run) -> Concern | None:
    """The run's most recent concern: the web page that asks "would you like someone to get in touch?"
    finds it again with this, so no concern id needs to travel in the young person's cookie."""
    return concerns.latest_for_run(session, run)


def add_route_back(session: Session, concern: Concern, contact_text: str) -> bool:
    """Seal the contact details a young person chose to give. False if nothing could be kept.

    On False the channel should say we could not save them and point to the support contacts again.
    """
    contact_text = (contact_text or "").strip()
    key = _public_key() if contact_text else None
    if not key:
        return False
    concerns.seal_contact(session, concern, contact_text[:1000], key)
    return True


def seal_phone_for_urgent(session: Session, concern: Concern, phone: str) -> bool:
    """Seal an SMS sender's number onto an urgent concern (``check_answer(..., phone=)`` does this itself)."""
    if concern.tier != URGENT or not phone:
        return False
    key = _public_key()
    if not key:
        return False
    concerns.seal_phone(session, concern, phone, key)
    return True
