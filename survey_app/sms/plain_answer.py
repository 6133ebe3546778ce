"""The usual text: an answer to the question waiting for one. The fast lane of the chatbot.

Most texts are answers, so this path is written in SQLAlchemy Core, inside the sender's one locked
transaction, with no ORM unit of work and no savepoints. The conversation, its run and the run's answers
(for branching) come joined onto the pending text (``arrival``); then all the writes (the answer, the run's
new place, the conversation, and our replies stored on the text for a retried webhook) go together, as
one statement on PostgreSQL: each statement costs the app more CPU than the database spends running it.
SKIP is an answer too (a skipped one), and the last answer finishes the run (``_finish``). The fast lane
also takes a first text with a survey's keyword (``first_text``) and a YES to a consent step
(``consent_yes``). Anything else (another keyword, a NO, a questionnaire version no longer loaded, a
coordinator's change of dates) returns None and goes to ``conversation.respond``.

It does what ``store.runs.record`` does for an SMS answer (upsert by run and question, move to the next
question on this person's path), and ``runs.finish`` for the last one, and runs the same safeguarding check
on free text as every channel. A free-text answer is read by the detector before anything is written:
without a concern it goes on the reading list in the same one statement as the rest; with one it is stored
first (the concern withholds the stored answer) and the concern is raised through the ORM, as on every
channel.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import Connection
from sqlmodel import Session

from survey_app import db, engine, questionnaire_dates
from survey_app.engine import SKIPPED, InvalidAnswer, Question, Questionnaire, Response
from survey_app.questionnaires import registry
from survey_app.safeguarding import journey
from survey_app.safeguarding.models import ReadingItem
from survey_app.sms import consent_yes, first_text, keywords, replies
from survey_app.sms.arrival import Pending, answers_of
from survey_app.sms.models import ASKING, SUPPORT_OFFERED
from survey_app.sms.writes import store_answer, write
from survey_app.store.models import IN_PROGRESS, Run


def try_answer(
    connection: Connection, state, message: Pending, keyword: str | None, address: str, hashed: str
):
    """The replies, or None when this text is not a plain answer (or SKIP) to a question in a live run.

    The replies are stored on the text (``arrival.answered``) here, with the answer's other writes."""
    skip = keyword == keywords.SKIP
    if (keyword is not None and not skip) or (message.media_count and not message.body.strip()):
        return None
    if keyword is None and first_text.is_first(state):
        return first_text.begin(connection, state, message, address, hashed)
    if keyword is None and consent_yes.is_consenting(state, message):
        return consent_yes.take(connection, state, message, hashed)
    questionnaire = _questionnaire(connection, state, message)
    if questionnaire is None:
        return None
    with replies.in_language(state.language):
        return _answer(connection, state, message, questionnaire, address, skip=skip)


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
        write(connection, state, message, texts, invalid_count=attempts, joinable_question=None)
        return texts
    answers = given | {question.id: response}
    following = engine.next_question(questionnaire, question.id, answers)
    if following is None and set(engine.relevant_responses(questionnaire, answers)) != set(answers):
        return None  # answers left on a branch no longer taken: finishing drops them the ORM's way
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
    if following is None:
        return _finish(connection, state, message, questionnaire, (question.id, response), item)
    texts = [replies.prompt(following)]
    answer = (question.id, response)
    write(
        connection,
        state,
        message,
        texts,
        answer=answer,
        reading=item,
        move_to=following.id,
        joinable_question=joinable,
    )
    return texts


def _raise(connection, state, message, run, question, response, following, address, assessment) -> list[str]:
    # A concern withholds the stored answer: store it first, then raise it as every channel does. After
    # the last question too the offer of contact comes first; the run finishes once it is answered.
    store_answer(connection, state.run_id, question.id, response)
    _check(connection, run, question, response, state.channel, address, assessment)
    texts = [replies.support_now(), replies.support(), replies.offer_contact()]
    concern = {"state": SUPPORT_OFFERED, "joinable_question": None}
    write(connection, state, message, texts, move_to=following.id if following else None, **concern)
    return texts


def _finish(connection, state, message: Pending, questionnaire, answer, item) -> list[str]:
    """The last answer: as ``runs.finish`` and ``answering._finish`` leave things, in one statement. The
    run is completed, the conversation (and with it the link from their number's hash) is forgotten, and
    reading-list items of answers no longer kept go; every answer is kept here (see ``_answer``)."""
    texts = [replies.thanks(questionnaire), replies.support()]
    forgotten = write(connection, state, message, texts, answer=answer, reading=item, finish=True)
    if forgotten:
        _owe_scrub(connection)
    return texts


def _owe_scrub(connection: Connection) -> None:
    """Deleted reading-list words are scrubbed from the database's files, as ``erasure`` arranges."""
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        db.destroyed(session, ReadingItem.__tablename__)
        session.commit()
    finally:
        session.close()


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
    store_answer(connection, state.run_id, question_id, response)
    if _raises_concern(connection, state, question, response, address):
        texts = [replies.support_now(), replies.support(), replies.offer_contact()]
        write(connection, state, message, texts, state=SUPPORT_OFFERED, joinable_question=None)
        return texts
    write(connection, state, message, [], joinable_question=question_id)
    return []


def _answers_the_waiting_question(questionnaire: Questionnaire, position: str | None, body: str) -> bool:
    if not position or not questionnaire.has_question(position) or questionnaire.question(position).is_text:
        return False
    try:
        engine.parse_text(questionnaire.question(position), body)
    except InvalidAnswer:
        return False
    return True


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
