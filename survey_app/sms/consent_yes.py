"""A YES to a consent step, in the fast lane: the next step, or after the last one the run and its first
question, as ``consent.consent_reply`` and ``consent._start`` do.

A NO, an unclear reply, the keyword again (consent asked afresh), a questionnaire no longer loaded and a
conversation back after a long gap go the slower way (``conversation.respond``), as do HELP and DELETE.
"""

from __future__ import annotations

import datetime as dt
import secrets

from flask import current_app
from sqlalchemy import Connection
from sqlmodel import Session

from survey_app import engine
from survey_app.engine import Questionnaire
from survey_app.questionnaires import registry
from survey_app.sms import consent, keywords, replies, writes
from survey_app.sms.arrival import Pending
from survey_app.sms.models import ASKING, CONSENT
from survey_app.store.models import IN_PROGRESS, utcnow


def is_consenting(state, message: Pending) -> bool:
    if state is None or state.conversation_id is None or state.state != CONSENT:
        return False
    inactivity = dt.timedelta(days=current_app.config["SMS_INACTIVITY_DAYS"])
    return message.arrived_at - state.last_message_at <= inactivity  # else consent is asked afresh


def take(connection: Connection, state, message: Pending, hashed: str) -> list[str] | None:
    """The replies to a YES, or None for anything else."""
    questionnaire = registry().get(state.consenting_to)
    if questionnaire is None or keywords.normalise(message.body) == (questionnaire.sms_keyword or "").lower():
        return None
    if consent.yes_or_no(message.body) != "yes":
        return None
    step = state.consent_step + 1
    if step >= len(questionnaire.consent):
        return _start(connection, state, message, questionnaire, step, hashed)
    with replies.in_language(state.language):
        texts = [replies.consent_step(questionnaire, step)]
    writes.write(
        connection, state, message, texts, state=CONSENT, consent_step=step, invalid_count=state.invalid_count
    )
    return texts


def _start(connection: Connection, state, message: Pending, questionnaire: Questionnaire, step, hashed):
    """Every consent step said yes: only now does a run exist (``runs.start_run``), linked to the sender
    (``forgetting.link``) so DELETE still finds it, and the first question is asked. One statement."""
    first = engine.first_question(questionnaire)
    if first is None:
        return None  # nothing to ask: the slower way finishes at once
    _remember(connection, questionnaire)
    with replies.in_language(state.language):
        texts = [replies.prompt(first)]
    now = utcnow()
    run = {
        "p_token": secrets.token_urlsafe(24),
        "p_questionnaire": questionnaire.id,
        "p_version": questionnaire.version,
        "p_channel": state.channel,
        "p_language": state.language,
        "p_run_state": IN_PROGRESS,
        "p_position": first.id,
        "p_today": now.date(),
        "p_now": now,
        "p_hash": hashed,
    }
    conversation = {
        "p_conversation": state.conversation_id,
        "p_state": ASKING,
        "p_invalid": 0,
        "p_consent_step": step,
        "p_joinable": None,
        "p_at": message.arrived_at,
    }
    answered = {"p_message": message.id, "p_replies": writes.replies_json(texts)}
    writes.run(connection, ("start", "link", "conversation", "answered"), run | conversation | answered)
    return texts


def _remember(connection: Connection, questionnaire: Questionnaire) -> None:
    """The version's text is kept for runs pinned to it (``registry().remember``): known already after
    the first time in a process, so this usually costs no statement at all."""
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        registry().remember(session, questionnaire)
    finally:
        session.close()
