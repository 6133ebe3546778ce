"""A self-evaluation's judgement on the inspectorate's six-point scale, excellent to unsatisfactory."""

from __future__ import annotations

from survey_app.engine.answer_types.base import REPLY_WORDS, AnswerType, Translate, same
from survey_app.engine.answer_types.names import TypeName
from survey_app.engine.answers import N_, InvalidAnswer
from survey_app.engine.questionnaire import EVALUATION_SCALE, Question


class Evaluation(AnswerType):
    name = TypeName.EVALUATION
    empty_message = N_("Choose an evaluation from excellent to unsatisfactory.")

    def parse_form(self, question: Question, values: list[str]) -> object:
        value = values[0] if len(values) == 1 else ""
        if value not in EVALUATION_SCALE:
            raise InvalidAnswer(N_("Choose an evaluation from excellent to unsatisfactory."))
        return value

    def sms_hint(self, question: Question, translate: Translate = same) -> str:
        return translate(REPLY_WORDS)  # a self-evaluation is never sent by text; the check still reads it
