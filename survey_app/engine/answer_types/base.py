"""What an answer type is: everything the channels, the downloads and the dashboard need to know about it.

A type is one small class. The defaults below suit a question answered by picking one of its choices, so a
new type overrides only what makes it different. Nothing here knows Flask or the database: the web, SMS,
export and dashboard modules turn these plain answers into pages, texts, columns and charts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from survey_app.engine.answers import ANSWERED, N_, InvalidAnswer, Response
from survey_app.engine.questionnaire import Choice, Question

Translate = Callable[[str], str]
Rows = list[tuple[str, int]]  # (what was answered, in words; how many)

REPLY_TWO = N_("Reply 1 or 2")
REPLY_THREE = N_("Reply 1, 2 or 3")
REPLY_RANGE = N_("Reply %(low)s-%(high)s")
REPLY_WORDS = N_("Reply in your own words")


def same(text: str) -> str:
    return text


@dataclass(frozen=True)
class ExportColumn:
    """One column a question gives in a download. ``parts`` are added to the question's id for its name."""

    label: str
    parts: tuple[str, ...] = ()
    value_labels: dict[str, str] = field(default_factory=dict)
    measure: str | None = None
    text: bool = False


def western_digits(text: str) -> str:
    """Digits of any script as 0-9: an Arabic, Persian or full-width keyboard types "١٩", "۱۹" or "１９".

    Only decimal digits change: "²" and "①" are not (str.isdecimal is false for them), so they stay words.
    """
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def numbers_in(text: str) -> list[str]:
    """The numbers in "1 3", "1,3", "1 and 3"; anything else in the message makes it not a list of numbers."""
    tokens = re.split(r"[\s,;/&+.]+|\band\b", western_digits(text).lower())
    tokens = [t for t in tokens if t]
    # [0-9] only: "²" and "①" pass str.isdigit() but int() refuses them; other scripts' digits are 0-9 by now.
    if not tokens or not all(re.fullmatch(r"[0-9]+", t) for t in tokens):
        return []
    return tokens


def choice_by_number(question: Question, number: str) -> str:
    position = int(number)
    if not 1 <= position <= len(question.choices):
        raise InvalidAnswer(N_("Reply with a number from 1 to %(count)s."), count=len(question.choices))
    return question.choices[position - 1].value


class AnswerType:
    name: ClassVar[str]
    # How the web shows it: "radios", "checkboxes", "number", "input" or "textarea", in ``field_template``
    # (a template with an ``answer_field`` macro).
    field_kind: ClassVar[str] = "radios"
    field_template: ClassVar[str] = "web/_fields.html"
    # Typed words: read by the safeguarding check, scrubbed in downloads, never counted on the dashboard.
    is_text: ClassVar[bool] = False
    # Several choices at once: one download column per choice, and the dashboard counts ticks.
    several: ClassVar[bool] = False
    # A number: conditions may test it with at_least and at_most.
    numeric: ClassVar[bool] = False
    # What the file may say: a list of choices, min and max (needed), a length or a word limit.
    takes_choices: ClassVar[bool] = False
    needs_range: ClassVar[bool] = False
    counts_words: ClassVar[bool] = False
    spss_measure: ClassVar[str] = "nominal"
    # Characters allowed when the file gives no max_length (typed types only).
    default_length: ClassVar[int] = 200
    empty_message: ClassVar[str] = N_("Choose an answer, or skip this question.")

    # --- loading -------------------------------------------------------------------------------------

    preset_note: ClassVar[str] = "its own choices"  # for the loader's message when a file lists some anyway

    def preset_choices(self) -> tuple[Choice, ...]:
        """Choices the type brings itself (the file must not list any)."""
        return ()

    def loads_as(self) -> str:
        """The type a loaded question has: a type may be another type with its own choices."""
        return self.name

    def values(self, question: Question) -> tuple[str, ...]:
        """The fixed answers it can give, in order ("equals" and "one_of" test these); () if open-ended."""
        return tuple(c.value for c in question.choices)

    # --- reading an answer ------------------------------------------------------------------------------

    def parse_form(self, question: Question, values: list[str]) -> object:
        """The stored value for what a web form sent (never empty, never "prefer not to say")."""
        if len(values) != 1 or question.choice(values[0]) is None:
            raise InvalidAnswer(N_("Choose one answer."))
        return values[0]

    def parse_text(self, question: Question, text: str) -> Response:
        """The response a text message gives (cleaned, not empty, not "prefer not to say")."""
        numbers = numbers_in(text)
        if not numbers:
            raise InvalidAnswer(N_("Reply with the number of your answer."))
        if len(numbers) > 1:
            raise InvalidAnswer(N_("Reply with just one number."))
        return Response(ANSWERED, choice_by_number(question, numbers[0]))

    # --- showing it -------------------------------------------------------------------------------------

    def options(self, question: Question, translate: Translate = same) -> list[tuple[str, str]]:
        """(value, words) for each radio or checkbox on the web page."""
        return [(c.value, translate(c.label)) for c in question.choices]

    def describe(self, question: Question, value: object, translate: Translate = same) -> list[str]:
        """An answer in words for the check-your-answers page: one line per chosen option."""
        labels = dict(self.options(question, translate))
        given = value if isinstance(value, list) else [value]
        return [labels.get(str(v), str(v)) for v in given]

    def sms_lines(self, question: Question, translate: Translate = same) -> list[str]:
        """Lines between the question and the reply hint: the numbered choices."""
        return [f"{n} {translate(choice.sms_label)}" for n, choice in enumerate(question.choices, start=1)]

    def sms_hint(self, question: Question, translate: Translate = same) -> str:
        """The last line of a text message: how to answer."""
        count = len(question.choices)
        if count in (2, 3):
            return translate(REPLY_TWO if count == 2 else REPLY_THREE)
        return translate(REPLY_RANGE) % {"low": 1, "high": count}

    # --- downloads and the dashboard --------------------------------------------------------------------

    def codes(self, question: Question) -> tuple[tuple[str, int, str], ...]:
        """(value, code, label) for each answer that is stored as a word and downloaded as a number."""
        return tuple((c.value, n, c.label) for n, c in enumerate(question.choices, 1))

    def export_columns(self, question: Question) -> tuple[ExportColumn, ...]:
        labels = {str(code): label for _value, code, label in self.codes(question)}
        return (ExportColumn(question.text, value_labels=labels, measure=self.spss_measure),)

    def export_cells(self, question: Question, value: object) -> tuple[object, ...]:
        """An answered question's cells, one for each of its export columns."""
        coded = {v: code for v, code, _label in self.codes(question)}
        return (coded.get(value),) if coded else (value,)

    def count(
        self, question: Question, answers: Counter, translate: Translate = same
    ) -> list[tuple[str, int]]:
        """The dashboard's rows: how many gave each answer. ``answers`` counts the stored values."""
        return [(label, answers[value]) for value, _code, label in self.codes(question)]
