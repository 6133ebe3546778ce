"""The usual text: an answer to the question waiting for one. The fast lane of the chatbot.

Most texts are answers, so this path is written in SQLAlchemy Core, inside the sender's one locked
transaction, with no ORM unit of work and no savepoints: the conversation and its run come joined onto the
pending text (``arrival``), then one read of the run's answers (for branching), one upsert of the answer,
one update each of the run, the conversation and the stored text. Anything else (a keyword, consent, the
last answer, a questionnaire version no longer loaded) returns None and goes to ``conversation.respond``.

It does what ``store.runs.record`` does for an SMS answer (upsert by run and question, move to the next
question on this person's path) and runs the same safeguarding check on free text as every channel.
"""

from __future__ import annotations

import datetime as dt
import json

from flask import current_app
from sqlalchemy import Connection, bindparam, select, update
from sqlmodel import Session

from survey_app import engine, questionnaire_dates
from survey_app.engine import InvalidAnswer, Question, Questionnaire, Response
from survey_app.questionnaires import registry
from survey_app.safeguarding import journey
from survey_app.sms import replies
from survey_app.sms.arrival import CONVERSATIONS, RUNS, Pending
from survey_app.sms.models import ASKING, SUPPORT_OFFERED
from survey_app.store.models import IN_PROGRESS, Answer, Run, utcnow
from survey_app.store.runs import answer_upsert

ANSWERS = Answer.__table__


def try_answer(connection: Connection, state, message: Pending, keyword: str | None, address: str):
    """The replies, or None when this text is not a plain answer to a question in a live run."""
    if keyword is not None or (message.media_count and not message.body.strip()):
        return None
    questionnaire = _questionnaire(connection, state, message)
    if questionnaire is None:
        return None
    given = _answers(connection, state.run_id)
    joined = _joined(connection, state, message, questionnaire, given, address)
    if joined is not None:
        return joined
    question = questionnaire.question(state.position) if questionnaire.has_question(state.position) else None
    if question is None:
        return None
    try:
        response = engine.parse_text(question, message.body)
    except InvalidAnswer as problem:
        # The invalid text is not stored anywhere: only a count of tries on this question.
        attempts = state.invalid_count + 1
        _update_conversation(connection, state, message, invalid_count=attempts, joinable_question=None)
        return [replies.invalid(question, problem.message, problem.params, attempts)]
    following = engine.next_question(questionnaire, question.id, given | {question.id: response})
    if following is None:
        return None  # the last answer: finishing is the ORM path's job
    _store(connection, state.run_id, question.id, response)
    _move(connection, state.run_id, following.id)
    if _raises_concern(connection, state, question, response, address):
        _update_conversation(connection, state, message, state=SUPPORT_OFFERED, joinable_question=None)
        return [replies.support_now(), replies.support(), replies.offer_contact()]
    joinable = question.id if question.is_text and response.answered else None
    _update_conversation(connection, state, message, joinable_question=joinable)
    return [replies.prompt(following)]


def _questionnaire(connection: Connection, state, message: Pending) -> Questionnaire | None:
    if state is None or state.conversation_id is None or state.state != ASKING:
        return None
    if state.run_id is None or state.run_state != IN_PROGRESS:
        return None
    inactivity = dt.timedelta(days=current_app.config["SMS_INACTIVITY_DAYS"])
    if message.arrived_at - state.last_message_at > inactivity:
        return None  # back after a long gap: the ORM path asks whether to carry on
    latest = registry().current.get(state.questionnaire_id)
    if latest is None or latest.version != state.questionnaire_version:
        return None
    # Closed, changed by a coordinator or in its grace period: the ORM path checks the dates in full.
    changed = state.dates_changed_id is not None
    return latest if questionnaire_dates.plainly_open(latest, changed_by_coordinator=changed) else None


def _joined(
    connection: Connection, state, message: Pending, questionnaire, given, address
) -> list[str] | None:
    """A text arriving within seconds of a free-text answer is the rest of that answer.

    Nothing is sent back (the next question has been asked already) unless the whole answer, read
    together, raises a concern that its first half did not."""
    window = dt.timedelta(seconds=current_app.config["SMS_JOIN_SECONDS"])
    question_id = state.joinable_question
    if not question_id or message.arrived_at - state.last_message_at > window:
        return None
    earlier = given.get(question_id)
    if not questionnaire.has_question(question_id) or earlier is None or not isinstance(earlier.value, str):
        return None
    if _answers_the_waiting_question(questionnaire, state.position, message.body):
        return None  # "3" straight after a free-text answer is the next question's answer, not more words
    question = questionnaire.question(question_id)
    try:
        response = engine.parse_text(question, f"{earlier.value} {message.body}")
    except InvalidAnswer:
        return None  # too long together: take this text on its own
    _store(connection, state.run_id, question_id, response)
    if _raises_concern(connection, state, question, response, address):
        _update_conversation(connection, state, message, state=SUPPORT_OFFERED, joinable_question=None)
        return [replies.support_now(), replies.support(), replies.offer_contact()]
    _update_conversation(connection, state, message, joinable_question=question_id)
    return []


def _answers_the_waiting_question(questionnaire: Questionnaire, position: str | None, body: str) -> bool:
    if not position or not questionnaire.has_question(position) or questionnaire.question(position).is_text:
        return False
    try:
        engine.parse_text(questionnaire.question(position), body)
    except InvalidAnswer:
        return False
    return True


# Built once: constructing a statement costs more CPU than PostgreSQL spends running it.
_ANSWERS_OF_RUN = select(ANSWERS.c.question_id, ANSWERS.c.status, ANSWERS.c.value).where(
    ANSWERS.c.run_id == bindparam("p_run")
)
_MOVE = (
    update(RUNS)
    .where(RUNS.c.id == bindparam("p_run"))
    .values(position=bindparam("p_position"), last_active=bindparam("p_now", type_=RUNS.c.last_active.type))
)
_CONVERSATION = (
    update(CONVERSATIONS)
    .where(CONVERSATIONS.c.id == bindparam("p_id"))
    .values(
        state=bindparam("p_state"),
        invalid_count=bindparam("p_invalid"),
        joinable_question=bindparam("p_joinable"),
        last_message_at=bindparam("p_at", type_=CONVERSATIONS.c.last_message_at.type),
    )
)


def _answers(connection: Connection, run_id: int) -> dict[str, Response]:
    rows = connection.execute(_ANSWERS_OF_RUN, {"p_run": run_id})
    return {
        row.question_id: Response(row.status, json.loads(row.value) if row.value else None) for row in rows
    }


def _store(connection: Connection, run_id: int, question_id: str, response: Response) -> None:
    """Upsert by (run, question), as ``store.runs.record`` does: a retried text changes nothing more."""
    value = json.dumps(response.value, ensure_ascii=False) if response.answered else None
    connection.execute(
        answer_upsert(connection.dialect.name),
        {"p_run": run_id, "p_question": question_id, "p_status": response.status, "p_value": value},
    )


def _move(connection: Connection, run_id: int, position: str) -> None:
    connection.execute(_MOVE, {"p_run": run_id, "p_position": position, "p_now": utcnow()})


def _update_conversation(
    connection: Connection,
    current,
    message: Pending,
    *,
    joinable_question: str | None,
    state: str = ASKING,
    invalid_count: int = 0,
) -> None:
    values = {"p_state": state, "p_invalid": invalid_count, "p_joinable": joinable_question}
    connection.execute(_CONVERSATION, {"p_id": current.conversation_id, "p_at": message.arrived_at, **values})


def _raises_concern(
    connection: Connection, state, question: Question, response: Response, address: str
) -> bool:
    """The same check every channel runs on free text; it reads the database only when there is a concern."""
    if not question.is_text or not response.answered:
        return False
    run = Run(
        id=state.run_id,
        token="",
        questionnaire_id=state.questionnaire_id,
        questionnaire_version=state.questionnaire_version,
        channel=state.channel,
        distribution=state.distribution,
    )
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        found = journey.check_answer(session, run, question, response.value, state.channel, phone=address)
        session.commit()
    finally:
        session.close()
    return found is not None
