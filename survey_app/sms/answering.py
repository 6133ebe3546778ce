"""Questions and answers: the only place the chatbot turns a text into a stored response.

``take_answer`` is the one answer step, so the safeguarding check on free text can hook in there. Answers
are stored through ``store.runs`` (record, finish, stop), one transaction per message.
"""

from __future__ import annotations

from survey_app import engine
from survey_app.codesign import closed
from survey_app.engine import SKIPPED, InvalidAnswer, Question, Questionnaire, Response
from survey_app.questionnaires import registry
from survey_app.safeguarding import journey
from survey_app.sms import replies
from survey_app.sms.forgetting import link
from survey_app.sms.models import ASKING, SUPPORT_OFFERED
from survey_app.sms.turn import Turn, close_run, current, end_conversation
from survey_app.store import runs
from survey_app.store.models import Run


def _waiting(turn: Turn) -> tuple[Run, Questionnaire, Question] | list[str]:
    """The run and the question waiting for an answer, or the replies when there is none: the run has
    gone (destroyed at the end of the review, say) or every question is answered (the run is finished)."""
    found = current(turn)
    if found is None:
        return _gone(turn)
    run, questionnaire = found
    question = runs.current_question(questionnaire, run)
    if question is None:
        return _finish(turn, run, questionnaire)
    return run, questionnaire, question


def ask(turn: Turn) -> list[str]:
    """The question waiting for an answer (finishing the run if there is none left)."""
    waiting = _waiting(turn)
    if isinstance(waiting, list):
        return waiting
    return [replies.prompt(waiting[2])]


def take_answer(turn: Turn, *, skip: bool = False) -> list[str]:
    waiting = _waiting(turn)
    if isinstance(waiting, list):
        return waiting
    run, questionnaire, question = waiting
    if closed.after_grace(turn.session, questionnaire, run.started_on):
        return closed.texts(turn.session, questionnaire, closed.GRACE_OVER)
    try:
        response = Response(SKIPPED) if skip else engine.parse_text(question, turn.body)
    except InvalidAnswer as problem:
        # The invalid text is not stored anywhere: only a count of tries on this question.
        turn.conversation.invalid_count += 1
        return [replies.invalid(question, problem.message, problem.params, turn.conversation.invalid_count)]
    return _record(turn, run, questionnaire, question, response)


def _record(
    turn: Turn, run: Run, questionnaire: Questionnaire, question: Question, response: Response
) -> list[str]:
    # The safeguarding reading is part of the answer's own transaction: answer and concern commit together.
    reading = journey.AnswerReading(run, question, turn.conversation.channel, phone=turn.address)
    following = runs.record(turn.session, run, questionnaire, question.id, response, before_commit=reading)
    turn.conversation.invalid_count = 0
    if reading.assessment is not None:
        # Support first, in this same reply; the next question waits until they have answered the offer.
        turn.conversation.state = SUPPORT_OFFERED
        return [replies.support_now(), replies.support(), replies.offer_contact()]
    if following is None:
        return _finish(turn, run, questionnaire)
    return [replies.prompt(following)]


def _finish(turn: Turn, run: Run, questionnaire: Questionnaire) -> list[str]:
    """A text conversation has no check-answers page: the last answer completes the run."""
    runs.finish(turn.session, run, questionnaire)
    end_conversation(turn)
    return [replies.thanks(questionnaire), replies.support()]


def _gone(turn: Turn) -> list[str]:
    """The run ended elsewhere (its data destroyed at the end of the review, say): nothing to carry on."""
    end_conversation(turn)
    return [replies.closed()]


def resume(turn: Turn) -> list[str]:
    turn.conversation.state = ASKING
    return ask(turn)


def carry_on(turn: Turn) -> list[str]:
    turn.conversation.invalid_count = 0
    return resume(turn)


def start_again(turn: Turn) -> list[str]:
    """Back after a long gap and starting again: the old answers go, a new run starts (consent stands)."""
    found = current(turn)
    if found is None:
        return _gone(turn)
    close_run(turn, keep=False)
    questionnaire = registry().get(found[0].questionnaire_id) or found[1]
    registry().remember(turn.session, questionnaire)
    fresh = runs.start_run(
        turn.session, questionnaire, channel=turn.conversation.channel, language=turn.conversation.language
    )
    link(turn.session, turn.sender_hash, fresh)
    turn.conversation.run_id, turn.conversation.invalid_count = fresh.id, 0
    return resume(turn)
