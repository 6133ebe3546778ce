"""``flask conversations check`` and ``report-sms``, run against a bare Flask app."""

from __future__ import annotations

import json
from pathlib import Path

import flask
import pytest

from survey_app.conversations_cli import conversations_cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def runner_for():
    def make(folder=None):
        app = flask.Flask("conversations-test")
        if folder is not None:
            app.config["CONVERSATIONS_DIR"] = str(folder)
        app.cli.add_command(conversations_cli)
        return app.test_cli_runner()

    return make


def test_check_prints_each_problem_with_its_line_and_fails_on_errors(
    runner_for, write_questionnaire, tmp_path
):
    write_questionnaire([{"id": "a", "type": "yes_no", "text": "Is your placement OK?"}])
    (tmp_path / "broken.yaml").write_text("id: broken\ncolour: red\n", encoding="utf-8")
    result = runner_for(tmp_path).invoke(args=["conversations", "check"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("broken.yaml:2: error: unknown field 'colour'")
    assert lines[1].startswith("test.yaml:14: error: question 'a': 'placement'")
    assert lines[-1] == f"Checked 2 files in {tmp_path}: 2 errors, 0 warnings."


def test_check_passes_with_only_warnings(runner_for, write_questionnaire, tmp_path):
    write_questionnaire([{"id": "a", "type": "yes_no", "text": "Is your placement OK?"}], audience="staff")
    result = runner_for(tmp_path).invoke(args=["conversations", "check"])
    assert result.exit_code == 0
    assert "test.yaml:14: warning:" in result.output
    assert result.output.splitlines()[-1].endswith("0 errors, 1 warning.")


def test_the_folder_option_overrides_the_configured_folder(runner_for, questionnaires_dir, tmp_path):
    # The catalogues are the project's own: the fixture folder has none beside it.
    catalogues = ["--translations", str(ROOT / "translations")]
    result = runner_for(tmp_path).invoke(
        args=["conversations", "check", "--folder", str(questionnaires_dir), *catalogues]
    )
    assert result.exit_code == 0
    assert (
        f"Checked {len(list(questionnaires_dir.glob('*.yaml')))} files in {questionnaires_dir}"
        in result.output
    )


def test_check_without_a_folder_says_how_to_give_one(runner_for):
    result = runner_for().invoke(args=["conversations", "check"])
    assert result.exit_code == 2
    assert "CONVERSATIONS_DIR" in result.output


def test_a_configured_folder_that_does_not_exist_is_named(runner_for, tmp_path):
    result = runner_for(tmp_path / "nowhere").invoke(args=["conversations", "check"])
    assert result.exit_code == 2
    assert "not a folder" in result.output


def test_report_sms_shows_every_prompt_with_its_size(runner_for, questionnaires_dir, real_questionnaires):
    result = runner_for(questionnaires_dir).invoke(args=["conversations", "report-sms"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["questionnaire", "prompt", "chars", "segments", "encoding"]
    rows = [
        line.split()
        for line in lines[1:]
        if len(line.split()) == 5 and line.split()[0] in real_questionnaires
    ]
    prompts = sum(len(q.consent) + len(q.questions) + bool(q.sms_intro) for q in real_questionnaires.values())
    assert len(rows) == prompts
    assert all(row[3] == "1" and row[4] == "GSM-7" for row in rows)
    assert "leaving-care: 25 prompts, longest" in result.output


def test_report_sms_skips_a_broken_file_and_says_so(runner_for, write_questionnaire, tmp_path):
    write_questionnaire()
    (tmp_path / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    result = runner_for(tmp_path).invoke(args=["conversations", "report-sms"])
    assert result.exit_code == 0
    assert "skipped broken.yaml" in result.stderr
    assert "test: 2 prompts" in result.stdout


def test_a_misspelt_field_fails_the_check_with_its_file_line_and_the_name_meant(
    runner_for, write_text, tmp_path
):
    write_text(
        "id: typo\nversion: '1'\ntitle: Typo\naudience: young_people\nsummary: A test.\n"
        "information_sheet: You can stop.\nconsent:\n  - id: ok\n    text: Is that OK?\n"
        "sections:\n  - id: one\n    title: One\n    questions:\n"
        "      - id: tea\n        type: yes_no\n        txet: Do you like tea?\n",
        name="typo.yaml",
    )
    result = runner_for(tmp_path).invoke(args=["conversations", "check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "typo.yaml:16: error: unknown field 'txet': did you mean 'text'? (at sections[0].questions[0].txet)"
    )


def test_schema_prints_the_json_schema_or_writes_it_to_a_file(runner_for, tmp_path):
    printed = runner_for().invoke(args=["conversations", "schema"])
    assert printed.exit_code == 0
    assert json.loads(printed.output)["title"] == "Questionnaire"
    out = tmp_path / "questionnaire.schema.json"
    written = runner_for().invoke(args=["conversations", "schema", "--out", str(out)])
    assert written.exit_code == 0 and str(out) in written.output
    assert out.read_text(encoding="utf-8") == printed.output
