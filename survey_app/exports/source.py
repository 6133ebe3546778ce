"""Runs and their answers, streamed from the database one run at a time, for downloads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.engine import Connection

from survey_app.store.models import DELETED, Answer, Run

RUN_FIELDS = (
    Run.id,
    Run.questionnaire_version,
    Run.channel,
    Run.language,
    Run.distribution,
    Run.assisted,
    Run.state,
    Run.started_on,
    Run.finished_on,
)
ANSWER_FIELDS = (Answer.question_id, Answer.status, Answer.value, Answer.withheld)
# (status, value, withheld) for each question answered in a run
Answers = dict[str, tuple[str, object, bool]]


def _query(questionnaire_id: str):
    # People who chose "delete what I gave" are counted on the dashboard but never downloaded.
    return (
        select(*RUN_FIELDS, *ANSWER_FIELDS)
        .select_from(Run)
        .outerjoin(Answer, Answer.run_id == Run.id)
        .where(Run.questionnaire_id == questionnaire_id, Run.state != DELETED)
        .order_by(Run.id)
    )


def runs_with_answers(connection: Connection, questionnaire_id: str) -> Iterator[tuple[dict, Answers]]:
    """Each run (as a dict of its fields) with its answers, in run order, holding one run at a time."""
    names = [column.key for column in RUN_FIELDS]
    result = connection.execute(_query(questionnaire_id))
    for _run_id, rows in groupby(result, key=lambda row: row[0]):
        answers: Answers = {}
        run = None
        for row in rows:
            run = run or dict(zip(names, row[: len(names)], strict=True))
            question_id, status, value, withheld = row[len(names) :]
            if question_id is not None:
                answers[question_id] = (status, json.loads(value) if value else None, bool(withheld))
        yield run, answers
