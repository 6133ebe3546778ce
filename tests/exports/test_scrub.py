"""scrub() removes what identifies a young person from free text and leaves ordinary words alone."""

from __future__ import annotations

import time

import pytest

from survey_app.exports.scrub import scrub

PLANTED = [
    # Ofcom's drama numbers, in the layouts people type them.
    ("call me on 07700 900123 after school", "07700 900123", "[phone]"),
    ("my number is +44 7700 900123", "+44 7700 900123", "[phone]"),
    ("text 07700900123", "07700900123", "[phone]"),
    ("its 07700.900.123", "07700.900.123", "[phone]"),
    ("ring 0770-090-0123", "0770-090-0123", "[phone]"),
    ("+44 (0)7700 900456 is my mobile", "+44 (0)7700 900456", "[phone]"),
    ("the unit is on 0141 496 0000", "0141 496 0000", "[phone]"),
    ("office (020) 7946 0000 ask for me", "(020) 7946 0000", "[phone]"),
    ("my cousin in the US: +1 202-555-0143", "+1 202-555-0143", "[phone]"),
    ("0 7 7 0 0 9 0 0 1 2 3 haha", "0 7 7 0 0 9 0 0 1 2 3", "[phone]"),
    ("07.70.09.00.12.3", "09.00", "[phone]"),
    ("０７７００ ９００１２３", "９００１２３", "[phone]"),
    ("email sarah.b-1@example.co.uk please", "sarah.b-1@example.co.uk", "[email]"),
    ("sarah dot b at gmail dot com", "gmail", "[email]"),
    ("I'm at G12 8QQ", "G12 8QQ", "[postcode]"),
    ("postcode g128qq", "g128qq", "[postcode]"),
    ("sw1a 1aa is near", "sw1a 1aa", "[postcode]"),
    ("my postcode is G41 but I won't say more", "G41", "[postcode]"),
    ("I live at 12 Acacia Avenue with my carer", "Acacia", "[address]"),
    ("flat 3/2, 45 Main St, Glasgow", "Main St", "[address]"),
    ("she moved to 7b high street", "high street", "[address]"),
    ("we live on Acacia Avenue now", "Acacia", "[address]"),
    ("see https://example.com/my-page?id=4.", "example.com", "[link]"),
    ("www.example.org/me", "example.org", "[link]"),
    ("my page is mysite.co.uk/about", "mysite", "[link]"),
    ("follow @kayleigh_x07", "kayleigh_x07", "[handle]"),
    ("snap: dave.m", "dave.m", "[handle]"),
    ("my insta is kayleigh_b", "kayleigh_b", "[handle]"),
    ("add me on snapchat coolkid99", "coolkid99", "[handle]"),
    ("ig: kayls", "kayls", "[handle]"),
    ("my worker Sarah is great", "Sarah", "[name]"),
    ("Jo from the team helped", "Jo", "[name]"),
    ("my social worker called Mrs Patel", "Patel", "[name]"),
    ("Sarah my PA sorted it", "Sarah", "[name]"),
    ("her name is Kayleigh", "Kayleigh", "[name]"),
    ("her name is kayleigh", "kayleigh", "[name]"),
    ("my worker sarah never rings", "sarah", "[name]"),
    ("mum's boyfriend Dave shouts", "Dave", "[name]"),
    ("my foster carer, Linda Jones, is kind", "Jones", "[name]"),
    ("Ask Dr Okafor", "Okafor", "[name]"),
]

ORDINARY = [
    "my worker was great",
    "I met Mum in May",
    "In May I moved to a new placement",
    "my worker helped me loads and my PA is amazing",
    "I was 15 in 2019",
    "from 2019-2021 I was in care",
    "it took 3 days on the road to get there",
    "I have 2 really close friends",
    "Love my carer",
    "Thanks my PA",
    "my mum and dad",
    "snap is the best app",
    "I called Childline on 0800 1111 and Samaritans on 116 123",
    "I woke at 4 5am every day",
    "I was in S4 2nd year",
    "I miss home",
    "my worker doesn't listen",
    "Someone from the team came round",
    "I was called names at school",
    "e.g. this, i.e. that, etc.",
    "the meeting was at 10.30 on 12.03.2024",
    "my review is on 2024-03-12 10:30 and then 13/03/2024 11.45",
    "I got £1,200 when I left care",
    "Can't wait 😀😀 👨\u200d👩\u200d👧",
    "",
]


@pytest.mark.parametrize(("text", "planted", "label"), PLANTED)
def test_each_planted_identifier_is_replaced_by_a_label_saying_what_it_was(text, planted, label):
    scrubbed = scrub(text)
    assert planted not in scrubbed
    assert label in scrubbed


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_sentences_come_out_unchanged(text):
    assert scrub(text) == text


def test_none_and_empty_text_give_an_empty_string():
    assert scrub(None) == ""
    assert scrub("") == ""


def test_a_name_found_once_is_removed_everywhere_in_the_same_answer():
    scrubbed = scrub("my worker Sarah is kind. sarah said I could stay. Sarah's car is red")
    assert "arah" not in scrubbed
    assert scrubbed.count("[name]") == 3
    assert "[name]'s car" in scrubbed


def test_a_name_that_is_also_a_word_is_removed_only_where_written_as_a_name():
    assert scrub("my worker Will said I will be fine") == "my worker [name] said I will be fine"


def test_the_role_word_is_kept_so_the_answer_still_reads():
    assert scrub("my keyworker Tom helped") == "my keyworker [name] helped"
    assert scrub("my social worker called Mrs Patel") == "my social worker called [name]"


def test_invisible_and_right_to_left_characters_cannot_hide_a_number():
    hidden_numbers = (
        "0770\u200b0 900123",
        "\u202e07700 900123\u202c",
        "07700\u2060900\u200d123",
        "\ufeff07700900123",
    )
    for hidden in hidden_numbers:
        scrubbed = scrub(f"call {hidden}")
        assert scrubbed == "call [phone]", hidden


def test_full_width_characters_cannot_hide_an_email():
    assert scrub("ｓａｒａｈ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "[email]"


def test_emoji_and_flags_survive_scrubbing():
    text = "love it 😀 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f 👩\u200d👧"
    assert scrub(text) == text


def test_scrubbing_twice_changes_nothing_more():
    for text, _, _ in PLANTED:
        once = scrub(text)
        assert scrub(once) == once


def test_several_identifiers_in_one_answer_are_all_removed():
    text = (
        "my worker Sarah (07700 900123, sarah@example.com) lives at 12 Acacia Avenue, G12 8QQ, "
        "snap: sar_b www.example.com"
    )
    scrubbed = scrub(text)
    for label in ("[name]", "[phone]", "[email]", "[address]", "[postcode]", "[handle]", "[link]"):
        assert label in scrubbed
    for planted in ("Sarah", "07700", "example", "Acacia", "8QQ", "sar_b"):
        assert planted not in scrubbed


HOSTILE = {
    "digits": "1" * 100_000,
    "spaced digits": "1 " * 50_000,
    "phone numbers": "07700 900123 " * 7_700,
    "dots": "a." * 50_000,
    "at signs": "a@" * 50_000,
    "plus zeros": "+0" * 50_000,
    "role words": "my worker Sarah " * 6_250,
    "capitals": "Sarah " * 16_000,
    "house numbers": "12 Acacia " * 10_000,
    "spelled email parts": "a dot b at " * 9_000,
    "emoji and joiners": "😀\u200d" * 50_000,
    "right-to-left overrides": "\u202e" * 100_000,
    "dashes": "-" * 100_000,
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_100_kb_answer_is_scrubbed_quickly(name):
    started = time.perf_counter()
    scrub(HOSTILE[name])
    # Measured at well under half a second each; the margin is for slow CI machines, not for backtracking.
    assert time.perf_counter() - started < 5
