"""The conversation engine: questionnaires, answers and the path through them.

Pure Python on purpose. It imports no Flask, no database and no Twilio, so the web pages and the
text-message chatbot walk exactly the same questionnaire in exactly the same way (a test enforces it).
"""

from survey_app.engine.answer_types import AnswerType, TypeName, answer_type
from survey_app.engine.answers import (
    PREFER_NOT_TO_SAY,
    SKIPPED,
    InvalidAnswer,
    Response,
    parse_text,
    parse_values,
)
from survey_app.engine.loading import QuestionnaireError, load_folder, load_questionnaire, parse_questionnaire
from survey_app.engine.path import (
    first_question,
    next_question,
    previous_question,
    relevant_responses,
    visible_questions,
)
from survey_app.engine.questionnaire import (
    Choice,
    Condition,
    ConsentStep,
    Question,
    Questionnaire,
)

__all__ = [
    "AnswerType",
    "TypeName",
    "answer_type",
    "PREFER_NOT_TO_SAY",
    "SKIPPED",
    "Choice",
    "Condition",
    "ConsentStep",
    "InvalidAnswer",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Response",
    "first_question",
    "load_folder",
    "load_questionnaire",
    "next_question",
    "parse_questionnaire",
    "parse_text",
    "parse_values",
    "previous_question",
    "relevant_responses",
    "visible_questions",
]
