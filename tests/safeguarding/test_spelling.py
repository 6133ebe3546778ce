"""Misspellings and text-speak are read by general means (sound-alike keys, edit distance, numbers read
as syllables), not by listing sentences; real words are never changed."""

from pathlib import Path

import pytest

from survey_app.safeguarding.rules import load_rules
from survey_app.safeguarding.spelling import Speller, edit_distance, english_words, sound_key, words_to_keep

NORMALISE = load_rules().normalise


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("tablits", "tablets"),
        ("redy", "ready"),
        ("kickd", "kicked"),
        ("gettin", "getting"),
        ("nife", "knife"),
        ("pils", "pills"),
        ("famly", "family"),
        ("l8r", "later"),
        ("4ever", "forever"),
    ],
)
def test_a_misspelt_or_text_speak_word_is_read_as_the_word_the_rules_know(typed, read):
    assert NORMALISE(typed) == read


@pytest.mark.parametrize("word", ["bet", "red", "pals", "accidental", "pasta", "netflix", "whod", "chef"])
def test_a_real_word_or_a_word_too_far_from_any_rule_word_is_left_alone(word):
    assert NORMALISE(word) == word


def test_two_words_equally_near_are_not_guessed_between():
    speller = Speller(targets=["pals", "pols"], known=[])
    assert speller.correct("pils") == "pils"


def test_sound_keys_merge_spellings_that_sound_alike():
    assert sound_key("tablits") == sound_key("tablets")
    assert sound_key("kickd") == sound_key("kicked")
    assert sound_key("nife") == sound_key("knife")


def test_edit_distance_counts_single_letter_changes_and_stops_early():
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("a", "abcdefgh", limit=2) == 3


DICTIONARY = Path("/usr/share/dict/british-english")


@pytest.mark.skipif(not DICTIONARY.exists(), reason="needs Debian's wbritish word list to regenerate it")
def test_the_kept_english_words_are_current_for_the_rules_as_they_are():
    packaged = NORMALISE.speller
    fresh = Speller(packaged.targets, packaged.known - english_words())
    with open(DICTIONARY, encoding="utf-8") as lines:
        expected = words_to_keep((line.casefold() for line in lines), fresh)
    assert sorted(english_words()) == expected, "run spelling.write_english_words() and commit the file"
