"""The hook the channels (web pages, text messages) call inside the answer step's own transaction.

    reading = journey.AnswerReading(run, question, channel, phone=sender)
    runs.record(session, run, questionnaire, question.id, response, before_commit=reading)
    if reading.assessment is not None:
        show or send the support contacts in this same response, and ask whether the young person would like
        someone to get in touch (then journey.add_route_back with what they give).

The answer, its withholding, the concern, its reading-list entry and the lead's notice commit together: a
process that dies at any point leaves all of them or none. Only free-text questions marked
``safeguarding`` (the default) are read, and only a concern escalates: an ordinary complaint reaches the
safeguarding reader's list and nobody else, or the anonymity promised would mean nothing.
"""

from __future__ import annotations

import dataclasses
import logging

from flask import current_app
from sqlmodel import Session

from survey_app.engine import Question, Response
from survey_app.questionnaires import registry
from survey_app.safeguarding import concerns, detector, reading_list
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


# A concern raised on a text that was not answered (past the SMS sender limit): the lead's page says so.
PAST_LIMIT = "sms.past_limit"


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


def _reading_settings(questionnaire_id: str) -> tuple[str, int]:
    """The questionnaire's ``reading`` ("all" or "flagged") and ``reading_days``."""
    questionnaire = registry().get(questionnaire_id)
    if questionnaire is None:
        return "all", reading_list.DEFAULT_READING_DAYS
    return getattr(questionnaire, "reading", "all"), getattr(questionnaire, "reading_days", 1)


def check_answer(
    session: Session,
    run: Run,
    question: Question,
    text: str | None,
    channel: str,
    *,
    phone: str | None = None,
    commit: bool = True,
    assessment: detector.Assessment | None = None,
) -> detector.Assessment | None:
    """Read a just-stored free-text answer: put it on the reading list, and on a concern raise it (once)
    with its notice in the outbox.

    Returns the detector's ``Assessment`` when there is a concern (the channel then shows the support
    contacts), otherwise None. ``phone`` is the sender's number on SMS/WhatsApp: it is sealed only when the
    tier is urgent, and forgotten otherwise. With ``commit=False`` the caller's transaction commits.
    ``assessment``: the detector's verdict when the caller has it already (``assess_answer``).
    """
    if not question.is_text or not question.safeguarding or not text or not text.strip():
        return None
    assessment = assessment or _assess_safely(text)
    concern = _raise(session, run, question, text, channel, assessment, phone) if assessment.concern else None
    mode, days = _reading_settings(run.questionnaire_id)
    if mode != "flagged" or assessment.concern:
        reading_list.add_answer(
            session,
            run=run,
            question_id=question.id,
            text=text,
            channel=channel,
            assessment=assessment,
            reading_days=days,
            concern_id=concern.id if concern is not None else None,
        )
    if commit:
        session.commit()
    return assessment if assessment.concern else None


def assess_answer(question: Question, text: str | None) -> detector.Assessment | None:
    """The detector's verdict on an answer ``check_answer`` reads (None for one it does not), before
    anything is stored: the SMS fast lane writes an answer that raised no concern in one statement."""
    if not question.is_text or not question.safeguarding or not text or not text.strip():
        return None
    return _assess_safely(text)


def reading_item(run: Run, question: Question, text: str, channel: str, assessment) -> dict | None:
    """The reading list's row for an answer that raised no concern, as ``check_answer`` would add it;
    None where the questionnaire's list holds only flagged answers. Written with ``reading_list.add_once``."""
    mode, days = _reading_settings(run.questionnaire_id)
    if mode == "flagged":
        return None
    return reading_list.item_values(
        run=run, question_id=question.id, text=text, channel=channel, assessment=assessment, reading_days=days
    )


def _raise(session, run, question, text, channel, assessment, phone) -> Concern:
    urgent_phone = phone if channel in PHONE_CHANNELS and assessment.tier == URGENT else None
    return concerns.raise_concern(
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
        commit=False,
    )


class AnswerReading:
    """``runs.record``'s ``before_commit`` step: reads the answer inside the answer's own transaction.

    After the step, ``assessment`` is the detector's verdict when the answer raised a concern, else None.
    A retried step (``runs.record`` retries after a race) reads again and finds what is already there.
    """

    def __init__(self, run: Run, question: Question, channel: str, *, phone: str | None = None) -> None:
        self.run, self.question, self.channel, self.phone = run, question, channel, phone
        self.assessment: detector.Assessment | None = None

    def __call__(self, session: Session, response: Response) -> None:
        text = response.value if response.answered and isinstance(response.value, str) else None
        self.assessment = check_answer(
            session, self.run, self.question, text, self.channel, phone=self.phone, commit=False
        )


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


def record_declined(session: Session, concern: Concern) -> None:
    """They said no to contact: the lead's page says so (and, if an urgent number is kept, why)."""
    concerns.record_declined(session, concern)


def read_follow_on(session: Session, run: Run, concern: Concern, text: str, channel: str) -> None:
    """More words sent after the answer that raised a concern (on SMS, where an answer may run over two
    texts): never stored as an answer or as contact details, but read by a person like any answer, and by
    the detector, which may raise them as a concern of their own."""
    text = text.strip()[:2000]
    assessment = _assess_safely(text)
    raised = (
        _raise_follow_on(session, run, concern, text, channel, assessment) if assessment.concern else None
    )
    reading_list.add_answer(
        session,
        run=run,
        question_id=concern.question_id,
        text=text,
        channel=channel,
        assessment=assessment,
        concern_id=raised.id if raised is not None else concern.id,
    )
    session.commit()


def _raise_follow_on(session, run, concern, text, channel, assessment) -> Concern:
    return concerns.raise_concern(
        session,
        run=run,
        questionnaire_id=run.questionnaire_id,
        question_id=concern.question_id,
        text=text,
        assessment=assessment,
        channel=channel,
        distribution=run.distribution,
        commit=False,
    )


def assess_unanswered(text: str) -> detector.Assessment:
    """The detector's verdict on words no question took (a text past the SMS sender limit)."""
    return _assess_safely(text.strip()[:2000])


def raise_past_limit(
    session: Session,
    *,
    questionnaire_id: str,
    run: Run | None,
    text: str,
    channel: str,
    assessment: detector.Assessment,
    phone: str | None,
) -> Concern:
    """A concern on a text sent past the SMS sender limit: the record, sealed number (urgent tier) and
    notice an answer's concern gets. It was not an answer, so no question and nothing to withhold, and it
    is not on the reading list (the queue has it); its reasons say it was not answered. Does not commit."""
    urgent_phone = phone if channel in PHONE_CHANNELS and assessment.tier == URGENT else None
    said = detector.Reason(rule=PAST_LIMIT, category=assessment.category, tier="none", words="")
    return concerns.raise_concern(
        session,
        run=run,
        questionnaire_id=questionnaire_id,
        question_id=None,
        text=text.strip()[:2000],
        assessment=dataclasses.replace(assessment, reasons=(*assessment.reasons, said)),
        channel=channel,
        distribution=run.distribution if run is not None else None,
        route_back=urgent_phone,
        public_key=_public_key() if urgent_phone else None,
        commit=False,
    )
