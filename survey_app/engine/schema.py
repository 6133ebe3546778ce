"""What a questionnaire file may say, as pydantic models: one description for the loader and the editor.

The loader checks a file's shape against these models before building a ``Questionnaire`` (so a misspelt
field is named with its line and the name that was meant), and ``flask conversations schema`` publishes
them as a JSON Schema: a researcher's editor (VS Code with the YAML extension) then completes field names
and underlines mistakes while they type. The descriptions are what the editor shows on hover, so they are
written for the people who edit the files. Rules that need more than one field (a scale needs min and
max; conditions look back) stay in the loader.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, WithJsonSchema

from survey_app.engine import answer_types
from survey_app.engine.pictures import SYMBOLS
from survey_app.engine.questionnaire import AUDIENCES, KINDS
from survey_app.engine.schema_errors import FIELD, complaint, not_one_of

ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
KEYWORD_PATTERN = r"^[A-Za-z0-9]{2,20}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(_[A-Z]{2})?$"
ADDRESS_PATTERN = r"^https://\S+$"


def _text(value: object) -> object:
    if isinstance(value, bool):
        # YAML reads a bare Yes, No, On or Off as true/false, not as the word.
        raise complaint(f"'{FIELD}' must be some text: put words like Yes or No in quotes")
    if not isinstance(value, str | int | float) or not str(value).strip():
        raise complaint(f"'{FIELD}' must be some text")
    return str(value)


def _number(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise complaint(f"'{FIELD}' must be a number")
    return value


def _identifier(value: object) -> object:
    if not isinstance(value, str) or not re.match(ID_PATTERN, value):
        raise complaint(f"'{value}' is not a valid id: use lower-case letters, digits, '-' or '_'")
    return value


def _matching(pattern: str, message: str):
    def check(value: object) -> object:
        if not isinstance(value, str) or not re.match(pattern, value.strip()):
            raise complaint(message)
        return value

    return check


def _paragraphs(value: object) -> object:
    paragraphs = value if isinstance(value, list) else [value]
    if not paragraphs or not all(isinstance(p, str) and p.strip() for p in paragraphs):
        raise complaint(f"{FIELD} must be paragraphs of text")
    return value


def _points(value: object) -> object:
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        raise complaint("illustration must be a list of points, each some text")
    return value


def _languages(value: object) -> object:
    if not isinstance(value, list) or not all(
        isinstance(v, str) and re.match(LANGUAGE_PATTERN, v) for v in value
    ):
        raise complaint("languages must be a list of language codes, like [en, gd, pl]")
    return value


STRING_OR_NUMBER = {"type": ["string", "number"]}
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema(STRING_OR_NUMBER)]
Number = Annotated[float, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
Count = Annotated[int, BeforeValidator(_number), WithJsonSchema({"type": "integer", "minimum": 1})]
Identifier = Annotated[
    str, BeforeValidator(_identifier), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})
]
# A choice's value or a condition's: YAML reads a bare yes/no as true/false, and we mean the words.
Value = Annotated[
    str,
    BeforeValidator(lambda v: ("yes" if v else "no") if isinstance(v, bool) else _text(v)),
    WithJsonSchema({"type": ["string", "number", "boolean"]}),
]
Date = Annotated[dt.date, Field(strict=True), WithJsonSchema({"type": "string", "format": "date"})]
Picture = Literal[tuple(SYMBOLS)]  # type: ignore[valid-type]
Paragraphs = Annotated[
    Any,
    BeforeValidator(_paragraphs),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
]
Points = Annotated[
    Any, BeforeValidator(_points), WithJsonSchema({"type": "array", "items": {"type": "string"}})
]
Languages = Annotated[
    Any,
    BeforeValidator(_languages),
    WithJsonSchema({"type": "array", "items": {"type": "string", "pattern": LANGUAGE_PATTERN}}),
]
Keyword = Annotated[
    str,
    BeforeValidator(
        _matching(KEYWORD_PATTERN, "sms_keyword must be one word of letters and digits, like CARE")
    ),
    WithJsonSchema({"type": "string", "pattern": KEYWORD_PATTERN}),
]
Address = Annotated[
    str,
    BeforeValidator(_matching(ADDRESS_PATTERN, "privacy_notice must be a web address starting https://")),
    WithJsonSchema({"type": "string", "pattern": ADDRESS_PATTERN}),
]

Reading = Annotated[
    str,
    BeforeValidator(_matching(r"^(all|flagged)$", "reading must be all or flagged")),
    WithJsonSchema({"enum": ["all", "flagged"]}),
]


class _Part(BaseModel):
    # A name the file does not know is a mistake to point at, never something to ignore.
    model_config = ConfigDict(extra="forbid", populate_by_name=False)


class Condition(_Part):
    """Show a question only when an earlier answer says so: one test, or `all` / `any` of several."""

    question: str | None = Field(None, description="The id of an earlier question.")
    equals: Value | None = Field(None, description="Shown when the answer is this value.")
    one_of: list[Value] | None = Field(None, description="Shown when the answer is one of these values.")
    includes: Value | None = Field(None, description="Shown when this value is among the ticked choices.")
    at_least: Number | None = Field(None, description="Shown when the number is this or more.")
    at_most: Number | None = Field(None, description="Shown when the number is this or less.")
    answered: StrictBool | None = Field(None, description="true: shown when the question was answered.")
    all_of: list[Condition] | None = Field(None, alias="all", description="Shown when every condition holds.")
    any_of: list[Condition] | None = Field(None, alias="any", description="Shown when one condition holds.")


class ChoiceEntry(_Part):
    value: Value = Field(description="The code stored and shown in downloads: lower-case, no spaces.")
    label: Text = Field(description="The words people see.")
    sms: Text | None = Field(None, description="Shorter words for a text message.")
    exclusive: StrictBool | None = Field(None, description="'None of these': cannot be ticked with others.")
    picture: Picture | None = Field(None, description="A symbol shown beside the words (Easy Read).")


def _answer_type(value: object) -> object:
    # The registry, not a list here, knows the types: a type added in its own module is accepted at once.
    known = list(answer_types.names())
    if value not in known:
        raise complaint(not_one_of("type", value, known))
    return value


AnswerTypeName = Annotated[
    str,
    BeforeValidator(_answer_type),
    WithJsonSchema({"type": "string", "enum": list(answer_types.names())}),
]


class QuestionEntry(_Part):
    id: Identifier = Field(
        description="A short name, unique in the file: lower-case letters, digits, - or _."
    )
    type: AnswerTypeName = Field(description="How people answer.")
    text: Text = Field(description="The question, in plain words.")
    hint: Text | None = Field(None, description="A line of help under the question.")
    why: Text | None = Field(None, description="Why we ask: say so for personal questions.")
    sms: Text | None = Field(None, description="A shorter wording for text messages (160 characters).")
    choices: list[ChoiceEntry] | None = Field(None, description="For single_choice and multiple_choice.")
    min: Number | None = Field(None, description="The lowest number (scale and number questions).")
    max: Number | None = Field(None, description="The highest number (scale and number questions).")
    min_label: Text | None = Field(None, description="Words for the lowest end of a scale.")
    max_label: Text | None = Field(None, description="Words for the highest end of a scale.")
    max_length: Count | None = Field(None, description="Most characters in a text answer.")
    max_words: Count | None = Field(None, description="Most words in a long_text answer (self-evaluation).")
    show_if: Condition | None = Field(None, description="Ask only when an earlier answer says so.")
    identifies: Text | None = Field(None, description="age, area, gender, disability or placement.")
    safeguarding: StrictBool | None = Field(None, description="false: free text not read for safety.")
    picture: Picture | None = Field(None, description="A symbol shown beside the question (Easy Read).")


class SectionEntry(_Part):
    id: Identifier = Field(description="A short name for the section.")
    title: Text = Field(description="The section's heading.")
    questions: list[QuestionEntry] = Field(min_length=1, description="The questions, in order.")
    guidance: Text | None = Field(None, description="Self-evaluation: what to write about.")
    exemplar: Text | None = Field(None, description="Self-evaluation: an example answer.")
    illustration: Points | None = Field(None, description="Self-evaluation: the illustration's points.")


class ConsentEntry(_Part):
    id: Identifier = Field(description="A short name for the step.")
    text: Text = Field(description="What people agree to.")
    sms: Text | None = Field(None, description="A shorter wording for text messages.")


class QuestionnaireFile(_Part):
    """One questionnaire: the website and the text-message chatbot both read it."""

    model_config = ConfigDict(title="Questionnaire")

    id: Identifier = Field(description="The questionnaire's name in web addresses: lower-case, no spaces.")
    version: Text = Field(description='Add 1 when people would see a difference. Quote it: "2".')
    title: Text = Field(description="The name people see.")
    audience: Literal[AUDIENCES] = Field(description="Who it is for.")  # type: ignore[valid-type]
    summary: Text = Field(description="One or two sentences on the start page.")
    minutes: Number | None = Field(None, description="About how long it takes.")
    information_sheet: Paragraphs = Field(description="What people read before they agree.")
    consent: list[ConsentEntry] = Field(min_length=1, description="The steps people agree to.")
    sections: list[SectionEntry] = Field(min_length=1, description="The questions, in sections.")
    sms_keyword: Keyword | None = Field(None, description="The word people text to start, like CARE.")
    sms_intro: Text | None = Field(None, description="The first text message.")
    opens: Date | None = Field(None, description="The first day, YYYY-MM-DD.")
    closes: Date | None = Field(None, description="The last day, YYYY-MM-DD.")
    destroy_after: Date | None = Field(None, description="When the answers are destroyed, YYYY-MM-DD.")
    languages: Languages | None = Field(None, description="Languages offered, like [en, gd, pl].")
    other_ways: Text | None = Field(None, description="Other ways to have a say.")
    thanks: Text | None = Field(None, description="Said at the end.")
    run_by: Text | None = Field(None, description="Who runs the survey.")
    contact: Text | None = Field(None, description="How to reach them.")
    privacy_notice: Address | None = Field(None, description="The privacy notice's web address (https://).")
    results_use: Text | None = Field(None, description="What the results are used for.")
    kind: Literal[KINDS] | None = Field(None, description="survey, or a partners' self-evaluation.")  # type: ignore[valid-type]
    reading: Reading | None = Field(
        None, description="Which written answers a person reads for safety: all, or only flagged ones."
    )
    reading_days: Number | None = Field(None, description="Working days within which they are read.")
    draft: StrictBool | None = Field(
        None, description="true: only for young advisers to try by preview link."
    )
    easy_read: StrictBool | None = Field(None, description="true: Easy Read, checked for shorter sentences.")
    ages: Text | None = Field(None, description='Who it is for, in words: "16 to 26".')


def json_schema() -> dict:
    """The JSON Schema of a questionnaire file, for editors. Declared as draft-07, the draft every YAML editor
    plug-in understands; pydantic's output uses nothing newer (``$defs`` is found by its JSON pointer)."""
    schema = QuestionnaireFile.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema}
