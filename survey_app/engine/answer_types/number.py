"""A number ("How old are you?"), with words around it if people type them ("19 years", "I'm 19")."""

from __future__ import annotations

import math
import re
from collections import Counter

from survey_app.engine.answer_types.base import AnswerType, Rows, Translate, same, western_digits
from survey_app.engine.answer_types.names import TypeName
from survey_app.engine.answers import N_, InvalidAnswer, Response, parse_values
from survey_app.engine.questionnaire import Question

REPLY_NUMBER = N_("Reply with a number")
# A wider range than this is grouped on the dashboard, so the chart stays readable and single values
# do not stand out.
MAX_NUMBER_ROWS = 12


def show(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else str(number)


def example(question: Question) -> str:
    """A whole number the question accepts, for "Enter a number, like 3.": an example outside the range
    (3 for an age from 16 to 26) would be refused in its turn."""
    low, high = question.minimum, question.maximum

    def fits(number: int) -> bool:
        return (low is None or number >= low) and (high is None or number <= high)

    for number in (3, None if low is None else math.ceil(low), None if high is None else math.floor(high)):
        if number is not None and fits(number):
            return str(number)
    return show(low if low is not None else high)  # no whole number in range: its end is an example


def one_value(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ""


def number_in_range(question: Question, text: str, whole: bool) -> int | float:
    # One number, with words around it if people write them ("19 years", "I'm 19"): take the number.
    words = r"(?:[^\W\d_]|['. ])*"
    text = western_digits(text)
    found = re.fullmatch(words + r"?(-?[0-9]+(?:\.[0-9]+)?)" + words, text.strip().replace(",", ""))
    if found is None:
        raise InvalidAnswer(N_("Enter a number, like %(example)s."), example=example(question))
    number = float(found[1])
    if whole and not number.is_integer():
        raise InvalidAnswer(N_("Enter a whole number, like %(example)s."), example=example(question))
    low, high = question.minimum, question.maximum
    if low is not None and high is not None and not low <= number <= high:
        raise InvalidAnswer(N_("Enter a number from %(low)s to %(high)s."), low=show(low), high=show(high))
    if low is not None and number < low:
        raise InvalidAnswer(N_("Enter a number of %(low)s or more."), low=show(low))
    if high is not None and number > high:
        raise InvalidAnswer(N_("Enter a number of %(high)s or less."), high=show(high))
    return int(number) if number.is_integer() else number


def number_by_text(question: Question, text: str) -> Response:
    """A number typed in a text message, with the text-message wording ("Reply", not "Enter")."""
    text = western_digits(text)
    if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text.strip().replace(",", "")):
        try:
            return parse_values(question, [text])
        except InvalidAnswer:
            pass
    low, high = question.minimum, question.maximum
    if low is not None and high is not None:
        raise InvalidAnswer(
            N_("Reply with a number from %(low)s to %(high)s."), low=show(low), high=show(high)
        )
    raise InvalidAnswer(N_("Reply with a number, like %(example)s."), example=example(question))


def point_label(question: Question, number: int) -> str:
    ends = {question.minimum: question.min_label, question.maximum: question.max_label}
    end = ends.get(number)
    return f"{number} ({end})" if end else str(number)


def number_rows(question: Question, answers: Counter, grouped: bool) -> Rows:
    """How many gave each number, or each group of numbers when ``grouped`` and the range is wide."""
    numbers: Counter = Counter()
    for value, n in answers.items():
        numbers[float(value)] += n
    if not numbers:
        return []
    low = math.floor(question.minimum if question.minimum is not None else min(numbers))
    high = math.ceil(question.maximum if question.maximum is not None else max(numbers))
    if not grouped or high - low < MAX_NUMBER_ROWS:
        return [
            (point_label(question, v), int(sum(n for x, n in numbers.items() if v <= x < v + 1)))
            for v in range(low, high + 1)
        ]
    step = math.ceil((high - low + 1) / 6)
    return [
        (f"{start}-{start + step - 1}", sum(n for x, n in numbers.items() if start <= x < start + step))
        for start in range(low, high + 1, step)
    ]


class Number(AnswerType):
    name = TypeName.NUMBER
    field_kind = "number"
    numeric = True
    spss_measure = "scale"
    empty_message = N_("Enter a number, or skip this question.")

    def values(self, question: Question) -> tuple[str, ...]:
        return ()

    def parse_form(self, question: Question, values: list[str]) -> object:
        return number_in_range(question, one_value(values), whole=False)

    def parse_text(self, question: Question, text: str) -> Response:
        return number_by_text(question, text)

    def sms_hint(self, question: Question, translate: Translate = same) -> str:
        return translate(REPLY_NUMBER)

    def codes(self, question: Question) -> tuple[tuple[str, int, str], ...]:
        return ()

    def count(
        self, question: Question, answers: Counter, translate: Translate = same
    ) -> list[tuple[str, int]]:
        return number_rows(question, answers, grouped=True)
