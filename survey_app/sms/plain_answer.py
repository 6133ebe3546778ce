"""The usual text: an answer to the question waiting for one. The fast lane of the chatbot.

Most texts are answers, so this path is written in SQLAlchemy Core, inside the sender's one locked
transaction, with no ORM unit of work and no savepoints. The conversation, its run and the run's answers
(for branching) come joined onto the pending text (``arrival``); then all the writes (the answer, the run's
new place, the conversation, and our replies stored on the text for a retried webhook) go together, as
one statement on PostgreSQL: each statement costs the app more CPU than the database spends running it.
SKIP is an answer too (a skipped one), and so is a YES to a consent step that is not the last (the
conversation's next step). Anything else (another keyword, the last consent step, the last answer, a
questionnaire version no longer loaded) returns None and goes to ``conversation.respond``.

It does what ``store.runs.record`` does for an SMS answer (upsert by run and question, move to the next
question on this person's path) and runs the same safeguarding check on free text as every channel. A
free-text answer is read by the detector before anything is written: without a concern it goes on the
reading list in the same one statement as the rest; with one it is stored first (the concern withholds
the stored answer) and the concern is raised through the ORM, as on every channel.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, g
from sqlalchemy import Connection, bindparam, literal, select, update
from sqlmodel import Session

from survey_app import engine, questionnaire_dates, sms_languages
from survey_app.engine import SKIPPED, InvalidAnswer, Question, Questionnaire, Response
from survey_app.questionnaires import registry
from survey_app.safeguarding import journey, reading_list
from survey_app.sms import consent, keywords, replies
from survey_app.sms.arrival import ANSWERED, CONVERSATIONS, RUNS, Pending, answers_of
from survey_app.sms.models import ASKING, CONSENT, SUPPORT_OFFERED
from survey_app.sms.prepared import Prepared
from survey_app.store.models import IN_PROGRESS, Run, utcnow
from survey_app.store.runs import answer_upsert


def try_answer(connection: Connection, state, message: Pending, keyword: str | None, address: str):
    """The replies, or None when this text is not a plain answer (or SKIP) to a question in a live run.

    The replies are stored on the text (``arrival.answered``) here, with the answer's other writes."""
    skip = keyword == keywords.SKIP
    if (keyword is not None and not skip) or (message.media_count and not message.body.strip()):
        return None
    if keyword is None and _consenting(state, message):
        return _consent_yes(connection, state, message)
    questionnaire = _questionnaire(connection, state, message)
    if questionnaire is None:
        return None
    with _in_language(state.language):
        return _answer(connection, state, message, questionnaire, address, skip=skip)


@contextmanager
def _in_language(language: str) -> Iterator[None]:
    """Replies in the conversation's language, as ``conversation.respond`` renders them."""
    before = g.get("sms_language")
    if before == language:
        yield
        return
    sms_languages.use(language)
    try:
        yield
    finally:
        sms_languages.use(before)


def _answer(connection: Connection, state, message: Pending, questionnaire, address: str, *, skip: bool):
    given = answers_of(state)
    # SKIP is never the rest of a free-text answer: it skips the question waiting, as on the slower path.
    joined = None if skip else _joined(connection, state, message, questionnaire, given, address)
    if joined is not None:
        return joined
    question = questionnaire.question(state.position) if questionnaire.has_question(state.position) else None
    if question is None:
        return None
    try:
        response = Response(SKIPPED) if skip else engine.parse_text(question, message.body)
    except InvalidAnswer as problem:
        # The invalid text is not stored anywhere: only a count of tries on this question.
        attempts = state.invalid_count + 1
        texts = [replies.invalid(question, problem.message, problem.params, attempts)]
        _write(connection, state, message, texts, invalid_count=attempts, joinable_question=None)
        return texts
    following = engine.next_question(questionnaire, question.id, given | {question.id: response})
    if following is None:
        return None  # the last answer: finishing is the ORM path's job
    item, joinable = None, None
    if question.is_text and response.answered:
        run = _run_of(state)
        assessment = journey.assess_answer(question, response.value)
        if assessment is not None and assessment.concern:
            return _raise(connection, state, message, run, question, response, following, address, assessment)
        # No concern: the answer, its reading-list row and the rest go in one statement.
        if assessment:
            item = journey.reading_item(run, question, response.value, state.channel, assessment)
        joinable = question.id
    texts = [replies.prompt(following)]
    _write(
        connection,
        state,
        message,
        texts,
        answer=(question.id, response),
        reading=item,
        move_to=following.id,
        joinable_question=joinable,
    )
    return texts


def _raise(connection, state, message, run, question, response, following, address, assessment) -> list[str]:
    # A concern withholds the stored answer: store it first, then raise it as every channel does.
    _store(connection, state.run_id, question.id, response)
    _check(connection, run, question, response, state.channel, address, assessment)
    texts = [replies.support_now(), replies.support(), replies.offer_contact()]
    concern = {"state": SUPPORT_OFFERED, "joinable_question": None}
    _write(connection, state, message, texts, move_to=following.id, **concern)
    return texts


def _consenting(state, message: Pending) -> bool:
    if state is None or state.conversation_id is None or state.state != CONSENT:
        return False
    inactivity = dt.timedelta(days=current_app.config["SMS_INACTIVITY_DAYS"])
    return message.arrived_at - state.last_message_at <= inactivity  # else consent is asked afresh


def _consent_yes(connection: Connection, state, message: Pending) -> list[str] | None:
    """YES to a consent step with another to come: the next step, as ``consent.consent_reply`` sends it.
    A NO, an unclear reply, the keyword again and the last YES (which starts the run) go the slower way."""
    questionnaire = registry().get(state.consenting_to)
    if questionnaire is None or keywords.normalise(message.body) == (questionnaire.sms_keyword or "").lower():
        return None
    step = state.consent_step + 1
    if step >= len(questionnaire.consent) or consent.yes_or_no(message.body) != "yes":
        return None
    with _in_language(state.language):
        texts = [replies.consent_step(questionnaire, step)]
    _write(
        connection,
        state,
        message,
        texts,
        state=CONSENT,
        consent_step=step,
        invalid_count=state.invalid_count,
        joinable_question=None,
    )
    return texts


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
        texts = [replies.support_now(), replies.support(), replies.offer_contact()]
        _write(connection, state, message, texts, state=SUPPORT_OFFERED, joinable_question=None)
        return texts
    _write(connection, state, message, [], joinable_question=question_id)
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
# What a plain answer writes, in this order; each statement's parameters have names of their own.
_WRITES = {
    "answer": answer_upsert,
    "reading": reading_list.add_once,
    "move": lambda _dialect: _MOVE,
    "conversation": lambda _dialect: _CONVERSATION,
    "answered": lambda _dialect: ANSWERED,
}


@functools.cache
def _statements(dialect: str, parts: tuple[str, ...]) -> tuple:
    """The writes as statements: on PostgreSQL one, each write a data-modifying WITH clause (all of them
    run, once, whether or not the outer SELECT reads them); SQLite has no such clauses, so one each."""
    statements = [_WRITES[part](dialect) for part in parts]
    if dialect != "postgresql":
        return tuple(Prepared(statement) for statement in statements)
    clauses = [statement.cte(f"write_{part}") for part, statement in zip(parts, statements, strict=True)]
    return (Prepared(select(literal(1)).add_cte(*clauses)),)


def _write(
    connection: Connection,
    current,
    message: Pending,
    texts: list[str],
    *,
    joinable_question: str | None,
    answer: tuple[str, Response] | None = None,
    reading: dict | None = None,
    move_to: str | None = None,
    state: str = ASKING,
    invalid_count: int = 0,
    consent_step: int | None = None,
) -> None:
    """The answer (if any), the run's next question (if any), the conversation, and the replies kept on the
    text for a retried webhook, in one round trip where the database allows."""
    parts = ["conversation", "answered"]
    values = {
        "p_conversation": current.conversation_id,
        "p_state": state,
        "p_invalid": invalid_count,
        # Read in this locked transaction: unchanged unless this is a consent step.
        "p_consent_step": current.consent_step if consent_step is None else consent_step,
        "p_joinable": joinable_question,
        "p_at": message.arrived_at,
        "p_message": message.id,
        "p_replies": json.dumps(texts),
    }
    if move_to is not None:
        parts.insert(0, "move")
        values |= {"p_run": current.run_id, "p_position": move_to, "p_now": utcnow()}
    if reading is not None:
        parts.insert(0, "reading")
        values |= {f"p_reading_{name}": value for name, value in reading.items()}
    if answer is not None:
        parts.insert(0, "answer")
        values |= _answer_values(current.run_id, *answer)
    for statement in _statements(connection.dialect.name, tuple(parts)):
        statement.run(connection, values)


def _answer_values(run_id: int, question_id: str, response: Response) -> dict:
    value = json.dumps(response.value, ensure_ascii=False) if response.answered else None
    return {"p_run": run_id, "p_question": question_id, "p_status": response.status, "p_value": value}


def _store(connection: Connection, run_id: int, question_id: str, response: Response) -> None:
    """Upsert by (run, question), as ``store.runs.record`` does: a retried text changes nothing more."""
    _upsert(connection.dialect.name).run(connection, _answer_values(run_id, question_id, response))


@functools.cache
def _upsert(dialect: str) -> Prepared:
    return Prepared(answer_upsert(dialect))


def _run_of(state) -> Run:
    """The run as the safeguarding check needs it, from the columns read with the conversation."""
    return Run(
        id=state.run_id,
        token="",
        questionnaire_id=state.questionnaire_id,
        questionnaire_version=state.questionnaire_version,
        channel=state.channel,
        distribution=state.distribution,
    )


def _raises_concern(
    connection: Connection, state, question: Question, response: Response, address: str
) -> bool:
    """The same check every channel runs on free text; it reads the database only when there is a concern."""
    if not question.is_text or not response.answered:
        return False
    return _check(connection, _run_of(state), question, response, state.channel, address) is not None


def _check(connection: Connection, run: Run, question, response: Response, channel, address, assessment=None):
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        found = journey.check_answer(
            session, run, question, response.value, channel, phone=address, assessment=assessment
        )
        session.commit()
    finally:
        session.close()
    return found
