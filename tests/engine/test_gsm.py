"""GSM-7 characters and text-message segments."""

from __future__ import annotations

import pytest

from survey_app.engine.gsm import is_gsm7, non_gsm_characters, segments, sms_length, to_gsm_friendly


@pytest.mark.parametrize(
    "text", ["Hello, how are you? 1-5 (yes/no) @ £5 & 100%", "é à ñ Ä ß Ø", "{[€]} ^ ~ | \\"]
)
def test_plain_english_and_the_extension_characters_are_gsm7(text):
    assert is_gsm7(text)


@pytest.mark.parametrize(
    "text", ["It\u2019s", "\u201cquoted\u201d", "a \u2013 b", "\U0001f642", "\u0142", "\u00e7"]
)
def test_curly_quotes_dashes_emoji_and_most_accents_are_not_gsm7(text):
    assert not is_gsm7(text)


def test_the_characters_that_break_gsm7_are_listed_once_each_in_order():
    assert non_gsm_characters("\u201cHi\u201d \u2013 \u201cok\u201d \U0001f642") == [
        "\u201c", "\u201d", "\u2013", "\U0001f642"
    ]  # fmt: skip
    assert non_gsm_characters("plain") == []


@pytest.mark.parametrize(("length", "count"), [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3)])
def test_gsm7_fits_160_characters_then_153_a_segment(length, count):
    assert segments("a" * length) == (count, "GSM-7")


def test_extension_characters_count_twice():
    assert sms_length("€" * 80) == 160
    assert segments("€" * 80) == (1, "GSM-7")
    assert segments("€" * 81) == (2, "GSM-7")


def test_an_extension_character_is_never_split_across_two_segments():
    # 152 + 2 + 152 = 306 would fit two parts if the euro sign could be cut in half.
    assert segments("a" * 152 + "€" + "a" * 152) == (3, "GSM-7")


@pytest.mark.parametrize(("length", "count"), [(70, 1), (71, 2), (134, 2), (135, 3)])
def test_one_non_gsm_character_makes_the_whole_message_ucs2(length, count):
    assert segments("\u2019" + "a" * (length - 1)) == (count, "UCS-2")


def test_an_emoji_takes_two_ucs2_units():
    assert sms_length("\U0001f642") == 2
    assert segments("\U0001f642" * 35) == (1, "UCS-2")
    assert segments("\U0001f642" * 36) == (2, "UCS-2")


def test_an_empty_text_takes_no_segments():
    assert segments("") == (0, "GSM-7")


def test_typographic_punctuation_becomes_plain_gsm7():
    text = "\u2018It\u2019s\u2019 \u201cfine\u201d \u2013 really\u2014honestly\u2026\u00a0ok\u202fthen"
    friendly = to_gsm_friendly(text)
    assert friendly == "'It's' \"fine\" - really-honestly... ok then"
    assert is_gsm7(friendly)


def test_emoji_and_other_alphabets_are_left_for_ucs2_rather_than_dropped():
    assert to_gsm_friendly("Dzi\u0119kuj\u0119 \U0001f642") == "Dzi\u0119kuj\u0119 \U0001f642"
