"""A scale ("1 to 5"): whole numbers from min to max, each shown as a choice, the ends in words."""

from __future__ import annotations

from collections import Counter

from survey_app.engine.answer_types.base import REPLY_RANGE, AnswerType, ExportColumn, Translate, same
from survey_app.engine.answer_types.names import TypeName
from survey_app.engine.answer_types.number import (
    number_by_text,
    number_in_range,
    number_rows,
    one_value,
    show,
)
from survey_app.engine.answers import N_, Response
from survey_app.engine.questionnaire import Question

POINT = N_("%(number)s (%(meaning)s)")
OUT_OF = N_("%(number)s out of %(top)s")


def points(question: Question) -> range:
    return range(int(question.minimum), int(question.maximum) + 1)


class Scale(AnswerType):
    name = TypeName.SCALE
    numeric = True
    needs_range = True
    spss_measure = "ordinal"
    empty_message = N_("Choose a number, or skip this question.")

    def values(self, question: Question) -> tuple[str, ...]:
        return ()

    def parse_form(self, question: Question, values: list[str]) -> object:
        return number_in_range(question, one_value(values), whole=True)

    def parse_text(self, question: Question, text: str) -> Response:
        return number_by_text(question, text)

    def options(self, question: Question, translate: Translate = same) -> list[tuple[str, str]]:
        return [(str(n), self._point(question, n, translate)) for n in points(question)]

    def _point(self, question: Question, number: int, translate: Translate) -> str:
        meaning = question.min_label if number == question.minimum else None
        meaning = question.max_label if number == question.maximum else meaning
        if meaning:
            return translate(POINT) % {"number": number, "meaning": translate(meaning)}
        return str(number)

    def describe(self, question: Question, value: object, translate: Translate = same) -> list[str]:
        return [translate(OUT_OF) % {"number": value, "top": int(question.maximum)}]

    def sms_lines(self, question: Question, translate: Translate = same) -> list[str]:
        """ "1=Not at all 5=A lot": what the two ends of a scale mean."""
        ends = [(question.minimum, question.min_label), (question.maximum, question.max_label)]
        labels = " ".join(f"{show(number)}={translate(label)}" for number, label in ends if label)
        return [labels] if labels else []

    def sms_hint(self, question: Question, translate: Translate = same) -> str:
        return translate(REPLY_RANGE) % {"low": show(question.minimum), "high": show(question.maximum)}

    def codes(self, question: Question) -> tuple[tuple[str, int, str], ...]:
        return ()

    def export_columns(self, question: Question) -> tuple[ExportColumn, ...]:
        labels = {}
        if question.minimum is not None and question.maximum is not None:
            # Every point has a label, so no reader meets an unexplained code; the ends say what they mean.
            ends = {int(question.minimum): question.min_label, int(question.maximum): question.max_label}
            for point in points(question):
                end = ends.get(point)
                labels[str(point)] = f"{point} ({end})" if end else str(point)
        return (ExportColumn(question.text, value_labels=labels, measure=self.spss_measure),)

    def count(
        self, question: Question, answers: Counter, translate: Translate = same
    ) -> list[tuple[str, int]]:
        return number_rows(question, answers, grouped=False)
