"""Small factories for questionnaire files. Engine tests need no app and no database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from survey_app.engine import load_folder, load_questionnaire
from tests.fixtures import QUESTIONNAIRES

HERE = Path(__file__).parent
SAMPLE = HERE / "sample.yaml"


def questionnaire_data(questions: list[dict] | None = None, **top: object) -> dict:
    """A valid questionnaire as plain data, with ``questions`` in one section."""
    data = {
        "id": "test",
        "version": "1",
        "title": "Test survey",
        "audience": "young_people",
        "summary": "A short test.",
        "information_sheet": "You can stop at any time.",
        "consent": [{"id": "ok", "text": "Is that OK?"}],
        "sections": [{"id": "one", "title": "One", "questions": questions or [SIMPLE]}],
        "destroy_after": dt.date(2030, 1, 1),
    }
    return {**data, **top}


SIMPLE = {"id": "first", "type": "yes_no", "text": "Do you like tea?"}


@pytest.fixture
def write_questionnaire(tmp_path):
    """Write a questionnaire file from data (dumped as YAML) and return its path."""

    def write(questions: list[dict] | None = None, name: str = "test.yaml", **top: object) -> Path:
        path = tmp_path / name
        path.write_text(
            yaml.safe_dump(questionnaire_data(questions, **top), sort_keys=False), encoding="utf-8"
        )
        return path

    return write


@pytest.fixture
def write_text(tmp_path):
    """Write a file exactly as given, so tests can point at its lines."""

    def write(text: str, name: str = "broken.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def build(write_questionnaire):
    """Load a questionnaire straight from data."""

    def load(questions: list[dict] | None = None, **top: object):
        return load_questionnaire(write_questionnaire(questions, **top))

    return load


@pytest.fixture(scope="session")
def real_questionnaires() -> dict:
    """The tests' copies of the shipped questionnaires (tests/fixtures), by id."""
    return load_folder(QUESTIONNAIRES)


@pytest.fixture(scope="session")
def sample():
    return load_questionnaire(SAMPLE)


@pytest.fixture(scope="session")
def questionnaires_dir() -> Path:
    """The folder of the tests' copies of the shipped questionnaires."""
    return QUESTIONNAIRES
