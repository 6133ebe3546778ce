"""The questionnaires we ship, checked as shipped: the only tests that read the conversations folder.

Every other test reads its own copies in tests/fixtures, so a researcher's change of wording breaks nothing
but a check here that the new wording itself fails (an error from ``conversations check``, a text message
that no longer fits). The last tests keep it that way.
"""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path

import flask
import jsonschema
import pytest
import yaml

from survey_app.conversations_cli import conversations_cli, schema_text
from survey_app.engine import load_folder
from survey_app.engine.gsm import is_gsm7, segments
from survey_app.engine.lint import ERROR, lint_folder
from survey_app.engine.sms_prompts import all_prompts
from tests.engine.test_schema import as_an_editor_reads_it
from tests.fixtures import QUESTIONNAIRES

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "conversations"
SCHEMA_FILE = SHIPPED / "questionnaire.schema.json"
FILES = sorted(SHIPPED.rglob("*.yaml"))
TESTS = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def shipped() -> dict:
    return load_folder(SHIPPED)


@pytest.fixture(scope="module")
def problems() -> list:
    return lint_folder(SHIPPED)[1]


def test_the_shipped_questionnaires_load(shipped):
    assert set(shipped) == {"leaving-care", "leaving-care-staff", "disabled-children", "parents-carers"}
    young = shipped["leaving-care"]
    assert young.sms_keyword == "CARE"
    assert 12 <= len(young.questions) <= 20
    assert young.questions[-1].id == "feeling_unsafe"
    assert 10 <= len(shipped["leaving-care-staff"].questions) <= 15


def test_conversations_check_passes_on_the_shipped_questionnaires():
    app = flask.Flask("shipped-check")
    app.config["CONVERSATIONS_DIR"] = str(SHIPPED)
    app.cli.add_command(conversations_cli)
    result = app.test_cli_runner().invoke(args=["conversations", "check"])
    assert result.exit_code == 0, result.output
    *found, summary = result.output.strip().splitlines()
    files = len(list(SHIPPED.glob("*.yaml")))
    assert summary.startswith(f"Checked {files} files in {SHIPPED}: 0 errors"), summary
    # The only warnings allowed: languages whose translators have not finished, so they are not offered yet.
    assert all("not offered yet" in line for line in found), found


def test_the_shipped_questionnaires_have_no_errors(problems):
    assert [str(p) for p in problems if p.level == ERROR] == []


def test_the_young_peoples_questionnaire_has_no_warnings_either(problems):
    found = [p for p in problems if p.file == "leaving-care.yaml"]
    # Untranslated languages it does not list yet are the translators' to-do, not a problem in the file.
    assert [str(p) for p in found if "not offered yet" not in p.message] == []


def test_the_disabled_childrens_questionnaire_is_easy_read_and_asks_who_is_helping_first(shipped):
    children = shipped["disabled-children"]
    assert children.easy_read
    first = children.questions[0]
    assert first.id == "helper"
    assert [c.value for c in first.choices] == ["nobody", "parent_carer", "worker", "someone_else"]


def test_no_multiple_choice_question_says_choose_all_beside_the_pages_own_hint(problems):
    # The page says "Choose all that apply." under every multiple-choice question: twice reads as a mistake.
    assert [str(p) for p in problems if "Choose all that apply." in p.message] == []


def test_every_young_peoples_prompt_fits_one_gsm7_segment(shipped):
    for questionnaire in shipped.values():
        if questionnaire.audience != "young_people":
            continue
        for name, text in all_prompts(questionnaire):
            assert segments(text) == (1, "GSM-7"), f"{questionnaire.id} {name}: {text!r}"


def test_every_staff_prompt_is_gsm7(shipped):
    assert all(is_gsm7(text) for _, text in all_prompts(shipped["leaving-care-staff"]))


# --- the JSON Schema editors use -------------------------------------------------------------------------


def test_the_committed_schema_file_is_the_one_the_program_makes():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "run: flask --app survey_app conversations schema --out conversations/questionnaire.schema.json"
    )


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_the_json_schema_accepts_every_shipped_questionnaire(path):
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    data = as_an_editor_reads_it(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert [error.message for error in jsonschema.Draft7Validator(schema).iter_errors(data)] == []


def test_the_editor_settings_point_every_shipped_questionnaire_at_the_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    patterns = settings["yaml.schemas"]["./conversations/questionnaire.schema.json"]
    covered = {path for pattern in patterns for path in ROOT.glob(pattern)}
    assert len(FILES) >= 5 and set(FILES) <= covered


# --- no other test reads the shipped files ---------------------------------------------------------------


def mentions_of_the_shipped_folder(source: str) -> list[int]:
    """Lines that name the conversations folder as a path: ``x / "conversations"``, ``Path("conversations")``
    or text with ``conversations/`` in it. The command group (``["conversations", "check"]``) is no path."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            as_path = node.value == "conversations" and _used_as_a_path(parents.get(node))
            if as_path or re.search(r"(^|/)conversations/", node.value):
                found.append(node.lineno)
    return found


def _used_as_a_path(parent: ast.AST | None) -> bool:
    if isinstance(parent, ast.BinOp):
        return isinstance(parent.op, ast.Div)
    if isinstance(parent, ast.Call):
        return getattr(parent.func, "id", getattr(parent.func, "attr", "")) in ("Path", "joinpath")
    return False


def test_no_other_test_module_reads_the_shipped_questionnaires():
    readers = {
        str(path.relative_to(TESTS)): lines
        for path in sorted(TESTS.rglob("*.py"))
        if path != Path(__file__).resolve()
        and (lines := mentions_of_the_shipped_folder(path.read_text("utf-8")))
    }
    assert readers == {}, "read tests/fixtures/questionnaires (tests.fixtures.QUESTIONNAIRES) instead"


def test_the_check_for_readers_notices_each_way_of_naming_the_folder():
    source = (
        'a = ROOT / "conversations"\nb = Path("conversations")\nc = open("conversations/leaving-care.yaml")\n'
        'd = runner.invoke(args=["conversations", "check"])\n'
    )
    assert mentions_of_the_shipped_folder(source) == [1, 2, 3]


def test_test_apps_and_test_servers_read_the_fixture_copies(app):
    assert Path(app.config["CONVERSATIONS_DIR"]) == QUESTIONNAIRES
    assert Path(os.environ["CONVERSATIONS_DIR"]) == QUESTIONNAIRES  # what a gunicorn subprocess inherits
    assert {path.name for path in QUESTIONNAIRES.rglob("*.yaml")} == {path.name for path in FILES}
