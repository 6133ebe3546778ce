"""Loading questionnaire files: broken files say which file, which line and what is wrong."""

from __future__ import annotations

import re

import pytest

from survey_app.engine import QuestionnaireError, load_folder, load_questionnaire

GOOD_TOP = """\
id: broken
version: "1"
title: Broken
audience: young_people
summary: A test.
information_sheet: You can stop.
consent:
  - id: ok
    text: Is that OK?
sections:
  - id: one
    title: One
    questions:
"""  # the questions start on line 14


def load_error(write_text, questions: str) -> QuestionnaireError:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write_text(GOOD_TOP + questions))
    return caught.value


def test_a_valid_file_loads_with_every_field_in_place(sample):
    assert sample.id == "sample"
    assert sample.information_sheet == ("First paragraph.", "Second paragraph.")
    assert [q.id for q in sample.questions] == ["where", "own_ok", "worries", "mood", "age", "more"]
    assert sample.question("worries").choices[-1].exclusive


def test_text_that_is_not_yaml_reports_the_file_and_line(write_text):
    error = load_error(write_text, "      - id: a\n        type: [yes_no\n")
    assert error.source == "broken.yaml"
    assert re.fullmatch(r"line 1[5-7]", error.where)
    assert "not valid YAML" in error.problem


def test_an_unknown_field_names_the_field_its_line_and_its_path(write_text):
    error = load_error(
        write_text, "      - id: a\n        type: yes_no\n        text: Tea?\n        colour: red\n"
    )
    assert error.where == "line 17 (sections[0].questions[0].colour)"
    assert "unknown field 'colour'" in error.problem
    assert str(error).startswith("broken.yaml: line 17")


def test_an_unknown_question_type_lists_the_types_that_exist(write_text):
    error = load_error(write_text, "      - id: a\n        type: slider\n        text: How much?\n")
    assert error.where.startswith("line 15")
    assert "unknown question type 'slider'" in error.problem
    assert "single_choice" in error.problem


def test_two_questions_with_one_id_are_refused(write_text):
    error = load_error(
        write_text, "      - {id: a, type: yes_no, text: One}\n      - {id: a, type: yes_no, text: Two}\n"
    )
    assert "the question id 'a' is used twice" in error.problem
    assert error.where.startswith("line 15")  # the second of the two


def test_a_field_given_twice_in_one_place_is_refused_with_its_line(write_text):
    error = load_error(
        write_text, "      - id: a\n        type: yes_no\n        text: One?\n        text: Two?\n"
    )
    assert error.where == "line 17"
    assert "'text' is given twice" in error.problem


def test_a_condition_on_a_later_question_is_refused(write_text):
    questions = (
        "      - id: a\n        type: yes_no\n        text: One?\n"
        "        show_if: {question: b, equals: 'yes'}\n"
        "      - id: b\n        type: yes_no\n        text: Two?\n"
    )
    error = load_error(write_text, questions)
    assert error.where == "line 14 (question 'a')"
    assert "comes later" in error.problem


def test_a_condition_on_a_question_that_does_not_exist_is_refused(write_text):
    questions = "      - id: a\n        type: yes_no\n        text: One?\n"
    questions += "        show_if: {question: nope, answered: true}\n"
    error = load_error(write_text, questions)
    assert "'nope', which is not a question here" in error.problem


def test_a_missing_question_text_is_named(write_text):
    error = load_error(write_text, "      - id: a\n        type: yes_no\n")
    assert "'text' is missing" in error.problem
    assert error.where.startswith("line 14")


def test_a_bare_yes_as_a_label_asks_for_quotes(write_text):
    questions = (
        "      - id: a\n        type: single_choice\n        text: Tea?\n        choices:\n"
        "          - {value: y, label: Yes}\n          - {value: n, label: 'No'}\n"
    )
    error = load_error(write_text, questions)
    assert "in quotes" in error.problem


def test_a_bare_yes_or_no_in_a_condition_means_the_word(build):
    questionnaire = build(
        [
            {"id": "a", "type": "yes_no", "text": "Tea?"},
            {"id": "b", "type": "yes_no", "text": "Milk?", "show_if": {"question": "a", "equals": True}},
            {"id": "c", "type": "yes_no", "text": "Sugar?", "show_if": {"question": "a", "one_of": [False]}},
        ]
    )
    assert questionnaire.question("b").show_if.equals == "yes"
    assert questionnaire.question("c").show_if.one_of == ("no",)


def test_a_scale_without_a_maximum_is_refused(write_text):
    error = load_error(
        write_text, "      - id: a\n        type: scale\n        text: How much?\n        min: 1\n"
    )
    assert "needs 'min' and 'max'" in error.problem


def test_an_exclusive_choice_on_a_single_choice_question_is_refused(write_text):
    questions = (
        "      - id: a\n        type: single_choice\n        text: Tea?\n        choices:\n"
        "          - {value: y, label: Tea}\n          - {value: n, label: None, exclusive: true}\n"
    )
    assert "multiple_choice questions only" in load_error(write_text, questions).problem


def test_two_files_with_one_id_in_a_folder_are_refused(write_questionnaire, tmp_path):
    write_questionnaire(name="a.yaml")
    write_questionnaire(name="b.yaml")
    with pytest.raises(QuestionnaireError, match="also used by a.yaml"):
        load_folder(tmp_path)
