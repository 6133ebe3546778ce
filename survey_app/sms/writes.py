"""What the fast lane writes for one text, as one statement on PostgreSQL.

Each write is a Core statement whose parameters have names of their own. On PostgreSQL a text's writes go
as data-modifying WITH clauses of one statement: every clause runs once, whether or not the outer SELECT
reads it, and all of them see the database as it was when the statement began. SQLite has no such
clauses, so there they are one statement each. Either way they are built once per set of writes and run
as ``prepared`` statements: each statement costs the app more CPU than the database spends running it.

The writes of the usual answer are its ``answer`` (with its ``reading``-list row), the run's ``move`` and
the ``conversation``; a first text ``begin``s a conversation, ``count``s a start and ``prune``s old texts;
the last consent YES ``start``s the run and ``link``s it to the sender; the last answer ``finish``es the
run, ``forget``s reading-list words of answers no longer kept and ``end``s the conversation. Every text
keeps our replies (``answered``) for a retried webhook.
"""

from __future__ import annotations

import functools
import json

from sqlalchemy import Connection, bindparam, delete, func, insert, literal, select, update

from survey_app.engine import Response
from survey_app.safeguarding import reading_list
from survey_app.safeguarding.models import ReadingItem
from survey_app.sms.arrival import ANSWERED, ANSWERS, CONVERSATIONS, MESSAGES, RUNS, Pending
from survey_app.sms.models import ASKING, CONSENT, SenderRun
from survey_app.sms.prepared import Prepared
from survey_app.store.models import COMPLETED, utcnow
from survey_app.store.runs import answer_upsert
from survey_app.store.tallies import count_upsert

READING = ReadingItem.__table__
LINKS = SenderRun.__table__
STAY = object()  # ``write(move_to=STAY)``: the run stays at its question


_MOVE = (
    update(RUNS)
    .where(RUNS.c.id == bindparam("p_run"))
    .values(position=bindparam("p_position"), last_active=bindparam("p_now", type_=RUNS.c.last_active.type))
)
_CONVERSATION = (
    update(CONVERSATIONS)
    .where(CONVERSATIONS.c.id == bindparam("p_conversation"))
    .values(
        state=bindparam("p_state"),
        invalid_count=bindparam("p_invalid"),
        consent_step=bindparam("p_consent_step"),
        joinable_question=bindparam("p_joinable"),
        last_message_at=bindparam("p_at", type_=CONVERSATIONS.c.last_message_at.type),
    )
)
# A first text: the conversation, as ``consent.begin`` makes it (no run until the last consent YES).
_BEGIN = insert(CONVERSATIONS).values(
    sender_hash=bindparam("p_hash"),
    channel=bindparam("p_channel"),
    questionnaire_id=bindparam("p_questionnaire"),
    run_id=None,
    state=CONSENT,
    consent_step=0,
    invalid_count=0,
    joinable_question=None,
    language=bindparam("p_language"),
    last_message_at=bindparam("p_at", type_=CONVERSATIONS.c.last_message_at.type),
)
# Twilio retries within minutes; a day is plenty. Done when a conversation starts, which is rare.
_PRUNE = delete(MESSAGES).where(
    MESSAGES.c.arrived_at < bindparam("p_cutoff", type_=MESSAGES.c.arrived_at.type)
)
# The last answer: the run completed as ``runs.finish`` leaves it, and the conversation forgotten.
_FINISH = (
    update(RUNS)
    .where(RUNS.c.id == bindparam("p_run"))
    .values(
        state=COMPLETED,
        position=None,
        resume_code_hash=None,
        finished_on=bindparam("p_today", type_=RUNS.c.finished_on.type),
        last_active=bindparam("p_now", type_=RUNS.c.last_active.type),
    )
)
_END = delete(CONVERSATIONS).where(CONVERSATIONS.c.id == bindparam("p_conversation"))


def _forget(dialect: str):
    """``erasure.forget_unraised_words`` on finishing when every answer is kept: the run's reading-list
    items that raised no concern, for questions neither answered before this text nor answered by it.
    On PostgreSQL it returns their ids, counted by the one statement (a deletion owes a scrub)."""
    answered = select(ANSWERS.c.question_id).where(ANSWERS.c.run_id == bindparam("p_run"))
    statement = delete(READING).where(
        READING.c.run_id == bindparam("p_run"),
        READING.c.concern_id.is_(None),
        READING.c.question_id.not_in(answered),
        READING.c.question_id != bindparam("p_question"),
    )
    return statement.returning(READING.c.id) if dialect == "postgresql" else statement


def _start():
    """The run, as ``runs.start_run`` makes it; its id comes back for the link and the conversation."""
    return (
        insert(RUNS)
        .values(
            token=bindparam("p_token"),
            questionnaire_id=bindparam("p_questionnaire"),
            questionnaire_version=bindparam("p_version"),
            channel=bindparam("p_channel"),
            language=bindparam("p_language"),
            distribution=None,
            assisted=False,
            state=bindparam("p_run_state"),
            position=bindparam("p_position"),
            resume_code_hash=None,
            started_on=bindparam("p_today", type_=RUNS.c.started_on.type),
            finished_on=None,
            last_active=bindparam("p_now", type_=RUNS.c.last_active.type),
        )
        .returning(RUNS.c.id)
    )


def _link(run_id):
    return insert(LINKS).values(
        sender_hash=bindparam("p_hash"),
        run_id=run_id,
        linked_at=bindparam("p_now", type_=LINKS.c.linked_at.type),
    )


def _started_conversation(run_id):
    return _CONVERSATION.values(run_id=run_id)


_PARTS = {
    "answer": answer_upsert,
    "reading": reading_list.add_once,
    "move": lambda _dialect: _MOVE,
    "finish": lambda _dialect: _FINISH,
    "forget": _forget,
    "begin": lambda _dialect: _BEGIN,
    "count": count_upsert,
    "prune": lambda _dialect: _PRUNE,
    "conversation": lambda _dialect: _CONVERSATION,
    "end": lambda _dialect: _END,
    "answered": lambda _dialect: ANSWERED,
}


def write(
    connection: Connection,
    current,
    message: Pending,
    texts: list[str],
    *,
    joinable_question: str | None = None,
    answer: tuple[str, Response] | None = None,
    reading: dict | None = None,
    move_to: str | None | object = STAY,
    state: str = ASKING,
    invalid_count: int = 0,
    consent_step: int | None = None,
    finish: bool = False,
) -> int:
    """The answer (if any), the run's next question (``move_to``, None once every question is answered;
    ``STAY`` leaves it), the conversation, and the replies kept on the text for a retried webhook, in one
    round trip where the database allows. ``finish``: the last answer, which completes the run and ends
    the conversation instead; returns how many reading-list items that forgot (see ``_forget``)."""
    now = utcnow()
    values = {
        "p_conversation": current.conversation_id,
        "p_message": message.id,
        "p_replies": replies_json(texts),
    }
    if finish:
        parts = ["finish", "forget", "end", "answered"]
        values |= {"p_run": current.run_id, "p_now": now, "p_today": now.date()}
    else:
        parts = ["conversation", "answered"]
        values |= {
            "p_state": state,
            "p_invalid": invalid_count,
            # Read in this locked transaction: unchanged unless this is a consent step.
            "p_consent_step": current.consent_step if consent_step is None else consent_step,
            "p_joinable": joinable_question,
            "p_at": message.arrived_at,
        }
    if move_to is not STAY:
        parts.insert(0, "move")
        values |= {"p_run": current.run_id, "p_position": move_to, "p_now": now}
    if reading is not None:
        parts.insert(0, "reading")
        values |= reading_values(reading)
    if answer is not None:
        parts.insert(0, "answer")
        values |= answer_values(current.run_id, *answer)
    return run(connection, tuple(parts), values)


def replies_json(texts: list[str]) -> str:
    """Our replies as kept on the text (``arrival.answered``)."""
    return json.dumps(texts)


def reading_values(item: dict) -> dict:
    return {f"p_reading_{name}": value for name, value in item.items()}


def answer_values(run_id: int, question_id: str, response: Response) -> dict:
    value = json.dumps(response.value, ensure_ascii=False) if response.answered else None
    return {"p_run": run_id, "p_question": question_id, "p_status": response.status, "p_value": value}


def store_answer(connection: Connection, run_id: int, question_id: str, response: Response) -> None:
    """Upsert by (run, question), as ``store.runs.record`` does: a retried text changes nothing more."""
    _upsert(connection.dialect.name).run(connection, answer_values(run_id, question_id, response))


@functools.cache
def _upsert(dialect: str) -> Prepared:
    return Prepared(answer_upsert(dialect))


def run(connection: Connection, parts: tuple[str, ...], values: dict) -> int:
    """Write ``parts`` (in this order) with ``values``; returns how many reading-list items ``forget``
    deleted (0 without it). ``start`` (with ``link`` and ``conversation``) takes the new run's id along."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        outcome = _combined(parts).scalar(connection, values)
        return outcome if "forget" in parts else 0
    forgotten = 0
    for part in parts:
        if part == "start":
            values = values | {"p_run": _separate("start").scalar(connection, values)}
            continue
        statement = _separate(part, started="start" in parts)
        done = statement.run(connection, values)
        forgotten += done if part == "forget" else 0
    return forgotten


@functools.cache
def _combined(parts: tuple[str, ...]) -> Prepared:
    clauses = {}
    for part in parts:
        if part == "start":
            clauses[part] = _start().cte("write_start")
            continue
        if part == "link" or (part == "conversation" and "start" in parts):
            run_id = select(clauses["start"].c.id).scalar_subquery()
            statement = _link(run_id) if part == "link" else _started_conversation(run_id)
        else:
            statement = _PARTS[part]("postgresql")
        clauses[part] = statement.cte(f"write_{part}")
    if "forget" in parts:
        outcome = select(select(func.count()).select_from(clauses["forget"]).scalar_subquery())
    else:
        outcome = select(literal(1))
    return Prepared(outcome.add_cte(*clauses.values()))


@functools.cache
def _separate(part: str, *, started: bool = False) -> Prepared:
    if part == "start":
        return Prepared(_start())
    if part == "link":
        return Prepared(_link(bindparam("p_run")))
    if part == "conversation" and started:
        return Prepared(_started_conversation(bindparam("p_run")))
    return Prepared(_PARTS[part]("sqlite"))
