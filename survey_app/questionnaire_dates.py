"""When a questionnaire takes answers: the dates in its file, a coordinator's change kept in the database,
and a grace period after closing for people already part-way through.

The change is read from the database on every check (one small row), so every worker honours a close or an
extension the moment a coordinator makes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import bindparam
from sqlmodel import Session, select

from survey_app.codesign.models import QuestionnaireDates
from survey_app.engine import Questionnaire
from survey_app.store.models import utcnow

OPEN = "open"
NOT_YET = "not_yet"
CLOSED = "closed"


@dataclass(frozen=True)
class Window:
    opens: dt.date | None
    closes: dt.date | None
    changed: bool = False

    def status(self, today: dt.date) -> str:
        if self.opens and today < self.opens:
            return NOT_YET
        if self.closes and today > self.closes:
            return CLOSED
        return OPEN


def today() -> dt.date:
    return utcnow().date()


# Read on every page of the journey: two columns of one row, not a tracked object.
_DATES = QuestionnaireDates.__table__
_CHANGE = select(_DATES.c.opens, _DATES.c.closes).where(_DATES.c.questionnaire_id == bindparam("p_id"))


def window(session: Session, questionnaire: Questionnaire) -> Window:
    """The dates in force: a coordinator's change where there is one, else the file's."""
    return _in_force(questionnaire, session.execute(_CHANGE, {"p_id": questionnaire.id}).first())


def window_read_with_run(questionnaire: Questionnaire, change) -> Window:
    """The same, from the change read in the same statement as the run (``runs.find_with_dates``): the web
    journey's pages check it on every request without a statement of their own."""
    return _in_force(questionnaire, change if change.changed is not None else None)


def _in_force(questionnaire: Questionnaire, change) -> Window:
    if change is None:
        return Window(questionnaire.opens, questionnaire.closes)
    return Window(change.opens, change.closes, changed=True)


def status(session: Session, questionnaire: Questionnaire) -> str:
    if questionnaire.draft:
        return CLOSED
    dates = window(session, questionnaire)
    if not dates.changed and questionnaire.is_open(today()):
        return OPEN
    found = dates.status(today())
    # The file's own rule said closed (its dates, or a stand-in for them in a test): never report open.
    return CLOSED if found == OPEN and not dates.changed else found


def is_open(session: Session, questionnaire: Questionnaire) -> bool:
    return status(session, questionnaire) == OPEN


def grace_days() -> int:
    return int(current_app.config.get("CLOSE_GRACE_DAYS", 7))


def takes_answers(
    session: Session, questionnaire: Questionnaire, started_on: dt.date, dates: Window | None = None
) -> bool:
    """A run started while open may be finished until the grace period after closing ends. ``dates``: the
    window in force, when the caller has just read it (see ``window_read_with_run``)."""
    dates = window(session, questionnaire) if dates is None else dates
    if dates.status(today()) == OPEN:
        return True
    if dates.closes is None or started_on > dates.closes:
        return False
    return today() <= dates.closes + dt.timedelta(days=grace_days())


def change(
    session: Session, questionnaire: Questionnaire, *, opens: dt.date | None, closes: dt.date | None, by: int
) -> QuestionnaireDates:
    """Keep a coordinator's new dates (the caller audit-logs and commits)."""
    row = session.exec(
        select(QuestionnaireDates).where(QuestionnaireDates.questionnaire_id == questionnaire.id)
    ).first() or QuestionnaireDates(questionnaire_id=questionnaire.id)
    row.opens, row.closes, row.changed_by, row.changed_at = opens, closes, by, utcnow()
    session.add(row)
    return row


def plainly_open(questionnaire: Questionnaire, *, changed_by_coordinator: bool) -> bool:
    """Open by its file's dates with no coordinator's change: the SMS fast lane's check. Whether a change
    exists comes with the fast lane's one read of the text, conversation and run (``sms.arrival``).
    Anything else (a change, closed, the grace period) goes the slower way, which checks it all."""
    return not (changed_by_coordinator or questionnaire.draft or not questionnaire.is_open(today()))
