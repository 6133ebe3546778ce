"""The questionnaire schema: the loader's first check, and the JSON Schema a researcher's editor uses."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from survey_app.conversations_cli import schema_text
from survey_app.engine import QuestionnaireError, load_questionnaire
from tests.engine.conftest import questionnaire_data

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "conversations" / "questionnaire.schema.json"
SHIPPED = sorted((ROOT / "conversations").rglob("*.yaml"))


def as_an_editor_reads_it(value: object) -> object:
    """YAML data as JSON sees it: an editor's schema check has no dates, only the text of them."""
    if isinstance(value, dict):
        return {str(key): as_an_editor_reads_it(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_an_editor_reads_it(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_the_committed_schema_file_is_the_one_the_program_makes():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "run: flask --app survey_app conversations schema --out conversations/questionnaire.schema.json"
    )


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_the_json_schema_accepts_every_shipped_questionnaire(validator, path):
    data = as_an_editor_reads_it(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert [error.message for error in validator.iter_errors(data)] == []


def test_the_json_schema_underlines_a_misspelt_field_and_a_missing_one(validator):
    data = questionnaire_data([{"id": "tea", "type": "yes_no", "txet": "Tea?"}])
    messages = sorted(error.message for error in validator.iter_errors(as_an_editor_reads_it(data)))
    assert messages == [
        "'text' is a required property",
        "Additional properties are not allowed ('txet' was unexpected)",
    ]


def test_the_editor_settings_point_questionnaire_files_at_the_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    patterns = settings["yaml.schemas"]["./conversations/questionnaire.schema.json"]
    assert {"conversations/*.yaml", "conversations/partners/*.yaml"} <= set(patterns)
    assert len(SHIPPED) >= 4  # the patterns above cover every shipped file
    assert all(path.parent.name in ("conversations", "partners") for path in SHIPPED)


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
