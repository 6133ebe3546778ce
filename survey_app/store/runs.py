"""The application service for runs: start, answer, skip, back, stop, finish. Engine plus database.

Every function here is one step of a person's journey and commits once, so an answer is stored the moment
it is given and a step is either wholly done or not done at all. Channels (web pages, text messages) call
these and never touch the tables themselves.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Text, bindparam, cast, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, delete, select

from survey_app import db, engine
from survey_app.codesign.models import QuestionnaireDates
from survey_app.engine import Question, Questionnaire, Response
from survey_app.safeguarding.erasure import forget_unraised_words
from survey_app.store.models import COMPLETED, DELETED, IN_PROGRESS, STOPPED, Answer, Run, utcnow

# Letters and digits that cannot be mistaken for each other when read aloud or written down: no 0/O/Q/D,
# 1/I/L, 2/Z, 5/S, 8/B, U/V. 21 symbols, 10 of them: 1.7 x 10^13 codes, and attempts are rate limited.
RESUME_ALPHABET = "ACEFGHJKMNPRTWXY34679"
RESUME_LENGTH = 10
ANSWERS = Answer.__table__
_ANSWERS_OF_RUN = select(ANSWERS.c.question_id, ANSWERS.c.status, ANSWERS.c.value).where(
    ANSWERS.c.run_id == bindparam("p_run")
)
# Every page of the web journey finds its run and the coordinator's change to its questionnaire's dates
# (checked on every page, so a close reaches every worker at once): one statement built once, its cache key
# worked out once. ``changed`` is None where the dates in the questionnaire's file hold.
# Read through Core into a plain object (``LiveRun``): loading a tracked ORM object was a tenth of a page.
RUNS = Run.__table__
_DATES = QuestionnaireDates.__table__
_RUN_BY_TOKEN = (
    select(*RUNS.c, _DATES.c.id.label("changed"), _DATES.c.opens, _DATES.c.closes)
    .select_from(RUNS.outerjoin(_DATES, _DATES.c.questionnaire_id == RUNS.c.questionnaire_id))
    .where(RUNS.c.token == bindparam("p_token"))
)
_MOVE_RUN = (
    update(RUNS)
    .where(RUNS.c.id == bindparam("p_run"))
    .values(position=bindparam("p_position"), last_active=bindparam("p_active"))
)
# The other changes of a run and its answers, built once like the statements above: a statement built anew
# works out its cache key again each time, which cost as much as running it.
_PLACE_RUN = update(RUNS).where(RUNS.c.id == bindparam("p_run")).values(position=bindparam("p_position"))
_CLOSE_RUN = (
    update(RUNS)
    .where(RUNS.c.id == bindparam("p_run"))
    .values(state=bindparam("p_state"), position=None, resume_code_hash=None, finished_on=bindparam("p_on"))
)
_NEW_TOKEN = update(RUNS).where(RUNS.c.id == bindparam("p_run")).values(token=bindparam("p_token"))
_ANSWERS_OFF_PATH = delete(ANSWERS).where(
    ANSWERS.c.run_id == bindparam("p_run"), ANSWERS.c.question_id.not_in(bindparam("p_kept", expanding=True))
)


@dataclass(slots=True)
class LiveRun:
    """A run as a web page reads it: the row's values, not an object the session tracks. The steps here
    that change a run (``record``, ``go_to``, ``finish``, ``stop``) store their change with an UPDATE of
    their own, for this and for an ORM ``Run`` alike."""

    id: int
    token: str
    questionnaire_id: str
    questionnaire_version: str
    channel: str
    language: str
    distribution: str | None
    assisted: bool
    state: str
    position: str | None
    resume_code_hash: str | None
    started_on: dt.date
    finished_on: dt.date | None
    last_active: dt.datetime


_LIVE_RUN_FIELDS = len(LiveRun.__slots__)
assert LiveRun.__slots__ == tuple(RUNS.c.keys()), "LiveRun must list the run table's columns in order"


def start_run(
    session: Session,
    questionnaire: Questionnaire,
    *,
    channel: str,
    language: str = "en",
    distribution: str | None = None,
    assisted: bool = False,
    commit: bool = True,
) -> Run:
    """Create a run once consent is given (nothing is stored before that). With ``commit=False`` the caller
    commits it together with what belongs to it (the web's resume code), so a failure between the two
    cannot leave a run nobody can resume."""
    first = engine.first_question(questionnaire)
    run = Run(
        token=secrets.token_urlsafe(24),
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        channel=channel,
        language=language,
        distribution=distribution,
        assisted=assisted,
        position=first.id if first else None,
    )
    session.add(run)
    if commit:
        session.commit()
    return run


def responses(session: Session, run: Run) -> dict[str, Response]:
    """The run's answers by question. Plain rows, not tracked objects: read on every page of the journey."""
    rows = session.execute(_ANSWERS_OF_RUN, {"p_run": run.id})
    return {
        row.question_id: Response(row.status, json.loads(row.value) if row.value else None) for row in rows
    }


def current_question(questionnaire: Questionnaire, run: Run) -> Question | None:
    if run.position and questionnaire.has_question(run.position):
        return questionnaire.question(run.position)
    return None


def record(
    session: Session,
    run: Run,
    questionnaire: Questionnaire,
    question_id: str,
    response: Response,
    *,
    returning: bool = False,
    before_commit: Callable[[Session, Response], None] | None = None,
    given: dict[str, Response] | None = None,
) -> Question | None:
    """Store the response to one question and move on; returns the next question (None: check answers).

    ``given``: the run's answers, when the caller has just read them in this transaction (the web step
    reads them once per request); it is updated with this response.

    ``before_commit(session, response)`` adds to the same transaction (the safeguarding reading of free
    text), so the answer and what it raised are stored together or not at all.

    Upsert by (run, question), so the same form sent twice, or a retried message, changes nothing more.
    With ``returning`` (a change made from the check-answers page) the person goes back to that page,
    unless the change opened a branch they have not answered yet.
    """
    given = responses(session, run) if given is None else given
    return _record(session, run, questionnaire, question_id, response, returning, before_commit, given)


def _record(
    session: Session,
    run: Run,
    questionnaire: Questionnaire,
    question_id: str,
    response: Response,
    returning: bool,
    before_commit: Callable[[Session, Response], None] | None,
    given: dict[str, Response],
) -> Question | None:
    value = json.dumps(response.value, ensure_ascii=False) if response.answered else None
    # One statement, no unit of work: two copies of the same form sent at the same moment (a double click
    # on PostgreSQL, where reads do not lock) end as one row, whichever arrives second updating it.
    session.execute(
        answer_upsert(session.get_bind().dialect.name),
        {"p_run": run.id, "p_question": question_id, "p_status": response.status, "p_value": value},
    )
    given[question_id] = response
    following = engine.next_question(questionnaire, question_id, given)
    if returning:
        following = _first_unanswered(questionnaire, given)
    _move(session, run, following.id if following else None)
    if before_commit is not None:
        before_commit(session, response)
    session.commit()
    return following


@functools.cache
def answer_upsert(dialect: str):
    """Insert the answer, or change the one already stored for this question of this run: one statement,
    built once per process, shared by the web step and the SMS fast lane (``sms.plain_answer``)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(ANSWERS).values(
        run_id=bindparam("p_run"),
        question_id=bindparam("p_question"),
        status=bindparam("p_status"),
        value=bindparam("p_value"),
        withheld=False,
    )
    return statement.on_conflict_do_update(
        index_elements=["run_id", "question_id"],
        set_={"status": statement.excluded.status, "value": statement.excluded.value},
    )


def _move(session: Session, run: Run, position: str | None) -> None:
    """The run's new place, as one UPDATE rather than through the ORM's unit of work (the answer step's
    hot path); the object is told the stored values, so the commit has nothing left to flush."""
    active = utcnow()
    session.execute(_MOVE_RUN, {"p_run": run.id, "p_position": position, "p_active": active})
    _told(run, position=position, last_active=active)


def _told(run: Run | LiveRun, **values) -> None:
    """The object now holds what is stored: an ORM ``Run`` is left with nothing to flush."""
    for name, value in values.items():
        if isinstance(run, LiveRun):
            setattr(run, name, value)
        else:
            set_committed_value(run, name, value)


def _first_unanswered(questionnaire: Questionnaire, given: dict[str, Response]) -> Question | None:
    return next((q for q in engine.visible_questions(questionnaire, given) if q.id not in given), None)


def go_back(session: Session, run: Run, questionnaire: Questionnaire) -> Question | None:
    """Step back one question on this person's path; None when already at the first question."""
    earlier = engine.previous_question(questionnaire, run.position, responses(session, run))
    if earlier is not None:
        run.position = earlier.id
        _touch(run)
        session.add(run)
        session.commit()
    return earlier


def go_to(session: Session, run: Run, questionnaire: Questionnaire, question_id: str) -> bool:
    """Move to a question already on the path (a Change link). Refuses questions off the path."""
    on_path = {q.id for q in engine.visible_questions(questionnaire, responses(session, run))}
    if question_id not in on_path:
        return False
    session.execute(_PLACE_RUN, {"p_run": run.id, "p_position": question_id})
    _told(run, position=question_id)
    session.commit()
    return True


def finish(
    session: Session, run: Run, questionnaire: Questionnaire, *, given: dict[str, Response] | None = None
) -> None:
    """Complete the run, dropping answers left on branches the person no longer took. ``given``: the run's
    answers, when the caller has just read them in this transaction (the check-your-answers page)."""
    kept = engine.relevant_responses(questionnaire, responses(session, run) if given is None else given)
    session.execute(_ANSWERS_OFF_PATH, {"p_run": run.id, "p_kept": list(kept) or [""]})
    forget_unraised_words(session, [run.id], except_questions=list(kept))
    _close(session, run, COMPLETED)


def stop(session: Session, run: Run, *, keep: bool) -> None:
    """End now. Without ``keep`` every answer of this run is deleted; the run row stays as a count only."""
    if not keep:
        session.exec(delete(Answer).where(Answer.run_id == run.id))
        db.destroyed(session, Answer.__tablename__)  # scrubbed from the files once committed
        forget_unraised_words(session, [run.id])  # the reading list's copies of words no concern raised
    _close(session, run, STOPPED if keep else DELETED)


def hand_back_paused(session: Session, run: Run | LiveRun) -> None:
    """Paused on a worker's device, and the device given back: the run stays in progress for its resume
    code, but gets a new token. The token is what the device's session cookie held, so a copy of that cookie
    (or a browser that kept it) can no longer open the run; only the code, which the young person took away,
    brings it back (``find_by_resume_code``, then the visit takes the new token)."""
    token = secrets.token_urlsafe(24)
    session.execute(_NEW_TOKEN, {"p_run": run.id, "p_token": token})
    _told(run, token=token)
    session.commit()


def _close(session: Session, run: Run | LiveRun, state: str) -> None:
    """Store the run's end with one UPDATE and tell the object (an ORM ``Run`` or a ``LiveRun``)."""
    finished_on = utcnow().date()
    session.execute(_CLOSE_RUN, {"p_run": run.id, "p_state": state, "p_on": finished_on})
    _told(run, state=state, position=None, resume_code_hash=None, finished_on=finished_on)
    session.commit()


def _touch(run: Run) -> None:
    run.last_active = utcnow()


# --- resuming with a short code ------------------------------------------------------------------------


def _code_hash(secret_key: str, code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch in RESUME_ALPHABET)
    return hmac.new(secret_key.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def group_code(code: str) -> str:
    """Written in groups of four, the way people copy it: ``KPRT-WXYM-AC``."""
    letters = "".join(ch for ch in code.upper() if ch in RESUME_ALPHABET)
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def issue_resume_code(session: Session, run: Run, secret_key: str) -> str:
    """A code (like ``KPRT-WXYM-AC``) that brings a person back to this run. Only its hash is kept."""
    while True:
        code = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_LENGTH))
        digest = _code_hash(secret_key, code)
        if session.exec(select(Run.id).where(Run.resume_code_hash == digest)).first() is None:
            break
    run.resume_code_hash = digest
    session.add(run)
    session.commit()
    return group_code(code)


def find_by_resume_code(session: Session, code: str, secret_key: str, days: int) -> Run | None:
    run = session.exec(select(Run).where(Run.resume_code_hash == _code_hash(secret_key, code))).first()
    if run is None or run.state != IN_PROGRESS:
        return None
    if utcnow() - run.last_active > dt.timedelta(days=days):
        return None
    return run


def find_by_token(session: Session, token: str | None) -> LiveRun | None:
    found = find_with_dates(session, token)
    return found[0] if found is not None else None


def find_with_dates(session: Session, token: str | None):
    """The run still in progress with this token, and its questionnaire's changed dates: a row of
    ``changed`` (None: no change), ``opens`` and ``closes``, for ``questionnaire_dates.window``."""
    if not token:
        return None
    row = session.execute(_RUN_BY_TOKEN, {"p_token": token}).first()
    if row is None or row.state != IN_PROGRESS:
        return None
    return LiveRun(*row[:_LIVE_RUN_FIELDS]), row


def find_with_answers(session: Session, token: str | None):
    """``find_with_dates`` and the run's answers (as ``responses`` gives them), in the one statement: the
    question and check-your-answers pages need all three on every request."""
    if not token:
        return None
    statement = _run_with_answers(session.get_bind().dialect.name)
    row = session.execute(statement, {"p_token": token}).first()
    if row is None or row.state != IN_PROGRESS:
        return None
    given = {
        question_id: Response(status, json.loads(value) if value else None)
        for question_id, status, value in json.loads(row.answers)
    }
    return LiveRun(*row[:_LIVE_RUN_FIELDS]), row, given


@functools.cache
def _run_with_answers(dialect: str):
    """The run's statement with one more column: its answers as a JSON list of [question, status, value],
    gathered by the database (``[]`` for none). Built once per process and dialect."""
    answer = ANSWERS.c
    if dialect == "postgresql":
        rows = func.json_agg(func.json_build_array(answer.question_id, answer.status, answer.value))
        listed = func.coalesce(cast(rows, Text), "[]")
    else:
        listed = func.json_group_array(func.json_array(answer.question_id, answer.status, answer.value))
    answers = select(listed).where(answer.run_id == RUNS.c.id).scalar_subquery()
    return _RUN_BY_TOKEN.add_columns(answers.label("answers"))


__all__ = [
    "LiveRun",
    "COMPLETED",
    "DELETED",
    "IN_PROGRESS",
    "STOPPED",
    "current_question",
    "find_by_resume_code",
    "find_by_token",
    "find_with_answers",
    "find_with_dates",
    "finish",
    "go_back",
    "go_to",
    "issue_resume_code",
    "record",
    "responses",
    "start_run",
    "stop",
]
