"""Questions as form fields: what a page shows for each answer type, and how a submitted form is read.

The engine decides what an answer means; this module only turns a question into inputs (radios, checkboxes,
a text box) and the posted form back into the list of values the engine parses.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from survey_app.engine import PREFER_NOT_TO_SAY, SKIPPED, Question, Response, parse_values
from survey_app.engine.answers import clean_text, max_length
from survey_app.engine.pictures import alt_text
from survey_app.i18n import translate

FIELD = (
    "answer"  # the name of every answer input, and the id of the first one (the error summary links to it)
)
SKIP = "skip"
PREFER_NOT = "prefer_not"


@dataclass(frozen=True)
class Option:
    id: str
    value: str
    label: str
    checked: bool
    exclusive: bool = False
    picture: str | None = None  # a symbol beside the words (Easy Read), with its text alternative
    alt: str = ""


@dataclass(frozen=True)
class Field:
    kind: str  # radios, checkboxes, number, input, textarea
    template: str = "web/_fields.html"  # where the answer type's ``answer_field`` macro is
    options: tuple[Option, ...] = ()
    text: str = ""
    limit: int | None = None
    picture: str | None = None
    alt: str = ""
    faces: bool = False  # the picture scale: five worded faces in a row


def option_id(position: int) -> str:
    """``answer`` for the first option (so an error links to it), then ``answer-2``, ``answer-3``..."""
    return FIELD if position == 0 else f"{FIELD}-{position + 1}"


def given_values(response: Response | None) -> list[str]:
    """A stored answer as the form values that would give it, to fill the page in again."""
    if response is None or not response.answered:
        return []
    if isinstance(response.value, list):
        return [str(v) for v in response.value]
    return [str(response.value)]


def field_for(question: Question, values: list[str]) -> Field:
    """The inputs for ``question``, filled in with ``values`` (a stored answer, or what was just sent)."""
    answer_type = question.answer_type
    kind, template = answer_type.field_kind, answer_type.field_template
    if kind in ("radios", "checkboxes"):
        exclusive = {c.value for c in question.choices if c.exclusive}
        pictures = {c.value: c.picture for c in question.choices}
        options = tuple(
            Option(
                option_id(n),
                value,
                label,
                value in values,
                value in exclusive,
                *_picture(pictures.get(value)),
            )
            for n, (value, label) in enumerate(answer_type.options(question, translate))
        )
        return Field(kind, template, options, **_question_picture(question), faces=question.picture_scale)
    return Field(
        kind,
        template,
        text=clean_text(values[0]) if len(values) == 1 else "",
        limit=max_length(question) if question.is_text else None,
        **_question_picture(question),
    )


def _picture(name: str | None) -> tuple[str | None, str]:
    return name, translate(alt_text(name))


def _question_picture(question: Question) -> dict:
    return {"picture": question.picture, "alt": translate(alt_text(question.picture))}


def read(question: Question, form: MultiDict) -> Response:
    """The response a posted question form gives. Raises ``InvalidAnswer`` with a message to show."""
    action = form.get("action")
    if action == SKIP:
        return Response(SKIPPED)
    if action == PREFER_NOT:
        return parse_values(question, [PREFER_NOT_TO_SAY])
    return parse_values(question, form.getlist(FIELD))


def describe(question: Question, response: Response) -> list[str]:
    """An answer in words for the check-your-answers page: one line per chosen option."""
    if response.status == SKIPPED:
        return [gettext("Skipped")]
    if response.status == PREFER_NOT_TO_SAY:
        return [gettext("Prefer not to say")]
    return question.answer_type.describe(question, response.value, translate)
