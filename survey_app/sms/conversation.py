"""The chatbot's side of one text message: a thin adapter from words to the runs service.

``respond`` reads the conversation's state and hands the message to that state's handler. Handlers say
what to reply and change state through ``store.runs`` only: this module never writes an answer itself.
Everything runs inside the caller's transaction, which holds the sender's lock (see ``inbound``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, g
from sqlmodel import Session, select

from survey_app import sms_languages
from survey_app.questionnaires import registry
from survey_app.sms import keywords, replies
from survey_app.sms.answering import ask, carry_on, resume, start_again, take_answer
from survey_app.sms.consent import begin, consent_reply, restart
from survey_app.sms.forgetting import forget
from survey_app.sms.models import (
    ASKING,
    CONSENT,
    PAUSED,
    RETURNING,
    STOPPED,
    SUPPORT_OFFERED,
    Conversation,
    clock,
)
from survey_app.sms.senders import SMS, channel_of
from survey_app.sms.support_offer import offer_reply
from survey_app.sms.turn import Turn, close_run, current, end_conversation
from survey_app.store import runs


@dataclass(frozen=True)
class Inbound:
    """One message as Twilio sent it. ``address`` is the raw sender: hashed, never stored or logged."""

    address: str
    body: str
    media_count: int = 0
    opt_out_type: str | None = None
    message_key: str | None = None


def respond(
    session: Session,
    inbound: Inbound,
    sender_hash: str,
    *,
    message_id: int | None = None,
    arrived_at: dt.datetime | None = None,
) -> list[str]:
    """Handle one message and return the texts to send back (possibly none)."""
    conversation = session.exec(select(Conversation).where(Conversation.sender_hash == sender_hash)).first()
    turn = Turn(
        session,
        inbound.body,
        keywords.classify(inbound.body, inbound.opt_out_type),
        conversation,
        sender_hash,
        inbound.address,
        message_id,
    )
    before = g.get("sms_language")
    sms_languages.use(conversation.language if conversation else None)
    try:
        texts = _dispatch(turn, inbound)
    finally:
        sms_languages.use(before)
    if turn.conversation is not None:
        turn.conversation.last_message_at = arrived_at or clock()
        # Only a plain free-text answer (``plain_answer``) leaves a question open for the next text to join.
        turn.conversation.joinable_question = None
        session.add(turn.conversation)
    session.commit()
    return texts


def _dispatch(turn: Turn, inbound: Inbound) -> list[str]:
    conversation = turn.conversation
    if turn.keyword == keywords.STOP:
        # Twilio answers an exact SMS opt-out itself; WhatsApp has no such handling, so we confirm there.
        twilio_replied = keywords.is_twilio_opt_out(inbound.body, inbound.opt_out_type)
        return _stop(turn, quietly=twilio_replied and channel_of(inbound.address) == SMS)
    if turn.keyword == keywords.DELETE and (conversation is None or conversation.state == STOPPED):
        return forget(turn)
    if conversation is not None and conversation.state == STOPPED:
        return _stopped(turn)
    if inbound.media_count and not inbound.body.strip():
        # A photo, voice note or sticker: nothing we can read, and nothing about it is kept.
        return [replies.text_only()]
    if conversation is None:
        return _unknown_sender(turn)
    if _has_gone_cold(conversation):
        return _after_a_gap(turn)
    if conversation.state == SUPPORT_OFFERED and turn.keyword in LEAVE_THE_OFFER:
        # The offer of contact is a question like any other: DELETE, PAUSE and BACK mean what they
        # always mean, never "the rest of their answer" (the concern already raised stays either way).
        conversation.state, conversation.invalid_count = ASKING, 0
    return HANDLERS[conversation.state](turn)


def _inactivity() -> dt.timedelta:
    return dt.timedelta(days=current_app.config["SMS_INACTIVITY_DAYS"])


def _has_gone_cold(conversation: Conversation) -> bool:
    return conversation.state != STOPPED and clock() - conversation.last_message_at > _inactivity()


def _after_a_gap(turn: Turn) -> list[str]:
    """Never silently carry on an old conversation: consent is asked afresh, a survey is offered back."""
    conversation = turn.conversation
    if conversation.state == CONSENT or current(turn) is None:
        end_conversation(turn)
        return _unknown_sender(turn)
    if turn.keyword == keywords.DELETE:
        return forget(turn)
    conversation.state = RETURNING
    return [replies.welcome_back()]


def _unknown_sender(turn: Turn) -> list[str]:
    keyword, language = sms_languages.split(keywords.normalise(turn.body))
    questionnaire = registry().by_keyword(keyword)
    if questionnaire is not None and questionnaire.sms_keyword:
        return begin(turn, questionnaire, channel_address=turn.address, language=language)
    texts = [replies.how_to_start(registry().open_ones(turn.session))]
    if turn.keyword == keywords.HELP:
        texts.append(replies.support())
    return texts


def _stop(turn: Turn, *, quietly: bool) -> list[str]:
    """End now and keep what was given (DELETE is the way to remove it); the stop word is no answer."""
    conversation = turn.conversation
    if conversation is None or conversation.state == STOPPED:
        return []
    close_run(turn, keep=True)
    conversation.state = STOPPED
    conversation.run_id = None
    conversation.last_message_at = clock()
    turn.session.add(conversation)
    turn.session.commit()
    # Twilio has answered a real opt-out itself, and would refuse our reply to an opted-out number.
    return [] if quietly else [replies.stopped()]


def _stopped(turn: Turn) -> list[str]:
    if turn.keyword != keywords.START:
        return []
    return restart(turn)


def _asking(turn: Turn) -> list[str]:
    handlers: dict[str | None, Callable[[Turn], list[str]]] = {
        keywords.HELP: lambda t: [replies.commands(), replies.support(), *ask(t)],
        keywords.SKIP: lambda t: take_answer(t, skip=True),
        keywords.BACK: _back,
        keywords.PAUSE: _pause,
        keywords.DELETE: forget,
        keywords.START: ask,
    }
    return handlers.get(turn.keyword, take_answer)(turn)


def _back(turn: Turn) -> list[str]:
    found = current(turn)
    if found is None:
        return ask(turn)
    run, questionnaire = found
    if runs.go_back(turn.session, run, questionnaire) is None:
        return [replies.first_question_already(), *ask(turn)]
    turn.conversation.invalid_count = 0
    return ask(turn)


def _pause(turn: Turn) -> list[str]:
    turn.conversation.state = PAUSED
    return [replies.paused()]


def _paused(turn: Turn) -> list[str]:
    """Any text carries on; a command in it is carried out as well."""
    turn.conversation.state = ASKING
    if turn.keyword in (keywords.SKIP, keywords.BACK, keywords.DELETE, keywords.HELP):
        return _asking(turn)
    return resume(turn)


def _returning(turn: Turn) -> list[str]:
    choice = keywords.normalise(turn.body)
    if turn.keyword == keywords.DELETE:
        return forget(turn)
    if choice in ("1", "carry on", "continue", "yes"):
        return carry_on(turn)
    if choice in ("2", "start again", "restart", "again"):
        return start_again(turn)
    return [replies.welcome_back()]


LEAVE_THE_OFFER = frozenset({keywords.DELETE, keywords.PAUSE, keywords.BACK})
HANDLERS: dict[str, Callable[[Turn], list[str]]] = {
    CONSENT: consent_reply,
    ASKING: _asking,
    PAUSED: _paused,
    RETURNING: _returning,
    STOPPED: _stopped,
    SUPPORT_OFFERED: offer_reply,
}
