"""Counts for the dashboard, straight from the database with GROUP BY: nothing here loads a response.

Every function takes a read connection (see reading.py) and returns plain counts; suppression of small
counts happens afterwards, in one place, before anything is shown.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection

from survey_app.engine import Questionnaire
from survey_app.store.models import COMPLETED, DELETED, IN_PROGRESS, STOPPED, Answer, Run, Tally

STATES = (COMPLETED, STOPPED, IN_PROGRESS, DELETED)
NOT_FINISHED = (STOPPED, IN_PROGRESS)


def _in_area(query, area: str | None):
    """Only the runs that came through one area's link, when an area is given (for the area report)."""
    return query if area is None else query.where(Run.distribution == area)


def states(connection: Connection, questionnaire_id: str, area: str | None = None) -> dict[str, int]:
    query = _in_area(
        select(Run.state, func.count()).where(Run.questionnaire_id == questionnaire_id).group_by(Run.state),
        area,
    )
    found = dict(connection.execute(query).all())
    return {state: found.get(state, 0) for state in STATES}


def kept(counted: dict[str, int]) -> int:
    """The responses the downloads hold: everyone who consented, less those who chose Stop and delete."""
    return sum(counted.values()) - counted[DELETED]


def started(connection: Connection, questionnaire_id: str) -> int:
    """People who opened the questionnaire, consenting or not (the web and SMS parts count "started")."""
    query = select(func.coalesce(func.sum(Tally.count), 0)).where(
        Tally.questionnaire_id == questionnaire_id, Tally.event == "started"
    )
    return int(connection.execute(query).scalar_one())


def by_run_field(connection: Connection, questionnaire_id: str, field) -> list[tuple[object, int]]:
    """Responses counted by one of their runs' fields: channel, distribution, started_on.

    A response whose person deleted it is counted only as "deleted" (``states``): the downloads do not have
    it, and the dashboard's counts must agree with the downloads wherever both show a number."""
    query = (
        select(field, func.count())
        .where(Run.questionnaire_id == questionnaire_id, Run.state != DELETED)
        .group_by(field)
        .order_by(field)
    )
    return [(value, count) for value, count in connection.execute(query).all()]


def answer_counts(
    connection: Connection, questionnaire: Questionnaire, area: str | None = None
) -> dict[str, Counter]:
    """For each closed question: how many gave each (status, stored value). Text answers are not counted."""
    closed = [q.id for q in questionnaire.questions if not q.is_text]
    query = _in_area(
        select(Answer.question_id, Answer.status, Answer.value, func.count())
        .join(Run, Run.id == Answer.run_id)
        .where(Run.questionnaire_id == questionnaire.id, Answer.question_id.in_(closed or [""]))
        .group_by(Answer.question_id, Answer.status, Answer.value),
        area,
    )
    counts: dict[str, Counter] = defaultdict(Counter)
    for question_id, status, value, count in connection.execute(query).all():
        counts[question_id][(status, value)] += count
    return counts


def reached(connection: Connection, questionnaire_id: str) -> dict[str, int]:
    """How many runs have any response (answer, skip, prefer not to say) to each question."""
    query = (
        select(Answer.question_id, func.count())
        .join(Run, Run.id == Answer.run_id)
        .where(Run.questionnaire_id == questionnaire_id)
        .group_by(Answer.question_id)
    )
    return dict(connection.execute(query).all())


def last_answered(connection: Connection, questionnaire: Questionnaire) -> Counter:
    """Runs that stopped or are not finished, by the last question they responded to (None: none)."""
    order = case({q.id: n for n, q in enumerate(questionnaire.questions)}, value=Answer.question_id, else_=-1)
    unfinished = (Run.questionnaire_id == questionnaire.id) & Run.state.in_(NOT_FINISHED)
    last = (
        select(func.max(order).label("last"))
        .join(Run, Run.id == Answer.run_id)
        .where(unfinished)
        .group_by(Answer.run_id)
        .subquery()
    )
    found = Counter(dict(connection.execute(select(last.c.last, func.count()).group_by(last.c.last)).all()))
    total = connection.execute(select(func.count()).select_from(Run).where(unfinished)).scalar_one()
    by_question = Counter(
        {questionnaire.questions[n].id: c for n, c in found.items() if n is not None and n >= 0}
    )
    by_question[None] = total - sum(by_question.values())
    return by_question


def days(rows: list[tuple[object, int]]) -> list[tuple[dt.date, int]]:
    """Every day from the first to the last, zeros included, so a quiet day is visible as a zero."""
    counts = {day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)): n for day, n in rows}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    return [
        (first + dt.timedelta(days=n), counts.get(first + dt.timedelta(days=n), 0))
        for n in range((last - first).days + 1)
    ]
