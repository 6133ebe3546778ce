"""The application service for concerns: raise one (exactly once), and the lead's steps through the queue.

The steps are a straight line, new -> acknowledged -> action recorded -> closed, because the lead's record
must show that somebody saw the concern and decided what to do (even when the decision is "nobody needed
telling, because it was about a film") before it leaves the queue. Each step is audit-logged, with
identifiers only.
"""

from __future__ import annotations

import hashlib
import json
from typing import Protocol

from sqlalchemy import case, delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from survey_app.safeguarding import outbox, sealing
from survey_app.safeguarding.models import (
    ACKNOWLEDGED,
    ACTION_RECORDED,
    CLOSED,
    NEW,
    URGENT,
    Concern,
    ConcernAction,
)
from survey_app.staff import audit
from survey_app.store.models import Answer, Run, utcnow

NOTE_LIMIT = 2000


class AssessmentLike(Protocol):
    """What a concern needs from the detector's ``Assessment``."""

    tier: str
    category: str

    def to_dict(self) -> dict: ...


class TransitionError(ValueError):
    """A step that does not follow from the concern's state (say, closing it before an action is recorded)."""


def idempotency_key(run_id: int | None, question_id: str | None, text: str) -> str:
    """The same words for the same question of the same run: the same concern."""
    return hashlib.sha256(json.dumps([run_id, question_id, text]).encode("utf-8")).hexdigest()


def _existing(session: Session, key: str) -> Concern | None:
    return session.exec(select(Concern).where(Concern.idempotency_key == key)).first()


def _withhold(session: Session, run_id: int | None, question_id: str | None) -> None:
    """Keep the flagged words out of the review team's downloads and dashboard."""
    if run_id is None or question_id is None:
        return
    answer = session.exec(
        select(Answer).where(Answer.run_id == run_id, Answer.question_id == question_id)
    ).first()
    if answer is not None and not answer.withheld:
        answer.withheld = True
        session.add(answer)


def raise_concern(
    session: Session,
    *,
    run: Run | None,
    questionnaire_id: str,
    question_id: str | None,
    text: str,
    assessment: AssessmentLike,
    channel: str,
    distribution: str | None,
    route_back: str | None = None,
    public_key: str | None = None,
    commit: bool = True,
    raised_by: int | None = None,
) -> Concern:
    """Store a concern once, whatever the number of retries, withhold its answer and queue one notice.

    ``route_back`` (a phone number, for SMS with an urgent tier) is sealed to ``public_key`` before it
    touches the database; without a key it is not kept at all. The notice goes in the outbox in the same
    transaction, so the lead is told exactly when the concern exists. With ``commit=False`` the caller's
    transaction (the answer step) commits it all together.
    """
    run_id = run.id if run is not None else None
    key = idempotency_key(run_id, question_id, text)
    concern = _existing(session, key)
    if concern is None:
        concern = Concern(
            idempotency_key=key,
            questionnaire_id=questionnaire_id,
            run_id=run_id,
            question_id=question_id,
            words=text,
            tier=assessment.tier,
            category=assessment.category,
            reasons=json.dumps(assessment.to_dict()["reasons"], ensure_ascii=False, default=str),
            channel=channel,
            distribution=distribution,
            raised_by=raised_by,
        )
        outbox.add(session, f"concern:{key}", outbox.CONCERN_WAITING, assessment.tier)
    if route_back and public_key and concern.sealed_phone is None:
        concern.sealed_phone = sealing.seal(public_key, route_back)
    session.add(concern)
    _withhold(session, run_id, question_id)
    if not commit:
        session.flush()
        return concern
    try:
        session.commit()
    except IntegrityError as error:
        return _after_race(session, key, (run_id, question_id), error)
    return concern


def _after_race(session: Session, key: str, answer: tuple, error: IntegrityError) -> Concern:
    """Two copies of one message at the same moment: the other copy's concern won, and is the one."""
    session.rollback()
    winner = _existing(session, key)
    if winner is None:
        raise error  # not that race: some other integrity problem, which must not be hidden
    _withhold(session, *answer)
    session.commit()
    return winner


def seal_contact(session: Session, concern: Concern, contact_text: str, public_key: str) -> None:
    """Keep the contact details a young person chose to leave, sealed. Later details replace earlier ones."""
    concern.sealed_contact = sealing.seal(public_key, contact_text)
    concern.declined_contact = False
    session.add(concern)
    session.commit()


def record_declined(session: Session, concern: Concern) -> None:
    """They said no to contact. Said so on the concern, so the lead's page never claims otherwise."""
    if not concern.sealed_contact:
        concern.declined_contact = True
        session.add(concern)
        session.commit()


def seal_phone(session: Session, concern: Concern, phone: str, public_key: str) -> None:
    if concern.sealed_phone is None:
        concern.sealed_phone = sealing.seal(public_key, phone)
        session.add(concern)
        session.commit()


def latest_for_run(session: Session, run: Run) -> Concern | None:
    query = select(Concern).where(Concern.run_id == run.id).order_by(Concern.id.desc())
    return session.exec(query).first()


# --- the lead's queue ---------------------------------------------------------------------------------


def queue(session: Session, *, closed: bool = False, limit: int = 200) -> list[Concern]:
    """Open concerns, urgent first and then oldest first (the longest wait is the most pressing)."""
    urgent_first = case((Concern.tier == URGENT, 0), else_=1)
    state = Concern.state == CLOSED if closed else Concern.state != CLOSED
    order = (Concern.closed_at.desc(),) if closed else (urgent_first, Concern.created_at, Concern.id)
    return list(session.exec(select(Concern).where(state).order_by(*order).limit(limit)).all())


def count_open(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Concern).where(Concern.state != CLOSED)).one()


def actions(session: Session, concern: Concern) -> list[ConcernAction]:
    query = select(ConcernAction).where(ConcernAction.concern_id == concern.id).order_by(ConcernAction.id)
    return list(session.exec(query).all())


def _require(concern: Concern, *states: str) -> None:
    if concern.state not in states:
        raise TransitionError(f"concern {concern.id} is {concern.state}, not {' or '.join(states)}")


def acknowledge(session: Session, concern: Concern, actor_id: int) -> None:
    _require(concern, NEW)
    concern.state, concern.acknowledged_at, concern.acknowledged_by = ACKNOWLEDGED, utcnow(), actor_id
    session.add(concern)
    audit.record(session, actor_id, "concern.acknowledge", f"concern={concern.id} tier={concern.tier}")


def record_action(session: Session, concern: Concern, actor_id: int, *, told: str, why: str) -> ConcernAction:
    """Who was told and why. More than one action may be recorded before the concern is closed."""
    _require(concern, ACKNOWLEDGED, ACTION_RECORDED)
    if not told.strip() or not why.strip():
        raise TransitionError("an action needs both who was told and why")
    action = ConcernAction(
        concern_id=concern.id,
        recorded_by=actor_id,
        told=told.strip()[:NOTE_LIMIT],
        why=why.strip()[:NOTE_LIMIT],
    )
    concern.state = ACTION_RECORDED
    session.add_all([action, concern])
    audit.record(session, actor_id, "concern.action", f"concern={concern.id}")
    return action


def close(session: Session, concern: Concern, actor_id: int) -> None:
    _require(concern, ACTION_RECORDED)
    concern.state, concern.closed_at, concern.closed_by = CLOSED, utcnow(), actor_id
    session.add(concern)
    audit.record(session, actor_id, "concern.close", f"concern={concern.id}")


def open_route_back(
    session: Session, concern: Concern, actor_id: int, *, key_file: str, passphrase: str
) -> dict[str, str]:
    """Open the sealed parts of one concern; every attempt, opened or refused, goes in the audit log.

    Returns {"contact": ..., "phone": ...} for the parts that exist. Raises sealing.SealingError.
    """
    try:
        private = sealing.unlock(key_file, passphrase)
        sealed = {"contact": concern.sealed_contact, "phone": concern.sealed_phone}
        opened = {part: sealing.open_with(private, value) for part, value in sealed.items() if value}
    except sealing.SealingError:
        audit.record(session, actor_id, "concern.open_refused", f"concern={concern.id}")
        raise
    audit.record(session, actor_id, "concern.open", f"concern={concern.id} parts={','.join(sorted(opened))}")
    return opened


# --- retention ----------------------------------------------------------------------------------------


def purge_questionnaire(session: Session, questionnaire_id: str) -> int:
    """Destroy every concern of a questionnaire at the end of its review; returns how many went.

    Does not commit: the retention purge destroys a questionnaire's records in one transaction.
    """
    ids = select(Concern.id).where(Concern.questionnaire_id == questionnaire_id)
    session.exec(delete(ConcernAction).where(ConcernAction.concern_id.in_(ids)))
    result = session.exec(delete(Concern).where(Concern.questionnaire_id == questionnaire_id))
    return result.rowcount or 0
