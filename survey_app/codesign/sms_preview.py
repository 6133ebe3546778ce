"""A draft walked as text messages in the simulator: the chatbot's own words, and nothing kept.

The chatbot keeps its place in the database (a conversation row, a run, its answers), which is exactly what
a preview must not do, so a preview never goes through the webhook. Its place lives in the adviser's own
session instead, and each turn uses the chatbot's sentences (``sms.replies``) and the engine's reading of
a text, so advisers see the introduction, consent steps, prompts and error replies a phone would get.
"""

from __future__ import annotations

from flask_babel import gettext as _

from survey_app import engine
from survey_app.engine import SKIPPED, InvalidAnswer, Question, Questionnaire, Response
from survey_app.sms import keywords, replies
from survey_app.sms.consent import yes_or_no

CONSENT, ASKING, ENDED = "consent", "asking", "ended"
# Answers are kept only to choose the questions that depend on them; a long free-text answer chooses nothing,
# and the whole state has to fit in a session cookie.
KEPT_ANSWER = 200


def opening(questionnaire: Questionnaire) -> tuple[dict, list[str]]:
    """A new preview conversation, as if its keyword had been texted: the introduction, first consent step."""
    state = {"stage": CONSENT, "step": 0, "position": None, "answers": {}, "tries": 0}
    return state, replies.introduction(questionnaire)


def waiting(questionnaire: Questionnaire, state: dict) -> Question | None:
    """The question the last text asked, which the adviser's feedback is about (none during consent)."""
    position = state.get("position")
    if state.get("stage") != ASKING or not position or not questionnaire.has_question(position):
        return None
    return questionnaire.question(position)


def reply(questionnaire: Questionnaire, state: dict, body: str) -> list[str]:
    """The texts the chatbot would send back to ``body``; changes ``state`` in place."""
    keyword = keywords.classify(body)
    if state.get("stage") == ENDED:
        return [ended()]
    if keyword in (keywords.STOP, keywords.DELETE):
        state["stage"] = ENDED
        return [ended()]
    question = waiting(questionnaire, state)
    if question is None:
        return _consent(questionnaire, state, body, keyword)
    return _answer(questionnaire, state, question, body, keyword)


def ended() -> str:
    return _("End of the preview. Nothing was kept.")


def _given(state: dict) -> dict[str, Response]:
    return {qid: Response(status, value) for qid, (status, value) in state["answers"].items()}


def _ask(state: dict, question: Question) -> list[str]:
    state["stage"], state["position"], state["tries"] = ASKING, question.id, 0
    return [replies.prompt(question)]


def _consent(questionnaire: Questionnaire, state: dict, body: str, keyword: str | None) -> list[str]:
    if keyword == keywords.HELP:
        return [replies.consent_explained(), replies.support()]
    answer = yes_or_no(body)
    if answer == "no":
        state["stage"] = ENDED
        return [replies.consent_declined(questionnaire), ended()]
    if answer != "yes":
        return [replies.consent_explained()]
    state["step"] = int(state.get("step", 0)) + 1
    if state["step"] < len(questionnaire.consent):
        return [replies.consent_step(questionnaire, state["step"])]
    first = engine.first_question(questionnaire)
    if first is None:
        state["stage"] = ENDED
        return [replies.thanks(questionnaire), ended()]
    return _ask(state, first)


def _answer(
    questionnaire: Questionnaire, state: dict, question: Question, body: str, keyword: str | None
) -> list[str]:
    if keyword == keywords.HELP:
        return [replies.commands(), replies.support(), replies.prompt(question)]
    if keyword == keywords.BACK:
        earlier = engine.previous_question(questionnaire, question.id, _given(state))
        if earlier is None:
            return [replies.first_question_already(), replies.prompt(question)]
        return _ask(state, earlier)
    try:
        response = Response(SKIPPED) if keyword == keywords.SKIP else engine.parse_text(question, body)
    except InvalidAnswer as problem:
        state["tries"] += 1
        return [replies.invalid(question, problem.message, problem.params, state["tries"])]
    value = response.value[:KEPT_ANSWER] if isinstance(response.value, str) else response.value
    state["answers"][question.id] = [response.status, value]
    following = engine.next_question(questionnaire, question.id, _given(state))
    if following is None:
        state["stage"] = ENDED
        return [replies.thanks(questionnaire), ended()]
    return _ask(state, following)
