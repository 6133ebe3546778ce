"""Tick all that apply, with an optional exclusive "None of these" that cannot be ticked with another."""

from __future__ import annotations

from collections import Counter

from survey_app.engine.answer_types.base import (
    AnswerType,
    ExportColumn,
    Translate,
    choice_by_number,
    numbers_in,
    same,
)
from survey_app.engine.answer_types.names import TypeName
from survey_app.engine.answers import ANSWERED, N_, InvalidAnswer, Response
from survey_app.engine.questionnaire import Question

REPLY_NUMBERS = N_("Reply with numbers, like 1 3")
TICKED = {"1": "Chosen", "0": "Not chosen"}


class MultipleChoice(AnswerType):
    name = TypeName.MULTIPLE_CHOICE
    field_kind = "checkboxes"
    several = True
    takes_choices = True
    empty_message = N_("Choose at least one answer, or skip this question.")

    def parse_form(self, question: Question, values: list[str]) -> object:
        chosen = list(dict.fromkeys(values))
        if not chosen or any(question.choice(v) is None for v in chosen):
            raise InvalidAnswer(N_("Choose at least one answer."))
        exclusive = [v for v in chosen if question.choice(v).exclusive]
        if exclusive and len(chosen) > 1:
            label = question.choice(exclusive[0]).label
            raise InvalidAnswer(
                N_("You chose \u201c%(label)s\u201d and another answer. Choose one or the other."),
                label=label,
            )
        order = [c.value for c in question.choices]
        return sorted(chosen, key=order.index)

    def parse_text(self, question: Question, text: str) -> Response:
        numbers = numbers_in(text)
        if not numbers:
            raise InvalidAnswer(N_("Reply with the number of your answer."))
        values = [choice_by_number(question, n) for n in numbers]
        return Response(ANSWERED, self.parse_form(question, values))

    def sms_hint(self, question: Question, translate: Translate = same) -> str:
        return translate(REPLY_NUMBERS)

    def export_columns(self, question: Question) -> tuple[ExportColumn, ...]:
        return tuple(
            ExportColumn(f"{question.text} - {c.label}", (c.value,), value_labels=dict(TICKED))
            for c in question.choices
        )

    def export_cells(self, question: Question, value: object) -> tuple[object, ...]:
        chosen = set(value or ())
        return tuple(int(c.value in chosen) for c in question.choices)

    def count(
        self, question: Question, answers: Counter, translate: Translate = same
    ) -> list[tuple[str, int]]:
        """Ticks for each choice: people tick several, so these rows overlap and do not add up."""
        ticked: Counter = Counter()
        for value, n in answers.items():
            for chosen in value:
                ticked[chosen] += n
        return [(c.label, ticked[c.value]) for c in question.choices]
