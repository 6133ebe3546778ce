"""One message being handled: what came in, and the conversation it belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from survey_app.engine import Questionnaire
from survey_app.questionnaires import registry
from survey_app.sms.models import Conversation
from survey_app.store import runs
from survey_app.store.models import IN_PROGRESS, Run


@dataclass
class Turn:
    session: Session
    body: str
    keyword: str | None
    conversation: Conversation | None
    sender_hash: str
    # The raw sender address, only to tell SMS from WhatsApp. Never stored, never logged.
    address: str
    # The stored text being answered (``arrival``): DELETE keeps its reply for a retried webhook.
    message_id: int | None = None


def current(turn: Turn) -> tuple[Run, Questionnaire] | None:
    """The run in progress and the questionnaire exactly as it was when the run started."""
    conversation = turn.conversation
    if conversation is None or conversation.run_id is None:
        return None
    run = turn.session.get(Run, conversation.run_id)
    if run is None or run.state != IN_PROGRESS:
        return None
    questionnaire = registry().for_run(turn.session, run)
    return (run, questionnaire) if questionnaire is not None else None


def close_run(turn: Turn, *, keep: bool) -> None:
    found = current(turn)
    if found is not None:
        runs.stop(turn.session, found[0], keep=keep)


def end_conversation(turn: Turn) -> None:
    """Forget the sender: with the row gone, nothing links their number's hash to the answers."""
    if turn.conversation is not None:
        turn.session.delete(turn.conversation)
        # Flush now: a new conversation for the same sender may be inserted in this same transaction.
        turn.session.flush()
        turn.conversation = None
