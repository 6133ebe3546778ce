"""Before any question: the introduction and the consent steps. No run exists until the last YES.

Saying NO at any step ends the conversation and keeps nothing: the conversation row goes too.
"""

from __future__ import annotations

from sqlmodel import delete

from survey_app import engine, questionnaire_dates, sms_languages
from survey_app.codesign import closed
from survey_app.engine import InvalidAnswer, Question, Questionnaire, TypeName
from survey_app.questionnaires import registry
from survey_app.sms import keywords, replies
from survey_app.sms.answering import ask
from survey_app.sms.forgetting import answers_kept, forget, link
from survey_app.sms.models import ASKING, CONSENT, KEEP_TEXTS, Conversation, InboundMessage, clock
from survey_app.sms.senders import channel_of
from survey_app.sms.turn import Turn, end_conversation
from survey_app.store import runs
from survey_app.store.tallies import count_event

# Consent is a yes/no question: the engine reads "yeah", "y", "ok", "nah" the same way for both.
_CONSENT = Question(id="consent", type=TypeName.YES_NO, text="")


def begin(
    turn: Turn, questionnaire: Questionnaire, *, channel_address: str, language: str | None = None
) -> list[str]:
    if not questionnaire_dates.is_open(turn.session, questionnaire):
        return closed.texts(turn.session, questionnaire)
    conversation = Conversation(
        sender_hash=turn.sender_hash,
        channel=channel_of(channel_address),
        questionnaire_id=questionnaire.id,
        state=CONSENT,
        language=sms_languages.chosen(questionnaire, language),
    )
    sms_languages.use(conversation.language)
    turn.session.add(conversation)
    turn.conversation = conversation
    count_event(turn.session, questionnaire.id, conversation.channel)
    _prune_processed(turn)
    return replies.introduction(questionnaire)


def restart(turn: Turn) -> list[str]:
    """START after a stop: back to the first consent step of the same questionnaire."""
    questionnaire = registry().get(turn.conversation.questionnaire_id)
    if questionnaire is None or not questionnaire_dates.is_open(turn.session, questionnaire):
        end_conversation(turn)
        return closed.texts(turn.session, questionnaire) if questionnaire else [replies.closed()]
    turn.conversation.state, turn.conversation.consent_step, turn.conversation.run_id = CONSENT, 0, None
    return replies.introduction(questionnaire)


def consent_reply(turn: Turn) -> list[str]:
    conversation = turn.conversation
    questionnaire = registry().get(conversation.questionnaire_id)
    if questionnaire is None:
        end_conversation(turn)
        return [replies.closed()]
    if keywords.normalise(turn.body) == (questionnaire.sms_keyword or "").lower():
        conversation.consent_step = 0
        return replies.introduction(questionnaire)
    if turn.keyword == keywords.HELP:
        return [replies.consent_explained(), replies.support()]
    if turn.keyword == keywords.DELETE:
        return forget(turn)
    answer = yes_or_no(turn.body)
    if answer == "no":
        # After START, answers from before the stop may still be kept: never say "nothing kept" then.
        kept = answers_kept(turn.session, turn.sender_hash)
        end_conversation(turn)
        return [replies.consent_declined_answers_kept() if kept else replies.consent_declined(questionnaire)]
    if answer != "yes":
        return [replies.consent_explained()]
    conversation.consent_step += 1
    if conversation.consent_step < len(questionnaire.consent):
        return [replies.consent_step(questionnaire, conversation.consent_step)]
    return _start(turn, questionnaire)


def yes_or_no(body: str) -> str | None:
    try:
        response = engine.parse_text(_CONSENT, body)
    except InvalidAnswer:
        return None
    return response.value if response.answered else None


def _start(turn: Turn, questionnaire: Questionnaire) -> list[str]:
    """Every consent step said yes: only now does a run (and so anything countable) exist."""
    registry().remember(turn.session, questionnaire)
    run = runs.start_run(
        turn.session, questionnaire, channel=turn.conversation.channel, language=turn.conversation.language
    )
    link(turn.session, turn.sender_hash, run)
    turn.conversation.run_id, turn.conversation.state, turn.conversation.invalid_count = run.id, ASKING, 0
    return ask(turn)


def _prune_processed(turn: Turn) -> None:
    """Twilio retries within minutes; a day is plenty. Done when a conversation starts, which is rare."""
    cutoff = clock() - KEEP_TEXTS
    turn.session.exec(delete(InboundMessage).where(InboundMessage.arrived_at < cutoff))
