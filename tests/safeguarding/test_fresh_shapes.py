"""Shapes found by fresh round 14, each tried on sentences of our own (not the round's), so the fix is the
shape and not the sentence."""

import pytest

from survey_app.safeguarding.detector import assess


@pytest.mark.parametrize(
    "text",
    [
        "my boyfriend is trying to smash the front door in right now",
        "someone took a load of stuff at the party and his lips have gone blue, he is barely breathing",
        "i took some of my mums tablets with half a bottle of vodka and dont know how many",
        "ive got the gas on and the windows shut. sorry everyone",
        "sitting on the erskine bridge and i dont want to go home",
    ],
)
def test_a_life_at_risk_now_is_urgent(text):
    assert assess(text).tier == "urgent"


def test_a_worker_about_one_young_person_at_risk_tonight_is_urgent():
    text = "Young man on my caseload, 16, told me his uncle is sexually abusing him. He goes back tonight."
    assert assess(text).tier == "urgent"


def test_a_worker_about_one_young_person_with_a_plan_keeps_it_urgent():
    assert assess("One of my YP has a plan to jump from the Forth Bridge at the weekend.").tier == "urgent"


@pytest.mark.parametrize(
    "text",
    [
        "i wrote a short story for english about a girl whose dad hits her",
        "on my course we learned loads about self harm and suicide",
        "i'll kill my sister if she borrows my hoodie again",
        "i hear voices all night, it's the couple upstairs through the ceiling",
    ],
)
def test_stories_courses_trivial_threats_and_neighbours_voices_are_set_aside(text):
    assert assess(text).concern is False
