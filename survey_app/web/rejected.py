"""An answer the server could not accept, kept for the one page view that shows it again.

Post/redirect/get: a form with a problem redirects to the question's own address, so Back and refresh never
meet a "resubmit the form?" page. What was typed and what was wrong are kept here, on the server, only until
that page has shown them once; the browser's history holds no form data. The visit's session cookie says
whether one is waiting (only a yes/no, never what was typed), so the usual question page asks the database
nothing about it.
"""

from __future__ import annotations

import json

from flask import session as visit
from sqlalchemy import bindparam
from sqlmodel import Field, Session, SQLModel, delete, select

from survey_app import db

WAITING = "rejected"  # in the visit's cookie: a rejected answer waits to be shown


class RejectedAnswer(SQLModel, table=True):
    """At most one per run: the latest answer that came back with a problem."""

    __tablename__ = "rejected_answer"

    run_id: int = Field(foreign_key="run.id", primary_key=True, ondelete="CASCADE")
    question_id: str = Field(max_length=80)
    entered: str  # JSON list of the values as sent
    message: str  # already in the reader's language


def keep(session: Session, run_id: int, question_id: str, entered: list[str], message: str) -> None:
    session.exec(delete(RejectedAnswer).where(RejectedAnswer.run_id == run_id))
    session.add(
        RejectedAnswer(run_id=run_id, question_id=question_id, entered=json.dumps(entered), message=message)
    )
    session.commit()
    visit[WAITING] = 1


def take(session: Session, run_id: int, question_id: str) -> tuple[list[str], str] | None:
    """The rejected answer for this question, once: it is deleted as it is read."""
    if not visit.pop(WAITING, None):
        return None
    row = session.exec(select(RejectedAnswer).where(RejectedAnswer.run_id == run_id)).first()
    if row is None:
        return None
    found = (json.loads(row.entered), row.message) if row.question_id == question_id else None
    db.writing()  # the page that shows it only read until now (see db.reading)
    session.exec(delete(RejectedAnswer).where(RejectedAnswer.run_id == run_id))
    session.commit()
    return found


# Built once: a statement built anew works out its cache key again on every call.
_FORGET = delete(RejectedAnswer.__table__).where(RejectedAnswer.__table__.c.run_id == bindparam("p_run"))


def forget(session: Session, run_id: int, *, commit: bool = True) -> None:
    """Stop, quick exit and finishing leave nothing typed behind. With ``commit=False`` the caller commits it
    with the step it belongs to (finishing)."""
    session.execute(_FORGET, {"p_run": run_id})
    if commit:
        session.commit()
