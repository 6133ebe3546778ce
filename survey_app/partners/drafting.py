"""Drafting a return together: answers with versions, their history, comments and what changed.

A save names the version it started from. If a colleague saved the same answer since, nothing is
overwritten: the held-back text is kept in the history as ``held`` and both versions go back to the person
saving, who merges them and saves again.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, select

from survey_app.engine import Questionnaire
from survey_app.partners.models import (
    DRAFTING,
    AnswerChange,
    PartnerMember,
    PartnerReturn,
    ReturnAnswer,
    ReturnComment,
)
from survey_app.store.models import utcnow

TYPED, WORD, HELD = "typed", "word", "held"
COMMENT_LIMIT = 5000


class ReturnLocked(RuntimeError):
    """The return has been submitted: nothing in it changes until the review team reopens it."""


@dataclass(frozen=True)
class Clash:
    """Someone else saved this answer after you opened it: both versions, for you to merge."""

    question_id: str
    yours: str
    theirs: ReturnAnswer


def return_for(session: Session, authority_id: int, questionnaire: Questionnaire) -> PartnerReturn:
    """The authority's return, made (with an empty answer per question) the first time anyone opens it."""
    found = _find(session, authority_id, questionnaire.id)
    if found is not None:
        return found
    draft = PartnerReturn(authority_id=authority_id, questionnaire_id=questionnaire.id)
    session.add(draft)
    session.flush()
    for question in questionnaire.questions:
        session.add(ReturnAnswer(return_id=draft.id, question_id=question.id))
    session.commit()
    return draft


def _find(session: Session, authority_id: int, questionnaire_id: str) -> PartnerReturn | None:
    query = select(PartnerReturn).where(
        PartnerReturn.authority_id == authority_id, PartnerReturn.questionnaire_id == questionnaire_id
    )
    return session.exec(query).first()


def existing_return(session: Session, authority_id: int, questionnaire_id: str) -> PartnerReturn | None:
    return _find(session, authority_id, questionnaire_id)


def answers(session: Session, draft: PartnerReturn) -> dict[str, ReturnAnswer]:
    rows = session.exec(select(ReturnAnswer).where(ReturnAnswer.return_id == draft.id)).all()
    return {row.question_id: row for row in rows}


def save(
    session: Session,
    draft: PartnerReturn,
    question_id: str,
    value: str,
    base: int,
    member_id: int,
    how: str = TYPED,
) -> Clash | None:
    """Store ``value`` if the answer is still at version ``base``; if not, keep it aside, return a Clash."""
    if draft.state != DRAFTING:
        raise ReturnLocked(draft.reference or "")
    current = answers(session, draft)[question_id]
    if current.value == value:
        return None
    now = utcnow()
    result = session.execute(
        update(ReturnAnswer)
        .where(ReturnAnswer.id == current.id, ReturnAnswer.version == base)
        .values(value=value, version=base + 1, changed_by=member_id, changed_at=now)
    )
    if result.rowcount != 1:
        session.add(
            AnswerChange(
                return_id=draft.id,
                question_id=question_id,
                value=value,
                version=base,
                member_id=member_id,
                how=HELD,
            )
        )
        session.commit()
        session.refresh(current)
        return Clash(question_id, value, current)
    session.add(
        AnswerChange(
            return_id=draft.id,
            question_id=question_id,
            value=value,
            version=base + 1,
            member_id=member_id,
            how=how,
            at=now,
        )
    )
    session.commit()
    session.refresh(current)
    return None


def history(session: Session, draft: PartnerReturn, question_id: str) -> list[AnswerChange]:
    query = (
        select(AnswerChange)
        .where(AnswerChange.return_id == draft.id, AnswerChange.question_id == question_id)
        .order_by(AnswerChange.id.desc())
    )
    return list(session.exec(query).all())


def changes_since(session: Session, draft: PartnerReturn, since: dt.datetime | None) -> list[AnswerChange]:
    query = select(AnswerChange).where(AnswerChange.return_id == draft.id)
    if since is not None:
        query = query.where(AnswerChange.at > since)
    return list(session.exec(query.order_by(AnswerChange.id.desc()).limit(500)).all())


def comments_since(session: Session, draft: PartnerReturn, since: dt.datetime | None) -> list[ReturnComment]:
    query = select(ReturnComment).where(ReturnComment.return_id == draft.id)
    if since is not None:
        query = query.where(ReturnComment.at > since)
    return list(session.exec(query.order_by(ReturnComment.id.desc()).limit(500)).all())


def mark_looked(session: Session, member: PartnerMember) -> None:
    member.last_looked = utcnow()
    session.add(member)
    session.commit()


def comments(session: Session, draft: PartnerReturn, question_id: str) -> list[ReturnComment]:
    query = (
        select(ReturnComment)
        .where(ReturnComment.return_id == draft.id, ReturnComment.question_id == question_id)
        .order_by(ReturnComment.id)
    )
    return list(session.exec(query).all())


def add_comment(session: Session, draft: PartnerReturn, question_id: str, text: str, member_id: int) -> None:
    session.add(ReturnComment(return_id=draft.id, question_id=question_id, member_id=member_id, text=text))
    session.commit()


def evidence_rows(value: str) -> list[dict[str, str]]:
    """An evidence answer as its rows (stored as JSON); an empty or damaged value is no rows."""
    try:
        rows = json.loads(value) if value else []
    except ValueError:
        return []
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def names(session: Session, authority_id: int) -> dict[int, str]:
    """Who is who, for "changed by": partners see their own colleagues' addresses, nobody else's."""
    query = select(PartnerMember).where(PartnerMember.authority_id == authority_id)
    return {m.id: m.email for m in session.exec(query).all()}
