"""The path through a questionnaire: branching, going back, and which answers count."""

from __future__ import annotations

from survey_app.engine import (
    PREFER_NOT_TO_SAY,
    SKIPPED,
    Response,
    first_question,
    next_question,
    previous_question,
    relevant_responses,
    visible_questions,
)


def said(value: object) -> Response:
    return Response("answered", value)


def test_the_first_question_is_the_first_one_with_no_condition(sample):
    assert first_question(sample).id == "where"


def test_a_branch_opens_only_for_the_answer_it_names(sample):
    assert next_question(sample, "where", {"where": said("own")}).id == "own_ok"
    assert next_question(sample, "where", {"where": said("care")}).id == "worries"


def test_a_skipped_or_prefer_not_to_say_answer_never_opens_a_branch(sample):
    for status in (SKIPPED, PREFER_NOT_TO_SAY):
        assert next_question(sample, "where", {"where": Response(status)}).id == "worries"


def test_the_last_question_has_no_next(sample):
    assert next_question(sample, "more", {}) is None


def test_back_goes_to_the_previous_question_on_this_persons_path(sample):
    assert previous_question(sample, "worries", {"where": said("own")}).id == "own_ok"
    assert previous_question(sample, "worries", {"where": said("care")}).id == "where"
    assert previous_question(sample, "where", {}) is None


def test_back_from_the_end_goes_to_the_last_question_shown(sample):
    assert previous_question(sample, None, {}).id == "more"


def test_answers_left_on_an_abandoned_branch_do_not_count(sample):
    responses = {"where": said("care"), "own_ok": said("yes"), "mood": said(4)}
    assert list(relevant_responses(sample, responses)) == ["where", "mood"]


def test_an_abandoned_answer_does_not_open_a_question_that_depends_on_it(build):
    questionnaire = build(
        [
            {"id": "a", "type": "yes_no", "text": "One?"},
            {"id": "b", "type": "yes_no", "text": "Two?", "show_if": {"question": "a", "equals": "yes"}},
            {"id": "c", "type": "long_text", "text": "Three?", "show_if": {"question": "b", "equals": "yes"}},
            {"id": "d", "type": "long_text", "text": "Four?"},
        ]
    )
    # Someone said yes, yes, went back and changed the first answer to no.
    responses = {"a": said("no"), "b": said("yes")}
    assert [q.id for q in visible_questions(questionnaire, responses)] == ["a", "d"]
    assert next_question(questionnaire, "a", responses).id == "d"
    assert previous_question(questionnaire, "d", responses).id == "a"
    assert list(relevant_responses(questionnaire, responses)) == ["a"]


def test_answered_false_shows_a_question_when_the_earlier_one_was_not_answered(build):
    questionnaire = build(
        [
            {"id": "a", "type": "yes_no", "text": "One?"},
            {"id": "b", "type": "yes_no", "text": "Two?", "show_if": {"question": "a", "answered": False}},
        ]
    )
    assert next_question(questionnaire, "a", {"a": Response(SKIPPED)}).id == "b"
    assert next_question(questionnaire, "a", {"a": said("yes")}) is None


def test_all_and_any_combine_conditions(build):
    questionnaire = build(
        [
            {"id": "age", "type": "number", "text": "Age?", "min": 16, "max": 26},
            {
                "id": "tea",
                "type": "multiple_choice",
                "text": "Drinks?",
                "choices": [{"value": "tea", "label": "Tea"}, {"value": "milk", "label": "Milk"}],
            },
            {
                "id": "both",
                "type": "yes_no",
                "text": "Both?",
                "show_if": {
                    "all": [
                        {"question": "age", "at_least": 18, "at_most": 21},
                        {"question": "tea", "includes": "milk"},
                    ]
                },
            },
            {
                "id": "either",
                "type": "yes_no",
                "text": "Either?",
                "show_if": {
                    "any": [{"question": "age", "at_most": 17}, {"question": "tea", "includes": "tea"}]
                },
            },
        ]
    )

    def shown(age, drinks):
        return [q.id for q in visible_questions(questionnaire, {"age": said(age), "tea": said(drinks)})][2:]

    assert shown(19, ["milk"]) == ["both"]
    assert shown(22, ["milk"]) == []
    assert shown(16, ["milk"]) == ["either"]
    assert shown(20, ["tea", "milk"]) == ["both", "either"]
