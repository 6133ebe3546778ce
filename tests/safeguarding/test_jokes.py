"""A joke said plainly is set aside; a joke that hides a worry is not.

The issue: jokes are set aside only when the text says so plainly, and in doubt a person reads it. So "lol"
or "jk" alone set nothing aside, a joke taken back ("only half joking", "unless") sets nothing aside, and the
young person's own wish to die or hurt themselves, joked about, stays on the list at review.
"""

import pytest

from survey_app.safeguarding.detector import assess

SET_ASIDE = [
    "my nan always said shed murder me if i tracked mud in, she was joking obviously, miss her loads",
    "the manager joked hed lock us in the office until the rota was done, we all laughed",
    "my brother says hell kill me if i touch his xbox, hes only kidding, we get on fine",
    "told my mate id stab him if he ate my chips again, it was a joke, we were both crying laughing",
]

KEPT_FOR_A_PERSON = [
    # The young person's own risk, joked about: a person still reads it.
    ("i want to kill myself lol. only joking", "review"),
    # Not plain: "lol" and "jk" are how a real worry is often softened.
    ("my stepdad hits me when hes drunk lol", None),
    ("i want to die jk", None),
    # Taken back.
    ("he said hed kill me if i told anyone, he was joking. or not, i dont know anymore", None),
    ("my boyfriend joked hed lock me in the flat if i went out again, only half joking tho", None),
    # The joke is about something else.
    ("my stepdad hits me. my mate was joking about it at school", None),
    # Happening now outranks a joke.
    ("he says hes only joking but hes outside my door right now with a knife", "urgent"),
]


@pytest.mark.parametrize("text", SET_ASIDE)
def test_a_joke_said_plainly_is_set_aside(text):
    found = assess(text)
    assert not found.concern, found.reasons


@pytest.mark.parametrize(("text", "tier"), KEPT_FOR_A_PERSON)
def test_a_joke_that_may_hide_a_worry_is_still_raised(text, tier):
    found = assess(text)
    assert found.concern, found.reasons
    if tier:
        assert found.tier == tier, found.reasons


def test_the_reason_says_a_joke_lowered_it():
    found = assess("i want to kill myself lol. only joking")
    assert any("joke" in note for reason in found.reasons for note in reason.context)
