"""``conversations load`` refuses a wording change kept under the same version number."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import select

from survey_app import create_app
from survey_app.store.models import QuestionnaireVersion
from tests.fixtures import QUESTIONNAIRES


@pytest.fixture
def folder(tmp_path) -> Path:
    target = tmp_path / "questionnaires"
    shutil.copytree(QUESTIONNAIRES, target)
    return target


def _load(app_config, folder: Path):
    app = create_app(app_config | {"CONVERSATIONS_DIR": str(folder)})
    result = app.test_cli_runner().invoke(args=["conversations", "load"])
    app.extensions["db_engine"].dispose()
    return result


def _reword(folder: Path, old: str, new: str) -> None:
    path = folder / "leaving-care.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_load_refuses_a_reworded_question_at_the_same_version_and_names_it(app, app_config, folder, db):
    assert _load(app_config, folder).exit_code == 0
    _reword(folder, "How old are you?", "What age are you?")

    result = _load(app_config, folder)

    assert result.exit_code == 1
    assert "leaving-care" in result.output and "age" in result.output
    assert "new version number" in result.output
    kept = db.exec(
        select(QuestionnaireVersion).where(QuestionnaireVersion.questionnaire_id == "leaving-care")
    )
    assert "How old are you?" in kept.one().source


def test_load_accepts_the_same_change_with_a_new_version_number(app, app_config, folder, db):
    assert _load(app_config, folder).exit_code == 0
    _reword(folder, "How old are you?", "What age are you?")
    text = (folder / "leaving-care.yaml").read_text(encoding="utf-8")
    version = next(line for line in text.splitlines() if line.startswith("version:"))
    number = int(version.split('"')[1])
    _reword(folder, version, f'version: "{number + 1}"')

    result = _load(app_config, folder)

    assert result.exit_code == 0, result.output
    kept = db.exec(
        select(QuestionnaireVersion).where(QuestionnaireVersion.questionnaire_id == "leaving-care")
    )
    assert len(kept.all()) == 2


def test_load_accepts_a_change_to_the_notes_alone(app, app_config, folder):
    assert _load(app_config, folder).exit_code == 0
    _reword(folder, "* Spacing at the start", "* Spaces at the start")

    assert _load(app_config, folder).exit_code == 0
