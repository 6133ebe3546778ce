"""Answers from web forms and from text messages, including hostile and oversized input."""

from __future__ import annotations

import pytest

from survey_app.engine import PREFER_NOT_TO_SAY, InvalidAnswer, Question, parse_text, parse_values


@pytest.fixture
def questions(sample):
    return {q.id: q for q in sample.questions}


def test_a_web_single_choice_keeps_the_value_chosen(questions):
    assert parse_values(questions["where"], ["own"]).value == "own"


def test_a_web_single_choice_outside_the_choices_is_refused(questions):
    with pytest.raises(InvalidAnswer, match="Choose one answer"):
        parse_values(questions["where"], ["mansion"])


def test_prefer_not_to_say_is_always_allowed_without_being_a_choice(questions):
    for question in questions.values():
        assert parse_values(question, [PREFER_NOT_TO_SAY]).status == PREFER_NOT_TO_SAY


def test_a_web_multiple_choice_is_kept_in_the_questionnaires_order_without_repeats(questions):
    assert parse_values(questions["worries"], ["food", "money", "food"]).value == ["money", "food"]


def test_an_exclusive_none_cannot_be_ticked_with_another_answer(questions):
    with pytest.raises(InvalidAnswer) as caught:
        parse_values(questions["worries"], ["none", "money"])
    assert caught.value.params == {"label": "None of these"}
    assert parse_values(questions["worries"], ["none"]).value == ["none"]


def test_an_empty_web_answer_asks_for_an_answer_or_a_skip(questions):
    with pytest.raises(InvalidAnswer, match="or skip this question"):
        parse_values(questions["mood"], [])


@pytest.mark.parametrize(("given", "expected"), [("1", 1), ("5", 5), (" 3 ", 3)])
def test_a_scale_accepts_whole_numbers_in_its_range(questions, given, expected):
    assert parse_values(questions["mood"], [given]).value == expected


@pytest.mark.parametrize(
    ("given", "message"), [("0", "from 1 to 5"), ("6", "from 1 to 5"), ("2.5", "whole number")]
)
def test_a_scale_refuses_numbers_outside_its_range_or_with_fractions(questions, given, message):
    with pytest.raises(InvalidAnswer, match=message):
        parse_values(questions["mood"], [given])


def test_a_number_outside_its_range_says_what_the_range_is(questions):
    assert parse_values(questions["age"], ["17"]).value == 17
    with pytest.raises(InvalidAnswer) as caught:
        parse_values(questions["age"], ["15"])
    assert str(caught.value) == "Enter a number from 16 to 26."


def test_a_number_that_is_not_a_number_is_refused(questions):
    with pytest.raises(InvalidAnswer, match="Enter a number"):
        parse_values(questions["age"], ["seventeen"])


@pytest.mark.parametrize(
    ("low", "high", "example"),
    [(16, 26, "16"), (16, None, "16"), (None, 2, "2"), (0, 10, "3"), (None, None, "3")],
)
def test_the_example_in_a_number_error_is_a_number_the_question_accepts(low, high, example):
    # "Enter a number, like 3." for an age from 16 to 26 offered an answer that is itself refused.
    question = Question("q", "number", "How old are you?", minimum=low, maximum=high)
    with pytest.raises(InvalidAnswer) as on_the_web:
        parse_values(question, ["seventeen"])
    assert str(on_the_web.value) == f"Enter a number, like {example}."
    assert parse_values(question, [example]).value == int(example)
    by_text = pytest.raises(InvalidAnswer, match=f"like {example}|from {low} to {high}")
    with by_text:
        parse_text(question, "seventeen")


def test_the_example_for_a_whole_number_is_whole():
    question = Question("q", "scale", "How much?", minimum=4.5, maximum=9)
    with pytest.raises(InvalidAnswer) as caught:
        parse_values(question, ["lots"])
    assert str(caught.value) == "Enter a number, like 5."
    with pytest.raises(InvalidAnswer) as caught:
        parse_values(question, ["5.5"])
    assert str(caught.value) == "Enter a whole number, like 5."


# An Arabic, Persian or full-width keyboard types its own digits: the same number, in the same range.
@pytest.mark.parametrize("typed", ["\u0661\u0669", "\u06f1\u06f9", "\uff11\uff19"])
def test_a_number_in_another_scripts_digits_is_the_same_number_on_the_web_and_by_text(questions, typed):
    assert parse_values(questions["age"], [typed]).value == 19
    assert parse_text(questions["age"], typed).value == 19
    assert parse_values(questions["mood"], ["\u0663"]).value == 3
    assert parse_text(questions["where"], "\u0662").value == "own"


@pytest.mark.parametrize("typed", ["\u00b2", "\u2460", "1\u00b2"])
def test_superscripts_and_circled_digits_are_not_read_as_numbers(questions, typed):
    with pytest.raises(InvalidAnswer, match="Enter a number"):
        parse_values(questions["age"], [typed])


@pytest.mark.parametrize("reply", ["1 2", "1,2", "2 and 1", "1, 2.", "2/1"])
def test_a_text_reply_picks_several_choices_by_number(questions, reply):
    assert parse_text(questions["worries"], reply).value == ["money", "food"]


def test_a_text_reply_with_an_exclusive_choice_and_another_is_refused(questions):
    with pytest.raises(InvalidAnswer, match="Choose one or the other"):
        parse_text(questions["worries"], "1 3")


def test_a_text_reply_picks_one_choice_by_number(questions):
    assert parse_text(questions["where"], "2").value == "own"
    with pytest.raises(InvalidAnswer, match="just one number"):
        parse_text(questions["where"], "1 2")
    with pytest.raises(InvalidAnswer, match="from 1 to 2"):
        parse_text(questions["where"], "9")


@pytest.mark.parametrize(
    ("reply", "expected"),
    [("YES", "yes"), ("y", "yes"), ("Aye", "yes"), ("nah", "no"), ("2", "no"), ("No!", "no")],
)
def test_a_text_reply_to_a_yes_no_question_understands_everyday_words(questions, reply, expected):
    assert parse_text(questions["own_ok"], reply).value == expected


def test_a_text_reply_saying_prefer_not_to_say_is_understood(questions):
    assert parse_text(questions["mood"], "Prefer not to say").status == PREFER_NOT_TO_SAY


def test_a_text_reply_that_is_not_a_number_is_refused_for_a_choice(questions):
    with pytest.raises(InvalidAnswer, match="number of your answer"):
        parse_text(questions["where"], "my own place")


def test_invisible_characters_and_direction_overrides_are_removed_from_free_text(questions):
    answer = parse_text(questions["more"], "he\u200bllo \u202eworld\u202c\ufeff")
    assert answer.value == "hello world"


def test_control_characters_are_removed_but_line_breaks_kept(questions):
    assert parse_text(questions["more"], "one\x00\r\ntwo").value == "one\ntwo"


def test_emoji_and_other_alphabets_are_kept_as_written(questions):
    assert parse_text(
        questions["more"], "ok \U0001f642 dzi\u0119kuj\u0119 \u0634\u0643\u0631\u0627"
    ).value == ("ok \U0001f642 dzi\u0119kuj\u0119 \u0634\u0643\u0631\u0627")


def test_markup_is_kept_as_plain_text_for_the_page_to_escape(questions):
    text = "<script>alert('x')</script> & <b>bold</b>"
    assert parse_values(questions["more"], [text]).value == text


def test_huge_free_text_is_refused_with_its_length_and_the_limit(questions):
    with pytest.raises(InvalidAnswer) as caught:
        parse_values(questions["more"], ["a" * 5000])
    assert str(caught.value) == "Your answer is 5000 characters. Keep it to 2000 or fewer."


def test_free_text_of_only_invisible_characters_counts_as_empty(questions):
    with pytest.raises(InvalidAnswer, match="Type your answer"):
        parse_text(questions["more"], "\u200b \u202e ")
