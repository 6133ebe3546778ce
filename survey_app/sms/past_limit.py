"""Texts past the sender limit: one reply a window, and words that show risk still reach the lead.

``sender_limit`` stops answering a sender who texts faster than anyone answering a survey, because every
reply is paid. But a young person in crisis may send many short texts quickly, and dropping them in silence
left them with no answer and their words with nobody. So, past the limit:

* the first text in the limit's window is answered once: they have sent a lot of texts quickly, when they
  can carry on, and the support contacts every channel gives. The rest get nothing, so a flood costs one
  text out a window, not one a text;
* every text is still read by the detector. A concern reaches the safeguarding lead as an answer's would
  (the same record, an urgent tier's number sealed, the same notice) with support texted back, at most once
  per tier per sender per window, so a flood cannot fill the queue or run up replies. Once the window's
  urgent concern is raised, later texts are not read: nothing more could come of them.

Nothing is stored as an answer or as a stored text, and the logs say only what happened, never the number
or the words. Within the limit none of this runs.
"""

from __future__ import annotations

import logging

from limits import RateLimitItem
from sqlmodel import Session, select

from survey_app.safeguarding import detector, journey
from survey_app.safeguarding.models import URGENT
from survey_app.sms import inbound, replies, sender_limit
from survey_app.sms.conversation import Inbound
from survey_app.sms.models import Conversation, SenderRun
from survey_app.sms.senders import channel_of
from survey_app.store.models import Run

log = logging.getLogger(__name__)

TOLD = "sms-sender-told"
RAISED = "sms-sender-raised-{tier}"  # one count per tier: a review concern never holds back an urgent one


def respond(message: Inbound, hashed: str, refused: tuple[RateLimitItem, ...]) -> list[str]:
    """The replies (none, or one a window) to a text over the limits in ``refused``."""
    window = sender_limit.longest(refused)
    worrying = _worrying(message.body, hashed, window)
    told = sender_limit.first_in_window(TOLD, hashed, window)
    if worrying is None and not told:
        log.info("sms sender over the limit: text read for safety, not stored or answered")
        return []
    wait = sender_limit.seconds_until_answered(hashed, refused)
    try:
        with inbound.locked_for(hashed) as session:
            return _respond(session, message, hashed, worrying, told, wait)
    except inbound.DATABASE_DOWN as error:
        log.error("sms sender over the limit: database unavailable (%s)", type(error).__name__)
        if told:
            return [replies.too_many_texts(wait)]
        return [replies.support_now(), replies.support()] if worrying is not None else []


def _worrying(body: str, hashed: str, window: RateLimitItem) -> detector.Assessment | None:
    """The detector's verdict when the text raises a concern this window may still take."""
    if not body.strip() or not sender_limit.unused_in_window(RAISED.format(tier=URGENT), hashed, window):
        return None
    assessment = journey.assess_unanswered(body)
    if not assessment.concern or not sender_limit.first_in_window(
        RAISED.format(tier=assessment.tier), hashed, window
    ):
        return None
    return assessment


def _respond(session: Session, message: Inbound, hashed: str, worrying, told: bool, wait: float) -> list[str]:
    conversation = session.exec(select(Conversation).where(Conversation.sender_hash == hashed)).first()
    raised = worrying is not None and _raise(session, conversation, message, hashed, worrying)
    with replies.in_language(conversation.language if conversation is not None else "en"):
        if told:
            log.info("sms sender over the limit: told once for this window")
            return [replies.too_many_texts(wait)]
        return [replies.support_now(), replies.support()] if raised else []


def _raise(session: Session, conversation, message: Inbound, hashed: str, assessment) -> bool:
    run = _run_of(session, conversation, hashed)
    questionnaire_id = conversation.questionnaire_id if conversation is not None else None
    questionnaire_id = questionnaire_id or (run.questionnaire_id if run is not None else None)
    if questionnaire_id is None:
        # No survey of theirs to file it under (and, within the limit, nothing of theirs is read either).
        log.warning("sms sender over the limit: a concern in a text from a sender with no survey, not kept")
        return False
    concern = journey.raise_past_limit(
        session,
        questionnaire_id=questionnaire_id,
        run=run,
        text=message.body,
        channel=conversation.channel if conversation is not None else channel_of(message.address),
        assessment=assessment,
        phone=message.address,
    )
    log.info("sms sender over the limit: a %s concern raised", concern.tier)
    return True


def _run_of(session: Session, conversation, hashed: str) -> Run | None:
    """The run of the live conversation, else the last run this number started (finished, say)."""
    run_id = conversation.run_id if conversation is not None else None
    if run_id is None:
        linked = select(SenderRun.run_id).where(SenderRun.sender_hash == hashed)
        run_id = session.exec(linked.order_by(SenderRun.id.desc())).first()
    return session.get(Run, run_id) if run_id is not None else None
