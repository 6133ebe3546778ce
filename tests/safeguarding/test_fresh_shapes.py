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


# Round 15 (a second author) met by meaning families, tried on sentences of our own, not the round's.
@pytest.mark.parametrize(
    "text",
    [
        "the telly keeps sending me signals about what i have to do",
        "if they move me to that placement again ill hurt someone",
        "Вона забрала мій паспорт і погрожує мені",
        "Ona zabrala mi paszport i grozi mi",
    ],
)
def test_round_15_shapes_are_raised_rules_alone(text):
    assert assess(text, use_learned=False).concern is True


@pytest.mark.parametrize(
    "text",
    [
        "im standing on the ledge of the multi storey and i cant do this",
        "my wee brother is not breathing properly after taking pills",
        "my mate took his dads car keys and the engine running in the garage with the door shut",
        "my little sister went missing from school and nobody can find her",
    ],
)
def test_a_concern_with_a_sign_of_now_is_urgent_across_categories(text):
    assert assess(text).tier == "urgent"


@pytest.mark.parametrize(
    "text",
    [
        "id rather jump off a bridge than sit another maths exam",
        "i burn myself every time i cook pasta, so clumsy",
        "my sister threatened to strangle me if i used her straighteners",
        "writing my dissertation on self-harm in young carers",
        "the tv keeps saying its going to snow",
    ],
)
def test_hyperbole_kitchen_burns_trivial_threats_and_study_are_set_aside(text):
    assert assess(text).concern is False
