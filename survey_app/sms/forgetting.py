"""DELETE means it: everything a sender's hash still has goes, whatever state the conversation is in.

Consent promises "You can delete your answers when you stop", so DELETE reaches the answers of every run
this number started (after STOP, after START, after finishing), not just the one in progress. The run rows
stay, marked deleted and emptied, as a count only, like a deleted web response. A safeguarding concern
already raised is not deleted: the lead's duty of care outlives the survey answers. The reading list's
copies of their other free-text words go with the answers (``safeguarding.erasure``).
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, delete, select, update

from survey_app import db
from survey_app.safeguarding.erasure import forget_unraised_words
from survey_app.sms import replies
from survey_app.sms.models import Conversation, DeliveryStatus, InboundMessage, SenderRun
from survey_app.sms.turn import Turn, end_conversation
from survey_app.store.models import DELETED, Answer, Run, utcnow


def runs_of(session: Session, sender_hash: str) -> list[int]:
    linked = set(session.exec(select(SenderRun.run_id).where(SenderRun.sender_hash == sender_hash)).all())
    live = session.exec(select(Conversation.run_id).where(Conversation.sender_hash == sender_hash)).first()
    return sorted(linked | ({live} if live else set()))


def answers_kept(session: Session, sender_hash: str) -> int:
    run_ids = runs_of(session, sender_hash)
    if not run_ids:
        return 0
    return session.exec(select(func.count(Answer.id)).where(Answer.run_id.in_(run_ids))).one()


def delete_everything(session: Session, sender_hash: str, *, keep_message: int | None = None) -> int:
    """Delete every answer this sender gave, their delivery statuses and stored texts; returns the number
    of answers deleted. ``keep_message`` is the DELETE text itself, whose stored reply (never their words)
    must outlive this so a retried webhook gets the same answer; texts after it wait to be answered."""
    run_ids = runs_of(session, sender_hash)
    count = answers_kept(session, sender_hash)
    if run_ids:
        session.exec(delete(Answer).where(Answer.run_id.in_(run_ids)))
        forget_unraised_words(session, run_ids)
        session.exec(
            update(Run)
            .where(Run.id.in_(run_ids), Run.state != DELETED)
            .values(state=DELETED, position=None, resume_code_hash=None, finished_on=utcnow().date())
        )
    session.exec(delete(SenderRun).where(SenderRun.sender_hash == sender_hash))
    session.exec(delete(DeliveryStatus).where(DeliveryStatus.sender_hash == sender_hash))
    stored = delete(InboundMessage).where(InboundMessage.sender_hash == sender_hash)
    if keep_message is not None:
        # Texts sent after DELETE are still waiting for their own answers: only earlier ones go.
        stored = stored.where(InboundMessage.id < keep_message)
    session.exec(stored)
    db.destroyed(session, Answer.__tablename__)
    db.destroyed(session, DeliveryStatus.__tablename__, InboundMessage.__tablename__, indexed=True)
    return count


def link(session: Session, sender_hash: str, run: Run) -> None:
    """Remember that this sender started ``run``, so DELETE can find it after the conversation moves on."""
    session.add(SenderRun(sender_hash=sender_hash, run_id=run.id))


def forget(turn: Turn) -> list[str]:
    """DELETE, from any state: say exactly what went, never "nothing kept" while answers remain."""
    count = delete_everything(turn.session, turn.sender_hash, keep_message=turn.message_id)
    had_something = count or turn.conversation is not None and turn.conversation.run_id is not None
    end_conversation(turn)
    return [replies.deleted(count)] if had_something else [replies.nothing_kept()]
