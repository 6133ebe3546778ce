"""Replies that do not fit the question: a clear reason and the options, then an offer to skip."""

from __future__ import annotations

import pytest


def _to_question(phone, *answers):
    for body in ("CARE", "yes", "yes", "yes", "yes", *answers):
        phone.send(body)


def test_a_number_out_of_range_says_the_range_in_text_message_words(phone, stored):
    _to_question(phone)

    [reply] = phone.send("40")

    assert reply.startswith("Reply with a number from 16 to 26.")
    assert stored.answers() == {}


@pytest.mark.parametrize("body", ["\u00b2", "\u2460", "\u00b3\u00b2"])
def test_superscript_and_circled_digits_get_the_ordinary_reply_never_a_500(phone, stored, body):
    _to_question(phone, "19", "3", "1")  # at "feels_like_home", a scale from 1 to 5

    [reply] = phone.send(body)

    assert reply.startswith("Reply with a number from 1 to 5.")
    assert stored.answers() == {
        "age": ("answered", 19),
        "care_now": ("answered", "moved_on"),
        "where_live": ("answered", "own_place"),
    }


@pytest.mark.parametrize("body", ["\u00b2", "\u2460"])
def test_unusual_digits_for_a_choice_question_ask_for_the_number_of_an_answer(phone, stored, body):
    _to_question(phone, "19")  # at "care_now", a single choice

    [reply] = phone.send(body)

    assert reply.startswith("Reply with the number of your answer.")
    assert stored.answers() == {"age": ("answered", 19)}


def test_two_numbers_for_a_single_choice_asks_for_one_and_lists_the_options(phone, stored):
    _to_question(phone, "19")

    [reply] = phone.send("1 and 2")

    assert reply.splitlines() == [
        "Reply with just one number.",
        "1 Still in care",
        "2 Continuing care",
        "3 Moved on",
        "Reply 1, 2 or 3",
    ]
    assert stored.answers() == {"age": ("answered", 19)}


def test_a_choice_number_that_does_not_exist_is_refused(phone, stored):
    _to_question(phone, "19")

    [reply] = phone.send("9")

    assert reply.startswith("Reply with a number from 1 to 3.")


def test_an_empty_message_gets_a_clear_reply(phone, stored):
    _to_question(phone, "19")

    [reply] = phone.send("   ")

    assert reply.startswith("That message was empty.")


def test_after_two_re_prompts_skip_is_offered_and_nothing_invalid_is_stored(phone, stored):
    _to_question(phone, "19")

    first, second, third = (phone.send(body)[0] for body in ("maybe", "dunno", "what"))

    assert "1 Still in care" in first and "1 Still in care" in second
    assert "SKIP" in third and "1 Still in care" not in third
    assert stored.answers() == {"age": ("answered", 19)}
    phone.send("2")
    assert stored.answers()["care_now"] == ("answered", "continuing")


def test_the_count_of_tries_starts_again_on_the_next_question(phone, stored):
    _to_question(phone, "19")
    for body in ("maybe", "dunno", "what"):
        phone.send(body)
    phone.send("1")

    [reply] = phone.send("lots")

    assert "SKIP" not in reply and "Reply 1-5" in reply


def test_yes_or_no_question_explains_once(phone, stored):
    _to_question(phone, "19", "1", "3", "3", "3", "2", "1", "1")

    [reply] = phone.send("perhaps")

    assert reply == "Reply YES or NO."


@pytest.mark.parametrize("body", ["\u0663", "\u06f3", "\uff13"])
def test_a_phone_that_types_arabic_persian_or_full_width_digits_answers_with_that_number(phone, stored, body):
    # The survey is offered in Arabic: an Arabic keyboard types "٣" for 3, an answer, not an error.
    _to_question(phone, "\u0661\u0669", body)  # age 19, then the third choice of "care_now"

    assert stored.answers() == {"age": ("answered", 19), "care_now": ("answered", "moved_on")}
