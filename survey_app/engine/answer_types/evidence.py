"""A self-evaluation's list of evidence: rows of title, what it shows and where it is held.

Only the partners' forms give it (``partners.forms`` reads the rows with ``engine.answers.parse_evidence``);
no survey channel asks it, so it has no single-value form or text message reading.
"""

from __future__ import annotations

from survey_app.engine.answer_types.base import REPLY_WORDS, AnswerType, Translate, same
from survey_app.engine.answer_types.names import TypeName
from survey_app.engine.questionnaire import Question


class Evidence(AnswerType):
    name = TypeName.EVIDENCE

    def parse_form(self, question: Question, values: list[str]) -> object:
        raise NotImplementedError("evidence is read as rows by the partners' forms")

    def sms_hint(self, question: Question, translate: Translate = same) -> str:
        return translate(REPLY_WORDS)  # a self-evaluation is never sent by text; the check still reads it
