"""The path through a questionnaire: which question comes next, which came before, which count.

A person's answers so far are a mapping of question id to ``Response``. Conditions only look at earlier
questions (the loader checks this), so walking forward in file order is always well defined.
"""

from __future__ import annotations

from collections.abc import Mapping

from survey_app.engine.answers import Response
from survey_app.engine.questionnaire import Condition, Question, Questionnaire

Responses = Mapping[str, Response]


def condition_holds(condition: Condition, responses: Responses) -> bool:
    if condition.all_of:
        return all(condition_holds(part, responses) for part in condition.all_of)
    if condition.any_of:
        return any(condition_holds(part, responses) for part in condition.any_of)
    response = responses.get(condition.question or "")
    if condition.answered is not None:
        return (response is not None and response.answered) == condition.answered
    if response is None or not response.answered:
        # A skipped question or "prefer not to say" never opens a branch: we do not guess.
        return False
    value = response.value
    if condition.equals is not None:
        return value == condition.equals
    if condition.one_of:
        return value in condition.one_of
    if condition.includes is not None:
        return isinstance(value, list) and condition.includes in value
    if condition.at_least is not None and not (
        isinstance(value, int | float) and value >= condition.at_least
    ):
        return False
    return not (
        condition.at_most is not None and not (isinstance(value, int | float) and value <= condition.at_most)
    )


def is_visible(question: Question, responses: Responses) -> bool:
    return question.show_if is None or condition_holds(question.show_if, responses)


def on_path(questionnaire: Questionnaire, responses: Responses) -> dict[str, Response]:
    """Only the answers to questions that are still shown, walking forward in file order.

    An answer left on a branch the person has since left must not open a question that depends on it.
    """
    kept: dict[str, Response] = {}
    for question in questionnaire.questions:
        if question.id in responses and is_visible(question, kept):
            kept[question.id] = responses[question.id]
    return kept


def visible_questions(questionnaire: Questionnaire, responses: Responses) -> list[Question]:
    kept = on_path(questionnaire, responses)
    return [q for q in questionnaire.questions if is_visible(q, kept)]


def first_question(questionnaire: Questionnaire, responses: Responses | None = None) -> Question | None:
    kept = on_path(questionnaire, responses or {})
    return next((q for q in questionnaire.questions if is_visible(q, kept)), None)


def next_question(questionnaire: Questionnaire, current: str, responses: Responses) -> Question | None:
    """The next question to show after ``current``, or None at the end."""
    start, kept = questionnaire.index[current] + 1, on_path(questionnaire, responses)
    return next((q for q in questionnaire.questions[start:] if is_visible(q, kept)), None)


def previous_question(
    questionnaire: Questionnaire, current: str | None, responses: Responses
) -> Question | None:
    """The question before ``current`` on this person's path (``None`` current means: from the end)."""
    end = questionnaire.index[current] if current else len(questionnaire.questions)
    kept = on_path(questionnaire, responses)
    earlier = [q for q in questionnaire.questions[:end] if is_visible(q, kept)]
    return earlier[-1] if earlier else None


def relevant_responses(questionnaire: Questionnaire, responses: Responses) -> dict[str, Response]:
    """Only the responses to questions still on this person's path, in questionnaire order.

    Someone who goes back and changes a branching answer leaves answers on the old branch; those are not
    part of their response and are not kept when they finish.
    """
    return {q.id: responses[q.id] for q in visible_questions(questionnaire, responses) if q.id in responses}
