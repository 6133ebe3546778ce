"""The questionnaire schema: the loader's first check, and the JSON Schema a researcher's editor uses.

The shipped files against the committed schema file: tests/test_shipped_questionnaires.py."""

from __future__ import annotations

import datetime as dt

import jsonschema
import pytest
import yaml

from survey_app.engine import QuestionnaireError, load_questionnaire
from survey_app.engine.schema import json_schema
from tests.engine.conftest import questionnaire_data


def as_an_editor_reads_it(value: object) -> object:
    """YAML data as JSON sees it: an editor's schema check has no dates, only the text of them."""
    if isinstance(value, dict):
        return {str(key): as_an_editor_reads_it(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_an_editor_reads_it(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def test_the_json_schema_underlines_a_misspelt_field_and_a_missing_one():
    validator = jsonschema.Draft7Validator(json_schema())
    data = questionnaire_data([{"id": "tea", "type": "yes_no", "txet": "Tea?"}])
    messages = sorted(error.message for error in validator.iter_errors(as_an_editor_reads_it(data)))
    assert messages == [
        "'text' is a required property",
        "Additional properties are not allowed ('txet' was unexpected)",
    ]


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"audeince": "staff"}, "unknown field 'audeince': did you mean 'audience'?"),
        ({"audience": "young people"}, "audience must be one of: young_people, families, staff, partners"),
        ({"opens": "next week"}, "'opens' must be a date written as YYYY-MM-DD"),
        ({"draft": "yes"}, "'draft' must be true or false"),
        ({"sms_keyword": "two words"}, "sms_keyword must be one word of letters and digits, like CARE"),
    ],
)
def test_a_wrong_top_field_says_its_line_and_what_is_wrong_in_plain_words(write_text, change, problem):
    data = questionnaire_data() | change
    if "audeince" in change:
        del data["audience"]
    text = yaml.safe_dump(data, sort_keys=False)
    (key,) = change
    line = 1 + [row.split(":")[0] for row in text.splitlines()].index(key)
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write_text(text))
    assert caught.value.where == f"line {line} ({key})"
    assert caught.value.problem.startswith(problem)


def test_every_problem_in_a_question_is_named_with_its_path(write_text):
    data = questionnaire_data([{"id": "tea", "type": "yes_no", "text": "Tea?", "picture": "cat"}])
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write_text(yaml.safe_dump(data, sort_keys=False)))
    assert caught.value.where.endswith("(sections[0].questions[0].picture)")
    assert caught.value.problem.startswith("unknown picture 'cat' (use one of: face-very-sad")
