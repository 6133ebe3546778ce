"""Free text, short (one line) or long (a box): kept as typed, read by the safeguarding check."""

from __future__ import annotations

from collections import Counter

from survey_app.engine.answer_types.base import REPLY_WORDS, AnswerType, ExportColumn, Translate, same
from survey_app.engine.answer_types.names import TypeName
from survey_app.engine.answers import (
    ANSWERED,
    N_,
    InvalidAnswer,
    Response,
    clean_text,
    max_length,
    word_count,
)
from survey_app.engine.questionnaire import Question


def _one_value(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ""


class ShortText(AnswerType):
    name = TypeName.SHORT_TEXT
    field_kind = "input"
    is_text = True
    empty_message = N_("Type your answer, or skip this question.")

    def values(self, question: Question) -> tuple[str, ...]:
        return ()

    def parse_form(self, question: Question, values: list[str]) -> object:
        text = clean_text(_one_value(values))
        if not text:
            raise InvalidAnswer(N_("Type your answer, or skip this question."))
        limit = max_length(question)
        if question.max_words and word_count(text) > question.max_words:
            raise InvalidAnswer(
                N_("Your answer is %(length)s words. Keep it to %(limit)s or fewer."),
                length=word_count(text),
                limit=question.max_words,
            )
        if len(text) > limit:
            raise InvalidAnswer(
                N_("Your answer is %(length)s characters. Keep it to %(limit)s or fewer."),
                length=len(text),
                limit=limit,
            )
        return text

    def parse_text(self, question: Question, text: str) -> Response:
        return Response(ANSWERED, self.parse_form(question, [text]))

    def options(self, question: Question, translate: Translate = same) -> list[tuple[str, str]]:
        return []

    def sms_lines(self, question: Question, translate: Translate = same) -> list[str]:
        return []

    def sms_hint(self, question: Question, translate: Translate = same) -> str:
        return translate(REPLY_WORDS)

    def codes(self, question: Question) -> tuple[tuple[str, int, str], ...]:
        return ()

    def export_columns(self, question: Question) -> tuple[ExportColumn, ...]:
        return (ExportColumn(question.text, text=True),)

    def export_cells(self, question: Question, value: object) -> tuple[object, ...]:
        return (value,)

    def count(
        self, question: Question, answers: Counter, translate: Translate = same
    ) -> list[tuple[str, int]]:
        return []  # typed words are read, not counted


class LongText(ShortText):
    name = TypeName.LONG_TEXT
    field_kind = "textarea"
    counts_words = True
    default_length = 2000
