"""The Babel extractor finds every questionnaire string exactly as the loader makes it."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest
from babel.messages.extract import extract

from survey_app.engine import Questionnaire, load_questionnaire
from survey_app.engine.extract import extract_questionnaire, questionnaire_strings

# Fields that hold codes or settings, not words people read.
NOT_TEXT = {"id", "version", "audience", "source", "section", "value", "type", "identifies", "sms_keyword",
            "languages", "question", "equals", "includes", "one_of", "kind", "reading",
            "picture"}  # fmt: skip


def loaded_strings(value: object, field: str = "") -> set[str]:
    """Every string a loaded questionnaire holds in a field people read, found by walking its dataclasses."""
    if isinstance(value, str):
        return set() if field in NOT_TEXT else {value}
    if dataclasses.is_dataclass(value):
        found = set()
        for item in dataclasses.fields(value):
            if isinstance(value, Questionnaire) and item.name == "text":
                continue  # the file's own source, kept so runs can be pinned to a version
            found |= loaded_strings(getattr(value, item.name), item.name)
        return found
    if isinstance(value, tuple | list):
        return set().union(*(loaded_strings(item, field) for item in value)) if value else set()
    return set()


def extracted(path) -> list[tuple[int, str, list[str]]]:
    with open(path, "rb") as file:
        return [
            (line, message, comments)
            for line, _, message, comments in extract_questionnaire(file, [], [], {})
        ]


@pytest.mark.parametrize("name", ["leaving-care.yaml", "leaving-care-staff.yaml"])
def test_every_string_the_loader_produces_is_extracted(questionnaires_dir, name):
    questionnaire = load_questionnaire(questionnaires_dir / name)
    found = {message for _, message, _ in extracted(questionnaires_dir / name)}
    wanted = loaded_strings(questionnaire)
    assert wanted - found == set()
    assert found - wanted == set()
    assert set(questionnaire_strings(questionnaire)) == wanted


@pytest.mark.parametrize("name", ["leaving-care.yaml", "leaving-care-staff.yaml"])
def test_each_string_is_reported_on_the_line_it_is_written_on(questionnaires_dir, name):
    source = (questionnaires_dir / name).read_text(encoding="utf-8").splitlines()
    for line, message, _ in extracted(questionnaires_dir / name):
        written = source[line - 1]
        first_word = message.split()[0]
        assert first_word in written or written.rstrip().endswith((">", "|")), (line, message)


FOLDED = """\
id: t
version: '1'
title: T
audience: staff
summary: >
  Two
    lines.
information_sheet: |
  First
  paragraph.

  Second.
consent:
  - {id: ok, text: OK}
sections:
  - id: s
    title: S
    questions:
      - {id: a, type: yes_no, text: 'Tea   now?'}
"""

LISTED = """\
id: t
version: '1'
title: T
audience: staff
summary: S
information_sheet:
  - One.
  - Two.
consent: [{id: ok, text: OK}]
sections: [{id: s, title: S, questions: [{id: a, type: yes_no, text: Q}]}]
"""


def test_long_text_is_collapsed_and_paragraphs_split_like_the_loader(write_text):
    path = write_text(FOLDED, name="t.yaml")
    assert [(line, message) for line, message, _ in extracted(path)] == [
        (3, "T"), (5, "Two lines."), (9, "First paragraph."), (12, "Second."), (14, "OK"), (17, "S"),
        (19, "Tea now?"),
    ]  # fmt: skip
    assert load_questionnaire(path).information_sheet == ("First paragraph.", "Second.")


def test_an_information_sheet_written_as_a_list_keeps_each_items_line(write_text):
    path = write_text(LISTED, name="t.yaml")
    assert [(line, message) for line, message, _ in extracted(path)][2:4] == [(7, "One."), (8, "Two.")]


def test_babel_collects_the_strings_with_notes_for_translators(questionnaires_dir):
    with open(questionnaires_dir / "leaving-care.yaml", "rb") as file:
        found = {message: comments for _, message, comments, _ in extract(extract_questionnaire, file)}
    assert found["I am still in care"] == ["question care_now, choice in_care: label"]
    assert found["Still in care"][0].startswith("question care_now, choice in_care: sms. Text message")
    note = found[
        "How old are you? We ask to see if support is different at different ages. You can skip this."
    ]
    assert "must fit one SMS" in note[0]


def test_a_file_that_is_not_yaml_fails_extraction_with_its_name(write_text):
    path = write_text("id: [broken\n", name="bad.yaml")
    with open(path, "rb") as file, pytest.raises(ValueError, match="bad.yaml: line"):
        list(extract_questionnaire(file, [], [], {}))


def test_the_extractor_is_registered_for_questionnaire_files():
    settings = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert settings["tool"]["babel"]["extractors"]["questionnaire"] == (
        "survey_app.engine.extract:extract_questionnaire"
    )
