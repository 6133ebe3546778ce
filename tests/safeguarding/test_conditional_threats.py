"""Conditional statements of intent are concerns; wondering about someone else is not.

Found by a fresh blind round written after the rules were frozen: "says no" was read as a denial, and
"if ... I'm going to ..." as wondering.
"""

import pytest

from survey_app.safeguarding.detector import assess


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("if my landlord says no one more time im gonna batter him, got a bat by the door", "harm_to_others"),
        ("if he says no again i will hurt him", "harm_to_others"),
        ("if i get kicked out im going to end it", "suicide"),
    ],
)
def test_a_conditional_threat_or_plan_raises_a_concern(text, category):
    assessment = assess(text, use_learned=False)
    assert assessment.concern and assessment.category == category


@pytest.mark.parametrize(
    "text",
    [
        "what if my pal said she wanted to kill herself, who do i tell",
        "my worker said no to the grant and I'm gutted",
        "if the council says no one more time I'm going to complain to the MSP",
    ],
)
def test_wondering_or_an_ordinary_refusal_raises_nothing(text):
    assert assess(text).concern is False
